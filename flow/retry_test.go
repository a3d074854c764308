package flow_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestEngineRetryRun puts a failed run back on its step: it completes,
// and effects already done are not repeated.
func TestEngineRetryRun(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarness(t, backend, false)
		erin := h.newHolder("erin")
		ev := h.commit(30, mintEvent(30, 0, erin.wallet))[0]
		h.commit(32)
		run := h.onlyRun(ev)
		h.waitRunStatus(run.ID, flow.RunCompleted)
		h.drain()
		want := h.snapshot(erin.contactID)

		require.ErrorIs(t, h.engine.RetryRun(h.ctx, run.ID), flow.ErrNotRetryable, "a completed run")
		require.ErrorIs(t, h.engine.RetryRun(h.ctx, 999999), store.ErrNotFound)

		require.NoError(t, h.db.InTx(h.ctx, func(tx *store.Tx) error {
			return tx.UpdateRun(h.ctx, run.ID, flow.RunFailed, "0", "template missing")
		}))
		require.NoError(t, h.engine.RetryRun(h.ctx, run.ID))
		h.waitRunStatus(run.ID, flow.RunCompleted)
		h.drain()
		require.Equal(t, want, h.snapshot(erin.contactID), "nothing happened twice")
		require.Empty(t, h.run(run.ID).Error)
	})
}
