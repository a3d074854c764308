package email

import (
	"context"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names of the two webhook formats.
const (
	SendGridSignatureHeader = "X-Twilio-Email-Event-Webhook-Signature"
	SendGridTimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp"
	SignatureHeader         = "X-Beckon-Signature"
)

// SuppressionStore records suppressions.
type SuppressionStore interface {
	Suppress(ctx context.Context, s Suppression) (added bool, err error)
}

// WebhookConfig is shared by the bounce and complaint intakes.
type WebhookConfig struct {
	// InTx runs fn in one transaction: a delivery's suppressions are
	// recorded all together or not at all.
	InTx func(ctx context.Context, fn func(tx SuppressionStore) error) error
	// Tolerance bounds how far a signed timestamp may be from now, against
	// replays. Default 5 minutes for the signed format; for SendGrid, which
	// may retry a delivery for hours, it is only checked when set.
	Tolerance time.Duration
	// MaxBody bounds the request body, in bytes. Default 1 MiB (SendGrid
	// posts batches of up to 768 KB).
	MaxBody int64
	Now     func() time.Time
	Log     *slog.Logger
}

func (c WebhookConfig) withDefaults() WebhookConfig {
	if c.MaxBody <= 0 {
		c.MaxBody = 1 << 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

// errUnauthorized marks a signature failure (401); any other verify error
// is a malformed request (400).
var errUnauthorized = errors.New("signature check failed")

// intake is the shared shape of both webhooks: read the body, verify it,
// parse it, record every suppression in one transaction.
type intake struct {
	cfg    WebhookConfig
	source string
	verify func(r *http.Request, body []byte) error
	parse  func(body []byte) ([]Suppression, int, error)
}

func (h *intake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		webhookError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		webhookError(w, http.StatusRequestEntityTooLarge, "body too large or unreadable")
		return
	}
	if err := h.verify(r, body); err != nil {
		h.cfg.Log.Warn("email webhook rejected", "source", h.source, "err", err)
		status := http.StatusBadRequest
		if errors.Is(err, errUnauthorized) {
			status = http.StatusUnauthorized
		}
		webhookError(w, status, err.Error())
		return
	}
	sups, ignored, err := h.parse(body)
	if err != nil {
		webhookError(w, http.StatusBadRequest, err.Error())
		return
	}
	added := 0
	err = h.cfg.InTx(r.Context(), func(tx SuppressionStore) error {
		added = 0
		for _, s := range sups {
			s.Source = h.source
			ok, err := tx.Suppress(r.Context(), s)
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	if err != nil {
		h.cfg.Log.Error("email webhook", "source", h.source, "err", err)
		// 5xx makes the provider retry the delivery later.
		webhookError(w, http.StatusInternalServerError, "could not record suppressions")
		return
	}
	if added > 0 {
		h.cfg.Log.Info("email addresses suppressed", "source", h.source, "added", added)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]int{"suppressed": len(sups), "added": added, "ignored": ignored})
}

// MaxBody reports the body limit, so the API applies it instead of its own.
func (h *intake) MaxBody() int64 { return h.cfg.MaxBody }

func webhookError(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail})
}

// ParseSendGridPublicKey reads the verification key SendGrid shows for a
// signed Event Webhook: base64 DER (PKIX) of an ECDSA P-256 key, with or
// without PEM armour.
func ParseSendGridPublicKey(s string) (*ecdsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	var der []byte
	if block, _ := pem.Decode([]byte(s)); block != nil {
		der = block.Bytes
	} else {
		var err error
		if der, err = base64.StdEncoding.DecodeString(s); err != nil {
			return nil, fmt.Errorf("sendgrid public key: not base64: %w", err)
		}
	}
	key, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("sendgrid public key: %w", err)
	}
	ec, ok := key.(*ecdsa.PublicKey)
	if !ok {
		return nil, errors.New("sendgrid public key: not an ECDSA key")
	}
	return ec, nil
}

// NewSendGridWebhook handles SendGrid's signed Event Webhook: the body is a
// JSON array of events, signed with ECDSA over SHA-256(timestamp + body);
// the signature (base64 ASN.1) and timestamp come in the
// X-Twilio-Email-Event-Webhook-Signature and -Timestamp headers.
// Hard bounces ("bounce" events of type "bounce"), spam reports and
// unsubscribes are suppressed; every other event is acknowledged and ignored.
func NewSendGridWebhook(publicKey string, cfg WebhookConfig) (http.Handler, error) {
	key, err := ParseSendGridPublicKey(publicKey)
	if err != nil {
		return nil, err
	}
	if cfg.InTx == nil {
		return nil, errors.New("sendgrid webhook: InTx is required")
	}
	cfg = cfg.withDefaults()
	return &intake{cfg: cfg, source: "sendgrid", parse: ParseSendGridEvents,
		verify: func(r *http.Request, body []byte) error {
			sig, ts := r.Header.Get(SendGridSignatureHeader), r.Header.Get(SendGridTimestampHeader)
			if sig == "" || ts == "" {
				return fmt.Errorf("missing %s or %s: %w", SendGridSignatureHeader, SendGridTimestampHeader, errUnauthorized)
			}
			der, err := base64.StdEncoding.DecodeString(sig)
			if err != nil {
				return fmt.Errorf("signature not base64: %w", errUnauthorized)
			}
			digest := sha256.Sum256(append([]byte(ts), body...))
			if !ecdsa.VerifyASN1(key, digest[:], der) {
				return errUnauthorized
			}
			if cfg.Tolerance > 0 {
				return checkTimestamp(ts, cfg.Now(), cfg.Tolerance)
			}
			return nil
		}}, nil
}

func checkTimestamp(ts string, now time.Time, tolerance time.Duration) error {
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("timestamp %q: %w", ts, errUnauthorized)
	}
	if d := now.Sub(time.Unix(unix, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("timestamp outside %s: %w", tolerance, errUnauthorized)
	}
	return nil
}

// sendGridEvent holds the fields of a SendGrid event that matter here.
type sendGridEvent struct {
	Email     string          `json:"email"`
	Event     string          `json:"event"`
	Type      string          `json:"type"`
	Reason    string          `json:"reason"`
	Status    string          `json:"status"`
	Timestamp json.RawMessage `json:"timestamp"`
}

// ParseSendGridEvents turns a SendGrid Event Webhook body into suppressions
// and returns how many events it ignored. "blocked" bounces are temporary
// and do not suppress.
func ParseSendGridEvents(body []byte) ([]Suppression, int, error) {
	var events []sendGridEvent
	if err := json.Unmarshal(body, &events); err != nil {
		return nil, 0, fmt.Errorf("sendgrid events: %w", err)
	}
	var out []Suppression
	ignored := 0
	for i, ev := range events {
		var reason string
		switch ev.Event {
		case "bounce":
			if ev.Type == "" || ev.Type == "bounce" {
				reason = ReasonBounced
			}
		case "spamreport":
			reason = ReasonComplained
		case "unsubscribe", "group_unsubscribe":
			reason = ReasonUnsubscribed
		}
		if reason == "" {
			ignored++
			continue
		}
		addr, err := NormalizeAddress(ev.Email)
		if err != nil {
			return nil, 0, fmt.Errorf("sendgrid event %d: email %q: %w", i, ev.Email, err)
		}
		s := Suppression{Email: addr, Reason: reason, Detail: strings.TrimSpace(ev.Status + " " + ev.Reason)}
		if unix, err := strconv.ParseInt(strings.Trim(string(ev.Timestamp), `"`), 10, 64); err == nil && unix > 0 {
			s.At = time.Unix(unix, 0)
		}
		out = append(out, s)
	}
	return out, ignored, nil
}

// NewSignedWebhook handles Beckon's own provider-neutral format, for relays
// and scripts that can compute an HMAC:
//
//	X-Beckon-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//	{"events": [{"type": "bounce"|"complaint"|"unsubscribe", "email": "…",
//	             "permanent": true, "detail": "…"}]}
//
// Several v1 values may be given while a secret is rotated. Bounces with
// "permanent": false are acknowledged and ignored.
func NewSignedWebhook(secret []byte, cfg WebhookConfig) (http.Handler, error) {
	if len(secret) < 16 {
		return nil, errors.New("signed webhook: secret must be at least 16 bytes")
	}
	if cfg.InTx == nil {
		return nil, errors.New("signed webhook: InTx is required")
	}
	if cfg.Tolerance <= 0 {
		cfg.Tolerance = 5 * time.Minute
	}
	cfg = cfg.withDefaults()
	return &intake{cfg: cfg, source: "webhook", parse: ParseSignedEvents,
		verify: func(r *http.Request, body []byte) error {
			return VerifySignature(secret, r.Header.Get(SignatureHeader), body, cfg.Now(), cfg.Tolerance)
		}}, nil
}

// Sign returns the X-Beckon-Signature value for body at time t.
func Sign(secret, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(signedMAC(secret, ts, body))
}

func signedMAC(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts + "."))
	m.Write(body)
	return m.Sum(nil)
}

// VerifySignature checks an X-Beckon-Signature header against body.
func VerifySignature(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			if b, err := hex.DecodeString(v); err == nil {
				sigs = append(sigs, b)
			}
		}
	}
	if ts == "" || len(sigs) == 0 {
		return fmt.Errorf("missing or malformed %s: %w", SignatureHeader, errUnauthorized)
	}
	want := signedMAC(secret, ts, body)
	ok := false
	for _, s := range sigs {
		ok = ok || hmac.Equal(s, want)
	}
	if !ok {
		return errUnauthorized
	}
	return checkTimestamp(ts, now, tolerance)
}

type signedEvent struct {
	Type      string `json:"type"`
	Email     string `json:"email"`
	Permanent *bool  `json:"permanent"`
	Detail    string `json:"detail"`
}

// ParseSignedEvents turns a body of the signed format into suppressions
// and returns how many events it ignored (temporary bounces).
func ParseSignedEvents(body []byte) ([]Suppression, int, error) {
	var doc struct {
		Events []signedEvent `json:"events"`
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, 0, fmt.Errorf("events: %w", err)
	}
	if doc.Events == nil {
		return nil, 0, errors.New(`events: missing "events"`)
	}
	var out []Suppression
	ignored := 0
	for i, ev := range doc.Events {
		var reason string
		switch ev.Type {
		case "bounce":
			if ev.Permanent != nil && !*ev.Permanent {
				ignored++
				continue
			}
			reason = ReasonBounced
		case "complaint":
			reason = ReasonComplained
		case "unsubscribe":
			reason = ReasonUnsubscribed
		default:
			return nil, 0, fmt.Errorf("events[%d].type: %q is not bounce, complaint or unsubscribe", i, ev.Type)
		}
		addr, err := NormalizeAddress(ev.Email)
		if err != nil {
			return nil, 0, fmt.Errorf("events[%d].email: %w", i, err)
		}
		out = append(out, Suppression{Email: addr, Reason: reason, Detail: ev.Detail})
	}
	return out, ignored, nil
}
