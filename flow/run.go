package flow

import "context"

// Run statuses.
const (
	RunRunning   = "running"
	RunWaiting   = "waiting"
	RunCompleted = "completed"
	RunExited    = "exited"
	RunCancelled = "cancelled" // its trigger event was orphaned by a reorg
	RunFailed    = "failed"
)

// Effect statuses. An effect row is written before an external side effect
// is attempted and finished after; a row left "started" by a crash means the
// effect may have happened, so it is never attempted again (at most once).
const (
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
	UpdateRun(ctx context.Context, id int64, status, step, errText string) error
	// RunsByEvent loads and holds the runs an event started.
	RunsByEvent(ctx context.Context, eventID int64) ([]Run, error)
	// ClaimEffect records that the step's effect is about to happen. It
	// returns the existing effect and false when one was already recorded.
	ClaimEffect(ctx context.Context, e Effect) (existing Effect, claimed bool, err error)
	FinishEffect(ctx context.Context, runID int64, step, status, detail string) error
	// ReleaseEffect forgets a claim whose effect failed for sure, so a retry may try again.
	ReleaseEffect(ctx context.Context, runID int64, step string) error
}
