package email

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// NewPostmarkWebhook handles Postmark's Bounce, Spam Complaint and
// Subscription Change webhooks (one JSON record per request). Postmark
// does not sign its webhooks; it sends the HTTP basic-auth credentials put
// in the webhook URL (https://user:pass@host/…), which are checked here.
//
// Hard bounces (Inactive, or Type HardBounce, BadEmailAddress,
// ManuallyDeactivated) suppress as bounced, spam complaints as complained,
// and a subscription change with SuppressSending as its reason says;
// transient and soft bounces and every other record are ignored.
func NewPostmarkWebhook(user, password string, cfg WebhookConfig) (http.Handler, error) {
	if user == "" || len(password) < 12 {
		return nil, errors.New("postmark webhook: a user and a password of at least 12 characters are required")
	}
	if cfg.InTx == nil {
		return nil, errors.New("postmark webhook: InTx is required")
	}
	cfg = cfg.withDefaults()
	wantUser, wantPass := sha256.Sum256([]byte(user)), sha256.Sum256([]byte(password))
	return &intake{cfg: cfg, source: "postmark", parse: ParsePostmarkRecord,
		verify: func(r *http.Request, _ []byte) error {
			u, p, ok := r.BasicAuth()
			gotUser, gotPass := sha256.Sum256([]byte(u)), sha256.Sum256([]byte(p))
			if !ok || subtle.ConstantTimeCompare(gotUser[:], wantUser[:])&subtle.ConstantTimeCompare(gotPass[:], wantPass[:]) != 1 {
				return fmt.Errorf("basic auth: %w", errUnauthorized)
			}
			return nil
		}}, nil
}

type postmarkRecord struct {
	RecordType        string `json:"RecordType"`
	Type              string `json:"Type"`
	Email             string `json:"Email"`
	Recipient         string `json:"Recipient"`
	Inactive          bool   `json:"Inactive"`
	Description       string `json:"Description"`
	Details           string `json:"Details"`
	BouncedAt         string `json:"BouncedAt"`
	ChangedAt         string `json:"ChangedAt"`
	SuppressSending   bool   `json:"SuppressSending"`
	SuppressionReason string `json:"SuppressionReason"`
}

// ParsePostmarkRecord turns one Postmark webhook record into at most one
// suppression and returns 1 as ignored when it causes none.
func ParsePostmarkRecord(body []byte) ([]Suppression, int, error) {
	var rec postmarkRecord
	if err := json.Unmarshal(body, &rec); err != nil {
		return nil, 0, fmt.Errorf("postmark record: %w", err)
	}
	var reason, addr, at, detail string
	switch rec.RecordType {
	case "Bounce":
		addr, at, detail = rec.Email, rec.BouncedAt, strings.TrimSpace(rec.Type+": "+rec.Description+" "+rec.Details)
		switch {
		case rec.Type == "SpamComplaint" || rec.Type == "SpamNotification":
			reason = ReasonComplained
		case rec.Inactive || rec.Type == "HardBounce" || rec.Type == "BadEmailAddress" || rec.Type == "ManuallyDeactivated":
			reason = ReasonBounced
		}
	case "SpamComplaint":
		addr, at, detail, reason = rec.Email, rec.BouncedAt, rec.Type, ReasonComplained
	case "SubscriptionChange":
		addr, at, detail = rec.Recipient, rec.ChangedAt, rec.SuppressionReason
		if rec.SuppressSending {
			switch rec.SuppressionReason {
			case "HardBounce":
				reason = ReasonBounced
			case "SpamComplaint":
				reason = ReasonComplained
			default: // ManualSuppression: the recipient unsubscribed
				reason = ReasonUnsubscribed
			}
		}
	case "":
		return nil, 0, errors.New("postmark record: missing RecordType")
	}
	if reason == "" {
		return nil, 1, nil
	}
	norm, err := NormalizeAddress(addr)
	if err != nil {
		return nil, 0, fmt.Errorf("postmark record: email %q: %w", addr, err)
	}
	s := Suppression{Email: norm, Reason: reason, Detail: detail}
	if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
		s.At = t
	}
	return []Suppression{s}, 0, nil
}
