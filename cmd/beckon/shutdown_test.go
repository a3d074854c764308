package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

type shutdownArgs struct {
	Name string `json:"name"`
	Slow bool   `json:"slow"`
}

func (shutdownArgs) Kind() string { return "test_shutdown" }

// shutdownWorker writes a row in a transaction; a slow job holds the
// transaction open until its context is cancelled, then rolls back.
type shutdownWorker struct {
	river.WorkerDefaults[shutdownArgs]
	db      *store.DB
	started chan string
}

func (w *shutdownWorker) Work(ctx context.Context, job *river.Job[shutdownArgs]) error {
	return w.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO beckon_secrets (name, value, created_at) VALUES ($1, 'x', 0)`, job.Args.Name); err != nil {
			return err
		}
		w.started <- job.Args.Name
		if job.Args.Slow {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	})
}

// TestStopJobsFinishesOrReleases: a job that finishes within the soft stop
// completes; one that does not is cancelled, its transaction rolled back
// and the job left to be retried, not stuck running.
func TestStopJobsFinishesOrReleases(t *testing.T) {
	db := storetest.OpenPostgres(t) // SQLite's one connection would serialise the held transaction
	ctx := context.Background()
	w := &shutdownWorker{db: db, started: make(chan string, 4)}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	jobs, err := db.JobClient(store.JobConfig{Workers: workers, PollEvery: 20 * time.Millisecond})
	require.NoError(t, err)
	require.NoError(t, jobs.Start(ctx))
	slow, err := jobs.Insert(ctx, shutdownArgs{Name: "slow", Slow: true}, nil)
	require.NoError(t, err)
	require.Equal(t, "slow", <-w.started)
	fast, err := jobs.Insert(ctx, shutdownArgs{Name: "fast"}, nil)
	require.NoError(t, err)
	require.Equal(t, "fast", <-w.started)

	start := time.Now()
	require.NoError(t, stopJobs(jobs, 300*time.Millisecond, 30*time.Second))
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond, "the soft stop waits before cancelling")

	state := func(id int64) string {
		var s string
		require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT state FROM river_job WHERE id = $1`, id).Scan(&s))
		return s
	}
	require.Equal(t, "completed", state(fast.Job.ID))
	require.Contains(t, []string{"retryable", "available"}, state(slow.Job.ID), "a cancelled job is released for a retry")
	rows := map[string]bool{}
	for _, name := range []string{"slow", "fast"} {
		var n int
		require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM beckon_secrets WHERE name = $1`, name).Scan(&n))
		rows[name] = n == 1
	}
	require.Equal(t, map[string]bool{"fast": true, "slow": false}, rows, "the cancelled job's writes rolled back")
}

type fakeStopper struct {
	stopErr  error
	canceled bool
}

func (f *fakeStopper) Stop(ctx context.Context) error {
	if f.stopErr != nil {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (f *fakeStopper) StopAndCancel(context.Context) error { f.canceled = true; return nil }

func TestStopJobsEscalatesOnlyAfterTheSoftStop(t *testing.T) {
	quick := &fakeStopper{}
	require.NoError(t, stopJobs(quick, time.Second, time.Second))
	require.False(t, quick.canceled)
	stuck := &fakeStopper{stopErr: errors.New("busy")}
	require.NoError(t, stopJobs(stuck, 10*time.Millisecond, time.Second))
	require.True(t, stuck.canceled)
}
