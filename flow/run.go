package flow

import (
	"context"
	"time"
)

// Run statuses.
const (
	RunRunning   = "running"
	RunWaiting   = "waiting"
	RunCompleted = "completed"
	RunExited    = "exited"
	RunCancelled = "cancelled" // its trigger event was orphaned by a reorg
	RunFailed    = "failed"    // dead-lettered: retries exhausted or the step cannot run
	RunConverted = "converted" // the flow's goal happened while the run was live
)

// Effect statuses. An effect row is written before an external side effect
// is attempted and finished after; a row left "started" by a crash means the
// effect may have happened, so it is never attempted again (at most once).
// A two-phase email is claimed "pending" and only becomes "started" at the
// last moment nothing has left (before SMTP's final dot): a crash while it
// is pending is retried, so the email is sent exactly once unless the crash
// falls between that dot and the "done" record.
const (
	EffectPending   = "pending"
	EffectStarted   = "started"
	EffectDone      = "done"
	EffectSkipped   = "skipped"
	EffectUncertain = "uncertain"
)

// Run is one contact's journey through one flow.
type Run struct {
	ID         int64
	Flow       string
	ContactID  int64
	TriggerKey string // unique per flow: enforces the re-entry policy
	EventID    int64  // triggering chain event, 0 for other triggers
	Status     string
	Step       string // path of the current step
	Error      string
	// Trigger is the event variables of a run started by something other
	// than a chain event (segment change, points, tier, link, API event,
	// schedule); nil for chain-triggered runs, which read their event.
	Trigger     map[string]any
	CreatedAt   time.Time
	ConvertedAt time.Time // zero unless the goal was reached
	WaitEvent   string    // the event kind a "wait: {event: ...}" step waits for
	// JobID is the step job carrying the run through its current step
	// (steps run back to back in one job), 0 when the step has a job of
	// its own.
	JobID int64
}

// Effect is the idempotency record of one (run, step).
type Effect struct {
	RunID  int64
	Step   string
	Kind   string
	Status string
	Detail string
}

// Store is what the runner needs from persistence.
type Store interface {
	// CreateRun inserts r unless a run with the same flow and trigger key
	// exists; created says which, and the stored run is returned either way.
	CreateRun(ctx context.Context, r Run) (Run, bool, error)
	// Run loads a run and holds it until the transaction ends, so steps
	// and compensation of one run never interleave.
	Run(ctx context.Context, id int64) (Run, error)
	// UpdateRun sets the run's status and step; a carrying job lets go.
	UpdateRun(ctx context.Context, id int64, status, step, errText string) error
	// CarryRun moves a running or waiting run to step, which job jobID
	// (0: none, the step commits with this transaction) runs without a job
	// of its own, and returns the run; live is false, and nothing changes,
	// for a run in any other status.
	CarryRun(ctx context.Context, id int64, step string, jobID int64) (run Run, live bool, err error)
	// RunsByEvent loads and holds the runs an event started.
	RunsByEvent(ctx context.Context, eventID int64) ([]Run, error)
	// ClaimEffect records that the step's effect is about to happen, with
	// e.Status (EffectStarted when empty). It returns the existing effect
	// and false when one was already recorded.
	ClaimEffect(ctx context.Context, e Effect) (existing Effect, claimed bool, err error)
	// StartEffect moves a pending effect to started; false when it is not
	// pending (another attempt took it, or it finished).
	StartEffect(ctx context.Context, runID int64, step string) (bool, error)
	FinishEffect(ctx context.Context, runID int64, step, status, detail string) error
	// ReleaseEffect forgets a pending or started claim whose effect failed
	// for sure, so a retry may try again.
	ReleaseEffect(ctx context.Context, runID int64, step string) error
}

// JourneyStore is what goals, event waits, frequency caps and schedules
// need from persistence.
type JourneyStore interface {
	// GoalRuns loads and holds the contact's runs of flow created at or
	// after since that are not converted or cancelled.
	GoalRuns(ctx context.Context, flow string, contactID int64, since time.Time) ([]Run, error)
	// ConvertRun stamps the conversion; with end, a live run also ends as
	// converted.
	ConvertRun(ctx context.Context, id int64, at time.Time, end bool) error
	// WaitingRuns loads and holds the contact's runs waiting for event.
	WaitingRuns(ctx context.Context, contactID int64, event string) ([]Run, error)
	SetWaitEvent(ctx context.Context, id int64, event string) error
	// SentSince counts the contact's effects of kind (email, ...) across
	// all flows claimed at or after since.
	SentSince(ctx context.Context, contactID int64, kind string, since time.Time) (int64, error)
	// ContactIDs pages through contacts by id.
	ContactIDs(ctx context.Context, after int64, limit int) ([]int64, error)
}
