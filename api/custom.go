package api

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/store"
)

// Headers of the signed custom-event intake.
const (
	TimestampHeader = "X-Beckon-Timestamp"
	SignatureHeader = "X-Beckon-Signature"
)

// CustomEvent is an off-chain event accepted by POST /v1/events/custom.
type CustomEvent struct {
	ID         int64
	Name       string
	ContactID  int64
	Properties map[string]any
	// Key is unique per event: the sender's idempotency key or, without
	// one, derived from the signature.
	Key string
	At  time.Time
}

// CustomEventHook receives each newly stored custom event (the flow
// engine's custom trigger). It runs inside the transaction that stores
// the event: when it fails, nothing is stored and the sender may retry.
type CustomEventHook interface {
	CustomEvent(ctx context.Context, tx *store.Tx, ev CustomEvent) error
}

// SignCustomEvent returns the X-Beckon-Signature value for body sent at
// timestamp (unix seconds): "sha256=" and the hex HMAC-SHA256, keyed with
// the shared secret, of the timestamp, a ".", and the body.
func SignCustomEvent(secret []byte, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// checkSignature accepts the documented form, and for senders that sign
// the timestamp and body with no separator, that form too: a body is a
// JSON object, so the two cannot be confused.
func checkSignature(secret []byte, ts string, body []byte, sig string) bool {
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "sha256="))
	if err != nil || len(got) != sha256.Size {
		return false
	}
	for _, sep := range []string{".", ""} {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(ts + sep))
		m.Write(body)
		if hmac.Equal(m.Sum(nil), got) {
			return true
		}
	}
	return false
}

var eventNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$`)

type customEventRequest struct {
	Name    string `json:"name"`
	Contact struct {
		ID       int64  `json:"id"`
		Email    string `json:"email"`
		Wallet   string `json:"wallet"`
		Discord  string `json:"discord"`
		Telegram string `json:"telegram"`
	} `json:"contact"`
	Properties map[string]any `json:"properties"`
	Key        string         `json:"key"`
}

// customEvent stores a signed off-chain event once and hands it to the hook.
func (s *Server) customEvent(c *gin.Context) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			problem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooLarge.Limit))
			return
		}
		problem(c, http.StatusBadRequest, "could not read the body")
		return
	}
	ts := c.GetHeader(TimestampHeader)
	sig := c.GetHeader(SignatureHeader)
	if ts == "" || sig == "" {
		problem(c, http.StatusUnauthorized, TimestampHeader+" and "+SignatureHeader+" are required")
		return
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		problem(c, http.StatusUnauthorized, TimestampHeader+" must be unix seconds")
		return
	}
	if !checkSignature(s.cfg.CustomEventSecret, ts, body, sig) {
		problem(c, http.StatusUnauthorized, "signature does not match")
		return
	}
	// Checked after the signature, so a stranger learns nothing about the clock.
	if age := s.cfg.DB.Now().Sub(time.Unix(secs, 0)); age > s.cfg.CustomEventWindow || age < -s.cfg.CustomEventWindow {
		problem(c, http.StatusUnauthorized, fmt.Sprintf("timestamp outside the %s replay window", s.cfg.CustomEventWindow))
		return
	}
	var req customEventRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&req); err != nil {
		badRequest(c, "body", "must be a JSON object with name and contact")
		return
	}
	ident, errs := req.identity()
	if !eventNamePattern.MatchString(req.Name) {
		errs = append(errs, fieldError{Field: "name", Message: "1 to 100 letters, digits, '_', '.', ':' or '-'"})
	}
	if len(req.Key) > 200 {
		errs = append(errs, fieldError{Field: "key", Message: "at most 200 bytes"})
	}
	if len(errs) > 0 {
		unprocessable(c, "invalid custom event", errs)
		return
	}
	if req.Properties == nil {
		req.Properties = map[string]any{}
	}
	props, _ := json.Marshal(req.Properties)
	dedupe := "sig:" + strings.TrimPrefix(sig, "sha256=")
	if req.Key != "" {
		dedupe = "key:" + req.Key
	}
	ctx := c.Request.Context()
	var stored store.CustomEvent
	var inserted bool
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		contactID := req.Contact.ID
		if ident != nil {
			id, _, err := tx.ContactForIdentity(ctx, *ident)
			if err != nil {
				return err
			}
			contactID = id
		} else {
			ct, err := tx.Contact(ctx, contactID)
			if err != nil {
				return err
			}
			contactID = ct.ID
		}
		var err error
		stored, inserted, err = tx.InsertCustomEvent(ctx, store.CustomEvent{Name: req.Name, ContactID: contactID, DedupeKey: dedupe, Properties: string(props)})
		if err != nil || !inserted || s.cfg.CustomEvents == nil {
			return err
		}
		return s.cfg.CustomEvents.CustomEvent(ctx, tx, CustomEvent{ID: stored.ID, Name: stored.Name, ContactID: stored.ContactID,
			Properties: req.Properties, Key: dedupe, At: stored.CreatedAt})
	})
	if err != nil {
		s.contactErr(c, "store the custom event", err)
		return
	}
	status := http.StatusAccepted
	if !inserted {
		status = http.StatusOK
	}
	c.JSON(status, gin.H{"id": stored.ID, "contact_id": stored.ContactID, "name": stored.Name, "duplicate": !inserted})
}

// identity picks the one contact selector given.
func (r *customEventRequest) identity() (*crm.Identity, []fieldError) {
	var given []crm.Identity
	if r.Contact.Email != "" {
		given = append(given, crm.Identity{Kind: crm.IdentityEmail, Value: r.Contact.Email})
	}
	if r.Contact.Wallet != "" {
		if !common.IsHexAddress(r.Contact.Wallet) {
			return nil, []fieldError{{Field: "contact.wallet", Message: "must be a 0x-prefixed 20-byte hex address"}}
		}
		given = append(given, crm.Identity{Kind: crm.IdentityWallet, Value: r.Contact.Wallet})
	}
	if r.Contact.Discord != "" {
		given = append(given, crm.Identity{Kind: crm.IdentityDiscord, Value: r.Contact.Discord})
	}
	if r.Contact.Telegram != "" {
		given = append(given, crm.Identity{Kind: crm.IdentityTelegram, Value: r.Contact.Telegram})
	}
	n := len(given)
	if r.Contact.ID != 0 {
		n++
	}
	if n != 1 {
		return nil, []fieldError{{Field: "contact", Message: "give exactly one of id, email, wallet, discord, telegram"}}
	}
	if len(given) == 0 {
		if r.Contact.ID < 0 {
			return nil, []fieldError{{Field: "contact.id", Message: "must be a positive contact id"}}
		}
		return nil, nil
	}
	id, err := crm.NormalizeIdentity(given[0])
	if err != nil {
		return nil, []fieldError{{Field: "contact." + given[0].Kind, Message: err.Error()}}
	}
	return &id, nil
}
