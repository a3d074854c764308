package flow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
)

// Simulation is what `beckon flows simulate` reports: the stats a real run
// over the same history would produce, and what each step would do.
type Simulation struct {
	Flow    string       `json:"flow"`
	Events  int          `json:"events"`
	Stats   Stats        `json:"stats"`
	Actions []StepAction `json:"actions"`
}

// StepAction summarises one step's would-be effects.
type StepAction struct {
	Step     string   `json:"step"`
	Type     string   `json:"type"`
	Count    int      `json:"count"`
	Skipped  int      `json:"skipped"`
	Examples []string `json:"examples,omitempty"`
}

// SimTx is what a simulation needs: a flow transaction that also lists
// stored events and counts runs. The caller rolls it back, so every row
// the simulation writes (contacts, runs, ledger entries) disappears;
// nothing outside the database is touched because external effects are
// only described, never performed.
type SimTx interface {
	Tx
	FlowCounts(ctx context.Context, flow string) ([]RunCount, []EffectCount, []VariantCount, error)
}

// Simulate replays events (in chain order) through def with the engine's
// real step code: triggers, conditions, re-entry, splits, points and
// traits run in tx; emails, messages, roles, webhooks and rewards are
// recorded instead of sent; waits are taken as elapsed once every event
// has been replayed, so events inside the range can still resume event
// waits and reach goals first. Confirmation policy, quiet hours and caps
// are assumed satisfied (history is deep, and time is compressed).
func (e *Engine) Simulate(ctx context.Context, tx SimTx, def *Definition, events []chain.Event) (Simulation, error) {
	q := &simQueue{}
	sim := *e
	sim.Flows, sim.live = []*Definition{def}, nil
	sim.Jobs = q
	sim.EventHooks, sim.RemovedHooks = nil, nil
	sim.dry = &dryRun{actions: map[string]*StepAction{}}
	for _, ev := range events {
		if ev.Removed {
			continue
		}
		contactID, _, err := crm.EnsureWallet(ctx, tx, ev.Wallet)
		if err != nil {
			return Simulation{}, fmt.Errorf("contact for %s: %w", ev.Wallet.Hex(), err)
		}
		if err := sim.progress(ctx, tx, string(ev.Kind), contactID); err != nil {
			return Simulation{}, err
		}
		evVars := EventVars(ev, false)
		ok, err := def.MatchesTrigger(string(ev.Kind), ev.Source, evVars)
		if err != nil || !ok {
			continue
		}
		if _, err := sim.start(ctx, tx, def, contactID, ev.ID, evVars, ev.Key()); err != nil {
			return Simulation{}, err
		}
		if err := sim.drainNow(ctx, tx, q); err != nil {
			return Simulation{}, err
		}
	}
	// Time passes: waits elapse (in the order they would), event waits time out.
	for len(q.later) > 0 {
		sort.SliceStable(q.later, func(i, j int) bool { return q.later[i].at.Before(q.later[j].at) })
		next := q.later[0]
		q.later = q.later[1:]
		if err := sim.simStep(ctx, tx, next.args); err != nil {
			return Simulation{}, err
		}
		if err := sim.drainNow(ctx, tx, q); err != nil {
			return Simulation{}, err
		}
	}
	runs, effects, variants, err := tx.FlowCounts(ctx, def.Name)
	if err != nil {
		return Simulation{}, err
	}
	out := Simulation{Flow: def.Name, Events: len(events), Stats: BuildStats(def, runs, effects, variants)}
	for _, a := range sim.dry.actions {
		out.Actions = append(out.Actions, *a)
	}
	sort.Slice(out.Actions, func(i, j int) bool { return out.Actions[i].Step < out.Actions[j].Step })
	return out, nil
}

// dryRun collects what external effects would have done.
type dryRun struct {
	actions map[string]*StepAction
}

func (d *dryRun) record(step *Step, detail string, skipped bool) {
	a, ok := d.actions[step.Path]
	if !ok {
		a = &StepAction{Step: step.Path, Type: step.Type}
		d.actions[step.Path] = a
	}
	if skipped {
		a.Skipped++
	} else {
		a.Count++
	}
	if len(a.Examples) < 3 {
		a.Examples = append(a.Examples, detail)
	}
}

func (e *Engine) drainNow(ctx context.Context, tx Tx, q *simQueue) error {
	for len(q.now) > 0 {
		args := q.now[0]
		q.now = q.now[1:]
		if err := e.simStep(ctx, tx, args); err != nil {
			return err
		}
	}
	return nil
}

// simStep runs one step the way stepWorker does, inside tx, finishing
// external effects without performing them.
func (e *Engine) simStep(ctx context.Context, tx Tx, args StepArgs) error {
	pending, err := e.runStep(ctx, tx, args)
	if errors.Is(err, errNotConfirmed) {
		return nil
	}
	if err != nil {
		return err
	}
	if pending == nil {
		return nil
	}
	e.dry.record(pending.step, pending.detail, false)
	if err := tx.FinishEffect(ctx, pending.run.ID, pending.step.Path, EffectDone, pending.detail); err != nil {
		return err
	}
	return e.advance(ctx, tx, pending.run, pending.def.NextAfter(pending.step.Path), 0)
}

type simJob struct {
	args StepArgs
	at   time.Time
}

// simQueue stands in for River during a simulation: step jobs due now run
// right after the event that caused them, later ones after all events.
type simQueue struct {
	now   []StepArgs
	later []simJob
}

func (q *simQueue) InsertTx(_ context.Context, _ *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	sa, ok := args.(StepArgs)
	if !ok {
		return &rivertype.JobInsertResult{}, nil
	}
	if opts != nil && !opts.ScheduledAt.IsZero() {
		q.later = append(q.later, simJob{args: sa, at: opts.ScheduledAt})
	} else {
		q.now = append(q.now, sa)
	}
	return &rivertype.JobInsertResult{}, nil
}

func (q *simQueue) InsertManyTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	out := make([]*rivertype.JobInsertResult, 0, len(params))
	for _, p := range params {
		r, err := q.InsertTx(ctx, tx, p.Args, p.InsertOpts)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
