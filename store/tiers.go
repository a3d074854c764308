package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/loyalty"
)

// ContactTier implements loyalty.TierStore.
func (tx *Tx) ContactTier(ctx context.Context, contactID int64) (string, error) {
	var tier string
	err := tx.QueryRowContext(ctx, `SELECT tier FROM contact_tiers WHERE contact_id = $1`, contactID).Scan(&tier)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("tier of contact %d: %w", contactID, err)
	}
	return tier, nil
}

// SetTier implements loyalty.TierStore: it stores c.To and appends c to
// tier_changes.
func (tx *Tx) SetTier(ctx context.Context, c loyalty.TierChange) error {
	at := tx.db.now()
	if !c.At.IsZero() {
		at = c.At.UnixMilli()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contact_tiers (contact_id, tier, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (contact_id) DO UPDATE SET tier = excluded.tier, updated_at = excluded.updated_at`, c.ContactID, c.To, at); err != nil {
		return fmt.Errorf("set tier of contact %d: %w", c.ContactID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tier_changes (contact_id, from_tier, to_tier, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ContactID, c.From, c.To, c.Reason, at); err != nil {
		return fmt.Errorf("record tier change of contact %d: %w", c.ContactID, err)
	}
	return nil
}

// TierChanges lists the contact's tier changes, oldest first.
func (tx *Tx) TierChanges(ctx context.Context, contactID int64) ([]loyalty.TierChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT from_tier, to_tier, reason, created_at FROM tier_changes WHERE contact_id = $1 ORDER BY id`, contactID)
	if err != nil {
		return nil, fmt.Errorf("tier changes of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	var out []loyalty.TierChange
	for rows.Next() {
		c := loyalty.TierChange{ContactID: contactID}
		var at int64
		if err := rows.Scan(&c.From, &c.To, &c.Reason, &at); err != nil {
			return nil, fmt.Errorf("tier changes of contact %d: %w", contactID, err)
		}
		c.At = time.UnixMilli(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
