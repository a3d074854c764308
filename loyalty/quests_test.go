package loyalty_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const testChain = 1337

var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// questBundle is one store with a settable clock and a quest tracker.
type questBundle struct {
	t       *testing.T
	db      *store.DB
	now     time.Time
	tracker *loyalty.QuestTracker
}

func setupQuests(t *testing.T, b storetest.Backend, quests ...loyalty.Quest) *questBundle {
	t.Helper()
	qb := &questBundle{t: t, db: b.Open(t), now: t0}
	qb.db.Now = func() time.Time { return qb.now }
	tr, err := loyalty.NewQuestTracker(quests)
	require.NoError(t, err)
	qb.tracker = tr
	return qb
}

func (qb *questBundle) inTx(fn func(tx *store.Tx) error) {
	qb.t.Helper()
	require.NoError(qb.t, qb.db.InTx(context.Background(), fn))
}

// store inserts one event in block number (hash derived from it) at the
// bundle's clock and returns it with its id.
func (qb *questBundle) store(block uint64, idx uint, kind chain.Kind, source string, wallet common.Address) chain.Event {
	qb.t.Helper()
	ev := chain.Event{
		ChainID: testChain, BlockNumber: block, BlockHash: common.BigToHash(new(big.Int).SetUint64(block)),
		TxHash: common.Hash{byte(block), byte(idx)}, LogIndex: idx, Contract: common.Address{0xC0}, Source: source,
		Kind: kind, Name: string(kind), Wallet: wallet, Args: map[string]string{},
	}
	qb.inTx(func(tx *store.Tx) error {
		ins, err := tx.InsertEvents(context.Background(), []chain.Event{ev})
		require.Len(qb.t, ins, 1)
		ev = ins[0]
		return err
	})
	return ev
}

// handle runs the quest hook for ev the way the flow engine does.
func (qb *questBundle) handle(ev chain.Event) int64 {
	qb.t.Helper()
	var contact int64
	qb.inTx(func(tx *store.Tx) error {
		id, _, err := crm.EnsureWallet(context.Background(), tx, ev.Wallet)
		require.NoError(qb.t, err)
		contact = id
		return qb.tracker.HandleEvent(context.Background(), tx, ev.Key(), id)
	})
	return contact
}

// reorg orphans every event above fork and compensates as the engine
// does: points sourced from each event are reversed, then the hook runs.
func (qb *questBundle) reorg(fork uint64) {
	qb.t.Helper()
	ctx := context.Background()
	qb.inTx(func(tx *store.Tx) error {
		removed, err := tx.RemoveEventsAbove(ctx, testChain, fork, 1)
		require.NoError(qb.t, err)
		for _, ev := range removed {
			_, err := loyalty.ReverseSource(ctx, tx, ev.Key(), "reorg: event orphaned")
			require.NoError(qb.t, err)
			require.NoError(qb.t, qb.tracker.HandleRemoved(ctx, tx, ev.Key(), ev.Wallet))
		}
		return nil
	})
}

func (qb *questBundle) balance(contact int64) int64 {
	qb.t.Helper()
	var n int64
	qb.inTx(func(tx *store.Tx) (err error) { n, err = tx.Balance(context.Background(), contact); return err })
	return n
}

func (qb *questBundle) progress(contact int64) map[string]loyalty.QuestStatus {
	qb.t.Helper()
	out := map[string]loyalty.QuestStatus{}
	qb.inTx(func(tx *store.Tx) error {
		_, st, err := loyalty.Progress(context.Background(), tx, qb.tracker.Quests(), contact)
		for _, s := range st {
			out[s.Quest] = s
		}
		return err
	})
	return out
}

func (qb *questBundle) completions(contact int64) []loyalty.Completion {
	qb.t.Helper()
	var out []loyalty.Completion
	qb.inTx(func(tx *store.Tx) (err error) {
		out, err = tx.QuestCompletions(context.Background(), contact)
		return err
	})
	return out
}

func (qb *questBundle) ledgerRows() int {
	qb.t.Helper()
	var n int
	require.NoError(qb.t, qb.db.SQL.QueryRow(`SELECT COUNT(*) FROM points_ledger`).Scan(&n))
	return n
}

func done(st loyalty.QuestStatus) []int64 {
	out := make([]int64, len(st.Conditions))
	for i, c := range st.Conditions {
		out[i] = c.Done
	}
	return out
}

var (
	alice = common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	bob   = common.HexToAddress("0x0000000000000000000000000000000000000B0B")
)

func onboarding() loyalty.Quest {
	return loyalty.Quest{
		Name: "onboarding", Description: "mint a pass and stake twice", Bonus: 50, Badge: "7",
		Conditions: []loyalty.QuestCondition{{Event: "mint", Contract: "pass"}, {Event: "stake", Count: 2}},
	}
}

func TestQuestCompletesExactlyOnce(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, onboarding())
			evs := []chain.Event{
				qb.store(5, 0, chain.KindMint, "pass", alice),
				qb.store(6, 0, chain.KindMint, "other", alice), // wrong contract: does not count
				qb.store(7, 0, chain.KindStake, "vault", alice),
			}
			var c int64
			for _, ev := range evs {
				c = qb.handle(ev)
			}
			st := qb.progress(c)["onboarding"]
			require.False(t, st.Completed)
			require.Equal(t, []int64{1, 1}, done(st))
			require.Zero(t, qb.balance(c))

			last := qb.store(8, 0, chain.KindStake, "vault", alice)
			qb.handle(last)
			st = qb.progress(c)["onboarding"]
			require.True(t, st.Completed)
			require.Equal(t, []int64{1, 2}, done(st))
			require.Equal(t, last.Key(), st.Source)
			require.Equal(t, int64(50), qb.balance(c))
			rows := qb.ledgerRows()

			// Replaying every event twice changes nothing.
			for range 2 {
				for _, ev := range append(evs, last) {
					qb.handle(ev)
				}
			}
			more := qb.store(9, 0, chain.KindStake, "vault", alice)
			qb.handle(more)
			require.Equal(t, int64(50), qb.balance(c))
			require.Equal(t, rows, qb.ledgerRows())
			comps := qb.completions(c)
			require.Len(t, comps, 1)
			require.Equal(t, "7", comps[0].Badge)
			require.Equal(t, loyalty.AwardKeyBase("onboarding", c), comps[0].AwardKey)
			require.Equal(t, []int64{1, 3}, done(qb.progress(c)["onboarding"]))
		})
	}
}

func TestQuestWindowBoundaries(t *testing.T) {
	t.Parallel()
	starts, expires := t0, t0.Add(24*time.Hour)
	q := loyalty.Quest{
		Name: "launch-week", Bonus: 10, Conditions: []loyalty.QuestCondition{{Event: "vote"}},
		Starts: starts.Format(time.RFC3339), Expires: expires.Format(time.RFC3339),
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, q)
			cases := []struct {
				at       time.Time
				complete bool
			}{
				{starts.Add(-time.Millisecond), false},
				{starts, true},
				{expires.Add(-time.Millisecond), true},
				{expires, false},
			}
			for i, tc := range cases {
				wallet := common.BigToAddress(big.NewInt(int64(100 + i)))
				qb.now = tc.at
				c := qb.handle(qb.store(uint64(10+i), 0, chain.KindVote, "dao", wallet))
				st := qb.progress(c)["launch-week"]
				require.Equal(t, tc.complete, st.Completed, "vote at %s", tc.at)
				want := int64(0)
				if tc.complete {
					want = 10
					require.Equal(t, int64(1), st.Conditions[0].Done)
				} else {
					require.Zero(t, st.Conditions[0].Done, "a vote outside the window does not count")
				}
				require.Equal(t, want, qb.balance(c))
			}

			// Progress made inside the window does not complete after it.
			q2 := setupQuests(t, b, loyalty.Quest{
				Name: "two-votes", Bonus: 5, Conditions: []loyalty.QuestCondition{{Event: "vote", Count: 2}},
				Expires: expires.Format(time.RFC3339),
			})
			q2.now = expires.Add(-time.Hour)
			c := q2.handle(q2.store(20, 0, chain.KindVote, "dao", alice))
			q2.now = expires
			q2.handle(q2.store(21, 0, chain.KindVote, "dao", alice))
			st := q2.progress(c)["two-votes"]
			require.False(t, st.Completed)
			require.Equal(t, []int64{1}, done(st))
		})
	}
}

func TestQuestLinkedCondition(t *testing.T) {
	t.Parallel()
	q := loyalty.Quest{
		Name: "social", Bonus: 20,
		Conditions: []loyalty.QuestCondition{{Event: "vote"}, {Linked: "discord"}},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, q)
			c := qb.handle(qb.store(5, 0, chain.KindVote, "dao", alice))
			st := qb.progress(c)["social"]
			require.False(t, st.Completed)
			require.Equal(t, []int64{1, 0}, done(st))
			require.Equal(t, "linked discord", st.Conditions[1].Label)

			qb.inTx(func(tx *store.Tx) error {
				_, err := crm.Link(context.Background(), tx, c, crm.Identity{Kind: crm.IdentityDiscord, Value: "4242"})
				return err
			})
			require.False(t, qb.progress(c)["social"].Completed, "linking alone is not an event")

			next := qb.store(6, 0, chain.KindStake, "vault", alice)
			qb.handle(next)
			st = qb.progress(c)["social"]
			require.True(t, st.Completed)
			require.Equal(t, []int64{1, 1}, done(st))
			require.Equal(t, next.Key(), st.Source, "the event that found every condition met completes the quest")
			require.Equal(t, int64(20), qb.balance(c))
		})
	}
}

func TestQuestReorgOfCompletingEvent(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, onboarding())
			qb.handle(qb.store(5, 0, chain.KindMint, "pass", alice))
			qb.handle(qb.store(6, 0, chain.KindStake, "vault", alice))
			c := qb.handle(qb.store(7, 0, chain.KindStake, "vault", alice))
			require.Equal(t, int64(50), qb.balance(c))

			qb.reorg(6)
			st := qb.progress(c)["onboarding"]
			require.False(t, st.Completed)
			require.Equal(t, []int64{1, 1}, done(st), "progress counts only live events")
			require.Empty(t, qb.completions(c))
			require.Zero(t, qb.balance(c), "the bonus is reversed")
			var reversals int
			require.NoError(t, qb.db.SQL.QueryRow(`SELECT COUNT(*) FROM points_ledger WHERE reverses IS NOT NULL`).Scan(&reversals))
			require.Equal(t, 1, reversals, "the engine's compensation reversed the bonus; the hook added no second reversal")

			// The stake lands again in another block: the quest completes
			// again with a bonus under a new key.
			again := qb.store(7, 1, chain.KindStake, "vault", alice)
			qb.handle(again)
			st = qb.progress(c)["onboarding"]
			require.True(t, st.Completed)
			require.Equal(t, again.Key(), st.Source)
			require.Equal(t, int64(50), qb.balance(c))
			comps := qb.completions(c)
			require.Len(t, comps, 1)
			require.Equal(t, loyalty.AwardKeyBase("onboarding", c)+":2", comps[0].AwardKey)
		})
	}
}

func TestQuestReorgOfOtherEvent(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, onboarding())
			// The stakes (blocks 8, 9) are indexed and handled before the mint
			// (block 5, from another source), so the mint completes the quest
			// and is the bonus's source.
			qb.handle(qb.store(8, 0, chain.KindStake, "vault", alice))
			qb.handle(qb.store(9, 0, chain.KindStake, "vault", alice))
			mint := qb.store(5, 0, chain.KindMint, "pass", alice)
			c := qb.handle(mint)
			require.Equal(t, mint.Key(), qb.progress(c)["onboarding"].Source)
			qb.inTx(func(tx *store.Tx) error {
				_, err := loyalty.Award(context.Background(), tx, loyalty.Entry{ContactID: c, Amount: 3, Reason: "rule", Source: mint.Key(), Key: "rule:mint:" + mint.Key()})
				return err
			})
			require.Equal(t, int64(53), qb.balance(c))

			qb.reorg(8) // orphans the second stake only
			st := qb.progress(c)["onboarding"]
			require.False(t, st.Completed)
			require.Equal(t, []int64{1, 1}, done(st))
			require.Equal(t, int64(3), qb.balance(c), "the hook reverses the bonus; the mint's other points stand")

			qb.reorg(8) // nothing above block 8 is live: nothing changes
			require.Equal(t, int64(3), qb.balance(c))
		})
	}
}

func TestQuestReorgKeepsCompletionHeldByOtherEvents(t *testing.T) {
	t.Parallel()
	q := loyalty.Quest{Name: "first-mint", Bonus: 40, Conditions: []loyalty.QuestCondition{{Event: "mint"}}}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, q)
			m1 := qb.store(5, 0, chain.KindMint, "pass", alice)
			m2 := qb.store(6, 0, chain.KindMint, "pass", alice)
			c := qb.handle(m2) // m2 is handled first and completes the quest
			qb.handle(m1)
			require.Equal(t, m2.Key(), qb.progress(c)["first-mint"].Source)

			qb.reorg(5) // orphans m2, the source; m1 still satisfies the quest
			st := qb.progress(c)["first-mint"]
			require.True(t, st.Completed)
			require.Equal(t, m1.Key(), st.Source)
			require.Equal(t, int64(40), qb.balance(c), "the bonus is earned once, now sourced from the remaining mint")

			qb.reorg(4) // and now the last mint goes too
			require.False(t, qb.progress(c)["first-mint"].Completed)
			require.Zero(t, qb.balance(c))
		})
	}
}

func TestQuestCompletionSurvivesMerge(t *testing.T) {
	t.Parallel()
	q := loyalty.Quest{Name: "first-mint", Bonus: 40, Conditions: []loyalty.QuestCondition{{Event: "mint"}}}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, q)
			a := qb.handle(qb.store(5, 0, chain.KindMint, "pass", alice))
			bc := qb.handle(qb.store(6, 0, chain.KindVote, "dao", bob))
			qb.inTx(func(tx *store.Tx) error {
				_, err := crm.Link(context.Background(), tx, bc, crm.Identity{Kind: crm.IdentityWallet, Value: alice.Hex()})
				return err
			})
			qb.handle(qb.store(7, 0, chain.KindMint, "pass", bob))
			require.Equal(t, int64(40), qb.balance(bc), "a quest completed before a merge is not paid again after it")
			require.True(t, qb.progress(bc)["first-mint"].Completed)
			require.NotEqual(t, a, bc)
		})
	}
}

func TestValidateQuests(t *testing.T) {
	t.Parallel()
	ok := func() loyalty.Quest { return onboarding() }
	cases := []struct {
		name  string
		edit  func(q *loyalty.Quest)
		field string
	}{
		{"no name", func(q *loyalty.Quest) { q.Name = "" }, "quests.0.name"},
		{"bad name", func(q *loyalty.Quest) { q.Name = "a:b" }, "quests.0.name"},
		{"negative bonus", func(q *loyalty.Quest) { q.Bonus = -1 }, "quests.0.bonus"},
		{"no conditions", func(q *loyalty.Quest) { q.Conditions = nil }, "quests.0.conditions"},
		{"bad badge", func(q *loyalty.Quest) { q.Badge = "0x7" }, "quests.0.badge"},
		{"bad starts", func(q *loyalty.Quest) { q.Starts = "2026-05-01" }, "quests.0.starts"},
		{"expires before starts", func(q *loyalty.Quest) {
			q.Starts, q.Expires = "2026-05-02T00:00:00Z", "2026-05-01T00:00:00Z"
		}, "quests.0.expires"},
		{"unknown event", func(q *loyalty.Quest) { q.Conditions[1].Event = "transfer" }, "quests.0.conditions.1.event"},
		{"unknown contract", func(q *loyalty.Quest) { q.Conditions[0].Contract = "nope" }, "quests.0.conditions.0.contract"},
		{"negative count", func(q *loyalty.Quest) { q.Conditions[1].Count = -2 }, "quests.0.conditions.1.count"},
		{"unknown link", func(q *loyalty.Quest) { q.Conditions[1] = loyalty.QuestCondition{Linked: "twitter"} }, "quests.0.conditions.1.linked"},
		{"event and link", func(q *loyalty.Quest) { q.Conditions[1].Linked = "email" }, "quests.0.conditions.1"},
		{"empty condition", func(q *loyalty.Quest) { q.Conditions[1] = loyalty.QuestCondition{} }, "quests.0.conditions.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q := ok()
			tc.edit(&q)
			err := loyalty.ValidateQuests([]loyalty.Quest{q}, []string{"pass"})
			var fe *loyalty.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tc.field, fe.Field)
			if q.Name != "" {
				require.Contains(t, fe.Msg, "quest "+q.Name)
			}
		})
	}

	qs := []loyalty.Quest{ok(), ok()}
	qs[1].Name = "second"
	require.NoError(t, loyalty.ValidateQuests(qs, []string{"pass"}))
	require.Equal(t, int64(1), qs[0].Conditions[0].Count, "count defaults to 1")
	qs[1].Name = "onboarding"
	var fe *loyalty.FieldError
	require.ErrorAs(t, loyalty.ValidateQuests(qs, nil), &fe)
	require.Equal(t, "quests.1.name", fe.Field)
}

// badgeRecorder is a BadgeQueue that remembers what it was asked.
type badgeRecorder struct{ got []loyalty.BadgeAward }

func (r *badgeRecorder) EnqueueBadge(_ context.Context, _ loyalty.QuestStore, b loyalty.BadgeAward) error {
	r.got = append(r.got, b)
	return nil
}

func TestQuestBadgeQueuedPerRecordedCompletion(t *testing.T) {
	t.Parallel()
	withBadge := loyalty.Quest{Name: "first-mint", Badge: "7", Conditions: []loyalty.QuestCondition{{Event: "mint"}}}
	without := loyalty.Quest{Name: "any-mint", Bonus: 5, Conditions: []loyalty.QuestCondition{{Event: "mint"}}}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b, withBadge, without)
			rec := &badgeRecorder{}
			qb.tracker.Badges = rec
			m1 := qb.store(5, 0, chain.KindMint, "pass", alice)
			m2 := qb.store(6, 0, chain.KindMint, "pass", alice)
			c := qb.handle(m2)
			qb.handle(m2) // handled again
			qb.handle(m1)
			require.Equal(t, []loyalty.BadgeAward{{ContactID: c, Badge: "7", Quest: "first-mint", Reason: "quest:first-mint",
				EventID: m2.ID, EventKey: m2.Key()}}, rec.got)

			qb.reorg(5) // the completion is recorded again from m1: a new request for it
			require.Len(t, rec.got, 2)
			require.Equal(t, m1.Key(), rec.got[1].EventKey)
			require.Equal(t, m1.ID, rec.got[1].EventID)
		})
	}
}
