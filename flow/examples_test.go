package flow_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// fakeRewards records reward steps instead of queueing mints.
type fakeRewards struct {
	mu   sync.Mutex
	keys []string
}

func (f *fakeRewards) Reward(_ context.Context, _ flow.Tx, contactID int64, r *flow.RewardStep, key string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, key)
	return "badge queued", nil
}

func (f *fakeRewards) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.keys)
}

func loadExamples(t *testing.T) map[string]*flow.Definition {
	t.Helper()
	defs, err := flow.LoadGlob([]string{"../examples/flows/*.yaml"})
	require.NoError(t, err)
	require.Len(t, defs, 8)
	out := map[string]*flow.Definition{}
	for _, d := range defs {
		out[d.Name] = d
	}
	return out
}

func exampleHarness(t *testing.T, backend storetest.Backend, rewards *fakeRewards, defs ...*flow.Definition) *harness {
	t.Helper()
	templates, err := email.NewTemplates(os.DirFS("../examples/flows/templates"))
	require.NoError(t, err)
	return newHarnessWith(t, backend, func(e *flow.Engine) {
		e.Templates = templates
		e.Rewards = rewards
		e.DiscordRoles = map[string]string{"Holder": "42", "Gold": "43", "Silver": "44"}
	}, defs...)
}

func (h *harness) silentCommit(block uint64, events ...chain.Event) {
	h.t.Helper()
	// Holdings follow transfers as the segment hook keeps them in serve.
	silent := &store.ChainStore{DB: h.db, OnEvents: func(ctx context.Context, tx *store.Tx, inserted []chain.Event) error {
		for _, e := range inserted {
			if _, err := tx.ApplyHoldings(ctx, e, 1); err != nil {
				return err
			}
		}
		return nil
	}}
	require.NoError(h.t, silent.Commit(h.ctx, chain.Batch{ChainID: testChainID, Events: events,
		Headers:    []chain.Header{{Number: block, Hash: blockHash(block), ParentHash: blockHash(block - 1)}},
		Checkpoint: chain.Checkpoint{ChainID: testChainID, Number: block, Hash: blockHash(block)}}))
}

func sourced(ev chain.Event, source string, kind chain.Kind, args map[string]string) chain.Event {
	ev.Source, ev.Kind = source, kind
	if args != nil {
		ev.Args = args
	}
	return ev
}

// TestExampleChainFlows simulates the chain-triggered examples over one
// history: alice mints, stakes and votes; bob mints and unstakes 2 tokens;
// carol unstakes 1 wei.
func TestExampleChainFlows(t *testing.T) {
	ex := loadExamples(t)
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := exampleHarness(t, backend, &fakeRewards{})
		alice, bob, carol := h.newHolder("alice"), h.newHolder("bob"), h.newHolder("carol")
		h.silentCommit(10, sourced(mintEvent(10, 0, alice.wallet), "genesis-pass", chain.KindMint, nil),
			sourced(mintEvent(10, 1, bob.wallet), "genesis-pass", chain.KindMint, nil))
		h.silentCommit(11, sourced(mintEvent(11, 0, alice.wallet), "vault", chain.KindStake, map[string]string{"amount": "5000000000000000000"}),
			sourced(mintEvent(11, 1, bob.wallet), "vault", chain.KindUnstake, map[string]string{"amount": "2000000000000000000"}),
			sourced(mintEvent(11, 2, carol.wallet), "vault", chain.KindUnstake, map[string]string{"amount": "1"}))
		h.silentCommit(12, sourced(mintEvent(12, 0, alice.wallet), "dao", chain.KindVote, map[string]string{"support": "1"}))
		h.silentCommit(20) // deep enough for every confirmation policy
		var events []chain.Event
		h.signal(func(tx *store.Tx) (err error) {
			events, err = tx.Events(h.ctx, store.EventFilter{ChainID: testChainID})
			return err
		})
		simulate := func(name string) flow.Simulation {
			t.Helper()
			var sim flow.Simulation
			err := h.db.InTx(h.ctx, func(tx *store.Tx) error {
				var err error
				if sim, err = h.engine.Simulate(h.ctx, tx, ex[name], events); err != nil {
					return err
				}
				return errRollback
			})
			require.ErrorIs(t, err, errRollback)
			return sim
		}
		actions := func(sim flow.Simulation) map[string]int {
			out := map[string]int{}
			for _, a := range sim.Actions {
				out[a.Step] = a.Count
			}
			return out
		}

		welcome := simulate("welcome-on-mint")
		require.EqualValues(t, 2, welcome.Stats.Entered)
		require.EqualValues(t, 1, welcome.Stats.Converted, "alice staked")
		require.Equal(t, map[string]int{"0": 2, "1": 2, "2": 2}, actions(welcome))

		nudge := simulate("stake-nudge")
		require.EqualValues(t, 2, nudge.Stats.Entered)
		require.EqualValues(t, 1, nudge.Stats.Converted, "alice staked before the nudge")
		require.Equal(t, map[string]int{"1": 1, "3.then.0": 1}, actions(nudge), "only bob is nudged, then messaged")

		winBack := simulate("unstake-win-back")
		require.EqualValues(t, 1, winBack.Stats.Entered, "bob's 2e18 unstake, not carol's 1 wei")
		require.Len(t, winBack.Stats.Variants, 1)

		thanks := simulate("governance-thanks")
		require.EqualValues(t, 1, thanks.Stats.Entered)
		require.Equal(t, map[string]int{"0": 1, "1.then.0": 1, "2": 1}, actions(thanks))

		require.Zero(t, h.count(`SELECT COUNT(*) FROM flow_runs`), "simulations leave nothing behind")
	})
}

// TestExampleSignalFlows runs the examples started by tiers, links, API
// events and schedules through the real engine.
func TestExampleSignalFlows(t *testing.T) {
	ex := loadExamples(t)
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := exampleHarness(t, backend, &fakeRewards{}, ex["tier-up"], ex["holder-telegram-invite"], ex["unclaimed-reward"], ex["proposal-reminder"])
		ctx := h.ctx
		alice, bob := h.newHolder("alice"), h.newHolder("bob")
		h.silentCommit(10, sourced(mintEvent(10, 0, alice.wallet), "genesis-pass", chain.KindMint, nil))

		// tier-up: only gold.
		h.signal(func(tx *store.Tx) error { return h.engine.TierChanged(ctx, tx, bob.contactID, "", "silver") })
		h.signal(func(tx *store.Tx) error { return h.engine.TierChanged(ctx, tx, alice.contactID, "silver", "gold") })
		h.waitFor("the gold email", func() (bool, error) { return h.mail.to(alice.email) == 1, nil })
		require.Len(t, h.flowRuns("tier-up"), 1)
		require.Len(t, h.actions.matching(func(a community.Action) bool { return a.Role == "43" && a.Target == alice.discord }), 1)

		// holder-telegram-invite: a holder linking Telegram is invited, bob is not.
		h.signal(func(tx *store.Tx) error {
			return h.engine.IdentityLinked(ctx, tx, alice.contactID, "telegram", alice.telegram)
		})
		h.signal(func(tx *store.Tx) error {
			return h.engine.IdentityLinked(ctx, tx, bob.contactID, "telegram", bob.telegram)
		})
		h.waitFor("the invite", func() (bool, error) {
			return len(h.actions.matching(func(a community.Action) bool { return a.Platform == community.PlatformTelegram })) == 1, nil
		})
		require.Len(t, h.flowRuns("holder-telegram-invite"), 1)

		// unclaimed-reward: a claim within the week converts and ends the run.
		h.signal(func(tx *store.Tx) error {
			return h.engine.CustomEvent(ctx, tx, bob.contactID, "reward_allocated", "epoch-3", map[string]any{"epoch": 3})
		})
		h.waitFor("the reminder to wait a week", func() (bool, error) {
			runs := h.flowRuns("unclaimed-reward")
			return len(runs) == 1 && runs[0].Status == flow.RunWaiting && runs[0].Step == "1", nil
		})
		h.commit(30, sourced(mintEvent(30, 0, bob.wallet), "distributor", chain.KindClaim, map[string]string{"amount": "1"}))
		run := h.flowRuns("unclaimed-reward")[0]
		h.waitRunStatus(run.ID, flow.RunConverted)
		require.Zero(t, h.mail.to(bob.email))

		// proposal-reminder: a tick reminds the holder who never voted.
		h.signal(func(tx *store.Tx) error {
			return tx.SetTraits(ctx, alice.contactID, map[string]string{"proposal_open": "true"})
		})
		_, err := h.jobs.Insert(ctx, flow.ScheduleArgs{Flow: "proposal-reminder", At: time.Now().Truncate(time.Minute)}, nil)
		require.NoError(t, err)
		h.waitFor("the vote reminder", func() (bool, error) {
			runs := h.flowRuns("proposal-reminder")
			return len(runs) == 1 && runs[0].WaitEvent == "vote", nil
		})
		require.Equal(t, alice.contactID, h.flowRuns("proposal-reminder")[0].ContactID)
		require.Equal(t, 2, h.mail.to(alice.email), "gold email and the reminder")
		h.commit(31, sourced(mintEvent(31, 0, alice.wallet), "dao", chain.KindVote, nil))
		h.waitFor("the voted points", func() (bool, error) {
			r := h.flowRuns("proposal-reminder")[0]
			return r.Status == flow.RunCompleted && !r.ConvertedAt.IsZero(), nil
		})
		require.EqualValues(t, 10, h.balance(alice.contactID))
	})
}
