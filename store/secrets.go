package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
)

// Secret returns the named 32-byte secret, generating it on first use.
// Concurrent first uses agree on one value.
func (tx *Tx) Secret(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("generate secret %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO beckon_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		name, hex.EncodeToString(b), tx.db.now()); err != nil {
		return nil, fmt.Errorf("store secret %s: %w", name, err)
	}
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM beckon_secrets WHERE name = $1`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("read secret %s: %w", name, err)
	}
	out, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("decode secret %s: %w", name, err)
	}
	return out, nil
}

// Unsubscribe marks the contact as unsubscribed from email and puts its
// addresses on the suppression list; repeating it keeps the first time.
func (tx *Tx) Unsubscribe(ctx context.Context, contactID int64) error {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contacts SET unsubscribed_at = COALESCE(unsubscribed_at, $1), updated_at = $1 WHERE id = $2`, tx.db.now(), c.ID); err != nil {
		return fmt.Errorf("unsubscribe contact %d: %w", c.ID, err)
	}
	changed := !c.Unsubscribed
	for _, addr := range contactEmails(c) {
		added, err := tx.suppress(ctx, email.Suppression{Email: addr, Reason: email.ReasonUnsubscribed, Source: "unsubscribe"}, false)
		if err != nil {
			return err
		}
		changed = changed || added
	}
	if !changed {
		return nil
	}
	// One change for the contact, not one more per suppressed address.
	return tx.recordChange(ctx, c.ID, crm.ChangeEmailSubscription, crm.EmailSubscriptionChange{Email: c.Email, Change: crm.EmailUnsubscribed, Source: "unsubscribe"})
}
