package store

import (
	"context"
	"fmt"

	"github.com/beckonhq/beckon/crm"
)

// ContactFilter selects contacts; empty fields match everything. Values
// are matched as given: normalise wallets and emails first.
type ContactFilter struct {
	Email  string
	Wallet string
	// Handle matches a Discord or Telegram identity.
	Handle string
	After  int64 // cursor: contacts with ids above this
	Limit  int   // page size, at least 1
}

// SearchContacts lists live contacts matching f by id; next is the cursor
// of the following page, 0 at the end.
func (tx *Tx) SearchContacts(ctx context.Context, f ContactFilter) ([]crm.Contact, int64, error) {
	q := `SELECT c.id FROM contacts c WHERE c.merged_into IS NULL AND c.id > $1`
	args := []any{f.After}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Email != "" {
		q += ` AND EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = c.id AND i.kind = 'email' AND i.value = ` + arg(f.Email) + `)`
	}
	if f.Wallet != "" {
		q += ` AND EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = c.id AND i.kind = 'wallet' AND i.value = ` + arg(f.Wallet) + `)`
	}
	if f.Handle != "" {
		q += ` AND EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = c.id AND i.kind IN ('discord', 'telegram') AND i.value = ` + arg(f.Handle) + `)`
	}
	q += fmt.Sprintf(` ORDER BY c.id LIMIT %d`, f.Limit+1)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("search contacts: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("search contacts: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search contacts: %w", err)
	}
	var next int64
	if len(ids) > f.Limit {
		ids = ids[:f.Limit]
		next = ids[f.Limit-1]
	}
	out := make([]crm.Contact, 0, len(ids))
	for _, id := range ids {
		c, err := tx.Contact(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, next, nil
}

// MergeContacts merges contact from into contact into, as linking an
// identity of one to the other would. Both must exist and be live.
func (tx *Tx) MergeContacts(ctx context.Context, from, into int64, reason string) error {
	if from == into {
		return fmt.Errorf("merge contact %d into itself: %w", from, crm.ErrInvalid)
	}
	for _, id := range []int64{from, into} {
		var merged *int64
		err := tx.QueryRowContext(ctx, `SELECT merged_into FROM contacts WHERE id = $1`, id).Scan(&merged)
		if err != nil {
			return fmt.Errorf("contact %d: %w", id, notFound(err))
		}
		if merged != nil {
			return fmt.Errorf("contact %d was merged into %d: %w", id, *merged, crm.ErrInvalid)
		}
	}
	return tx.mergeContacts(ctx, from, into, reason)
}
