package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/flow"
)

var _ flow.JourneyStore = (*Tx)(nil)

func (tx *Tx) queryRuns(ctx context.Context, what, q string, args ...any) ([]flow.Run, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+runColumns+` FROM flow_runs WHERE `+q+` ORDER BY id`+tx.forUpdate(), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []flow.Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// GoalRuns implements flow.JourneyStore.
func (tx *Tx) GoalRuns(ctx context.Context, flowName string, contactID int64, since time.Time) ([]flow.Run, error) {
	return tx.queryRuns(ctx, "goal runs", `flow = $1 AND contact_id = $2 AND created_at >= $3 AND converted_at IS NULL AND status <> $4`,
		flowName, contactID, since.UnixMilli(), flow.RunCancelled)
}

// ConvertRun implements flow.JourneyStore.
func (tx *Tx) ConvertRun(ctx context.Context, id int64, at time.Time, end bool) error {
	q := `UPDATE flow_runs SET converted_at = $1, updated_at = $1 WHERE id = $2`
	args := []any{at.UnixMilli(), id}
	if end {
		q = `UPDATE flow_runs SET converted_at = $1, updated_at = $1,
			status = CASE WHEN status IN ($3, $4) THEN $5 ELSE status END WHERE id = $2`
		args = append(args, flow.RunRunning, flow.RunWaiting, flow.RunConverted)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("convert run %d: %w", id, err)
	}
	return nil
}

// WaitingRuns implements flow.JourneyStore.
func (tx *Tx) WaitingRuns(ctx context.Context, contactID int64, event string) ([]flow.Run, error) {
	return tx.queryRuns(ctx, "waiting runs", `contact_id = $1 AND status = $2 AND wait_event = $3`, contactID, flow.RunWaiting, event)
}

// SetWaitEvent implements flow.JourneyStore.
func (tx *Tx) SetWaitEvent(ctx context.Context, id int64, event string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE flow_runs SET wait_event = $1 WHERE id = $2`, event, id); err != nil {
		return fmt.Errorf("set wait event of run %d: %w", id, err)
	}
	return nil
}

// SentSince implements flow.JourneyStore.
func (tx *Tx) SentSince(ctx context.Context, contactID int64, kind string, since time.Time) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM flow_effects e JOIN flow_runs r ON r.id = e.run_id
		WHERE r.contact_id = $1 AND e.kind = $2 AND e.created_at >= $3 AND e.status NOT IN ($4, $5)`,
		contactID, kind, since.UnixMilli(), flow.EffectSkipped, flow.EffectPending).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count sent %s: %w", kind, err)
	}
	return n, nil
}

// ContactIDs implements flow.JourneyStore.
func (tx *Tx) ContactIDs(ctx context.Context, after int64, limit int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM contacts WHERE id > $1 AND merged_into IS NULL ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list contacts: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FlowCounts returns the raw figures of `beckon flows stats`: runs by
// status and step, effects by step and status, and split variants with
// their conversions.
func (tx *Tx) FlowCounts(ctx context.Context, flowName string) ([]flow.RunCount, []flow.EffectCount, []flow.VariantCount, error) {
	var runs []flow.RunCount
	err := tx.scanAll(ctx, func(sc func(...any) error) error {
		var c flow.RunCount
		if err := sc(&c.Status, &c.Step, &c.N, &c.Converted); err != nil {
			return err
		}
		runs = append(runs, c)
		return nil
	}, `SELECT status, step, COUNT(*), COUNT(converted_at) FROM flow_runs WHERE flow = $1 GROUP BY status, step`, flowName)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("count runs: %w", err)
	}
	var effects []flow.EffectCount
	err = tx.scanAll(ctx, func(sc func(...any) error) error {
		var c flow.EffectCount
		if err := sc(&c.Step, &c.Kind, &c.Status, &c.N); err != nil {
			return err
		}
		effects = append(effects, c)
		return nil
	}, `SELECT e.step, e.kind, e.status, COUNT(*) FROM flow_effects e JOIN flow_runs r ON r.id = e.run_id
		WHERE r.flow = $1 GROUP BY e.step, e.kind, e.status`, flowName)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("count steps: %w", err)
	}
	var variants []flow.VariantCount
	err = tx.scanAll(ctx, func(sc func(...any) error) error {
		var c flow.VariantCount
		if err := sc(&c.Step, &c.Variant, &c.N, &c.Converted); err != nil {
			return err
		}
		variants = append(variants, c)
		return nil
	}, `SELECT e.step, e.detail, COUNT(*), COUNT(r.converted_at) FROM flow_effects e JOIN flow_runs r ON r.id = e.run_id
		WHERE r.flow = $1 AND e.kind = $2 GROUP BY e.step, e.detail`, flowName, flow.StepSplit)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("count variants: %w", err)
	}
	return runs, effects, variants, nil
}

func (tx *Tx) scanAll(ctx context.Context, each func(scan func(...any) error) error, q string, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FailedRuns lists a flow's dead-lettered runs, newest first.
func (tx *Tx) FailedRuns(ctx context.Context, flowName string, limit int) ([]flow.Run, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+runColumns+` FROM flow_runs WHERE flow = $1 AND status = $2 ORDER BY id DESC LIMIT $3`,
		flowName, flow.RunFailed, limit)
	if err != nil {
		return nil, fmt.Errorf("failed runs: %w", err)
	}
	defer rows.Close()
	var out []flow.Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("failed runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func encodeVars(v map[string]any) (string, error) {
	if v == nil {
		return "{}", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode trigger vars: %w", err)
	}
	return string(b), nil
}
