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
	values, _, err := tx.storedTraits(ctx, c.ID)
	if err != nil {
		return err
	}
	set := make(map[string]any, len(traits))
	for k, v := range traits {
		set[k] = v
	}
	return tx.writeTraits(ctx, c.ID, values, set, nil)
}

// storedTraits reads a contact's traits and trait types as stored: times
// as RFC 3339 strings.
func (tx *Tx) storedTraits(ctx context.Context, contactID int64) (map[string]any, map[string]crm.TraitType, error) {
	var rawTraits, rawTypes string
	if err := tx.QueryRowContext(ctx, `SELECT traits, trait_types FROM contacts WHERE id = $1`, contactID).Scan(&rawTraits, &rawTypes); err != nil {
		return nil, nil, fmt.Errorf("read traits of contact %d: %w", contactID, err)
	}
	values, types := map[string]any{}, map[string]crm.TraitType{}
	if err := json.Unmarshal([]byte(rawTraits), &values); err != nil {
		return nil, nil, fmt.Errorf("decode traits of contact %d: %w", contactID, err)
	}
	if err := json.Unmarshal([]byte(rawTypes), &types); err != nil {
		return nil, nil, fmt.Errorf("decode trait types of contact %d: %w", contactID, err)
	}
	return values, types, nil
}

// writeTraits merges set (stored forms) into values and, when types is
// not nil, stores types too; the keys whose value changed are recorded as
// one traits_changed change.
func (tx *Tx) writeTraits(ctx context.Context, contactID int64, values, set map[string]any, types map[string]crm.TraitType) error {
	changed := traitChanges(values, set)
	for k, v := range set {
		values[k] = v
	}
	vb, err := json.Marshal(values)
	if err != nil {
		return fmt.Errorf("encode traits: %w", err)
	}
	if types == nil {
		_, err = tx.ExecContext(ctx, `UPDATE contacts SET traits = $1, updated_at = $2 WHERE id = $3`, string(vb), tx.db.now(), contactID)
	} else {
		var tb []byte
		if tb, err = json.Marshal(types); err != nil {
			return fmt.Errorf("encode trait types: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE contacts SET traits = $1, trait_types = $2, updated_at = $3 WHERE id = $4`, string(vb), string(tb), tx.db.now(), contactID)
	}
	if err != nil {
		return fmt.Errorf("set traits: %w", err)
	}
	if len(changed) == 0 {
		return nil
	}
	return tx.recordChange(ctx, contactID, crm.ChangeTraits, crm.TraitsChange{Traits: changed})
}
