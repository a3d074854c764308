package flow

import (
	"context"
	"errors"
	"fmt"
)

// ErrNotRetryable is returned when retrying a run that has not failed.
var ErrNotRetryable = errors.New("only failed runs can be retried")

// RetryRun puts a failed run back on the step it failed at and enqueues
// that step's job again, in one transaction. The (run, step) effect record
// still guards the step: an effect that may already have happened is not
// attempted twice.
func (e *Engine) RetryRun(ctx context.Context, runID int64) error {
	return e.InTx(ctx, func(tx Tx) error {
		run, err := tx.Run(ctx, runID)
		if err != nil {
			return fmt.Errorf("retry run %d: %w", runID, err)
		}
		if run.Status != RunFailed {
			return fmt.Errorf("retry run %d (%s): %w", runID, run.Status, ErrNotRetryable)
		}
		if e.flow(run.Flow) == nil {
			return fmt.Errorf("retry run %d: flow %s is no longer loaded: %w", runID, run.Flow, ErrNotRetryable)
		}
		return e.advance(ctx, tx, run, run.Step, 0)
	})
}
