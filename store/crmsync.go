package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ChangedContacts lists live contacts changed after since — the contact
// row, its stored facts, its points, its segment memberships or its
// wallets' on-chain events —
// with id > afterID, ascending, at most limit.
func (tx *Tx) ChangedContacts(ctx context.Context, since time.Time, afterID int64, limit int) ([]int64, error) {
	ms := since.UnixMilli()
	return tx.ids(ctx, `SELECT c.id FROM contacts c LEFT JOIN contact_facts f ON f.contact_id = c.id
		WHERE c.merged_into IS NULL AND c.id > $1 AND (c.updated_at > $2 OR f.updated_at > $2
			OR EXISTS (SELECT 1 FROM segment_changes s WHERE s.contact_id = c.id AND s.at > $2)
			OR EXISTS (SELECT 1 FROM points_ledger p WHERE p.contact_id = c.id AND p.created_at > $2)
			OR EXISTS (SELECT 1 FROM identities i JOIN chain_events e ON e.wallet = i.value
				WHERE i.contact_id = c.id AND i.kind = 'wallet' AND e.created_at > $2))
		ORDER BY c.id LIMIT $3`, afterID, ms, limit)
}

// SyncCursor returns where the named sync stopped (zero time: never ran).
func (tx *Tx) SyncCursor(ctx context.Context, name string) (time.Time, error) {
	var ms int64
	err := tx.QueryRowContext(ctx, `SELECT cursor_ms FROM crm_sync_state WHERE name = $1`, name).Scan(&ms)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read sync cursor %s: %w", name, err)
	}
	return time.UnixMilli(ms), nil
}

// SetSyncCursor records that the named sync pushed everything changed up to at.
func (tx *Tx) SetSyncCursor(ctx context.Context, name string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO crm_sync_state (name, cursor_ms, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET cursor_ms = excluded.cursor_ms, updated_at = excluded.updated_at`, name, at.UnixMilli(), tx.db.now())
	if err != nil {
		return fmt.Errorf("set sync cursor %s: %w", name, err)
	}
	return nil
}
