package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Lease is an exclusive claim on a named piece of work (a chain's
// indexer) among processes sharing one store.
type Lease struct {
	lost    chan struct{}
	release func()
	once    sync.Once
}

// Lost is closed when the lease can no longer be vouched for (its
// connection died); the holder must stop the work.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// Release gives the lease up; safe to call more than once.
func (l *Lease) Release() { l.once.Do(l.release) }

// leaseCheckEvery is how often a held PostgreSQL lease checks its connection.
const leaseCheckEvery = 2 * time.Second

// LeaseNoticeWithin bounds how long a holder whose session died (a
// network partition rather than a dead process) may go on before Lost
// closes: a check interval plus the check's timeout. A new holder that
// waits this long before starting cannot overlap the old one.
const LeaseNoticeWithin = 2 * leaseCheckEvery

// TryLease claims name without waiting; ok is false when another process
// holds it. On PostgreSQL it is a session-level advisory lock on a
// connection of its own, outside the pool: when the process dies its
// session ends and PostgreSQL frees the lock, so another can take over.
// The lock key mixes in the schema, so stores sharing a database do not
// contend. SQLite allows one process per file, so the lease is always granted.
func (db *DB) TryLease(ctx context.Context, name string) (l *Lease, ok bool, err error) {
	if db.Dialect != Postgres {
		return &Lease{lost: make(chan struct{}), release: func() {}}, true, nil
	}
	conn, err := pgx.ConnectConfig(ctx, db.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, false, fmt.Errorf("lease %s: connect: %w", name, err)
	}
	const key = `hashtextextended('beckon:' || current_schema() || ':' || $1, 0)`
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+key+`)`, name).Scan(&ok); err != nil {
		_ = conn.Close(context.Background())
		return nil, false, fmt.Errorf("lease %s: lock: %w", name, err)
	}
	if !ok {
		_ = conn.Close(context.Background())
		return nil, false, nil
	}
	l = &Lease{lost: make(chan struct{})}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(leaseCheckEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			pctx, cancel := context.WithTimeout(context.Background(), leaseCheckEvery)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				db.log.Error("lease lost", "lease", name, "err", err)
				close(l.lost)
				return
			}
		}
	}()
	l.release = func() {
		close(stop)
		<-done
		// Closing the session frees the lock even when the unlock fails.
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = conn.Exec(uctx, `SELECT pg_advisory_unlock(`+key+`)`, name)
		_ = conn.Close(uctx)
	}
	return l, true, nil
}
