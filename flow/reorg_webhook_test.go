package flow_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestEngineReorgWebhookAndReward: points (reversible) are compensated when
// the trigger event is orphaned, while the webhook and the reward
// (irreversible) waiting for confirmations never fire; the same flow on a
// confirmed event fires both once.
func TestEngineReorgWebhookAndReward(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			require.NotEmpty(t, r.Header.Get("X-Beckon-Signature"))
			hits.Add(1)
		}))
		defer srv.Close()
		def := parseFlow(t, `name: hooked
trigger: { event: mint, contract: pass }
confirmations: 2
steps:
  - award_points: { amount: 100, reason: mint }
  - webhook: { url: '`+srv.URL+`/hook' }
  - reward: { badge: 7 }
`)
		rewards := &fakeRewards{}
		h := newHarnessWith(t, backend, func(e *flow.Engine) {
			e.Webhook = flow.WebhookConfig{Secret: []byte("k"), AllowPrivate: true}
			e.Rewards = rewards
		}, def)
		erin, fay := h.newHolder("erin"), h.newHolder("fay")

		h.commit(30, mintEvent(30, 0, erin.wallet))
		run := h.flowRuns("hooked")
		h.waitFor("the points", func() (bool, error) { return h.balance(erin.contactID) == 100, nil })
		h.waitFor("the webhook to wait for confirmations", func() (bool, error) {
			run = h.flowRuns("hooked")
			n, err := h.snoozes(run[0].ID, "1")
			return n >= 1, err
		})
		require.NoError(t, h.chain.Rollback(h.ctx, testChainID, chain.Header{Number: 29, Hash: blockHash(29)}, 1))
		h.waitRunStatus(run[0].ID, flow.RunCancelled)
		h.waitFor("the points to be reversed", func() (bool, error) { return h.balance(erin.contactID) == 0, nil })

		// A confirmed mint by fay goes through both irreversible steps once.
		h.commit(30, mintEvent(30, 1, fay.wallet))
		h.commit(33)
		h.waitFor("fay's run", func() (bool, error) {
			for _, r := range h.flowRuns("hooked") {
				if r.ContactID == fay.contactID && r.Status == flow.RunCompleted {
					return true, nil
				}
			}
			return false, nil
		})
		require.EqualValues(t, 1, hits.Load(), "only the confirmed event's webhook")
		require.Equal(t, 1, rewards.count())
		require.Equal(t, flow.RunCancelled, h.run(run[0].ID).Status)
	})
}
