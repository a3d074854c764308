package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/flow"
)

// FlowDefinition is a flow stored through the API, as YAML.
type FlowDefinition struct {
	Name      string
	YAML      string
	Enabled   bool
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

const flowDefColumns = `name, yaml, enabled, version, created_at, updated_at`

func scanFlowDef(row interface{ Scan(...any) error }) (FlowDefinition, error) {
	var d FlowDefinition
	var created, updated int64
	if err := row.Scan(&d.Name, &d.YAML, &d.Enabled, &d.Version, &created, &updated); err != nil {
		return d, err
	}
	d.CreatedAt, d.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return d, nil
}

// CreateFlowDefinition stores a new flow, enabled; ErrExists when the name is taken.
func (tx *Tx) CreateFlowDefinition(ctx context.Context, name, yaml string) (FlowDefinition, error) {
	now := tx.db.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO flow_definitions (name, yaml, enabled, version, created_at, updated_at)
		VALUES ($1, $2, TRUE, 1, $3, $3) ON CONFLICT (name) DO NOTHING`, name, yaml, now)
	if err != nil {
		return FlowDefinition{}, fmt.Errorf("create flow %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return FlowDefinition{}, fmt.Errorf("flow %s: %w", name, ErrExists)
	}
	return tx.FlowDefinition(ctx, name)
}

// UpdateFlowDefinition replaces a stored flow's YAML and bumps its version;
// ErrNotFound when no such flow is stored.
func (tx *Tx) UpdateFlowDefinition(ctx context.Context, name, yaml string) (FlowDefinition, error) {
	res, err := tx.ExecContext(ctx, `UPDATE flow_definitions SET yaml = $1, version = version + 1, updated_at = $2 WHERE name = $3`, yaml, tx.db.now(), name)
	if err != nil {
		return FlowDefinition{}, fmt.Errorf("update flow %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return FlowDefinition{}, fmt.Errorf("flow %s: %w", name, ErrNotFound)
	}
	return tx.FlowDefinition(ctx, name)
}

// SetFlowEnabled turns a stored flow on or off.
func (tx *Tx) SetFlowEnabled(ctx context.Context, name string, enabled bool) (FlowDefinition, error) {
	res, err := tx.ExecContext(ctx, `UPDATE flow_definitions SET enabled = $1, updated_at = $2 WHERE name = $3`, enabled, tx.db.now(), name)
	if err != nil {
		return FlowDefinition{}, fmt.Errorf("enable flow %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return FlowDefinition{}, fmt.Errorf("flow %s: %w", name, ErrNotFound)
	}
	return tx.FlowDefinition(ctx, name)
}

// FlowDefinition reads one stored flow.
func (tx *Tx) FlowDefinition(ctx context.Context, name string) (FlowDefinition, error) {
	d, err := scanFlowDef(tx.QueryRowContext(ctx, `SELECT `+flowDefColumns+` FROM flow_definitions WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("flow %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read flow %s: %w", name, err)
	}
	return d, nil
}

// FlowDefinitions lists the stored flows by name.
func (tx *Tx) FlowDefinitions(ctx context.Context) ([]FlowDefinition, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+flowDefColumns+` FROM flow_definitions ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list flows: %w", err)
	}
	defer rows.Close()
	var out []FlowDefinition
	for rows.Next() {
		d, err := scanFlowDef(rows)
		if err != nil {
			return nil, fmt.Errorf("list flows: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RunRecord is a flow run with its timestamps.
type RunRecord struct {
	flow.Run
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FlowRuns lists runs of flowName newest first, optionally of one status,
// at most limit with ids below before (0: from the newest); next is the
// cursor of the following page, 0 at the end.
func (tx *Tx) FlowRuns(ctx context.Context, flowName, status string, before int64, limit int) ([]RunRecord, int64, error) {
	q := `SELECT ` + runColumns + `, updated_at FROM flow_runs WHERE flow = $1 AND ($2 = '' OR status = $2)`
	args := []any{flowName, status}
	if before > 0 {
		q += ` AND id < $3`
		args = append(args, before)
	}
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit+1)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list runs of %s: %w", flowName, err)
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		var updated int64
		run, err := scanRun(scanWith{rows, []any{&updated}})
		if err != nil {
			return nil, 0, fmt.Errorf("list runs of %s: %w", flowName, err)
		}
		out = append(out, RunRecord{Run: run, CreatedAt: run.CreatedAt, UpdatedAt: time.UnixMilli(updated)})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list runs of %s: %w", flowName, err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// CustomEvent is an off-chain event posted to the API.
type CustomEvent struct {
	ID         int64
	Name       string
	ContactID  int64
	DedupeKey  string
	Properties string // JSON object
	CreatedAt  time.Time
}

// InsertCustomEvent stores e once per DedupeKey; for a key seen before it
// returns the stored event and inserted false.
func (tx *Tx) InsertCustomEvent(ctx context.Context, e CustomEvent) (CustomEvent, bool, error) {
	now := tx.db.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO custom_events (name, contact_id, dedupe_key, properties, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
		e.Name, e.ContactID, e.DedupeKey, e.Properties, now).Scan(&e.ID)
	if errors.Is(err, sql.ErrNoRows) {
		var created int64
		err := tx.QueryRowContext(ctx, `SELECT id, name, contact_id, properties, created_at FROM custom_events WHERE dedupe_key = $1`, e.DedupeKey).
			Scan(&e.ID, &e.Name, &e.ContactID, &e.Properties, &created)
		if err != nil {
			return e, false, fmt.Errorf("read custom event: %w", err)
		}
		e.CreatedAt = time.UnixMilli(created)
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("store custom event: %w", err)
	}
	e.CreatedAt = time.UnixMilli(now)
	return e, true, nil
}
