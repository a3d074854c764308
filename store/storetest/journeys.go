package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// exerciseJourneys covers trigger variables, goals, event waits, the
// frequency-cap count, contact paging, flow stats and dead letters.
func exerciseJourneys(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inTx(t, db, func(tx *store.Tx) error {
		a, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x0A})
		require.NoError(t, err)
		b, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x0B})
		require.NoError(t, err)

		r, created, err := tx.CreateRun(ctx, flow.Run{Flow: "seg", ContactID: a, TriggerKey: "k1", Status: flow.RunRunning, Step: "0",
			Trigger: map[string]any{"kind": "segment_entered", "segment": "vip"}})
		require.NoError(t, err)
		require.True(t, created)
		got, err := tx.Run(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, "vip", got.Trigger["segment"])
		require.WithinDuration(t, time.Now(), got.CreatedAt, time.Minute)

		require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunWaiting, "1", ""))
		require.NoError(t, tx.SetWaitEvent(ctx, r.ID, "stake"))
		waiting, err := tx.WaitingRuns(ctx, a, "stake")
		require.NoError(t, err)
		require.Len(t, waiting, 1)
		require.Equal(t, "stake", waiting[0].WaitEvent)
		none, err := tx.WaitingRuns(ctx, b, "stake")
		require.NoError(t, err)
		require.Empty(t, none)
		require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunRunning, "2", ""))
		waiting, err = tx.WaitingRuns(ctx, a, "stake")
		require.NoError(t, err)
		require.Empty(t, waiting, "moving on clears the wait")

		goals, err := tx.GoalRuns(ctx, "seg", a, time.Now().Add(-time.Hour))
		require.NoError(t, err)
		require.Len(t, goals, 1)
		require.NoError(t, tx.ConvertRun(ctx, r.ID, time.Now(), true))
		got, err = tx.Run(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, flow.RunConverted, got.Status)
		require.False(t, got.ConvertedAt.IsZero())
		goals, err = tx.GoalRuns(ctx, "seg", a, time.Now().Add(-time.Hour))
		require.NoError(t, err)
		require.Empty(t, goals, "a run converts once")
		goals, err = tx.GoalRuns(ctx, "seg", a, time.Now().Add(time.Hour))
		require.NoError(t, err)
		require.Empty(t, goals)

		// Two emails to a, one skipped (not sent), one to b.
		r2, _, err := tx.CreateRun(ctx, flow.Run{Flow: "mail", ContactID: a, TriggerKey: "k2", Status: flow.RunRunning, Step: "0"})
		require.NoError(t, err)
		rb, _, err := tx.CreateRun(ctx, flow.Run{Flow: "mail", ContactID: b, TriggerKey: "k3", Status: flow.RunRunning, Step: "0"})
		require.NoError(t, err)
		for _, e := range []flow.Effect{{RunID: r2.ID, Step: "0", Kind: "email"}, {RunID: r2.ID, Step: "1", Kind: "email"}, {RunID: r2.ID, Step: "2", Kind: "email"}, {RunID: rb.ID, Step: "0", Kind: "email"}} {
			_, claimed, err := tx.ClaimEffect(ctx, e)
			require.NoError(t, err)
			require.True(t, claimed)
		}
		require.NoError(t, tx.FinishEffect(ctx, r2.ID, "2", flow.EffectSkipped, "unsubscribed"))
		n, err := tx.SentSince(ctx, a, "email", time.Now().Add(-time.Hour))
		require.NoError(t, err)
		require.EqualValues(t, 2, n)
		n, err = tx.SentSince(ctx, a, "email", time.Now().Add(time.Hour))
		require.NoError(t, err)
		require.Zero(t, n)

		ids, err := tx.ContactIDs(ctx, 0, 1)
		require.NoError(t, err)
		require.Equal(t, []int64{min(a, b)}, ids)
		ids, err = tx.ContactIDs(ctx, min(a, b), 10)
		require.NoError(t, err)
		require.Equal(t, []int64{max(a, b)}, ids)

		_, _, err = tx.ClaimEffect(ctx, flow.Effect{RunID: rb.ID, Step: "1", Kind: flow.StepSplit, Detail: "b"})
		require.NoError(t, err)
		require.NoError(t, tx.UpdateRun(ctx, rb.ID, flow.RunFailed, "2", "boom"))
		runs, effects, variants, err := tx.FlowCounts(ctx, "mail")
		require.NoError(t, err)
		require.ElementsMatch(t, []flow.RunCount{{Status: flow.RunRunning, Step: "0", N: 1}, {Status: flow.RunFailed, Step: "2", N: 1}}, runs)
		require.Contains(t, effects, flow.EffectCount{Step: "0", Kind: "email", Status: flow.EffectStarted, N: 2})
		require.Equal(t, []flow.VariantCount{{Step: "1", Variant: "b", N: 1}}, variants)
		failed, err := tx.FailedRuns(ctx, "mail", 10)
		require.NoError(t, err)
		require.Len(t, failed, 1)
		require.Equal(t, "boom", failed[0].Error)
		return nil
	})
}
