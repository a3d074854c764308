package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Shutdown budget: running jobs get jobSoftStop to finish; what is still
// running then is cancelled, which rolls back its transaction and leaves
// the job to be retried (by this or another replica), and gets jobHardStop
// to return.
const (
	jobSoftStop = 10 * time.Second
	jobHardStop = 5 * time.Second
)

// jobStopper is the part of River's client a shutdown uses.
type jobStopper interface {
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// stopJobs stops fetching new jobs and waits up to soft for running ones
// to finish; then it cancels the rest and waits up to hard for them to
// return. A job is never abandoned half-written: its work and its
// completion commit in one transaction, so a cancelled job's work rolls
// back with it.
func stopJobs(jobs jobStopper, soft, hard time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), soft)
	err := jobs.Stop(ctx)
	cancel()
	if err == nil {
		return nil
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop jobs: %w", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), hard)
	defer cancel()
	if err := jobs.StopAndCancel(ctx); err != nil {
		return fmt.Errorf("cancel running jobs: %w", err)
	}
	return nil
}
