package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/beckonhq/beckon/crm"
)

// SQL returns the underlying transaction, for River's InsertTx.
func (tx *Tx) SQL() *sql.Tx { return tx.Tx }

// ContactFacts returns what flow conditions, segments and templates see
// about a contact (the keys are listed in package crm/facts): identities,
// traits, points, tier, activity and holdings over its wallets, scores and
// segments.
func (tx *Tx) ContactFacts(ctx context.Context, contactID int64) (map[string]any, error) {
	f, err := tx.computeFacts(ctx, contactID)
	if err != nil {
		return nil, err
	}
	return f.factMap(), nil
}

// FactsOf is ContactFacts for a contact already read in this transaction.
// The facts' two statements read the contact's row again, which costs no
// extra round trip.
func (tx *Tx) FactsOf(ctx context.Context, c crm.Contact) (map[string]any, error) {
	f, err := tx.computeFacts(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return f.factMap(), nil
}

// SetTraits merges traits into the contact's custom traits.
func (tx *Tx) SetTraits(ctx context.Context, contactID int64, traits map[string]string) error {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return err
	}
	merged := c.Traits
	if merged == nil {
		merged = map[string]any{}
	}
	for k, v := range traits {
		merged[k] = v
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return fmt.Errorf("encode traits: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contacts SET traits = $1, updated_at = $2 WHERE id = $3`, string(b), tx.db.now(), c.ID); err != nil {
		return fmt.Errorf("set traits: %w", err)
	}
	return nil
}
