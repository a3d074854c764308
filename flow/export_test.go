package flow

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// WorkStep runs the step job args once, as a River worker would.
func WorkStep(ctx context.Context, e *Engine, args StepArgs) error {
	job := &river.Job[StepArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: e.stepAttempts()}, Args: args}
	return (&stepWorker{e: e}).Work(ctx, job)
}
