package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beckonhq/beckon/crm"
)

var _ crm.Store = (*Tx)(nil)

// ContactForIdentity implements crm.Store.
func (tx *Tx) ContactForIdentity(ctx context.Context, id crm.Identity) (int64, bool, error) {
	var contactID int64
	err := tx.QueryRowContext(ctx, `SELECT contact_id FROM identities WHERE kind = $1 AND value = $2`, id.Kind, id.Value).Scan(&contactID)
	if err == nil {
		return contactID, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("find identity: %w", err)
	}
	now := tx.db.now()
	var email any
	if id.Kind == crm.IdentityEmail {
		email = id.Value
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO contacts (email, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`, email, now).Scan(&contactID); err != nil {
		return 0, false, fmt.Errorf("create contact: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO identities (kind, value, contact_id, created_at) VALUES ($1, $2, $3, $4)`, id.Kind, id.Value, contactID, now); err != nil {
		return 0, false, fmt.Errorf("create identity: %w", err)
	}
	if err := tx.recordChange(ctx, contactID, crm.ChangeCreated, map[string]crm.IdentityChange{"identity": {Kind: id.Kind, Value: id.Value}}); err != nil {
		return 0, false, err
	}
	return contactID, true, nil
}

// LinkIdentity implements crm.Store.
func (tx *Tx) LinkIdentity(ctx context.Context, contactID int64, id crm.Identity) (bool, error) {
	if _, err := tx.Contact(ctx, contactID); err != nil {
		return false, err
	}
	now := tx.db.now()
	var owner int64
	err := tx.QueryRowContext(ctx, `SELECT contact_id FROM identities WHERE kind = $1 AND value = $2`, id.Kind, id.Value).Scan(&owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO identities (kind, value, contact_id, created_at) VALUES ($1, $2, $3, $4)`, id.Kind, id.Value, contactID, now); err != nil {
			return false, fmt.Errorf("link identity: %w", err)
		}
		if id.Kind == crm.IdentityEmail {
			if _, err := tx.ExecContext(ctx, `UPDATE contacts SET email = $1, updated_at = $2 WHERE id = $3 AND email IS NULL`, id.Value, now, contactID); err != nil {
				return false, fmt.Errorf("set email: %w", err)
			}
		}
		return false, tx.recordChange(ctx, contactID, crm.ChangeIdentityLinked, crm.IdentityChange{Kind: id.Kind, Value: id.Value})
	case err != nil:
		return false, fmt.Errorf("find identity: %w", err)
	case owner == contactID:
		return false, nil
	}
	return true, tx.mergeContacts(ctx, owner, contactID, "linked "+id.Kind)
}

// mergeContacts moves everything of from onto into: identities, ledger
// entries and flow runs; from stays as a tombstone pointing at into.
func (tx *Tx) mergeContacts(ctx context.Context, from, into int64, reason string) error {
	now := tx.db.now()
	var fromEmail sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT email FROM contacts WHERE id = $1`, from).Scan(&fromEmail); err != nil {
		return fmt.Errorf("merge contacts: %w", err)
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE contacts SET email = NULL, merged_into = $1, updated_at = $2 WHERE id = $3`, []any{into, now, from}},
		{`UPDATE identities SET contact_id = $1 WHERE contact_id = $2`, []any{into, from}},
		{`UPDATE points_ledger SET contact_id = $1 WHERE contact_id = $2`, []any{into, from}},
		{`UPDATE flow_runs SET contact_id = $1 WHERE contact_id = $2`, []any{into, from}},
		{`UPDATE contacts SET email = COALESCE(email, $1), updated_at = $2 WHERE id = $3`, []any{fromEmail, now, into}},
		{`INSERT INTO contact_merges (from_contact, into_contact, reason, created_at) VALUES ($1, $2, $3, $4)`, []any{from, into, reason, now}},
		// The merged contact leaves its segments; the survivor is
		// re-evaluated with its new wallets when it next changes.
		{`INSERT INTO segment_changes (segment, contact_id, entered, at) SELECT segment, contact_id, FALSE, $1 FROM segment_members WHERE contact_id = $2`, []any{now, from}},
		{`DELETE FROM segment_members WHERE contact_id = $1`, []any{from}},
		{`DELETE FROM contact_holdings WHERE contact_id = $1`, []any{from}},
		{`DELETE FROM contact_facts WHERE contact_id = $1`, []any{from}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("merge contact %d into %d: %w", from, into, err)
		}
	}
	if err := tx.recordChange(ctx, into, crm.ChangeMerged, crm.MergeChange{SurvivingID: into, MergedID: from, Reason: reason}); err != nil {
		return err
	}
	// The entries moved; so must the balances leaderboards read.
	if err := tx.RebuildBalances(ctx, from); err != nil {
		return err
	}
	return tx.RebuildBalances(ctx, into)
}

// Contact implements crm.Store. A merged contact resolves to its survivor.
func (tx *Tx) Contact(ctx context.Context, id int64) (crm.Contact, error) {
	var c crm.Contact
	var email sql.NullString
	var traits, traitTypes string
	var mergedInto, unsubscribed sql.NullInt64
	// On PostgreSQL the identities come along, saving a round trip on
	// every flow step; SQLite, in process, reads them below.
	idents, identsSQL := "", `''`
	if tx.db.Dialect == Postgres {
		identsSQL = `COALESCE((SELECT string_agg(kind || chr(31) || value, chr(30) ORDER BY created_at, kind, value)
			FROM identities WHERE contact_id = contacts.id), '')`
	}
	err := tx.QueryRowContext(ctx, `SELECT id, email, timezone, locale, traits, trait_types, merged_into, unsubscribed_at, `+identsSQL+`
		FROM contacts WHERE id = $1`, id).
		Scan(&c.ID, &email, &c.Timezone, &c.Locale, &traits, &traitTypes, &mergedInto, &unsubscribed, &idents)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("contact %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read contact %d: %w", id, err)
	}
	if mergedInto.Valid {
		return tx.Contact(ctx, mergedInto.Int64)
	}
	c.Email = email.String
	c.Unsubscribed = unsubscribed.Valid
	if c.Traits, err = typedTraits(traits, traitTypes); err != nil {
		return c, fmt.Errorf("decode traits of contact %d: %w", id, err)
	}
	if tx.db.Dialect == Postgres {
		if idents != "" {
			for _, kv := range strings.Split(idents, "\x1e") {
				kind, value, _ := strings.Cut(kv, "\x1f")
				c.Identities = append(c.Identities, crm.Identity{Kind: kind, Value: value})
			}
		}
		return c, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, value FROM identities WHERE contact_id = $1 ORDER BY created_at, kind, value`, c.ID)
	if err != nil {
		return c, fmt.Errorf("read identities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i crm.Identity
		if err := rows.Scan(&i.Kind, &i.Value); err != nil {
			return c, fmt.Errorf("read identities: %w", err)
		}
		c.Identities = append(c.Identities, i)
	}
	return c, rows.Err()
}

// CountContacts counts live (unmerged) contacts.
func (tx *Tx) CountContacts(ctx context.Context) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE merged_into IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count contacts: %w", err)
	}
	return n, nil
}

// CountLinkedWallets counts wallets on contacts that also have a non-wallet identity.
func (tx *Tx) CountLinkedWallets(ctx context.Context) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identities w WHERE w.kind = 'wallet'
		AND EXISTS (SELECT 1 FROM identities o WHERE o.contact_id = w.contact_id AND o.kind <> 'wallet')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count linked wallets: %w", err)
	}
	return n, nil
}

// UseNonce consumes a single-use SIWE nonce; it fails when the nonce is
// unknown, expired or used.
func (tx *Tx) UseNonce(ctx context.Context, nonce string) error {
	res, err := tx.ExecContext(ctx, `UPDATE siwe_nonces SET used_at = $1 WHERE nonce = $2 AND used_at IS NULL AND expires_at > $1`, tx.db.now(), nonce)
	if err != nil {
		return fmt.Errorf("use nonce: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("nonce %q: %w", nonce, ErrNotFound)
	}
	return nil
}

// PutNonce stores a fresh nonce valid until expiresAtMillis.
func (tx *Tx) PutNonce(ctx context.Context, nonce string, expiresAtMillis int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO siwe_nonces (nonce, expires_at) VALUES ($1, $2)`, nonce, expiresAtMillis); err != nil {
		return fmt.Errorf("store nonce: %w", err)
	}
	return nil
}

// Nonces is the store of single-use SIWE nonces, each in a transaction of
// its own: the link page, the dashboard's wallet sign-in and
// /v1/link/verify share it.
type Nonces struct{ DB *DB }

// PutNonce stores a nonce valid until expires.
func (n Nonces) PutNonce(ctx context.Context, nonce string, expires time.Time) error {
	return n.DB.InTx(ctx, func(tx *Tx) error { return tx.PutNonce(ctx, nonce, expires.UnixMilli()) })
}

// UseNonce consumes a nonce: ErrNotFound when unknown, expired or used.
func (n Nonces) UseNonce(ctx context.Context, nonce string) error {
	return n.DB.InTx(ctx, func(tx *Tx) error { return tx.UseNonce(ctx, nonce) })
}
