package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
)

// Suppress adds s to the email suppression list. An address already on it
// keeps its first reason; added reports whether it was new.
func (tx *Tx) Suppress(ctx context.Context, s email.Suppression) (added bool, err error) {
	return tx.suppress(ctx, s, true)
}

// suppress is Suppress, recording a change for the address's contacts
// when record is set.
func (tx *Tx) suppress(ctx context.Context, s email.Suppression, record bool) (added bool, err error) {
	addr := strings.ToLower(strings.TrimSpace(s.Email))
	if addr == "" {
		return false, errors.New("suppress: empty address")
	}
	switch s.Reason {
	case email.ReasonUnsubscribed, email.ReasonBounced, email.ReasonComplained:
	default:
		return false, fmt.Errorf("suppress %s: unknown reason %q", addr, s.Reason)
	}
	at := tx.db.now()
	if !s.At.IsZero() {
		at = s.At.UnixMilli()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO email_suppressions (email, reason, source, detail, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING`, addr, s.Reason, s.Source, s.Detail, at)
	if err != nil {
		return false, fmt.Errorf("suppress %s: %w", addr, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("suppress %s: %w", addr, err)
	}
	if n > 0 && record {
		if err := tx.recordEmailChange(ctx, crm.EmailSubscriptionChange{Email: addr, Change: crm.EmailSuppressed, Reason: s.Reason, Source: s.Source}); err != nil {
			return false, err
		}
	}
	return n > 0, nil
}

// Unsuppress removes addr from the suppression list (an operator's
// decision, e.g. after a mailbox was fixed) and reports whether it was on it.
func (tx *Tx) Unsuppress(ctx context.Context, addr string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM email_suppressions WHERE email = $1`, strings.ToLower(addr))
	if err != nil {
		return false, fmt.Errorf("unsuppress %s: %w", addr, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("unsuppress %s: %w", addr, err)
	}
	if n > 0 {
		if err := tx.recordEmailChange(ctx, crm.EmailSubscriptionChange{Email: strings.ToLower(addr), Change: crm.EmailUnsuppressed}); err != nil {
			return false, err
		}
	}
	return n > 0, nil
}

// EmailSuppression returns the suppression of addr, if any.
func (tx *Tx) EmailSuppression(ctx context.Context, addr string) (email.Suppression, bool, error) {
	s := email.Suppression{Email: strings.ToLower(addr)}
	var at int64
	err := tx.QueryRowContext(ctx, `SELECT reason, source, detail, created_at FROM email_suppressions WHERE email = $1`, s.Email).
		Scan(&s.Reason, &s.Source, &s.Detail, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return email.Suppression{}, false, nil
	}
	if err != nil {
		return email.Suppression{}, false, fmt.Errorf("read suppression of %s: %w", addr, err)
	}
	s.At = time.UnixMilli(at)
	return s, true, nil
}

// EmailStatus reports whether addr is suppressed and whether it confirmed
// its subscription; it is what every send checks.
func (tx *Tx) EmailStatus(ctx context.Context, addr string) (email.Status, error) {
	addr = strings.ToLower(addr)
	var st email.Status
	s, ok, err := tx.EmailSuppression(ctx, addr)
	if err != nil {
		return st, err
	}
	st.Suppressed, st.Reason = ok, s.Reason
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM email_optins WHERE email = $1 AND confirmed_at IS NOT NULL`, addr).Scan(&n); err != nil {
		return st, fmt.Errorf("read opt-in of %s: %w", addr, err)
	}
	st.Confirmed = n > 0
	return st, nil
}

// ConfirmEmail records that addr confirmed its subscription (source says
// how: "link", "import", …) and reports whether it was not confirmed before.
func (tx *Tx) ConfirmEmail(ctx context.Context, addr, source string) (bool, error) {
	addr = strings.ToLower(addr)
	now := tx.db.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO email_optins (email, confirmed_at, source, created_at) VALUES ($1, $2, $3, $2)
		ON CONFLICT (email) DO UPDATE SET confirmed_at = $2, source = $3 WHERE email_optins.confirmed_at IS NULL`, addr, now, source)
	if err != nil {
		return false, fmt.Errorf("confirm %s: %w", addr, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("confirm %s: %w", addr, err)
	}
	if n > 0 {
		if err := tx.recordEmailChange(ctx, crm.EmailSubscriptionChange{Email: addr, Change: crm.EmailOptInConfirmed, Source: source}); err != nil {
			return false, err
		}
	}
	return n > 0, nil
}

// PendingEmailOptIns returns up to limit email identities that are neither
// confirmed nor sent a confirmation request yet, oldest first.
func (tx *Tx) PendingEmailOptIns(ctx context.Context, limit int) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.value FROM identities i
		LEFT JOIN email_optins o ON o.email = i.value
		WHERE i.kind = $1 AND (o.email IS NULL OR (o.requested_at IS NULL AND o.confirmed_at IS NULL))
		ORDER BY i.created_at, i.value LIMIT $2`, crm.IdentityEmail, limit)
	if err != nil {
		return nil, fmt.Errorf("list pending opt-ins: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var addr string
		if err := rows.Scan(&addr); err != nil {
			return nil, fmt.Errorf("list pending opt-ins: %w", err)
		}
		out = append(out, addr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list pending opt-ins: %w", err)
	}
	return out, nil
}

// MarkEmailOptInRequested records that a confirmation request went to addr,
// so it is not sent again. It reports false when one was already recorded
// or the address is confirmed.
func (tx *Tx) MarkEmailOptInRequested(ctx context.Context, addr string) (bool, error) {
	addr = strings.ToLower(addr)
	now := tx.db.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO email_optins (email, requested_at, created_at) VALUES ($1, $2, $2)
		ON CONFLICT (email) DO UPDATE SET requested_at = $2
		WHERE email_optins.requested_at IS NULL AND email_optins.confirmed_at IS NULL`, addr, now)
	if err != nil {
		return false, fmt.Errorf("mark opt-in requested for %s: %w", addr, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark opt-in requested for %s: %w", addr, err)
	}
	return n > 0, nil
}

// contactEmails returns every email address of a contact: its primary
// address and its email identities.
func contactEmails(c crm.Contact) []string {
	var out []string
	if c.Email != "" {
		out = append(out, strings.ToLower(c.Email))
	}
	for _, id := range c.Identities {
		if id.Kind == crm.IdentityEmail && !strings.EqualFold(id.Value, c.Email) {
			out = append(out, strings.ToLower(id.Value))
		}
	}
	return out
}

// EmailStatus reads addr's status in a transaction of its own; the send
// path's email.Guard calls it before every message.
func (db *DB) EmailStatus(ctx context.Context, addr string) (email.Status, error) {
	var st email.Status
	err := db.InTx(ctx, func(tx *Tx) (err error) {
		st, err = tx.EmailStatus(ctx, addr)
		return err
	})
	return st, err
}
