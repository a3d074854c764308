package storetest

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// clock is a settable store clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setClock(db *store.DB, at time.Time) *clock {
	c := &clock{t: at}
	db.Now = c.now
	return c
}

func exerciseLedgerExpiry(t *testing.T, db *store.DB) {
	ctx := context.Background()
	t0 := time.UnixMilli(1_800_000_000_000)
	clk := setClock(db, t0)
	expiry := t0.Add(time.Hour)
	var c int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		c, _, err = crm.EnsureWallet(ctx, tx, common.Address{0xE1})
		require.NoError(t, err)
		for _, e := range []loyalty.Entry{
			{ContactID: c, Amount: 100, Reason: "a", Source: "ev-a", Key: "a", ExpiresAt: expiry, Season: "s1"},
			{ContactID: c, Amount: 40, Reason: "b", Source: "ev-b", Key: "b", ExpiresAt: expiry, Season: "s1"},
			{ContactID: c, Amount: 7, Reason: "c", Source: "ev-c", Key: "c", Actor: "ops@example.org"},
		} {
			ok, err := loyalty.Award(ctx, tx, e)
			require.NoError(t, err)
			require.True(t, ok)
		}
		// A reversal before the expiry cancels its entry at once.
		n, err := loyalty.ReverseSource(ctx, tx, "ev-b", "reorg")
		require.NoError(t, err)
		require.Equal(t, int64(40), n)

		for _, tc := range []struct {
			at   time.Time
			want int64
		}{
			{expiry.Add(-time.Millisecond), 107},
			{expiry, 7}, // expired at the instant
			{expiry.Add(time.Millisecond), 7},
		} {
			got, err := tx.BalanceAt(ctx, c, "", tc.at)
			require.NoError(t, err)
			require.Equal(t, tc.want, got, "balance at %v", tc.at)
		}
		got, err := tx.BalanceAt(ctx, c, "s1", expiry.Add(-time.Millisecond))
		require.NoError(t, err)
		require.Equal(t, int64(100), got)
		return nil
	})

	// After the expiry, reversing the expired entry changes no balance: the
	// reversal carries the same expiry, so the pair sums to zero on both sides.
	clk.t = expiry.Add(time.Minute)
	inTx(t, db, func(tx *store.Tx) error {
		top, err := tx.Top(ctx, "", 10)
		require.NoError(t, err)
		require.Equal(t, []loyalty.Standing{{Rank: 1, ContactID: c, Points: 107}}, top, "expiry not settled yet")
		touched, err := tx.Settle(ctx, clk.t, 0)
		require.NoError(t, err)
		require.Equal(t, []int64{c}, touched)
		touched, err = tx.Settle(ctx, clk.t, 0)
		require.NoError(t, err)
		require.Empty(t, touched, "settling twice settles nothing more")

		n, err := loyalty.ReverseSource(ctx, tx, "ev-a", "reorg")
		require.NoError(t, err)
		require.Equal(t, int64(100), n)
		bal, err := tx.Balance(ctx, c)
		require.NoError(t, err)
		require.Equal(t, int64(7), bal)
		before, err := tx.BalanceAt(ctx, c, "", expiry.Add(-time.Millisecond))
		require.NoError(t, err)
		require.Equal(t, int64(7), before, "reversed entries cancel before the expiry too")
		for _, season := range []string{"", "s1"} {
			want := map[string]int64{"": 7, "s1": 0}[season]
			s, err := tx.Rank(ctx, c, season)
			require.NoError(t, err)
			require.Equal(t, loyalty.Standing{Rank: 1, ContactID: c, Points: want}, s, "season %q", season)
		}
		requireCountsMatch(t, tx)
		// Rebuilding from the entries gives the incrementally kept rows.
		require.NoError(t, tx.RebuildBalances(ctx, c))
		requireCountsMatch(t, tx)
		s, err := tx.Rank(ctx, c, "")
		require.NoError(t, err)
		require.Equal(t, int64(7), s.Points)

		hist, next, err := tx.History(ctx, c, 0, 3)
		require.NoError(t, err)
		require.Len(t, hist, 3)
		require.Equal(t, "reverse:a", hist[0].Key)
		require.Equal(t, expiry.UnixMilli(), hist[0].ExpiresAt.UnixMilli(), "a reversal keeps the expiry")
		require.Equal(t, "s1", hist[0].Season)
		require.Equal(t, "ops@example.org", hist[2].Actor)
		require.NotZero(t, next)
		rest, next, err := tx.History(ctx, c, next, 3)
		require.NoError(t, err)
		require.Zero(t, next)
		require.Len(t, rest, 2)
		require.Equal(t, "b", rest[0].Key)
		require.Equal(t, "a", rest[1].Key)
		return nil
	})
}

func exerciseLeaderboard(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inTx(t, db, func(tx *store.Tx) error {
		var ids []int64
		points := []int64{50, 80, 50, 10, 80, 50}
		for i, p := range points {
			c, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x1B, byte(i)})
			require.NoError(t, err)
			ids = append(ids, c)
			_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: c, Amount: p, Reason: "r", Source: "s", Key: "k" + string(rune('a'+i)), Season: "s1"})
			require.NoError(t, err)
		}
		// Ties broken by contact id: 80(1), 80(4), 50(0), 50(2), 50(5), 10(3).
		order := []int{1, 4, 0, 2, 5, 3}
		for _, season := range []string{"", "s1"} {
			top, err := tx.Top(ctx, season, 10)
			require.NoError(t, err)
			require.Len(t, top, len(order))
			for r, i := range order {
				require.Equal(t, loyalty.Standing{Rank: int64(r + 1), ContactID: ids[i], Points: points[i]}, top[r])
				s, err := tx.Rank(ctx, ids[i], season)
				require.NoError(t, err)
				require.Equal(t, top[r], s)
			}
			top2, err := tx.Top(ctx, season, 2)
			require.NoError(t, err)
			require.Equal(t, top[:2], top2)
			nb, err := tx.Neighbours(ctx, ids[2], season, 2)
			require.NoError(t, err)
			require.Equal(t, top[1:6], nb)
			nb, err = tx.Neighbours(ctx, ids[1], season, 1)
			require.NoError(t, err)
			require.Equal(t, top[0:2], nb, "nothing above the first")
			nb, err = tx.Neighbours(ctx, ids[3], season, 3)
			require.NoError(t, err)
			require.Equal(t, top[2:6], nb, "nothing below the last")
		}
		requireCountsMatch(t, tx)
		// Moving a contact past others keeps ranks and counts right.
		_, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: ids[3], Amount: 45, Reason: "r", Source: "s", Key: "up"})
		require.NoError(t, err)
		requireCountsMatch(t, tx)
		s, err := tx.Rank(ctx, ids[3], "")
		require.NoError(t, err)
		require.Equal(t, loyalty.Standing{Rank: 3, ContactID: ids[3], Points: 55}, s)
		s, err = tx.Rank(ctx, ids[0], "")
		require.NoError(t, err)
		require.Equal(t, int64(4), s.Rank)
		_, err = tx.Rank(ctx, ids[0], "s0")
		require.ErrorIs(t, err, loyalty.ErrNotRanked)
		_, err = tx.Top(ctx, "", 0)
		require.ErrorIs(t, err, loyalty.ErrInvalid)
		return nil
	})
}

func exerciseTiers(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inTx(t, db, func(tx *store.Tx) error {
		c, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x7E})
		require.NoError(t, err)
		tier, err := tx.ContactTier(ctx, c)
		require.NoError(t, err)
		require.Empty(t, tier)
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: c, From: "", To: "silver", Reason: "mint"}))
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: c, From: "silver", To: "", Reason: "reorg"}))
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: c, From: "", To: "gold", Reason: "vote"}))
		tier, err = tx.ContactTier(ctx, c)
		require.NoError(t, err)
		require.Equal(t, "gold", tier)
		facts, err := tx.ContactFacts(ctx, c)
		require.NoError(t, err)
		require.Equal(t, "gold", facts["tier"])
		changes, err := tx.TierChanges(ctx, c)
		require.NoError(t, err)
		require.Len(t, changes, 3)
		require.Equal(t, "reorg", changes[1].Reason)
		require.Equal(t, "silver", changes[1].From)

		// Rule usage counts only entries that were not reversed.
		day := time.Now().UTC().Truncate(24 * time.Hour)
		for i, src := range []string{"e1", "e2"} {
			_, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: c, Amount: int64(10 * (i + 1)), Reason: "r", Source: src, Key: "rule:x:" + src, Rule: "x", Season: "s1"})
			require.NoError(t, err)
		}
		u, err := tx.RuleUsage(ctx, c, "x", day, "s1")
		require.NoError(t, err)
		require.Equal(t, int64(2), u.Count)
		require.Equal(t, int64(30), u.Day)
		require.Equal(t, int64(30), u.Season)
		_, err = loyalty.ReverseSource(ctx, tx, "e2", "reorg")
		require.NoError(t, err)
		u, err = tx.RuleUsage(ctx, c, "x", day, "s1")
		require.NoError(t, err)
		require.Equal(t, loyalty.RuleUsage{Count: 1, Day: 10, Season: 10, Last: u.Last}, u)
		require.False(t, u.Last.IsZero())
		u, err = tx.RuleUsage(ctx, c, "other", day, "s1")
		require.NoError(t, err)
		require.Equal(t, loyalty.RuleUsage{}, u)
		require.NoError(t, tx.LockContact(ctx, c))
		return nil
	})
}

// requireCountsMatch checks point_counts against point_balances.
func requireCountsMatch(t *testing.T, tx *store.Tx) {
	t.Helper()
	ctx := context.Background()
	read := func(q string) map[[2]any]int64 {
		rows, err := tx.QueryContext(ctx, q)
		require.NoError(t, err)
		defer rows.Close()
		out := map[[2]any]int64{}
		for rows.Next() {
			var season string
			var points, n int64
			require.NoError(t, rows.Scan(&season, &points, &n))
			out[[2]any{season, points}] = n
		}
		require.NoError(t, rows.Err())
		return out
	}
	require.Equal(t,
		read(`SELECT season, points, COUNT(*) FROM point_balances GROUP BY season, points`),
		read(`SELECT season, points, n FROM point_counts WHERE n <> 0`))
}

func exerciseTierBadges(t *testing.T, db *store.DB) {
	ctx := context.Background()
	now := time.Now()
	old, recent := now.Add(-time.Hour), now.Add(-time.Minute)
	contacts := map[string]int64{}
	inTx(t, db, func(tx *store.Tx) error {
		for i, name := range []string{"settled", "recent", "dropped", "quest", "own", "minted", "again"} {
			c, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x7B, byte(i)})
			require.NoError(t, err)
			contacts[name] = c
			require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: c, To: "gold", Reason: "r", At: old}))
		}
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: contacts["recent"], From: "gold", To: "gold", Reason: "r", At: recent}))
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: contacts["dropped"], From: "gold", To: "silver", Reason: "r", At: old}))
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: contacts["again"], From: "gold", To: "silver", Reason: "r", At: old}))
		require.NoError(t, tx.SetTier(ctx, loyalty.TierChange{ContactID: contacts["again"], From: "silver", To: "gold", Reason: "r", At: recent}))
		for name, reason := range map[string]string{"quest": "quest:q", "own": store.TierBadgeReason("gold"), "minted": store.TierBadgeReason("gold")} {
			rec, _, err := tx.ReserveBadgeMint(ctx, rewards.BadgeMint{ContactID: contacts[name], BadgeID: big.NewInt(9), ChainID: 1337,
				Contract: common.Address{0xBA}, Wallet: common.Address{0x7B}, Reason: reason})
			require.NoError(t, err)
			if name == "minted" {
				rec.Status = rewards.BadgeMinted
				require.NoError(t, tx.UpdateBadgeMint(ctx, rec, common.Hash{}))
			}
		}
		return nil
	})
	var due, later []store.TierBadgeCandidate
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		if due, err = tx.TierBadgeCandidates(ctx, map[string]string{"gold": "9", "silver": "3"}, now.Add(-10*time.Minute)); err != nil {
			return err
		}
		later, err = tx.TierBadgeCandidates(ctx, map[string]string{"gold": "9"}, now)
		return err
	})
	// gold (badge 9) by contact, then silver (badge 3), reached at old by "dropped" only.
	require.Len(t, due, 3)
	for i, name := range []string{"settled", "own"} {
		require.Equal(t, store.TierBadgeCandidate{ContactID: contacts[name], Tier: "gold", BadgeID: "9",
			Wallet: common.Address{0x7B, byte(map[string]int{"settled": 0, "own": 4}[name])}, Since: time.UnixMilli(old.UnixMilli())}, due[i])
	}
	require.Equal(t, contacts["dropped"], due[2].ContactID)
	require.Equal(t, "silver", due[2].Tier)
	require.Equal(t, common.Address{0x7B, 2}, due[2].Wallet)
	require.Len(t, later, 4, "settled, recent, own and again once the cut-off passes their changes")
}
