package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/flow"
)

var _ flow.Store = (*Tx)(nil)

const runColumns = `id, flow, COALESCE(contact_id, 0), trigger_key, COALESCE(event_id, 0), status, step, error, trigger_vars, created_at, COALESCE(converted_at, 0), wait_event, COALESCE(job_id, 0)`

func scanRun(row interface{ Scan(...any) error }) (flow.Run, error) {
	var r flow.Run
	var vars string
	var created, converted int64
	err := row.Scan(&r.ID, &r.Flow, &r.ContactID, &r.TriggerKey, &r.EventID, &r.Status, &r.Step, &r.Error, &vars, &created, &converted, &r.WaitEvent, &r.JobID)
	if err != nil {
		return r, err
	}
	r.CreatedAt = time.UnixMilli(created).UTC()
	if converted != 0 {
		r.ConvertedAt = time.UnixMilli(converted).UTC()
	}
	if vars != "" && vars != "{}" {
		if err := json.Unmarshal([]byte(vars), &r.Trigger); err != nil {
			return r, fmt.Errorf("decode trigger vars: %w", err)
		}
	}
	return r, nil
}

// CreateRun implements flow.Store.
func (tx *Tx) CreateRun(ctx context.Context, r flow.Run) (flow.Run, bool, error) {
	now := tx.db.now()
	var eventID, contactID any
	if r.EventID != 0 {
		eventID = r.EventID
	}
	if r.ContactID != 0 { // 0: a global schedule's run, for no contact
		contactID = r.ContactID
	}
	vars, err := encodeVars(r.Trigger)
	if err != nil {
		return flow.Run{}, false, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO flow_runs (flow, contact_id, trigger_key, event_id, status, step, created_at, updated_at, trigger_vars)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (flow, trigger_key) DO NOTHING RETURNING id`,
		r.Flow, contactID, r.TriggerKey, eventID, r.Status, r.Step, now, vars).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		existing, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM flow_runs WHERE flow = $1 AND trigger_key = $2`, r.Flow, r.TriggerKey))
		if err != nil {
			return flow.Run{}, false, fmt.Errorf("read existing run: %w", err)
		}
		return existing, false, nil
	}
	if err != nil {
		return flow.Run{}, false, fmt.Errorf("create run: %w", err)
	}
	r.ID = id
	r.CreatedAt = time.UnixMilli(now).UTC()
	return r, true, nil
}

// forUpdate locks the selected rows until the transaction ends on
// PostgreSQL; SQLite runs one writer at a time and needs no lock.
func (tx *Tx) forUpdate() string {
	if tx.db.Dialect == Postgres {
		return ` FOR UPDATE`
	}
	return ``
}

// Run implements flow.Store. The run's row stays locked until tx ends, so
// a step and a reorg's compensation of the same run take turns.
func (tx *Tx) Run(ctx context.Context, id int64) (flow.Run, error) {
	r, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM flow_runs WHERE id = $1`+tx.forUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read run %d: %w", id, err)
	}
	return r, nil
}

// UpdateRun implements flow.Store. Cancelling a run frees its trigger
// key, so the contact may enter the flow again if its event comes back.
// It ends any carrying job's hold on the run.
func (tx *Tx) UpdateRun(ctx context.Context, id int64, status, step, errText string) error {
	q := `UPDATE flow_runs SET status = $1, step = $2, error = $3, updated_at = $4, wait_event = '', job_id = NULL WHERE id = $5`
	if status == flow.RunCancelled {
		q = `UPDATE flow_runs SET status = $1, step = $2, error = $3, updated_at = $4, wait_event = '', job_id = NULL,
			trigger_key = trigger_key || ':cancelled:' || CAST(id AS TEXT) WHERE id = $5 AND status <> $1`
	}
	if _, err := tx.ExecContext(ctx, q, status, step, errText, tx.db.now(), id); err != nil {
		return fmt.Errorf("update run %d: %w", id, err)
	}
	return nil
}

// CarryRun implements flow.Store.
func (tx *Tx) CarryRun(ctx context.Context, id int64, step string, jobID int64) (flow.Run, bool, error) {
	var job any
	if jobID != 0 {
		job = jobID
	}
	r, err := scanRun(tx.QueryRowContext(ctx, `UPDATE flow_runs SET status = $1, step = $2, error = '', updated_at = $3, wait_event = '', job_id = $4
		WHERE id = $5 AND status IN ($1, $6) RETURNING `+runColumns, flow.RunRunning, step, tx.db.now(), job, id, flow.RunWaiting))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("carry run %d: %w", id, err)
	}
	return r, true, nil
}

// RunsByEvent implements flow.Store, locking the runs like Run does.
func (tx *Tx) RunsByEvent(ctx context.Context, eventID int64) ([]flow.Run, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+runColumns+` FROM flow_runs WHERE event_id = $1 ORDER BY id`+tx.forUpdate(), eventID)
	if err != nil {
		return nil, fmt.Errorf("runs of event %d: %w", eventID, err)
	}
	defer rows.Close()
	var out []flow.Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("runs of event %d: %w", eventID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ClaimEffect implements flow.Store.
func (tx *Tx) ClaimEffect(ctx context.Context, e flow.Effect) (flow.Effect, bool, error) {
	now := tx.db.now()
	if e.Status == "" {
		e.Status = flow.EffectStarted
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO flow_effects (run_id, step, kind, status, detail, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (run_id, step) DO NOTHING`, e.RunID, e.Step, e.Kind, e.Status, e.Detail, now)
	if err != nil {
		return flow.Effect{}, false, fmt.Errorf("claim effect %d/%s: %w", e.RunID, e.Step, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return e, true, nil
	}
	var existing flow.Effect
	err = tx.QueryRowContext(ctx, `SELECT run_id, step, kind, status, detail FROM flow_effects WHERE run_id = $1 AND step = $2`, e.RunID, e.Step).
		Scan(&existing.RunID, &existing.Step, &existing.Kind, &existing.Status, &existing.Detail)
	if err != nil {
		return flow.Effect{}, false, fmt.Errorf("read effect %d/%s: %w", e.RunID, e.Step, err)
	}
	return existing, false, nil
}

// FinishEffect implements flow.Store.
func (tx *Tx) FinishEffect(ctx context.Context, runID int64, step, status, detail string) error {
	return finishEffect(ctx, tx, tx.db.now(), runID, step, status, detail)
}

func finishEffect(ctx context.Context, ex execer, now int64, runID int64, step, status, detail string) error {
	if _, err := ex.ExecContext(ctx, `UPDATE flow_effects SET status = $1, detail = $2, updated_at = $3 WHERE run_id = $4 AND step = $5`,
		status, detail, now, runID, step); err != nil {
		return fmt.Errorf("finish effect %d/%s: %w", runID, step, err)
	}
	return nil
}

// StartEffect implements flow.Store.
func (tx *Tx) StartEffect(ctx context.Context, runID int64, step string) (bool, error) {
	return startEffect(ctx, tx, tx.db.now(), runID, step)
}

func startEffect(ctx context.Context, ex execer, now int64, runID int64, step string) (bool, error) {
	res, err := ex.ExecContext(ctx, `UPDATE flow_effects SET status = $1, updated_at = $2 WHERE run_id = $3 AND step = $4 AND status = $5`,
		flow.EffectStarted, now, runID, step, flow.EffectPending)
	if err != nil {
		return false, fmt.Errorf("start effect %d/%s: %w", runID, step, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("start effect %d/%s: %w", runID, step, err)
	}
	return n == 1, nil
}

// execer is what one statement needs: a transaction or a connection.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// EffectMarks writes a two-phase effect's marks (started, then its
// outcome) on a connection of its own, each statement committing by
// itself. Taken before the send, it keeps the window in which a crash
// leaves the outcome unknown down to the relay's reply and one write:
// no wait for a pooled connection, no COMMIT round trip, and a worker
// killed once the write is on the socket still has it committed.
type EffectMarks struct {
	conn *sql.Conn
	db   *DB
}

// EffectMarks takes a connection for one effect's marks; Close returns it.
func (db *DB) EffectMarks(ctx context.Context) (*EffectMarks, error) {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("effect marks: %w", err)
	}
	return &EffectMarks{conn: conn, db: db}, nil
}

// StartEffect moves a pending effect to started; false when it is not
// pending any more.
func (m *EffectMarks) StartEffect(ctx context.Context, runID int64, step string) (bool, error) {
	return startEffect(ctx, m.conn, m.db.now(), runID, step)
}

// FinishEffect records the effect's outcome.
func (m *EffectMarks) FinishEffect(ctx context.Context, runID int64, step, status, detail string) error {
	return finishEffect(ctx, m.conn, m.db.now(), runID, step, status, detail)
}

// Close returns the connection to the pool.
func (m *EffectMarks) Close() error { return m.conn.Close() }

// ReleaseEffect implements flow.Store.
func (tx *Tx) ReleaseEffect(ctx context.Context, runID int64, step string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM flow_effects WHERE run_id = $1 AND step = $2 AND status IN ($3, $4)`,
		runID, step, flow.EffectPending, flow.EffectStarted); err != nil {
		return fmt.Errorf("release effect %d/%s: %w", runID, step, err)
	}
	return nil
}

// CountEffects counts effects of a kind in a status.
func (tx *Tx) CountEffects(ctx context.Context, kind, status string) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM flow_effects WHERE kind = $1 AND status = $2`, kind, status).Scan(&n); err != nil {
		return 0, fmt.Errorf("count effects: %w", err)
	}
	return n, nil
}

// CountRuns counts runs in a status.
func (tx *Tx) CountRuns(ctx context.Context, status string) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM flow_runs WHERE status = $1`, status).Scan(&n); err != nil {
		return 0, fmt.Errorf("count runs: %w", err)
	}
	return n, nil
}
