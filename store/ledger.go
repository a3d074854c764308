package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/beckonhq/beckon/loyalty"
)

var _ loyalty.Store = (*Tx)(nil)

// InsertEntry implements loyalty.Store.
func (tx *Tx) InsertEntry(ctx context.Context, e loyalty.Entry) (bool, error) {
	var reverses any
	if e.Reverses != 0 {
		reverses = e.Reverses
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO points_ledger (contact_id, amount, reason, source, idem_key, reverses, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
		e.ContactID, e.Amount, e.Reason, e.Source, e.Key, reverses, tx.db.now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("insert ledger entry %s: %w", e.Key, err)
	}
	return true, nil
}

// UnreversedBySource implements loyalty.Store.
func (tx *Tx) UnreversedBySource(ctx context.Context, source string) ([]loyalty.Entry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.contact_id, e.amount, e.reason, e.source, e.idem_key FROM points_ledger e
		WHERE e.source = $1 AND e.reverses IS NULL
		AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses = e.id) ORDER BY e.id`, source)
	if err != nil {
		return nil, fmt.Errorf("list entries by source: %w", err)
	}
	defer rows.Close()
	var out []loyalty.Entry
	for rows.Next() {
		var e loyalty.Entry
		if err := rows.Scan(&e.ID, &e.ContactID, &e.Amount, &e.Reason, &e.Source, &e.Key); err != nil {
			return nil, fmt.Errorf("list entries by source: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Balance implements loyalty.Store.
func (tx *Tx) Balance(ctx context.Context, contactID int64) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM points_ledger WHERE contact_id = $1`, contactID).Scan(&n); err != nil {
		return 0, fmt.Errorf("balance of contact %d: %w", contactID, err)
	}
	return n, nil
}

// PointsTotals returns points ever awarded and ever reversed (both positive).
func (tx *Tx) PointsTotals(ctx context.Context) (awarded, reversed int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN reverses IS NULL AND amount > 0 THEN amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN reverses IS NOT NULL THEN -amount ELSE 0 END), 0) FROM points_ledger`).Scan(&awarded, &reversed)
	if err != nil {
		return 0, 0, fmt.Errorf("points totals: %w", err)
	}
	return awarded, reversed, nil
}

// ContactBalance is one contact's points.
type ContactBalance struct {
	ContactID int64
	Points    int64
}

// Balances lists every contact with a positive balance, highest first.
func (tx *Tx) Balances(ctx context.Context) ([]ContactBalance, error) {
	rows, err := tx.QueryContext(ctx, `SELECT contact_id, SUM(amount) AS pts FROM points_ledger GROUP BY contact_id HAVING SUM(amount) > 0 ORDER BY pts DESC, contact_id`)
	if err != nil {
		return nil, fmt.Errorf("list balances: %w", err)
	}
	defer rows.Close()
	var out []ContactBalance
	for rows.Next() {
		var b ContactBalance
		if err := rows.Scan(&b.ContactID, &b.Points); err != nil {
			return nil, fmt.Errorf("list balances: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
