package flow

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/loyalty"
)

// The entry points below start flows from things other than chain events.
// Each runs inside the caller's transaction, so the runs it starts (and
// their first jobs) commit with the change that caused them, or not at
// all. key makes the signal idempotent for re-entry "always" flows: the
// same key never starts the same flow twice.

// SegmentChanged starts segment_entered / segment_exited flows.
func (e *Engine) SegmentChanged(ctx context.Context, tx Tx, segment string, contactID int64, entered bool, at time.Time) error {
	kind := EventSegmentExited
	if entered {
		kind = EventSegmentEntered
	}
	vars := map[string]any{"kind": kind, "segment": segment, "at": at.UTC().Format(time.RFC3339Nano)}
	key := fmt.Sprintf("%s:%s:%d", kind, segment, at.UnixNano())
	return e.signal(ctx, tx, kind, contactID, vars, key, func(d *Definition) bool { return d.Trigger.Segment == segment })
}

// IdentityLinked starts "linked" flows when a contact verifies a wallet,
// email, Discord or Telegram identity.
func (e *Engine) IdentityLinked(ctx context.Context, tx Tx, contactID int64, identity, value string) error {
	vars := map[string]any{"kind": EventLinked, "identity": identity, "value": value}
	return e.signal(ctx, tx, EventLinked, contactID, vars, "linked:"+identity+":"+value, func(d *Definition) bool {
		return d.Trigger.Identity == "" || d.Trigger.Identity == identity
	})
}

// CustomEvent starts "custom" flows from an off-chain event posted to the
// API ("completed onboarding call"); key is the caller's idempotency key.
func (e *Engine) CustomEvent(ctx context.Context, tx Tx, contactID int64, name, key string, props map[string]any) error {
	if props == nil {
		props = map[string]any{}
	}
	vars := map[string]any{"kind": EventCustom, "name": name, "args": props}
	return e.signal(ctx, tx, EventCustom, contactID, vars, "custom:"+name+":"+key, func(d *Definition) bool {
		return d.Trigger.Name == "" || d.Trigger.Name == name
	})
}

// TierChanged starts tier_changed flows.
func (e *Engine) TierChanged(ctx context.Context, tx Tx, contactID int64, from, to string) error {
	vars := map[string]any{"kind": EventTierChanged, "from": from, "to": to}
	key := fmt.Sprintf("tier:%s:%s:%d", from, to, e.now().UnixNano())
	return e.signal(ctx, tx, EventTierChanged, contactID, vars, key, func(d *Definition) bool {
		return d.Trigger.Tier == "" || d.Trigger.Tier == to
	})
}

// PointsChanged starts "points" flows whose threshold the balance crossed
// upwards (before < above <= after).
func (e *Engine) PointsChanged(ctx context.Context, tx Tx, contactID int64, before, after int64) error {
	vars := map[string]any{"kind": EventPoints, "before": before, "after": after}
	return e.signal(ctx, tx, EventPoints, contactID, vars, "points:"+strconv.FormatInt(after, 10), func(d *Definition) bool {
		return before < d.Trigger.Above && after >= d.Trigger.Above
	})
}

func (e *Engine) signal(ctx context.Context, tx Tx, kind string, contactID int64, vars map[string]any, key string, match func(*Definition) bool) error {
	if err := e.progress(ctx, tx, kind, contactID); err != nil {
		return err
	}
	for _, def := range e.Definitions() {
		if def.Trigger.Event != kind || !match(def) {
			continue
		}
		ok, err := def.MatchesTrigger(kind, "", vars)
		if err != nil || !ok {
			if err != nil {
				e.log().Warn("trigger condition failed", "flow", def.Name, "err", err)
			}
			continue
		}
		// The same occurrence may concern many contacts (an API event
		// name and key, a segment change at one instant).
		if _, err := e.start(ctx, tx, def, contactID, 0, vars, fmt.Sprintf("%s:contact:%d", key, contactID)); err != nil {
			return err
		}
	}
	return nil
}

// start creates def's run for the contact unless `when` or re-entry
// forbids it, and enqueues its first step. uniqueKey names the trigger
// occurrence for re-entry "always".
func (e *Engine) start(ctx context.Context, tx Tx, def *Definition, contactID, eventID int64, vars map[string]any, uniqueKey string) (bool, error) {
	var facts map[string]any
	if def.when != nil { // only a condition reads the contact
		var err error
		if facts, err = tx.ContactFacts(ctx, contactID); err != nil {
			return false, err
		}
	}
	allowed, err := def.Allows(Vars{Event: vars, Contact: facts})
	if err != nil {
		e.log().Warn("flow condition failed", "flow", def.Name, "contact", contactID, "err", err)
		return false, nil
	}
	if !allowed {
		return false, nil
	}
	r := Run{Flow: def.Name, ContactID: contactID, EventID: eventID, Status: RunRunning, Step: def.First(),
		TriggerKey: reentryKey(def, contactID, uniqueKey, e.now())}
	if eventID == 0 {
		r.Trigger = vars
	}
	run, created, err := tx.CreateRun(ctx, r)
	if err != nil || !created {
		return false, err
	}
	return true, e.advance(ctx, tx, run, run.Step, 0)
}

// reentryKey is unique per flow for runs that re-entry forbids to coexist.
func reentryKey(def *Definition, contactID int64, uniqueKey string, now time.Time) string {
	switch def.Reentry.Mode {
	case ReentryAlways:
		return "event:" + uniqueKey
	case ReentryOncePer:
		if def.Reentry.Per > 0 {
			return fmt.Sprintf("contact:%d:window:%d", contactID, now.UnixNano()/int64(def.Reentry.Per))
		}
	}
	return fmt.Sprintf("contact:%d", contactID)
}

// progress applies an event of kind by the contact to journeys already
// under way: runs whose goal it is convert, runs waiting for it resume.
func (e *Engine) progress(ctx context.Context, tx Tx, kind string, contactID int64) error {
	now := e.now()
	flows := e.allFlows()
	for _, def := range flows {
		if def.Goal == nil || def.Goal.Event != kind {
			continue
		}
		runs, err := tx.GoalRuns(ctx, def.Name, contactID, now.Add(-def.Goal.Within))
		if err != nil {
			return err
		}
		for _, r := range runs {
			if err := tx.ConvertRun(ctx, r.ID, now, def.Goal.Exit); err != nil {
				return err
			}
		}
	}
	waited := false
	for _, def := range flows {
		for _, st := range def.index {
			waited = waited || st.WaitEvent == kind
		}
	}
	if !waited {
		return nil // no flow waits for this kind: skip the query
	}
	runs, err := tx.WaitingRuns(ctx, contactID, kind)
	if err != nil {
		return err
	}
	for _, r := range runs {
		def := e.flow(r.Flow)
		if def == nil {
			continue
		}
		if err := e.advance(ctx, tx, r, def.NextAfter(r.Step), 0); err != nil {
			return err
		}
	}
	return nil
}

// ScheduleArgs is the periodic job of one schedule-triggered flow.
type ScheduleArgs struct {
	Flow string `json:"flow"`
	// At is the tick the job stands for, so a retried job starts the same
	// runs (their trigger keys include it).
	At time.Time `json:"at"`
}

// Kind implements river.JobArgs.
func (ScheduleArgs) Kind() string { return "beckon_flow_schedule" }

// PeriodicJobs returns one River periodic job per schedule-triggered flow;
// pass them to the River client's config. Each replica registers the same
// jobs; River's leader enqueues them once.
func (e *Engine) PeriodicJobs() []*river.PeriodicJob {
	var out []*river.PeriodicJob
	for _, def := range e.Definitions() {
		if j := e.PeriodicJob(def); j != nil {
			out = append(out, j)
		}
	}
	return out
}

// PeriodicJobID names the periodic job of a schedule-triggered flow, for
// River's PeriodicJobs().RemoveByID when the flow changes.
func PeriodicJobID(flowName string) string { return "flow:" + flowName }

// PeriodicJob returns the periodic job of a schedule-triggered flow, nil
// for other flows. A firing's job is unique by (flow, minute), so a
// leader change or a restart inside the minute fires it once.
func (e *Engine) PeriodicJob(def *Definition) *river.PeriodicJob {
	if def.Trigger.Event != EventSchedule {
		return nil
	}
	sched, err := cronParser().Parse(def.Trigger.Cron)
	if err != nil {
		return nil // Parse already rejected it
	}
	name := def.Name
	return river.NewPeriodicJob(sched, func() (river.JobArgs, *river.InsertOpts) {
		return ScheduleArgs{Flow: name, At: e.now().UTC().Truncate(time.Minute)},
			&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}, &river.PeriodicJobOpts{ID: PeriodicJobID(name)})
}

type scheduleWorker struct {
	river.WorkerDefaults[ScheduleArgs]
	e *Engine
}

// scheduleBatch bounds how many contacts one transaction of a per-contact
// schedule handles.
const scheduleBatch = 500

// Work starts a global schedule's one run for the firing, or a
// per-contact schedule flow for every contact its `when` admits, a page of
// contacts per transaction; the firing time in the trigger key makes a
// retried job or page start nothing twice. A flow disabled or removed
// since the firing was queued starts nothing.
func (w *scheduleWorker) Work(ctx context.Context, job *river.Job[ScheduleArgs]) error {
	e := w.e
	var def *Definition
	for _, d := range e.Definitions() {
		if d.Name == job.Args.Flow && d.Trigger.Event == EventSchedule {
			def = d
		}
	}
	if def == nil {
		return nil
	}
	at := job.Args.At.UTC()
	if def.Global() {
		return e.InTx(ctx, func(tx Tx) error { return e.startGlobal(ctx, tx, def, at) })
	}
	vars := map[string]any{"kind": EventSchedule, "at": at.Format(time.RFC3339)}
	var after int64
	for {
		var ids []int64
		err := e.InTx(ctx, func(tx Tx) error {
			var err error
			if ids, err = tx.ContactIDs(ctx, after, scheduleBatch); err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := e.start(ctx, tx, def, id, 0, vars, fmt.Sprintf("schedule:%d:%d", at.Unix(), id)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(ids) < scheduleBatch {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

// Signals wraps a ledger store so that every points entry and tier change
// written through it also reaches PointsChanged and TierChanged, in the
// same transaction. Pass the result to loyalty.Ledger.Insert (or Bind).
// Without points or tier_changed flows (or goals and waits on them) it
// returns s itself, saving two balance reads per entry.
func (e *Engine) Signals(tx Tx, s loyalty.TierStore) loyalty.TierStore {
	for _, d := range e.allFlows() {
		if e.listensTo(d, EventPoints) || e.listensTo(d, EventTierChanged) {
			return signallingStore{TierStore: s, e: e, tx: tx}
		}
	}
	return s
}

func (e *Engine) listensTo(d *Definition, kind string) bool {
	if d.Trigger.Event == kind || (d.Goal != nil && d.Goal.Event == kind) {
		return true
	}
	for _, st := range d.index {
		if st.WaitEvent == kind {
			return true
		}
	}
	return false
}

type signallingStore struct {
	loyalty.TierStore
	e  *Engine
	tx Tx
}

func (s signallingStore) InsertEntry(ctx context.Context, en loyalty.Entry) (bool, error) {
	before, err := s.Balance(ctx, en.ContactID)
	if err != nil {
		return false, err
	}
	ok, err := s.TierStore.InsertEntry(ctx, en)
	if err != nil || !ok {
		return ok, err
	}
	after, err := s.Balance(ctx, en.ContactID)
	if err != nil {
		return true, err
	}
	if after != before {
		return true, s.e.PointsChanged(ctx, s.tx, en.ContactID, before, after)
	}
	return true, nil
}

func (s signallingStore) SetTier(ctx context.Context, c loyalty.TierChange) error {
	if err := s.TierStore.SetTier(ctx, c); err != nil {
		return err
	}
	return s.e.TierChanged(ctx, s.tx, c.ContactID, c.From, c.To)
}
