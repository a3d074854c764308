package segment_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

type fixture struct {
	db      *store.DB
	clock   time.Time
	wallets []common.Address
	ids     []int64
	block   uint64
}

func (f *fixture) event(t *testing.T, eng *segment.Engine, kind chain.Kind, source string, wallet common.Address, args map[string]string) {
	t.Helper()
	f.block++
	ev := chain.Event{ChainID: 1337, BlockNumber: f.block, BlockHash: common.BigToHash(new(big.Int).SetUint64(f.block)),
		TxHash: common.Hash{1}, Contract: common.Address{0xC0}, Source: source, Kind: kind, Name: "X", Wallet: wallet, Args: args}
	require.NoError(t, f.db.InTx(context.Background(), func(tx *store.Tx) error {
		ins, err := tx.InsertEvents(context.Background(), []chain.Event{ev})
		if err != nil {
			return err
		}
		cid, _, err := crm.EnsureWallet(context.Background(), tx, wallet)
		if err != nil {
			return err
		}
		return eng.HandleEvent(context.Background(), tx, ins[0], cid)
	}))
}

// setup makes 30 wallet contacts: every third mints a pass, every second
// stakes 100, the first ten get 10·i points and a tier.
func setup(t *testing.T, db *store.DB, eng *segment.Engine) *fixture {
	ctx := context.Background()
	f := &fixture{db: db, clock: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return f.clock }
	eng.Now = db.Now
	for i := range 30 {
		w := common.BigToAddress(big.NewInt(int64(1000 + i)))
		f.wallets = append(f.wallets, w)
		require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
			id, _, err := crm.EnsureWallet(ctx, tx, w)
			f.ids = append(f.ids, id)
			return err
		}))
	}
	for i, w := range f.wallets {
		if i%3 == 0 {
			f.event(t, eng, chain.KindMint, "pass", w, map[string]string{"from": common.Address{}.Hex(), "to": w.Hex(), "tokenId": fmt.Sprint(i)})
		}
		if i%2 == 0 {
			f.event(t, eng, chain.KindStake, "vault", w, map[string]string{"user": w.Hex(), "amount": "100"})
		}
		if i < 10 {
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: f.ids[i], Amount: int64(10 * (i + 1)), Reason: "r", Source: "s", Key: fmt.Sprint("k", i)}); err != nil {
					return err
				}
				return tx.SetTier(ctx, loyalty.TierChange{ContactID: f.ids[i], To: "gold"})
			}))
		}
	}
	return f
}

func TestSegments(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			testSegments(t, b.Open(t))
		})
	}
}

func testSegments(t *testing.T, db *store.DB) {
	ctx := context.Background()
	defs := []segment.Definition{
		{Name: "stakers-with-pass", When: `contact.staked && contact.holdings.pass.tokens >= 1`},
		{Name: "gold-or-rich", When: `contact.tier == "gold" && contact.points > 40 || contact.staked_value >= 100.0 && contact.mints > 0`},
		{Name: "active", When: `contact.last_activity_days < 10 && contact.tier in ["gold", "silver"]`},
		// Not compilable: a string function.
		{Name: "wallet-0x", When: `contact.wallet.startsWith("0x") && contact.points >= 20`},
		{Name: "never", When: `!(contact.events >= 0)`},
	}
	segs, err := segment.CompileAll(defs)
	require.NoError(t, err)
	require.True(t, segs[0].SQL())
	require.True(t, segs[1].SQL())
	require.True(t, segs[2].SQL())
	require.False(t, segs[3].SQL())
	var changes []segment.Change
	eng := &segment.Engine{Segments: segs, OnChange: func(_ context.Context, _ *store.Tx, c segment.Change) error {
		changes = append(changes, c)
		return nil
	}}
	f := setup(t, db, eng)

	// Incremental: events maintained the event-driven memberships already.
	want := map[string][]int64{}
	for i, id := range f.ids {
		if i%6 == 0 {
			want["stakers-with-pass"] = append(want["stakers-with-pass"], id)
		}
		if (i < 10 && 10*(i+1) > 40) || (i%6 == 0) {
			want["gold-or-rich"] = append(want["gold-or-rich"], id)
		}
	}
	members := func(seg string) []int64 {
		var ids []int64
		require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			ids, err = tx.SegmentMembers(ctx, seg, 0, 1000)
			return err
		}))
		return ids
	}
	require.Equal(t, want["stakers-with-pass"], members("stakers-with-pass"))
	entered := 0
	for _, c := range changes {
		if c.Segment == "stakers-with-pass" {
			require.True(t, c.Entered)
			entered++
		}
	}
	require.Equal(t, len(want["stakers-with-pass"]), entered, "one entry per member through OnChange")

	// Points came without events: only a full recompute sees them, and SQL
	// and CEL must agree on every segment.
	for _, s := range segs {
		var res segment.Result
		require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
			p, err := eng.Preview(ctx, tx, s, 3)
			if err != nil {
				return err
			}
			res, err = eng.Recompute(ctx, tx, s)
			require.Equal(t, p.Size, res.Members, "preview of %s", s.Name)
			require.LessOrEqual(t, len(p.Sample), 3)
			return err
		}))
		var cel []int64
		require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
			for _, id := range f.ids {
				facts, err := tx.ContactFacts(ctx, id)
				if err != nil {
					return err
				}
				if s.Matches(facts, f.clock) {
					cel = append(cel, id)
				}
			}
			return nil
		}))
		require.Equal(t, cel, members(s.Name), "segment %s: SQL (%t) and CEL agree", s.Name, s.SQL())
	}
	require.Equal(t, want["gold-or-rich"], members("gold-or-rich"))
	require.Len(t, members("active"), 7, "gold contacts with activity (1, 5 and 7 never acted)")
	require.Len(t, members("wallet-0x"), 9)
	require.Empty(t, members("never"))

	// Time passes: activity ages out of "active" on the next recompute, and
	// the exits are recorded.
	f.clock = f.clock.Add(11 * 24 * time.Hour)
	changes = nil
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		res, err := eng.Recompute(ctx, tx, eng.Segment("active"))
		require.Equal(t, 7, res.Exited)
		require.Zero(t, res.Members)
		return err
	}))
	require.Len(t, changes, 7)
	require.False(t, changes[0].Entered)

	// An unstake moves the contact out at once.
	changes = nil
	f.event(t, eng, chain.KindUnstake, "vault", f.wallets[0], map[string]string{"user": f.wallets[0].Hex(), "amount": "100"})
	require.NotContains(t, members("stakers-with-pass"), f.ids[0])
	require.Contains(t, changes, segment.Change{Segment: "stakers-with-pass", ContactID: f.ids[0], At: f.clock})
	// A transfer of the pass moves holdings from sender to recipient.
	f.event(t, eng, chain.KindTransfer, "pass", f.wallets[1], map[string]string{"from": f.wallets[6].Hex(), "to": f.wallets[1].Hex(), "tokenId": "6"})
	require.NotContains(t, members("stakers-with-pass"), f.ids[6], "the sender is re-evaluated")
	var facts map[string]any
	var all []store.SegmentChange
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if facts, err = tx.ContactFacts(ctx, f.ids[1]); err != nil {
			return err
		}
		all, err = tx.SegmentChanges(ctx, "", 0, 10000)
		return err
	}))
	require.Equal(t, map[string]any{"balance": 1.0, "tokens": int64(1)}, facts["holdings"].(map[string]any)["pass"])
	require.Contains(t, facts["segments"], "active", "a transfer is activity")
	// Every fact the store gives is declared in the schema conditions are
	// checked against.
	for key := range facts {
		_, err := segment.CompileAll([]segment.Definition{{Name: "has", When: "has(contact." + key + ")"}})
		require.NoError(t, err, key)
	}
	require.NotEmpty(t, all)
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, d := range []segment.Definition{
		{Name: "Bad Name", When: "true"},
		{Name: "x", When: ""},
		{Name: "x", When: "contact.points +"},
		{Name: "x", When: "contact.points + 1"},
		{Name: "x", When: "event.kind == 'mint'"},
	} {
		_, err := segment.CompileAll([]segment.Definition{d})
		require.ErrorIs(t, err, segment.ErrInvalid, d.When)
	}
	_, err := segment.CompileAll([]segment.Definition{{Name: "a", When: "true"}, {Name: "a", When: "false"}})
	require.ErrorIs(t, err, segment.ErrInvalid)

	// Conditions are checked against the fact schema: a misspelt fact is
	// named, a mistyped comparison refused, before anything runs.
	for when, msg := range map[string]string{
		`contact.pionts > 100`:                           "pionts",
		`contact.points > 10 && contact.tierr == "gold"`: "tierr",
		`contact.holdings.pass.tokenz >= 1`:              "tokenz",
		`contact.scores.engagment > 50.0`:                "engagment",
		`contact.tier > 3`:                               "no matching overload",
		`contact.staked_amount`:                          "must evaluate to bool",
	} {
		_, err := segment.CompileAll([]segment.Definition{{Name: "typo", When: when}})
		require.ErrorIs(t, err, segment.ErrInvalid, when)
		require.ErrorContains(t, err, msg, when)
	}
	// Both the CEL and the SQL forms still compile from checked conditions.
	segs, err := segment.CompileAll([]segment.Definition{
		{Name: "sql", When: `contact.points > 500 && contact.holdings.pass.tokens >= 1 && contact.last_activity_days < 30`},
		{Name: "cel", When: `contact.traits.vip == true && has(contact.staked_since) && contact.identities["discord"] != ""`},
	})
	require.NoError(t, err)
	require.True(t, segs[0].SQL())
	require.False(t, segs[1].SQL())
}
