package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// jobDriver picks River's driver for the dialect. Both run over the same
// *sql.DB as the store, so a job inserted with InsertTx commits in the
// same transaction as the rows that caused it; on PostgreSQL the pgx pool
// also carries LISTEN/NOTIFY for prompt job pickup.
func (db *DB) jobDriver() riverdriver.Driver[*sql.Tx] {
	if db.Dialect == Postgres {
		return riverdatabasesql.NewWithPgxListener(db.SQL, db.Pool)
	}
	return riversqlite.New(db.SQL)
}

// MigrateJobs applies River's own migrations; safe to run twice.
func (db *DB) MigrateJobs(ctx context.Context) (int, error) {
	m, err := rivermigrate.New(db.jobDriver(), &rivermigrate.Config{Logger: db.log})
	if err != nil {
		return 0, fmt.Errorf("job migrator: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("migrate jobs: %w", err)
	}
	return len(res.Versions), nil
}

// JobConfig tunes the job client.
type JobConfig struct {
	Workers    *river.Workers
	MaxWorkers int           // per process; default 4 on SQLite, 20 on PostgreSQL
	PollEvery  time.Duration // fetch poll interval; default 100ms
	Logger     *slog.Logger
	// Insert only: a client without workers, for commands that enqueue.
	InsertOnly bool
	// PeriodicJobs are enqueued on their schedules by the leader replica.
	PeriodicJobs []*river.PeriodicJob
}

// JobClient returns a River client over the store.
func (db *DB) JobClient(cfg JobConfig) (*river.Client[*sql.Tx], error) {
	max := cfg.MaxWorkers
	if max == 0 {
		max = 20
		if db.Dialect == SQLite {
			max = 4
		}
	}
	poll := cfg.PollEvery
	if poll == 0 {
		poll = 100 * time.Millisecond
	}
	rc := &river.Config{
		Logger:            cfg.Logger,
		FetchPollInterval: poll,
		// The cooldown also spaces the client's insert notifications: a
		// job queued by a job (an event's first step) within it would wait
		// for the next poll instead of waking a producer at once.
		FetchCooldown: min(poll/2, 2*time.Millisecond),
		MaxAttempts:   25,
		JobTimeout:    time.Minute,
	}
	if !cfg.InsertOnly {
		rc.Workers = cfg.Workers
		rc.PeriodicJobs = cfg.PeriodicJobs
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max}}
	}
	c, err := river.NewClient(db.jobDriver(), rc)
	if err != nil {
		return nil, fmt.Errorf("job client: %w", err)
	}
	return c, nil
}
