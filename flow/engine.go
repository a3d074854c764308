package flow

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/loyalty"
)

// Tx is one transaction over everything a step touches. A step's effect,
// its idempotency record and the job for the next step commit together.
type Tx interface {
	Store
	JourneyStore
	loyalty.Store
	crm.Store
	Event(ctx context.Context, id int64) (chain.Event, error)
	Checkpoint(ctx context.Context, chainID uint64) (chain.Checkpoint, bool, error)
	// ContactFacts returns what conditions may read about a contact.
	ContactFacts(ctx context.Context, contactID int64) (map[string]any, error)
	SetTraits(ctx context.Context, contactID int64, traits map[string]string) error
	// SQL is the underlying transaction, for enqueueing jobs in it.
	SQL() *sql.Tx
}

// factsOf is an optional Tx capability: ContactFacts for a contact the
// step already read, saving a second read per step.
type factsOf interface {
	FactsOf(ctx context.Context, c crm.Contact) (map[string]any, error)
}

// Jobs inserts River jobs inside a transaction; *river.Client[*sql.Tx] is one.
type Jobs interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	InsertManyTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
}

// Renderer renders a named email template.
type Renderer interface {
	Render(name string, data any) (subject, html, text string, err error)
}

// EventHook reacts to a stored chain event inside the transaction that
// matches it against flows: loyalty rules award points, quests track
// progress. Its writes commit with the event's processing, once.
type EventHook interface {
	HandleEvent(ctx context.Context, tx Tx, ev chain.Event, contactID int64) error
}

// RemovedHook reacts to an event orphaned by a reorg, inside the
// compensation transaction (after points sourced from it were reversed).
type RemovedHook interface {
	HandleRemoved(ctx context.Context, tx Tx, ev chain.Event) error
}

// Engine runs flows durably: every step runs in a River job, and effects are
// guarded by a (run, step) record so none happens twice.
type Engine struct {
	// Flows are the flows until SetFlows replaces them; read them through
	// Definitions, never directly, once workers run.
	Flows     []*Definition
	InTx      func(ctx context.Context, fn func(tx Tx) error) error
	Jobs      Jobs
	Mail      email.Sender
	Templates Renderer
	From      string
	// UnsubscribeURL is the link put in every email; {contact} becomes the
	// contact id and {token} its signature under UnsubscribeSecret.
	UnsubscribeURL    string
	UnsubscribeSecret []byte
	Discord           community.Discord
	DiscordGuild      string
	DiscordRoles      map[string]string // role name -> role id
	Telegram          community.Telegram
	// ConfirmWait is how long an irreversible step waits before checking
	// its event's confirmations again. Default 2s.
	ConfirmWait time.Duration
	// DefaultConfirmations applies to flows that set none.
	DefaultConfirmations int
	// Ledger, when set, stamps point awards with the season and keeps the
	// contact's tier current.
	Ledger *loyalty.Ledger
	// EventHooks run for every new event before flows are matched;
	// RemovedHooks for every orphaned one.
	EventHooks   []EventHook
	RemovedHooks []RemovedHook
	// Caps limits how many effects of a channel (email, discord_message,
	// telegram_message, webhook) one contact gets across all flows; a step
	// over the cap is delayed until the window has room, not dropped.
	Caps map[string]Cap
	// Quiet delays channel steps that would reach a contact at night in
	// their timezone.
	Quiet *QuietHours
	// Webhook signs and delivers webhook steps.
	Webhook WebhookConfig
	// Marks, when set, gives email steps a connection of their own for
	// their started and outcome marks (see EffectMarks).
	Marks func(ctx context.Context) (EffectMarks, error)
	// Rewards performs reward steps; nil makes them fail the run.
	Rewards Rewarder
	// StepAttempts is how often a failing step is retried (with River's
	// exponential backoff) before its run is dead-lettered as failed.
	// Default 10.
	StepAttempts int
	Log          *slog.Logger
	Now          func() time.Time

	dry  *dryRun    // set on the copy a simulation runs
	live *liveFlows // set by SetFlows
}

// Rewarder grants reward steps through loyalty/rewards. It runs inside the
// step's transaction: it records the allocation or queues the payout or
// badge mint (whose own workers are crash-safe), keyed by key.
type Rewarder interface {
	Reward(ctx context.Context, tx Tx, contactID int64, r *RewardStep, key string) (detail string, err error)
}

func (e *Engine) log() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Log
}

func (e *Engine) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

func (e *Engine) flow(name string) *Definition { return e.lookup(name) }

// EventArgs is the job that matches stored chain events against the
// flows: one event, or a batch handled in order.
type EventArgs struct {
	EventID int64 `json:"event_id,omitempty"`
	// EventIDs is a batch, each event in a transaction of its own; one
	// that fails gets a job of its own and holds up none of the others.
	EventIDs []int64 `json:"event_ids,omitempty"`
}

// eventBatch is how many events one job handles: a backfill commits
// thousands at once, and a job per event cost the commit more than the
// events themselves.
const eventBatch = 100

// Kind implements river.JobArgs.
func (EventArgs) Kind() string { return "beckon_event" }

// RemovedArgs is the job that compensates for one event orphaned by a reorg.
type RemovedArgs struct {
	EventID int64 `json:"event_id"`
}

// Kind implements river.JobArgs.
func (RemovedArgs) Kind() string { return "beckon_event_removed" }

// StepArgs is the job that runs one step of one run.
type StepArgs struct {
	RunID int64  `json:"run_id"`
	Step  string `json:"step"`
	// Resume marks the timeout of a "wait: {event: ...}" step: the run
	// moves past Step if it is still waiting there.
	Resume bool `json:"resume,omitempty"`
}

// Kind implements river.JobArgs.
func (StepArgs) Kind() string { return "beckon_step" }

// EnqueueEvents inserts the matching jobs for new events, one per batch
// of up to eventBatch in order, inside the transaction that stores them.
func (e *Engine) EnqueueEvents(ctx context.Context, tx *sql.Tx, events []chain.Event) error {
	params := make([]river.InsertManyParams, 0, (len(events)+eventBatch-1)/eventBatch)
	for start := 0; start < len(events); start += eventBatch {
		batch := events[start:min(start+eventBatch, len(events))]
		args := EventArgs{EventID: batch[0].ID}
		if len(batch) > 1 {
			args = EventArgs{EventIDs: make([]int64, len(batch))}
			for i, ev := range batch {
				args.EventIDs[i] = ev.ID
			}
		}
		params = append(params, river.InsertManyParams{Args: args})
	}
	if len(params) == 0 {
		return nil
	}
	if _, err := e.Jobs.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue events: %w", err)
	}
	return nil
}

// EnqueueRemoved inserts one compensation job per orphaned event.
func (e *Engine) EnqueueRemoved(ctx context.Context, tx *sql.Tx, events []chain.Event) error {
	params := make([]river.InsertManyParams, 0, len(events))
	for _, ev := range events {
		params = append(params, river.InsertManyParams{Args: RemovedArgs{EventID: ev.ID}})
	}
	if _, err := e.Jobs.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue removed events: %w", err)
	}
	return nil
}

// Workers registers the engine's job workers.
func (e *Engine) Workers(w *river.Workers) {
	e.initFlows() // before any worker runs: SetFlows may then be called at any time
	river.AddWorker(w, &eventWorker{e: e})
	river.AddWorker(w, &removedWorker{e: e})
	river.AddWorker(w, &stepWorker{e: e})
	river.AddWorker(w, &scheduleWorker{e: e})
}

// EventVars renders an event for CEL and templates.
func EventVars(ev chain.Event, confirmed bool) map[string]any {
	args := make(map[string]any, len(ev.Args))
	for k, v := range ev.Args {
		args[k] = v
	}
	return map[string]any{
		"kind":      string(ev.Kind),
		"contract":  ev.Source,
		"address":   ev.Contract.Hex(),
		"wallet":    ev.Wallet.Hex(),
		"block":     int64(ev.BlockNumber),
		"tx":        ev.TxHash.Hex(),
		"chain_id":  int64(ev.ChainID),
		"args":      args,
		"confirmed": confirmed,
	}
}

type eventWorker struct {
	river.WorkerDefaults[EventArgs]
	e *Engine
}

func (w *eventWorker) Work(ctx context.Context, job *river.Job[EventArgs]) error {
	e := w.e
	if len(job.Args.EventIDs) == 0 {
		return e.handleEvent(ctx, job.Args.EventID)
	}
	for _, id := range job.Args.EventIDs {
		err := e.handleEvent(ctx, id)
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return err // the batch is retried; events it handled are idempotent
		}
		e.log().Warn("event failed; retrying it in a job of its own", "event_id", id, "err", err)
		if err := e.InTx(ctx, func(tx Tx) error {
			_, err := e.Jobs.InsertTx(ctx, tx.SQL(), EventArgs{EventID: id}, nil)
			return err
		}); err != nil {
			return fmt.Errorf("requeue event %d: %w", id, err)
		}
	}
	return nil
}

// handleEvent matches one stored event against the flows in a transaction.
func (e *Engine) handleEvent(ctx context.Context, eventID int64) error {
	// Local first steps (points, CRM updates, conditions) commit with the
	// event; the first external one gets a job of its own.
	ctx = withCarrier(ctx, &carrier{localOnly: true, left: maxCarried})
	return e.InTx(ctx, func(tx Tx) error {
		ev, err := tx.Event(ctx, eventID)
		if err != nil {
			return err
		}
		if ev.Removed {
			return nil
		}
		contactID, _, err := crm.EnsureWallet(ctx, tx, ev.Wallet)
		if err != nil {
			return fmt.Errorf("contact for %s: %w", ev.Wallet.Hex(), err)
		}
		for _, h := range e.EventHooks {
			if err := h.HandleEvent(ctx, tx, ev, contactID); err != nil {
				return fmt.Errorf("event hook: %w", err)
			}
		}
		if err := e.progress(ctx, tx, string(ev.Kind), contactID); err != nil {
			return err
		}
		evVars := EventVars(ev, false)
		for _, def := range e.Definitions() {
			ok, err := def.MatchesTrigger(string(ev.Kind), ev.Source, evVars)
			if err != nil {
				e.log().Warn("trigger condition failed", "flow", def.Name, "event", ev.Key(), "err", err)
				continue
			}
			if !ok {
				continue
			}
			if _, err := e.start(ctx, tx, def, contactID, ev.ID, evVars, ev.Key()); err != nil {
				return err
			}
		}
		return nil
	})
}

// advance moves run to step path (or completes it when path is empty),
// enqueueing the step's job after delay, in tx. A step due now runs at
// once in tx when the job at hand may carry the run there.
func (e *Engine) advance(ctx context.Context, tx Tx, run Run, path string, delay time.Duration) error {
	if path == "" {
		return tx.UpdateRun(ctx, run.ID, RunCompleted, "", "")
	}
	if delay <= 0 {
		if carried, err := e.carry(ctx, tx, run, path); carried || err != nil {
			return err
		}
	}
	status := RunRunning
	opts := &river.InsertOpts{MaxAttempts: e.stepAttempts()}
	if delay > 0 {
		status = RunWaiting
		opts.ScheduledAt = e.now().Add(delay)
	}
	if err := tx.UpdateRun(ctx, run.ID, status, path, ""); err != nil {
		return err
	}
	if _, err := e.Jobs.InsertTx(ctx, tx.SQL(), StepArgs{RunID: run.ID, Step: path}, opts); err != nil {
		return fmt.Errorf("enqueue step %s of run %d: %w", path, run.ID, err)
	}
	return nil
}

// maxCarried bounds the steps one job runs back to back, keeping it well
// inside the job timeout.
const maxCarried = 16

// carrier is the job running steps back to back: the next step of its run
// runs in the transaction that finished the last one rather than waiting
// for a job of its own, saving a job and a transaction per step.
type carrier struct {
	jobID     int64 // the step job; 0 for an event job
	runID     int64 // the only run a step job carries
	localOnly bool  // an event job: database-only steps, which commit with it
	left      int   // steps it may still carry
	// pending is an external step claimed in the open transaction, to
	// perform once it commits.
	pending *externalEffect
}

type carrierKey struct{}

func withCarrier(ctx context.Context, c *carrier) context.Context {
	return context.WithValue(ctx, carrierKey{}, c)
}

func carrierOf(ctx context.Context) *carrier {
	c, _ := ctx.Value(carrierKey{}).(*carrier)
	return c
}

// localStep reports whether a step only writes the database.
func localStep(t string) bool {
	switch t {
	case StepWait, StepSplit, StepExit, StepIf, StepAwardPoints, StepRevokePoints, StepCRMUpdate, StepReward:
		return true
	}
	return false
}

// carry runs run's step path in tx when the job at hand carries the run,
// and reports whether it did. A step that cannot run now (an error, a
// snooze, confirmations) is undone to a savepoint and left to a job of its
// own, so it never takes the previous step's record down with it.
func (e *Engine) carry(ctx context.Context, tx Tx, run Run, path string) (bool, error) {
	c := carrierOf(ctx)
	if c == nil || c.left <= 0 || c.pending != nil || e.dry != nil || (!c.localOnly && run.ID != c.runID) {
		return false, nil
	}
	def := e.flow(run.Flow)
	if def == nil {
		return false, nil
	}
	step, ok := def.Step(path)
	if !ok || (c.localOnly && !localStep(step.Type)) {
		return false, nil
	}
	c.left--
	savepoint := "flow_carry_" + strconv.Itoa(c.left) // unique: carries nest
	if _, err := tx.SQL().ExecContext(ctx, `SAVEPOINT `+savepoint); err != nil {
		return false, fmt.Errorf("carry run %d: %w", run.ID, err)
	}
	cur, live, err := tx.CarryRun(ctx, run.ID, path, c.jobID)
	var p *externalEffect
	if err == nil && live {
		p, err = e.stepAt(ctx, tx, cur, def, step, false)
	}
	if err != nil || !live {
		c.pending = nil
		if _, rerr := tx.SQL().ExecContext(ctx, `ROLLBACK TO SAVEPOINT `+savepoint); rerr != nil {
			return false, fmt.Errorf("carry run %d: %w", run.ID, errors.Join(err, rerr))
		}
		return false, nil
	}
	if p != nil { // else a step carried after this one may have claimed one
		c.pending = p
	}
	return true, nil
}

type removedWorker struct {
	river.WorkerDefaults[RemovedArgs]
	e *Engine
}

// Work reverses what an orphaned event earned and cancels the runs it
// started; steps still waiting for confirmations never happen.
func (w *removedWorker) Work(ctx context.Context, job *river.Job[RemovedArgs]) error {
	return w.e.InTx(ctx, func(tx Tx) error {
		ev, err := tx.Event(ctx, job.Args.EventID)
		if err != nil {
			return err
		}
		// Hold the event's runs first: a step of one of them that is
		// committing now finishes before the reversal reads the ledger.
		runs, err := tx.RunsByEvent(ctx, ev.ID)
		if err != nil {
			return err
		}
		for _, r := range runs {
			if r.Status == RunRunning || r.Status == RunWaiting {
				if err := tx.UpdateRun(ctx, r.ID, RunCancelled, r.Step, "trigger event orphaned by a reorg"); err != nil {
					return err
				}
			}
		}
		reversed, err := loyalty.ReverseSource(ctx, tx, ev.Key(), "reorg: event orphaned")
		if err != nil {
			return err
		}
		for _, h := range w.e.RemovedHooks {
			if err := h.HandleRemoved(ctx, tx, ev); err != nil {
				return fmt.Errorf("removed-event hook: %w", err)
			}
		}
		w.e.log().Info("compensated orphaned event", "event", ev.Key(), "kind", ev.Kind, "points_reversed", reversed, "runs", len(runs))
		return nil
	})
}

type stepWorker struct {
	river.WorkerDefaults[StepArgs]
	e *Engine
}

// errNotConfirmed means the step must wait for more confirmations.
var errNotConfirmed = errors.New("trigger event not confirmed yet")

func (w *stepWorker) Work(ctx context.Context, job *river.Job[StepArgs]) error {
	e := w.e
	c := &carrier{jobID: job.ID, runID: job.Args.RunID}
	if job.Attempt <= 1 {
		// A retried job only finishes the step that failed: the steps
		// after it get jobs, and attempts, of their own.
		c.left = maxCarried
	}
	ctx = withCarrier(ctx, c)
	var pending *externalEffect
	err := e.InTx(ctx, func(tx Tx) error {
		c.pending = nil
		p, err := e.runStep(ctx, tx, job.Args)
		pending = p
		return err
	})
	if errors.Is(err, errNotConfirmed) {
		return river.JobSnooze(e.confirmWait())
	}
	var sn *snooze
	if errors.As(err, &sn) {
		return river.JobSnooze(sn.d)
	}
	if err != nil {
		return e.deadLetter(ctx, job, err)
	}
	if pending == nil {
		pending, c.pending = c.pending, nil // a carried step's
	}
	if pending == nil {
		return nil
	}
	return w.effect(ctx, job, pending)
}

// effect performs an external effect claimed and committed, outside any
// transaction, then records the outcome and moves on.
func (w *stepWorker) effect(ctx context.Context, job *river.Job[StepArgs], pending *externalEffect) error {
	e := w.e
	var marks EffectMarks
	if pending.send != nil {
		m, err := e.effectMarks(ctx)
		if err != nil { // nothing has left: the retry finds the claim pending
			return e.deadLetter(ctx, job, err)
		}
		marks = m
	}
	if err := w.settleEffect(ctx, job, pending, marks); err != nil {
		return err
	}
	if c := carrierOf(ctx); c != nil && c.pending != nil {
		carried := c.pending
		c.pending = nil
		return w.effect(ctx, job, carried)
	}
	return nil
}

// settleEffect performs pending, records its outcome (a two-phase one
// through marks, which it closes before any transaction: a store may have
// a single connection) and moves the run on.
func (w *stepWorker) settleEffect(ctx context.Context, job *river.Job[StepArgs], pending *externalEffect, marks EffectMarks) error {
	e := w.e
	release := func() {
		if marks == nil {
			return
		}
		if err := marks.Close(); err != nil {
			e.log().Warn("release effect marks connection", "err", err)
		}
		marks = nil
	}
	defer release()
	sendErr := pending.perform(ctx, marks)
	status := EffectDone
	switch {
	case email.Blocked(sendErr): // suppressed or unconfirmed address: final, skip rather than retry
		status, pending.detail, sendErr = EffectSkipped, sendErr.Error(), nil
	case errors.Is(sendErr, email.ErrMaybeDelivered): // lost the relay's reply: never resend
		e.log().Warn("email may have been delivered; not repeating it", "flow", pending.def.Name,
			"run", pending.run.ID, "step", pending.step.Path, "err", sendErr)
		status, sendErr = EffectUncertain, nil
	}
	if sendErr != nil {
		release()
		// Nothing was delivered: free the claim (committed, so the retry
		// sends again) and let River retry the job.
		if !errors.Is(sendErr, errEffectTaken) {
			if err := e.InTx(ctx, func(tx Tx) error {
				return tx.ReleaseEffect(ctx, pending.run.ID, pending.step.Path)
			}); err != nil {
				sendErr = errors.Join(sendErr, err)
			}
		}
		return e.deadLetter(ctx, job, fmt.Errorf("%s step %s of run %d: %w", pending.step.Type, pending.step.Path, pending.run.ID, sendErr))
	}
	next := func(tx Tx) error {
		return e.advance(ctx, tx, pending.run, pending.def.NextAfter(pending.step.Path), 0)
	}
	var err error
	if marks != nil {
		// A two-phase effect's outcome is recorded on its own, at once:
		// until it is, a crash leaves the effect uncertain. The run moves
		// on in a transaction after it; a crash between the two is settled
		// by the retry.
		err = marks.FinishEffect(ctx, pending.run.ID, pending.step.Path, status, pending.detail)
		release()
		if err == nil {
			err = e.InTx(ctx, next)
		}
	} else {
		err = e.InTx(ctx, func(tx Tx) error {
			if err := tx.FinishEffect(ctx, pending.run.ID, pending.step.Path, status, pending.detail); err != nil {
				return err
			}
			return next(tx)
		})
	}
	if err != nil {
		return e.deadLetter(ctx, job, err)
	}
	return nil
}

// errEffectTaken means a two-phase effect was no longer pending when it was
// about to leave: another attempt of the step owns it.
var errEffectTaken = errors.New("effect taken by another attempt")

// perform does the effect. A two-phase one moves its claim from pending
// to started through marks at the last moment nothing has left; if that
// fails, nothing leaves.
func (x *externalEffect) perform(ctx context.Context, marks EffectMarks) error {
	if x.send == nil {
		return x.do(ctx)
	}
	return x.send(ctx, func(ctx context.Context) error {
		ok, err := marks.StartEffect(ctx, x.run.ID, x.step.Path)
		if err == nil && !ok {
			err = errEffectTaken
		}
		return err
	})
}

// EffectMarks writes a two-phase effect's marks outside any transaction,
// each statement committing by itself, on a connection taken before the
// send (store.EffectMarks): the outcome's record then waits for no pool
// and no COMMIT round trip.
type EffectMarks interface {
	StartEffect(ctx context.Context, runID int64, step string) (bool, error)
	FinishEffect(ctx context.Context, runID int64, step, status, detail string) error
	Close() error
}

// effectMarks takes the marks of one two-phase effect: the store's own
// connection when Marks is set, else a short transaction per mark.
func (e *Engine) effectMarks(ctx context.Context) (EffectMarks, error) {
	if e.Marks != nil {
		return e.Marks(ctx)
	}
	return txMarks{e}, nil
}

// txMarks writes each mark in a transaction of its own.
type txMarks struct{ e *Engine }

func (m txMarks) StartEffect(ctx context.Context, runID int64, step string) (started bool, err error) {
	err = m.e.InTx(ctx, func(tx Tx) error {
		started, err = tx.StartEffect(ctx, runID, step)
		return err
	})
	return started, err
}

func (m txMarks) FinishEffect(ctx context.Context, runID int64, step, status, detail string) error {
	return m.e.InTx(ctx, func(tx Tx) error { return tx.FinishEffect(ctx, runID, step, status, detail) })
}

func (txMarks) Close() error { return nil }

// deadLetter marks the run failed once its step job has used its last
// attempt, so `beckon flows runs NAME --failed` shows it with the error.
func (e *Engine) deadLetter(ctx context.Context, job *river.Job[StepArgs], err error) error {
	if job.Attempt < job.MaxAttempts {
		return err
	}
	if dlErr := e.InTx(ctx, func(tx Tx) error {
		run, rerr := tx.Run(ctx, job.Args.RunID)
		if rerr != nil {
			return rerr
		}
		if (run.Step != job.Args.Step && run.JobID != job.ID) || (run.Status != RunRunning && run.Status != RunWaiting) {
			return nil
		}
		return tx.UpdateRun(ctx, run.ID, RunFailed, run.Step, err.Error())
	}); dlErr != nil {
		return errors.Join(err, dlErr)
	}
	e.log().Error("step failed for good; run dead-lettered", "run", job.Args.RunID, "step", job.Args.Step, "err", err)
	return err
}

func (e *Engine) stepAttempts() int {
	if e.StepAttempts <= 0 {
		return 10
	}
	return e.StepAttempts
}

// snooze delays a step without counting an attempt: frequency caps and
// quiet hours.
type snooze struct{ d time.Duration }

func (s *snooze) Error() string { return "step delayed for " + s.d.String() }

func (e *Engine) confirmWait() time.Duration {
	if e.ConfirmWait <= 0 {
		return 2 * time.Second
	}
	return e.ConfirmWait
}

// externalEffect is a claimed side effect outside the database.
type externalEffect struct {
	run    Run
	def    *Definition
	step   *Step
	detail string
	do     func(ctx context.Context) error
	// send, when set instead of do, performs the effect in two phases,
	// calling commit at the last moment nothing has left.
	send func(ctx context.Context, commit func(context.Context) error) error
}

// commitSender is a mail transport with two-phase delivery
// (email.CommitSender): commit runs at the last moment nothing has been
// delivered, and a failing commit abandons the message.
type commitSender interface {
	SendCommit(ctx context.Context, m email.Message, commit func(context.Context) error) error
}

// runStep executes local steps inside tx and returns external ones claimed
// but not yet performed.
func (e *Engine) runStep(ctx context.Context, tx Tx, args StepArgs) (*externalEffect, error) {
	run, err := tx.Run(ctx, args.RunID)
	if err != nil {
		return nil, err
	}
	if c := carrierOf(ctx); c != nil && c.jobID != 0 && run.JobID == c.jobID {
		// This job carried the run on before a crash or a failed
		// attempt: it goes on from the run's step.
		args = StepArgs{RunID: run.ID, Step: run.Step}
	}
	if (run.Status != RunRunning && run.Status != RunWaiting) || run.Step != args.Step {
		return nil, nil // cancelled, finished, or a stale duplicate job
	}
	def := e.flow(run.Flow)
	if def == nil {
		return nil, tx.UpdateRun(ctx, run.ID, RunFailed, run.Step, "flow "+run.Flow+" is no longer loaded")
	}
	step, ok := def.Step(args.Step)
	if !ok {
		return nil, tx.UpdateRun(ctx, run.ID, RunFailed, run.Step, "flow "+run.Flow+" has no step "+args.Step)
	}
	return e.stepAt(ctx, tx, run, def, step, args.Resume)
}

// stepAt runs step of run, which tx holds; resume is the timeout of an
// event wait.
func (e *Engine) stepAt(ctx context.Context, tx Tx, run Run, def *Definition, step *Step, resume bool) (*externalEffect, error) {
	var err error
	var ev chain.Event
	confirmed := true
	if run.EventID != 0 {
		if ev, err = tx.Event(ctx, run.EventID); err != nil {
			return nil, err
		}
		if ev.Removed {
			return nil, tx.UpdateRun(ctx, run.ID, RunCancelled, run.Step, "trigger event orphaned by a reorg")
		}
		confirmed, err = e.confirmed(ctx, tx, def, ev)
		if err != nil {
			return nil, err
		}
		confirmed = confirmed || e.dry != nil
	}
	contact, facts, err := e.runContact(ctx, tx, run, e.readsFacts(def, step))
	if err != nil {
		return nil, err
	}
	vars := Vars{Contact: facts, Event: run.Trigger}
	if run.EventID != 0 {
		vars.Event = EventVars(ev, confirmed)
	}
	next := def.NextAfter(step.Path)
	if resume {
		// The timeout of an event wait: go on if the run still waits here.
		if run.Status != RunWaiting || run.WaitEvent == "" {
			return nil, nil
		}
		return nil, e.advance(ctx, tx, run, next, 0)
	}
	if exit, err := def.ShouldExit(vars); err != nil {
		e.log().Warn("exit condition failed", "flow", def.Name, "run", run.ID, "err", err)
	} else if exit {
		return nil, tx.UpdateRun(ctx, run.ID, RunExited, step.Path, "exit_when")
	}

	switch step.Type {
	case StepWait:
		switch {
		case step.WaitEvent != "":
			if err := tx.UpdateRun(ctx, run.ID, RunWaiting, step.Path, ""); err != nil {
				return nil, err
			}
			if err := tx.SetWaitEvent(ctx, run.ID, step.WaitEvent); err != nil {
				return nil, err
			}
			_, err := e.Jobs.InsertTx(ctx, tx.SQL(), StepArgs{RunID: run.ID, Step: step.Path, Resume: true},
				&river.InsertOpts{ScheduledAt: e.now().Add(step.Wait), MaxAttempts: e.stepAttempts()})
			if err != nil {
				return nil, fmt.Errorf("enqueue wait timeout of run %d: %w", run.ID, err)
			}
			return nil, nil
		case !step.WaitUntil.IsZero():
			return nil, e.advance(ctx, tx, run, next, max(step.WaitUntil.Sub(e.now()), 0))
		}
		return nil, e.advance(ctx, tx, run, next, step.Wait)
	case StepSplit:
		variant, branch := def.Variant(step, contact.ID)
		existing, claimed, err := tx.ClaimEffect(ctx, Effect{RunID: run.ID, Step: step.Path, Kind: StepSplit, Detail: variant})
		if err != nil {
			return nil, err
		}
		if !claimed && existing.Detail != variant {
			return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, "split variant changed from "+existing.Detail)
		}
		if err := tx.FinishEffect(ctx, run.ID, step.Path, EffectDone, variant); err != nil {
			return nil, err
		}
		if variant == "holdout" {
			// The control group: nothing more happens, but goals still count.
			return nil, tx.UpdateRun(ctx, run.ID, RunCompleted, step.Path, "")
		}
		return nil, e.advance(ctx, tx, run, branch[0].Path, 0)
	case StepExit:
		return nil, tx.UpdateRun(ctx, run.ID, RunExited, step.Path, "")
	case StepIf:
		yes, err := def.EvalIf(step, vars)
		if err != nil {
			return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, err.Error())
		}
		branch := step.Else
		suffix := ".else.0"
		if yes {
			branch, suffix = step.Then, ".then.0"
		}
		if len(branch) == 0 {
			return nil, e.advance(ctx, tx, run, next, 0)
		}
		return nil, e.advance(ctx, tx, run, step.Path+suffix, 0)
	case StepAwardPoints, StepRevokePoints:
		return nil, e.localEffect(ctx, tx, run, def, step, func() (string, error) {
			amount := step.AwardPoints.Amount
			if step.Type == StepRevokePoints {
				amount = -amount
			}
			source := fmt.Sprintf("run:%d", run.ID)
			if run.EventID != 0 {
				source = ev.Key() // a reorg of the event reverses these points
			}
			var ledger loyalty.Store = tx
			if ts, ok := tx.(loyalty.TierStore); ok {
				ledger = e.Signals(tx, ts)
				if e.Ledger != nil {
					ledger = e.Ledger.Bind(e.Signals(tx, ts))
				}
			}
			reason := step.AwardPoints.Reason
			if reason == "" {
				reason = "flow " + def.Name
			}
			_, err := loyalty.Award(ctx, ledger, loyalty.Entry{
				ContactID: contact.ID, Amount: amount, Reason: reason,
				Source: source, Key: effectKey(run, step),
			})
			return strconv.FormatInt(amount, 10) + " points", err
		})
	case StepCRMUpdate:
		return nil, e.localEffect(ctx, tx, run, def, step, func() (string, error) {
			return "traits updated", tx.SetTraits(ctx, contact.ID, step.CRMUpdate)
		})
	}

	// Everything below reaches outside the database and cannot be taken
	// back: it waits for the flow's confirmation policy.
	if !confirmed {
		return nil, errNotConfirmed
	}
	if step.Type == StepReward && e.dry != nil {
		eff := &externalEffect{run: run, def: def, step: step, detail: rewardDetail(step.Reward)}
		existing, claimed, err := tx.ClaimEffect(ctx, Effect{RunID: run.ID, Step: step.Path, Kind: step.Type, Detail: eff.detail})
		if err != nil || !claimed {
			if err != nil {
				return nil, err
			}
			return nil, e.settle(ctx, tx, run, def, step, existing)
		}
		return eff, nil
	}
	if step.Type == StepReward {
		if e.Rewards == nil {
			return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, "reward step: no rewards configured")
		}
		return nil, e.localEffect(ctx, tx, run, def, step, func() (string, error) {
			return e.Rewards.Reward(ctx, tx, contact.ID, step.Reward, effectKey(run, step))
		})
	}
	if d, err := e.hold(ctx, tx, run, step, facts); e.dry == nil && (err != nil || d > 0) {
		if err != nil {
			return nil, err
		}
		return nil, &snooze{d: d}
	}
	eff := &externalEffect{run: run, def: def, step: step}
	data := map[string]any{"Contact": facts, "Event": vars.Event, "Flow": def.Name}
	switch step.Type {
	case StepEmail:
		if contact.Email == "" {
			return nil, e.skip(ctx, tx, run, def, step, "contact has no email")
		}
		if contact.Unsubscribed {
			return nil, e.skip(ctx, tx, run, def, step, "contact unsubscribed")
		}
		subject, html, text, err := e.Templates.Render(step.Email.Template, map[string]any{
			"Contact": facts, "Event": vars.Event, "Points": facts["points"],
			"UnsubscribeURL": e.unsubscribeURL(contact.ID),
		})
		if err != nil {
			return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, err.Error())
		}
		msg := email.Message{
			ID: effectKey(run, step), From: e.From, To: contact.Email, Subject: subject, HTML: html, Text: text,
			UnsubscribeURL: e.unsubscribeURL(contact.ID),
		}
		eff.detail = "email " + step.Email.Template + " to " + contact.Email
		if cs, ok := e.Mail.(commitSender); ok {
			eff.send = func(ctx context.Context, commit func(context.Context) error) error {
				return cs.SendCommit(ctx, msg, commit)
			}
		} else {
			eff.do = func(ctx context.Context) error { return e.Mail.Send(ctx, msg) }
		}
	case StepDiscordRole:
		user := contact.Handle(crm.IdentityDiscord)
		if user == "" {
			return nil, e.skip(ctx, tx, run, def, step, "contact has no discord identity")
		}
		name, add := step.DiscordRole.Add, true
		if name == "" {
			name, add = step.DiscordRole.Remove, false
		}
		role := e.DiscordRoles[name]
		if role == "" {
			role = name
		}
		key := effectKey(run, step)
		eff.detail = "discord role " + name
		eff.do = func(ctx context.Context) error {
			if add {
				return e.Discord.AddRole(ctx, e.DiscordGuild, user, role, key)
			}
			return e.Discord.RemoveRole(ctx, e.DiscordGuild, user, role, key)
		}
	case StepDiscordMessage, StepTelegramMessage:
		text, err := renderText(step.Path, stepMessage(step).Text, data)
		if err != nil {
			return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, err.Error())
		}
		target := stepMessage(step).Channel
		dm := target == "" // no channel: the contact's own account
		kind := crm.IdentityDiscord
		if step.Type == StepTelegramMessage {
			kind = crm.IdentityTelegram
		}
		if target == "" {
			if target = contact.Handle(kind); target == "" {
				return nil, e.skip(ctx, tx, run, def, step, "contact has no "+kind+" identity")
			}
		}
		key := effectKey(run, step)
		eff.detail = kind + " message to " + target
		eff.do = func(ctx context.Context) error {
			if step.Type == StepTelegramMessage {
				return e.Telegram.SendMessage(ctx, target, text, key)
			}
			if dm {
				return e.Discord.SendDirectMessage(ctx, target, text, key)
			}
			return e.Discord.SendMessage(ctx, target, text, key)
		}
	case StepWebhook:
		req, err := e.webhookRequest(run, def, step, facts, vars.Event)
		if err != nil {
			return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, err.Error())
		}
		eff.detail = "webhook " + req.host
		eff.do = func(ctx context.Context) error { return e.deliverWebhook(ctx, req) }
	default:
		return nil, tx.UpdateRun(ctx, run.ID, RunFailed, step.Path, "step type "+step.Type+" is not supported by this runner")
	}
	claim := Effect{RunID: run.ID, Step: step.Path, Kind: step.Type, Status: EffectStarted, Detail: eff.detail}
	if eff.send != nil {
		claim.Status = EffectPending
	}
	existing, claimed, err := tx.ClaimEffect(ctx, claim)
	if err != nil {
		return nil, err
	}
	if !claimed && existing.Status == EffectPending {
		// The last attempt stopped before anything left: send again.
		if err := tx.FinishEffect(ctx, run.ID, step.Path, claim.Status, eff.detail); err != nil {
			return nil, err
		}
		claimed = true
	}
	if !claimed {
		return nil, e.settle(ctx, tx, run, def, step, existing)
	}
	return eff, nil
}

// readsFacts reports whether running step reads the contact's facts:
// conditions, templates and payloads do; points, traits, waits, rewards
// and fixed messages do not, and skip computing them.
func (e *Engine) readsFacts(def *Definition, step *Step) bool {
	switch {
	case def.exitWhen != nil:
		return true
	case step.Type == StepDiscordMessage || step.Type == StepTelegramMessage:
		// Quiet hours read the timezone; a text without actions reads nothing.
		return e.Quiet != nil || strings.Contains(stepMessage(step).Text, "{{")
	case step.Type == StepIf:
		return true
	}
	return !localStep(step.Type) && step.Type != StepDiscordRole
}

// settle handles a step whose effect record exists: a finished effect just
// advances; one left "started" by a crash may have happened, so it is
// marked uncertain and never repeated. (One left "pending" sent nothing;
// runStep sends it again before it gets here.)
func (e *Engine) settle(ctx context.Context, tx Tx, run Run, def *Definition, step *Step, existing Effect) error {
	if existing.Status == EffectStarted {
		e.log().Warn("effect interrupted; not repeating it", "flow", def.Name, "run", run.ID, "step", step.Path,
			"kind", step.Type, "detail", existing.Detail)
		if err := tx.FinishEffect(ctx, run.ID, step.Path, EffectUncertain, existing.Detail); err != nil {
			return err
		}
	}
	return e.advance(ctx, tx, run, def.NextAfter(step.Path), 0)
}

// localEffect runs a database-only effect in tx with its idempotency record.
func (e *Engine) localEffect(ctx context.Context, tx Tx, run Run, def *Definition, step *Step, do func() (string, error)) error {
	existing, claimed, err := tx.ClaimEffect(ctx, Effect{RunID: run.ID, Step: step.Path, Kind: step.Type})
	if err != nil {
		return err
	}
	if !claimed {
		return e.settle(ctx, tx, run, def, step, existing)
	}
	detail, err := do()
	if err != nil {
		return err
	}
	if e.dry != nil {
		e.dry.record(step, detail, false)
	}
	if err := tx.FinishEffect(ctx, run.ID, step.Path, EffectDone, detail); err != nil {
		return err
	}
	return e.advance(ctx, tx, run, def.NextAfter(step.Path), 0)
}

func (e *Engine) skip(ctx context.Context, tx Tx, run Run, def *Definition, step *Step, why string) error {
	if e.dry != nil {
		e.dry.record(step, why, true)
	}
	existing, claimed, err := tx.ClaimEffect(ctx, Effect{RunID: run.ID, Step: step.Path, Kind: step.Type, Detail: why})
	if err != nil {
		return err
	}
	if !claimed && existing.Status != EffectPending { // a pending claim sent nothing: skip it now
		return e.settle(ctx, tx, run, def, step, existing)
	}
	if err := tx.FinishEffect(ctx, run.ID, step.Path, EffectSkipped, why); err != nil {
		return err
	}
	return e.advance(ctx, tx, run, def.NextAfter(step.Path), 0)
}

// confirmed reports whether ev is deep enough for def's irreversible steps.
func (e *Engine) confirmed(ctx context.Context, tx Tx, def *Definition, ev chain.Event) (bool, error) {
	need := def.Confirmations
	if need == 0 {
		need = e.DefaultConfirmations
	}
	if need <= 0 || ev.ChainID == chain.OffChainID {
		return true, nil
	}
	cp, ok, err := tx.Checkpoint(ctx, ev.ChainID)
	if err != nil || !ok {
		return false, err
	}
	return cp.Number >= ev.BlockNumber && cp.Number-ev.BlockNumber >= uint64(need), nil
}

func (e *Engine) unsubscribeURL(contactID int64) string {
	if e.UnsubscribeURL == "" {
		return ""
	}
	return strings.NewReplacer(
		"{contact}", strconv.FormatInt(contactID, 10),
		"{token}", crm.UnsubscribeToken(e.UnsubscribeSecret, contactID),
	).Replace(e.UnsubscribeURL)
}

func effectKey(run Run, step *Step) string {
	return fmt.Sprintf("run:%d:%s", run.ID, step.Path)
}

func stepMessage(s *Step) *MessageStep {
	if s.Type == StepTelegramMessage {
		return s.TelegramMessage
	}
	return s.DiscordMessage
}

func renderText(path, text string, data any) (string, error) {
	t, err := template.New(path).Option("missingkey=zero").Parse(text)
	if err != nil {
		return "", fmt.Errorf("step %s: parse message: %w", path, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("step %s: render message: %w", path, err)
	}
	return b.String(), nil
}

func rewardDetail(r *RewardStep) string {
	switch {
	case r.Allocate != "":
		return "allocate " + r.Allocate
	case r.Payout != "":
		return "payout " + r.Payout
	}
	return "badge " + strconv.FormatInt(r.Badge, 10)
}
