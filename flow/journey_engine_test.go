package flow_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func parseFlow(t *testing.T, src string) *flow.Definition {
	t.Helper()
	d, err := flow.Parse("t.yaml", []byte(src))
	require.NoError(t, err)
	return d
}

func (h *harness) flowRuns(name string) []flow.Run {
	h.t.Helper()
	var ids []int64
	rows, err := h.db.SQL.QueryContext(h.ctx, `SELECT id FROM flow_runs WHERE flow = $1 ORDER BY id`, name)
	require.NoError(h.t, err)
	for rows.Next() {
		var id int64
		require.NoError(h.t, rows.Scan(&id))
		ids = append(ids, id)
	}
	require.NoError(h.t, rows.Close())
	out := make([]flow.Run, 0, len(ids))
	for _, id := range ids {
		out = append(out, h.run(id))
	}
	return out
}

func (h *harness) signal(fn func(tx *store.Tx) error) {
	h.t.Helper()
	require.NoError(h.t, h.db.InTx(h.ctx, fn))
}

func (h *harness) stats(def *flow.Definition) flow.Stats {
	h.t.Helper()
	var s flow.Stats
	h.signal(func(tx *store.Tx) error {
		runs, effects, variants, err := tx.FlowCounts(h.ctx, def.Name)
		s = flow.BuildStats(def, runs, effects, variants)
		return err
	})
	return s
}

// TestEngineJourneySignals starts flows from every non-chain entry point,
// resumes a run waiting for an event, and converts it on its goal.
func TestEngineJourneySignals(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		seg := parseFlow(t, `name: vip-welcome
trigger: { event: segment_entered, segment: vip }
steps:
  - crm_update: { welcomed: "yes" }
  - wait: { event: stake, timeout: 1h }
  - award_points: { amount: 10, reason: staked after welcome }
goal: { event: custom, within: 1d }
`)
		custom := parseFlow(t, "name: call-done\ntrigger: { event: custom, name: onboarding_call }\nwhen: 'event.args.minutes >= 10'\nsteps: [ {award_points: {amount: 5}} ]\n")
		tier := parseFlow(t, "name: gold\ntrigger: { event: tier_changed, tier: gold }\nsteps: [ {award_points: {amount: 7}} ]\n")
		points := parseFlow(t, "name: hundred\ntrigger: { event: points, above: 100 }\nreentry: always\nsteps: [ {crm_update: {club: hundred}} ]\n")
		linked := parseFlow(t, "name: email-linked\ntrigger: { event: linked, identity: email }\nsteps: [ {crm_update: {email_linked: \"true\"}} ]\n")
		h := newHarnessWith(t, backend, nil, seg, custom, tier, points, linked)
		alice := h.newHolder("alice")
		ctx := h.ctx

		h.signal(func(tx *store.Tx) error {
			return h.engine.SegmentChanged(ctx, tx, "vip", alice.contactID, true, time.Now())
		})
		h.signal(func(tx *store.Tx) error { // another segment: no run
			return h.engine.SegmentChanged(ctx, tx, "whales", alice.contactID, true, time.Now())
		})
		h.waitFor("the welcome run to wait for a stake", func() (bool, error) {
			runs := h.flowRuns("vip-welcome")
			return len(runs) == 1 && runs[0].Status == flow.RunWaiting && runs[0].WaitEvent == "stake", nil
		})
		run := h.flowRuns("vip-welcome")[0]
		require.Equal(t, "vip", run.Trigger["segment"])

		stake := mintEvent(200, 0, alice.wallet)
		stake.Kind, stake.Name, stake.Args = chain.KindStake, "Staked", map[string]string{"amount": "5"}
		h.commit(200, stake)
		h.waitRunStatus(run.ID, flow.RunCompleted)
		require.EqualValues(t, 10, h.balance(alice.contactID))

		h.signal(func(tx *store.Tx) error {
			if err := h.engine.CustomEvent(ctx, tx, alice.contactID, "onboarding_call", "call-1", map[string]any{"minutes": 30}); err != nil {
				return err
			}
			// Same key again: no second run; a short call: filtered by when.
			if err := h.engine.CustomEvent(ctx, tx, alice.contactID, "onboarding_call", "call-1", map[string]any{"minutes": 30}); err != nil {
				return err
			}
			return h.engine.CustomEvent(ctx, tx, alice.contactID, "other", "x", nil)
		})
		h.signal(func(tx *store.Tx) error {
			if err := h.engine.TierChanged(ctx, tx, alice.contactID, "silver", "bronze"); err != nil {
				return err
			}
			return h.engine.TierChanged(ctx, tx, alice.contactID, "silver", "gold")
		})
		h.signal(func(tx *store.Tx) error {
			if err := h.engine.PointsChanged(ctx, tx, alice.contactID, 50, 150); err != nil {
				return err
			}
			return h.engine.PointsChanged(ctx, tx, alice.contactID, 150, 200) // no crossing
		})
		h.signal(func(tx *store.Tx) error {
			if err := h.engine.IdentityLinked(ctx, tx, alice.contactID, "discord", "d-1"); err != nil {
				return err
			}
			return h.engine.IdentityLinked(ctx, tx, alice.contactID, "email", "a@example.org")
		})
		// Not drain: the timed-out wait's resume job stays scheduled (and
		// will find the run moved on).
		h.waitFor("the signal runs", func() (bool, error) {
			return h.balance(alice.contactID) == 10+5+7 && len(h.flowRuns("email-linked")) == 1 &&
				len(h.flowRuns("hundred")) == 1 && h.flowRuns("hundred")[0].Status == flow.RunCompleted, nil
		})
		require.Len(t, h.flowRuns("call-done"), 1)
		require.Len(t, h.flowRuns("gold"), 1)
		require.Len(t, h.flowRuns("hundred"), 1)
		require.Len(t, h.flowRuns("email-linked"), 1)

		// The custom event was the welcome flow's goal, within its window.
		converted := h.run(run.ID)
		require.False(t, converted.ConvertedAt.IsZero())
		st := h.stats(seg)
		require.EqualValues(t, 1, st.Entered)
		require.EqualValues(t, 1, st.Converted)
		require.EqualValues(t, 1, st.Completed)
	})
}

// TestEngineFrequencyCapAndSplit checks that a capped email waits instead
// of going out, and that split variants are recorded for the stats.
func TestEngineFrequencyCapAndSplit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		first := parseFlow(t, "name: first\ntrigger: { event: custom, name: a }\nsteps: [ {email: {template: welcome}} ]\n")
		second := parseFlow(t, "name: second\ntrigger: { event: custom, name: b }\nsteps: [ {email: {template: welcome}} ]\n")
		ab := parseFlow(t, `name: ab
trigger: { event: custom, name: ab }
steps:
  - split:
      holdout: 1
      variants:
        - { name: a, steps: [ {crm_update: {variant: a}} ] }
        - { name: b, steps: [ {crm_update: {variant: b}} ] }
goal: { event: custom, within: 1d }
`)
		h := newHarnessWith(t, backend, func(e *flow.Engine) {
			e.Caps = map[string]flow.Cap{flow.StepEmail: {Max: 1, Per: 24 * time.Hour}}
		}, first, second, ab)
		alice := h.newHolder("alice")
		ctx := h.ctx
		h.signal(func(tx *store.Tx) error { return h.engine.CustomEvent(ctx, tx, alice.contactID, "a", "1", nil) })
		h.waitFor("the first email", func() (bool, error) { return h.mail.count() == 1, nil })
		h.signal(func(tx *store.Tx) error { return h.engine.CustomEvent(ctx, tx, alice.contactID, "b", "1", nil) })
		h.waitFor("the second email to be held by the cap", func() (bool, error) {
			runs := h.flowRuns("second")
			if len(runs) != 1 {
				return false, nil
			}
			n, err := h.snoozes(runs[0].ID, "0")
			return n >= 1, err
		})
		require.Equal(t, 1, h.mail.count())
		require.Equal(t, flow.RunRunning, h.flowRuns("second")[0].Status)

		var contacts []int64
		for i := range 30 {
			contacts = append(contacts, h.newHolder("c"+string(rune('a'+i%26))+time.Now().Format("150405.000000")).contactID)
		}
		h.signal(func(tx *store.Tx) error {
			for _, id := range contacts {
				if err := h.engine.CustomEvent(ctx, tx, id, "ab", "x", nil); err != nil {
					return err
				}
			}
			return nil
		})
		h.waitFor("every split run to finish", func() (bool, error) {
			for _, r := range h.flowRuns("ab") {
				if r.Status != flow.RunCompleted {
					return false, nil
				}
			}
			return len(h.flowRuns("ab")) == len(contacts), nil
		})
		st := h.stats(ab)
		var total int64
		for _, v := range st.Variants {
			total += v.Entered
			require.Contains(t, []string{"a", "b", "holdout"}, v.Variant)
			require.Equal(t, "0", v.Step)
			require.GreaterOrEqual(t, v.PValue, 0.0)
			require.LessOrEqual(t, v.PValue, 1.0)
		}
		require.EqualValues(t, len(contacts), total)
		// The trait written matches the variant the stats recorded.
		for _, r := range h.flowRuns("ab") {
			var variant string
			require.NoError(t, h.db.SQL.QueryRowContext(ctx, `SELECT detail FROM flow_effects WHERE run_id = $1 AND step = '0'`, r.ID).Scan(&variant))
			d, _ := ab.Step("0")
			want, _ := ab.Variant(d, r.ContactID)
			require.Equal(t, want, variant)
		}
	})
}

// TestEngineCarriesStepsBackToBack checks that a journey's steps run in
// as few jobs as they can: local first steps with the event job, the
// steps after an external one in that step's job.
func TestEngineCarriesStepsBackToBack(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		def := parseFlow(t, `name: carried
trigger: { event: mint, contract: pass }
steps:
  - award_points: { amount: 5 }
  - crm_update: { stage: minted }
  - email: { template: welcome }
  - telegram_message: { text: hi }
  - award_points: { amount: 7 }
`)
		h := newHarnessWith(t, backend, nil, def)
		alice := h.newHolder("alice")
		h.commit(1, mintEvent(1, 0, alice.wallet))
		h.waitFor("the run", func() (bool, error) { return len(h.flowRuns("carried")) == 1, nil })
		run := h.flowRuns("carried")[0]
		h.waitRunStatus(run.ID, flow.RunCompleted)
		h.drain()
		require.Equal(t, 1, h.mail.count())
		require.EqualValues(t, 12, h.balance(alice.contactID))
		statuses := h.effectStatuses(run.ID)
		require.Len(t, statuses, 5)
		for step, st := range statuses {
			require.Equal(t, flow.EffectDone, st, "step %s", step)
		}
		// The event job ran the two local steps; one step job the rest.
		res, err := h.jobs.JobList(h.ctx, river.NewJobListParams().Kinds(flow.StepArgs{}.Kind()).First(10))
		require.NoError(t, err)
		require.Len(t, res.Jobs, 1)
		var args flow.StepArgs
		require.NoError(t, json.Unmarshal(res.Jobs[0].EncodedArgs, &args))
		require.Equal(t, "2", args.Step)
		require.Zero(t, h.run(run.ID).JobID, "a finished run is carried by no job")
	})
}

// TestEngineCarriedStepThatMustWaitGetsItsOwnJob checks that a step run
// back to back that cannot go now (here: over its frequency cap) is left
// to a job of its own, and the step before it stays recorded.
func TestEngineCarriedStepThatMustWaitGetsItsOwnJob(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		def := parseFlow(t, "name: twice\ntrigger: { event: custom, name: a }\nsteps: [ {email: {template: welcome}}, {email: {template: welcome}} ]\n")
		h := newHarnessWith(t, backend, func(e *flow.Engine) {
			e.Caps = map[string]flow.Cap{flow.StepEmail: {Max: 1, Per: 24 * time.Hour}}
		}, def)
		alice := h.newHolder("alice")
		h.signal(func(tx *store.Tx) error { return h.engine.CustomEvent(h.ctx, tx, alice.contactID, "a", "1", nil) })
		h.waitFor("the second email to be held by the cap", func() (bool, error) {
			runs := h.flowRuns("twice")
			if len(runs) != 1 {
				return false, nil
			}
			n, err := h.snoozes(runs[0].ID, "1")
			return n >= 1, err
		})
		require.Equal(t, 1, h.mail.count())
		run := h.flowRuns("twice")[0]
		require.Equal(t, map[string]string{"0": flow.EffectDone}, h.effectStatuses(run.ID))
		run = h.run(run.ID)
		require.Equal(t, flow.RunRunning, run.Status)
		require.Equal(t, "1", run.Step)
		require.Zero(t, run.JobID, "the held step has a job of its own")
	})
}

// failOnce fails the first handling of the event at one log index.
type failOnce struct {
	logIndex uint
	failed   atomic.Bool
}

func (f *failOnce) HandleEvent(_ context.Context, _ flow.Tx, ev chain.Event, _ int64) error {
	if ev.LogIndex == f.logIndex && f.failed.CompareAndSwap(false, true) {
		return errors.New("hook failed")
	}
	return nil
}

// TestEngineEventBatches checks that a commit of many events queues a job
// per batch, and that an event whose handling fails gets a job of its own
// while the rest of its batch goes on.
func TestEngineEventBatches(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		def := parseFlow(t, "name: minted\ntrigger: { event: mint, contract: pass }\nreentry: always\nsteps: [ {award_points: {amount: 1}} ]\n")
		hook := &failOnce{logIndex: 42}
		h := newHarnessWith(t, backend, func(e *flow.Engine) { e.EventHooks = []flow.EventHook{hook} }, def)
		alice := h.newHolder("alice")
		events := make([]chain.Event, 150)
		for i := range events {
			events[i] = mintEvent(1, uint(i), alice.wallet)
		}
		h.commit(1, events...)
		h.waitFor("a completed run per event", func() (bool, error) {
			return h.count(`SELECT COUNT(*) FROM flow_runs WHERE flow = 'minted' AND status = $1`, flow.RunCompleted) == int64(len(events)), nil
		})
		h.drain()
		require.True(t, hook.failed.Load())
		require.EqualValues(t, len(events), h.balance(alice.contactID))
		res, err := h.jobs.JobList(h.ctx, river.NewJobListParams().Kinds(flow.EventArgs{}.Kind()).First(10))
		require.NoError(t, err)
		var batches, singles int
		for _, j := range res.Jobs {
			var args flow.EventArgs
			require.NoError(t, json.Unmarshal(j.EncodedArgs, &args))
			if len(args.EventIDs) > 0 {
				batches++
			} else {
				singles++
			}
		}
		require.Equal(t, 2, batches, "150 events: batches of 100 and 50")
		require.Equal(t, 1, singles, "the failed event, on its own")
	})
}
