package email

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Suppression reasons.
const (
	ReasonUnsubscribed = "unsubscribed"
	ReasonBounced      = "bounced"
	ReasonComplained   = "complained"
)

// Suppression is one address that must receive no more email.
type Suppression struct {
	Email  string // normalised, see NormalizeAddress
	Reason string // ReasonUnsubscribed, ReasonBounced or ReasonComplained
	Source string // where it came from: "unsubscribe", "sendgrid", "webhook", …
	Detail string // provider diagnostic, for operators
	At     time.Time
}

// Status is what the send path needs to know about an address.
type Status struct {
	// Suppressed is set when the address is on the suppression list; Reason
	// says why.
	Suppressed bool
	Reason     string
	// Confirmed is set once the address completed double opt-in (or was
	// known before double opt-in was introduced).
	Confirmed bool
}

// ErrSuppressed is returned (wrapped) by a Guard for an address on the
// suppression list, ErrUnconfirmed for a marketing message to an address
// that has not confirmed. Both are final: retrying cannot succeed.
var (
	ErrSuppressed  = errors.New("address is suppressed")
	ErrUnconfirmed = errors.New("address has not confirmed its subscription")
)

// Blocked reports whether err means the message was refused by the
// suppression list or double opt-in, so callers skip rather than retry.
func Blocked(err error) bool {
	return errors.Is(err, ErrSuppressed) || errors.Is(err, ErrUnconfirmed)
}

// NormalizeAddress returns the bare, lower-cased address of s, which may
// carry a display name ("Ada <Ada@Example.org>" → "ada@example.org"). It is
// the key of the suppression list and of opt-in records.
func NormalizeAddress(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", fmt.Errorf("parse address: %w", err)
	}
	return strings.ToLower(a.Address), nil
}

// StatusChecker looks an address up. Implementations read the store.
type StatusChecker interface {
	EmailStatus(ctx context.Context, addr string) (Status, error)
}

// StatusFunc adapts a function to StatusChecker.
type StatusFunc func(ctx context.Context, addr string) (Status, error)

// EmailStatus implements StatusChecker.
func (f StatusFunc) EmailStatus(ctx context.Context, addr string) (Status, error) {
	return f(ctx, addr)
}

// Guard is the Sender every other part of Beckon is given: it refuses
// suppressed addresses for every message, and unconfirmed addresses for all
// but transactional ones, before the message reaches the transport. Wiring
// hands out only the Guard, so no caller can skip the check.
type Guard struct {
	next   Sender
	status StatusChecker
	// RequireOptIn, when false, lets marketing mail reach addresses that
	// never confirmed (email.double_opt_in: false).
	requireOptIn bool
	// UnsubscribeMailto, when set, is added to every marketing message
	// that carries an unsubscribe URL but no mailto of its own.
	UnsubscribeMailto string
}

var _ CommitSender = (*Guard)(nil)

// NewGuard wraps next. With requireOptIn, marketing mail needs a confirmed
// address.
func NewGuard(next Sender, status StatusChecker, requireOptIn bool) *Guard {
	return &Guard{next: next, status: status, requireOptIn: requireOptIn}
}

// Send implements Sender.
func (g *Guard) Send(ctx context.Context, m Message) error {
	m, err := g.check(ctx, m)
	if err != nil {
		return err
	}
	return g.next.Send(ctx, m)
}

// SendCommit implements CommitSender. Over a transport without two-phase
// delivery, commit runs right before the plain send.
func (g *Guard) SendCommit(ctx context.Context, m Message, commit func(context.Context) error) error {
	m, err := g.check(ctx, m)
	if err != nil {
		return err
	}
	if cs, ok := g.next.(CommitSender); ok {
		return cs.SendCommit(ctx, m, commit)
	}
	if commit != nil {
		if err := commit(ctx); err != nil {
			return fmt.Errorf("send %s abandoned before delivery: %w", m.ID, err)
		}
	}
	return g.next.Send(ctx, m)
}

// check refuses m when its address may not receive it and returns it with
// the configured unsubscribe mailto.
func (g *Guard) check(ctx context.Context, m Message) (Message, error) {
	addr, err := NormalizeAddress(m.To)
	if err != nil {
		return m, fmt.Errorf("send %s: %w", m.ID, err)
	}
	st, err := g.status.EmailStatus(ctx, addr)
	if err != nil {
		return m, fmt.Errorf("check suppression of %s: %w", addr, err)
	}
	if st.Suppressed {
		return m, fmt.Errorf("send to %s (%s): %w", addr, st.Reason, ErrSuppressed)
	}
	if g.requireOptIn && !m.Transactional && !st.Confirmed {
		return m, fmt.Errorf("send to %s: %w", addr, ErrUnconfirmed)
	}
	if g.UnsubscribeMailto != "" && !m.Transactional && m.UnsubscribeURL != "" && m.UnsubscribeMailto == "" {
		m.UnsubscribeMailto = g.UnsubscribeMailto
	}
	return m, nil
}
