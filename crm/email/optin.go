package email

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Confirmation token errors.
var (
	ErrTokenInvalid = errors.New("invalid confirmation token")
	ErrTokenExpired = errors.New("confirmation token expired")
)

// ConfirmToken signs addr and an expiry time into a URL-safe token for the
// double opt-in link: base64url(addr "\n" unix-expiry) "." base64url(mac).
func ConfirmToken(secret []byte, addr string, expires time.Time) string {
	payload := addr + "\n" + strconv.FormatInt(expires.Unix(), 10)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(confirmMAC(secret, payload))
}

func confirmMAC(secret []byte, payload string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("email-confirm:" + payload))
	return m.Sum(nil)
}

// ParseConfirmToken checks token's signature and expiry at now and returns
// the address it confirms. An authentic but expired token returns its
// address with ErrTokenExpired.
func ParseConfirmToken(secret []byte, token string, now time.Time) (string, error) {
	p64, m64, ok := strings.Cut(token, ".")
	if !ok || len(token) > 2048 {
		return "", ErrTokenInvalid
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	mac, err2 := base64.RawURLEncoding.DecodeString(m64)
	if err1 != nil || err2 != nil || len(secret) == 0 || !hmac.Equal(mac, confirmMAC(secret, string(payload))) {
		return "", ErrTokenInvalid
	}
	addr, exp, ok := strings.Cut(string(payload), "\n")
	unix, err := strconv.ParseInt(exp, 10, 64)
	if !ok || err != nil || addr == "" {
		return "", ErrTokenInvalid
	}
	if !now.Before(time.Unix(unix, 0)) {
		// The signature is good: the address is returned so a new link
		// can be sent to it.
		return addr, ErrTokenExpired
	}
	return addr, nil
}

// OptInStore is what double opt-in needs from persistence.
type OptInStore interface {
	// PendingEmailOptIns lists email identities never asked to confirm.
	PendingEmailOptIns(ctx context.Context, limit int) ([]string, error)
	// MarkEmailOptInRequested records that the request went out.
	MarkEmailOptInRequested(ctx context.Context, addr string) (bool, error)
	// ConfirmEmail records the confirmation.
	ConfirmEmail(ctx context.Context, addr, source string) (bool, error)
}

// Renderer renders a named template; *Templates is one.
type Renderer interface {
	Render(name string, data any) (subject, html, text string, err error)
}

// OptIn runs double opt-in: every new email identity, however it was added
// (API, import, linking), gets one confirmation email with a signed,
// expiring link; following it confirms the address. Until then the Guard
// lets only transactional mail through.
type OptIn struct {
	InTx      func(ctx context.Context, fn func(tx OptInStore) error) error
	Mail      Sender // the Guard, so suppressed addresses get no request either
	Templates Renderer
	// Template is the confirmation template; default "confirm".
	Template string
	From     string
	// ConfirmURL is the link in the email; {token} becomes the token,
	// e.g. https://beckon.example/v1/email/confirm?token={token}.
	ConfirmURL string
	Secret     []byte
	// TTL is how long a link works; default 72h.
	TTL time.Duration
	Now func() time.Time
	Log *slog.Logger
}

func (o *OptIn) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o *OptIn) ttl() time.Duration {
	if o.TTL <= 0 {
		return 72 * time.Hour
	}
	return o.TTL
}

func (o *OptIn) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

// Link returns the confirmation link for addr, valid for the TTL.
func (o *OptIn) Link(addr string) (link string, expires time.Time) {
	expires = o.now().Add(o.ttl())
	token := ConfirmToken(o.Secret, addr, expires)
	return strings.ReplaceAll(o.ConfirmURL, "{token}", url.QueryEscape(token)), expires
}

// Request sends the confirmation email to addr. It is transactional, so it
// reaches an unconfirmed address; a suppressed one gets nothing.
func (o *OptIn) Request(ctx context.Context, addr string) error {
	return o.request(ctx, addr, "")
}

// request sends the confirmation; a non-empty resend makes it a new
// message rather than a retry of the first request.
func (o *OptIn) request(ctx context.Context, addr, resend string) error {
	addr, err := NormalizeAddress(addr)
	if err != nil {
		return fmt.Errorf("opt-in request: %w", err)
	}
	name := o.Template
	if name == "" {
		name = "confirm"
	}
	link, expires := o.Link(addr)
	subject, htmlBody, text, err := o.Templates.Render(name, map[string]any{
		"Email": addr, "ConfirmURL": link, "Expires": expires.UTC().Format("2 Jan 2006 15:04 MST"), "UnsubscribeURL": "",
	})
	if err != nil {
		return fmt.Errorf("opt-in request: %w", err)
	}
	return o.Mail.Send(ctx, Message{
		// One request per address: a resend after a crash carries the
		// same Message-ID.
		ID: "optin:" + addr + resend, From: o.From, To: addr, Subject: subject, HTML: htmlBody, Text: text,
		Transactional: true, Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	})
}

// SendPending sends a confirmation request to up to limit addresses that
// never got one and returns how many were handled. A request is recorded
// after it was sent (or refused as suppressed), so a crash in between sends
// it again rather than never.
func (o *OptIn) SendPending(ctx context.Context, limit int) (int, error) {
	var pending []string
	if err := o.InTx(ctx, func(tx OptInStore) (err error) {
		pending, err = tx.PendingEmailOptIns(ctx, limit)
		return err
	}); err != nil {
		return 0, err
	}
	done := 0
	for _, addr := range pending {
		err := o.Request(ctx, addr)
		if err != nil && !Blocked(err) {
			return done, err
		}
		if err != nil {
			o.log().Info("opt-in request not sent", "email", addr, "err", err)
		}
		if err := o.InTx(ctx, func(tx OptInStore) error {
			_, err := tx.MarkEmailOptInRequested(ctx, addr)
			return err
		}); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// Run calls SendPending every interval until ctx ends, logging failures.
func (o *OptIn) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := o.SendPending(ctx, 100)
			if err != nil && ctx.Err() == nil {
				o.log().Error("send opt-in requests", "err", err)
			}
			if err != nil || n < 100 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ConfirmHandler serves GET …/email/confirm?token=…: a valid token confirms
// its address and answers with a short page; a bad one 400, an expired one
// 410. Mount it without API-key auth: the token is the credential.
func (o *OptIn) ConfirmHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			page(w, http.StatusMethodNotAllowed, "Method not allowed", "")
			return
		}
		addr, err := ParseConfirmToken(o.Secret, r.URL.Query().Get("token"), o.now())
		switch {
		case errors.Is(err, ErrTokenExpired):
			// The link was ours and went to this address: send a fresh one
			// (at most one per expired token, as its expiry names the message).
			if err := o.request(r.Context(), addr, ":resend:"+expiryOf(r.URL.Query().Get("token"))); err != nil {
				o.log().Warn("resend opt-in request", "email", addr, "err", err)
				page(w, http.StatusGone, "This link has expired", "")
				return
			}
			page(w, http.StatusGone, "This link has expired", "We have sent a new confirmation link to "+html.EscapeString(addr)+".")
			return
		case err != nil:
			page(w, http.StatusBadRequest, "This link is not valid", "Please use the exact link from the confirmation email.")
			return
		}
		if err := o.InTx(r.Context(), func(tx OptInStore) error {
			_, err := tx.ConfirmEmail(r.Context(), addr, "link")
			return err
		}); err != nil {
			o.log().Error("confirm email", "email", addr, "err", err)
			page(w, http.StatusInternalServerError, "Something went wrong", "Please try the link again in a minute.")
			return
		}
		page(w, http.StatusOK, "Your address is confirmed", html.EscapeString(addr)+" will now receive our emails.")
	})
}

// expiryOf returns the expiry field of an authentic token.
func expiryOf(token string) string {
	p64, _, _ := strings.Cut(token, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(p64)
	_, exp, _ := strings.Cut(string(payload), "\n")
	return exp
}

func page(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>%s</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto"><h1>%s</h1><p>%s</p></body></html>`, title, title, body)
}
