package storetest

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

func exerciseDashboard(t *testing.T, db *store.DB) {
	ctx := context.Background()
	d := &store.Dashboard{DB: db}

	st, err := d.IndexerStatus(ctx, 1337, 10*time.Minute)
	require.NoError(t, err)
	require.False(t, st.Indexed)
	require.Len(t, st.PerMinute, 10)

	alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	cs := &store.ChainStore{DB: db}
	require.NoError(t, cs.Commit(ctx, chain.Batch{
		ChainID:    1337,
		Events:     []chain.Event{testEvent(5, 0x05, 0, chain.KindMint, alice), testEvent(6, 0x06, 1, chain.KindStake, alice)},
		Headers:    []chain.Header{{Number: 5, Hash: common.Hash{0x05}, ParentHash: common.Hash{0x04}}, {Number: 6, Hash: common.Hash{0x06}, ParentHash: common.Hash{0x05}}},
		Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 6, Hash: common.Hash{0x06}, Head: 9},
	}))
	require.NoError(t, cs.Rollback(ctx, 1337, chain.Header{Number: 5, Hash: common.Hash{0x05}}, 1))
	inTx(t, db, func(tx *store.Tx) error {
		return tx.SetCheckpoint(ctx, chain.Checkpoint{ChainID: 1337, Number: 5, Hash: common.Hash{0x05}, Head: 9})
	})
	st, err = d.IndexerStatus(ctx, 1337, 10*time.Minute)
	require.NoError(t, err)
	require.True(t, st.Indexed)
	require.Equal(t, uint64(5), st.Checkpoint)
	require.Equal(t, uint64(9), st.Head)
	require.Equal(t, uint64(4), st.Lag())
	require.Equal(t, int64(1), st.Events, "the orphaned event is not live")
	require.Equal(t, int64(2), st.Recent, "both events were stored within the window")
	require.Equal(t, int64(2), st.PerMinute[len(st.PerMinute)-1])
	require.Len(t, st.Reorgs, 1)
	require.Equal(t, store.Reorg{ForkBlock: 5, Depth: 1, RemovedEvents: 1, At: st.Reorgs[0].At}, st.Reorgs[0])

	var ada, bob int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		ada, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "ada@example.org"})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, ada, crm.Identity{Kind: crm.IdentityWallet, Value: alice.Hex()})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, ada, crm.Identity{Kind: crm.IdentityDiscord, Value: "AdaL"})
		require.NoError(t, err)
		bob, _, err = crm.EnsureWallet(ctx, tx, common.Address{0xB0})
		require.NoError(t, err)
		for i, amount := range []int64{30, 12} {
			_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: ada, Amount: amount, Reason: "quest", Source: "s", Key: "dash-ada-" + string(rune('a'+i))})
			require.NoError(t, err)
		}
		_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: bob, Amount: 7, Reason: "mint", Source: "s", Key: "dash-bob"})
		require.NoError(t, err)

		// Three runs of "welcome": one completed through both steps, one
		// failed at the second, one waiting at the first.
		for i, end := range []string{flow.RunCompleted, flow.RunFailed, flow.RunWaiting} {
			r, _, err := tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: ada, TriggerKey: "k" + string(rune('0'+i)), Status: flow.RunRunning, Step: "0"})
			require.NoError(t, err)
			switch end {
			case flow.RunCompleted:
				for _, step := range []string{"0", "1"} {
					_, _, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: step, Kind: "award_points"})
					require.NoError(t, err)
					require.NoError(t, tx.FinishEffect(ctx, r.ID, step, flow.EffectDone, ""))
				}
				require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunCompleted, "", ""))
			case flow.RunFailed:
				_, _, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "0", Kind: "award_points"})
				require.NoError(t, err)
				require.NoError(t, tx.FinishEffect(ctx, r.ID, "0", flow.EffectDone, ""))
				require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunFailed, "1", "smtp down"))
			default:
				require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunWaiting, "0", ""))
			}
		}
		_, _, err = tx.CreateRun(ctx, flow.Run{Flow: "vip", ContactID: bob, TriggerKey: "k", Status: flow.RunRunning, Step: "0"})
		require.NoError(t, err)
		return nil
	})

	sums, err := d.FlowSummaries(ctx)
	require.NoError(t, err)
	require.Len(t, sums, 2)
	require.Equal(t, "vip", sums[0].Flow, "by name")
	require.Equal(t, store.FlowSummary{Flow: "welcome", Total: 3,
		ByStatus: map[string]int64{flow.RunCompleted: 1, flow.RunFailed: 1, flow.RunWaiting: 1}}, sums[1])

	steps, err := d.FlowStepCounts(ctx, "welcome")
	require.NoError(t, err)
	require.Equal(t, int64(2), steps["0"].Effects[flow.EffectDone])
	require.Equal(t, int64(1), steps["0"].Runs[flow.RunWaiting])
	require.Equal(t, int64(1), steps["1"].Effects[flow.EffectDone])
	require.Equal(t, int64(1), steps["1"].Runs[flow.RunFailed])

	perDay, err := d.FlowRunsPerDay(ctx, "welcome", 7)
	require.NoError(t, err)
	require.Len(t, perDay, 7)
	require.Equal(t, int64(3), perDay[6].Count, "every run started today")
	all, err := d.FlowRunsPerDay(ctx, "", 1)
	require.NoError(t, err)
	require.Equal(t, int64(4), all[0].Count)

	failed, err := d.Runs(ctx, store.RunFilter{Flow: "welcome", Statuses: []string{flow.RunFailed}})
	require.NoError(t, err)
	require.Len(t, failed, 1)
	require.Equal(t, "smtp down", failed[0].Error)
	require.Equal(t, "1", failed[0].Step)
	journeys, err := d.Runs(ctx, store.RunFilter{ContactID: bob})
	require.NoError(t, err)
	require.Len(t, journeys, 1)
	require.Equal(t, "vip", journeys[0].Flow)
	recent, err := d.Runs(ctx, store.RunFilter{Limit: 2})
	require.NoError(t, err)
	require.Len(t, recent, 2)
	require.Greater(t, recent[0].ID, recent[1].ID, "newest first")

	for _, q := range []string{"ADA@example", "a11ce", "adal", "0x00000000000000000000000000000000000A11cE"} {
		hits, err := d.SearchContacts(ctx, q, 10)
		require.NoError(t, err)
		require.Len(t, hits, 1, q)
		require.Equal(t, ada, hits[0].ID, q)
		require.Equal(t, int64(42), hits[0].Points)
		require.Len(t, hits[0].Identities, 3)
	}
	hits, err := d.SearchContacts(ctx, "%", 10)
	require.NoError(t, err)
	require.Empty(t, hits, "LIKE wildcards are matched literally")
	hits, err = d.SearchContacts(ctx, "", 10)
	require.NoError(t, err)
	require.Empty(t, hits)

	cd, err := d.ContactDetail(ctx, ada, 1)
	require.NoError(t, err)
	require.Equal(t, "ada@example.org", cd.Contact.Email)
	require.Equal(t, int64(42), cd.Points)
	require.Len(t, cd.History, 1)
	require.Equal(t, int64(12), cd.History[0].Amount, "newest first")
	_, err = d.ContactDetail(ctx, 99999, 10)
	require.ErrorIs(t, err, store.ErrNotFound)

	top, err := d.Leaderboard(ctx, "", 10)
	require.NoError(t, err)
	require.Equal(t, []loyalty.Standing{{Rank: 1, ContactID: ada, Points: 42}, {Rank: 2, ContactID: bob, Points: 7}}, top)

	dist := common.Address{0xD1}
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.SaveNextEpoch(ctx, store.Epoch{ChainID: 1337, Distributor: dist, Root: common.Hash{1}, Tree: []byte(`{}`), Source: store.EpochFromPoints,
			Allocations: map[common.Address]*big.Int{alice: big.NewInt(10), {0xB0}: big.NewInt(5)}})
		return err
	})
	epochs, err := d.RewardEpochs(ctx, 10)
	require.NoError(t, err)
	require.Len(t, epochs, 1)
	require.Equal(t, int64(2), epochs[0].Accounts)
	require.Equal(t, "15", epochs[0].Total)
	require.True(t, epochs[0].PublishedAt.IsZero())

	ps := &store.Payouts{DB: db}
	_, err = ps.PlanPayouts(ctx, []rewards.Payout{
		{Key: "p1", Batch: "b1", ChainID: 1337, Token: common.Address{0x70}, From: common.Address{0xAA}, To: alice, Amount: big.NewInt(10)},
		{Key: "p2", Batch: "b1", ChainID: 1337, Token: common.Address{0x70}, From: common.Address{0xAA}, To: common.Address{0xB0}, Amount: big.NewInt(5)},
		{Key: "p3", Batch: "b2", ChainID: 1337, Token: common.Address{0x70}, From: common.Address{0xAA}, To: alice, Amount: big.NewInt(1)},
	})
	require.NoError(t, err)
	batches, err := d.PayoutBatches(ctx, 10)
	require.NoError(t, err)
	require.Len(t, batches, 2)
	require.Equal(t, "b2", batches[0].Batch, "newest first")
	require.Equal(t, "15", batches[1].Amount.String())
	require.Equal(t, map[string]int64{"planned": 2}, batches[1].ByStatus)
}
