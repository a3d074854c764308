package community

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/beckonhq/beckon/crm"
)

// ErrLinkToken is returned when a link token is unknown, expired or
// already used. The three are not told apart, so a guessed token learns
// nothing.
var ErrLinkToken = errors.New("link token is invalid, expired or already used")

// LinkToken is a single-use token that attaches a platform account to the
// contact who signs in with a wallet on the link page.
type LinkToken struct {
	Platform  string // PlatformDiscord or PlatformTelegram
	UserID    string // the platform's user id
	ExpiresAt time.Time
}

// LinkStore keeps link tokens by the SHA-256 of the token, so a database
// dump reveals no usable token.
type LinkStore interface {
	PutLinkToken(ctx context.Context, hash string, t LinkToken) error
	// TakeLinkToken marks the token used and returns it, or ErrLinkToken
	// when it is unknown, used, expired at now, or of the other sort
	// (contact-bound or not) than contactBound asks for; a token of the
	// wrong sort stays usable.
	TakeLinkToken(ctx context.Context, hash string, contactBound bool, now time.Time) (LinkToken, error)
}

// RedeemStore is what redeeming needs: the token and the contact links.
type RedeemStore interface {
	LinkStore
	crm.Store
}

// DefaultLinkTTL is how long a link token stays valid.
const DefaultLinkTTL = 15 * time.Minute

// IssueLinkToken creates a token for the platform account; the link page
// passes it back to RedeemLinkToken once the wallet has signed.
func IssueLinkToken(ctx context.Context, s LinkStore, platform, userID string, ttl time.Duration, now time.Time) (string, error) {
	if platform != PlatformDiscord && platform != PlatformTelegram {
		return "", fmt.Errorf("issue link token: unknown platform %q", platform)
	}
	if userID == "" {
		return "", errors.New("issue link token: user id required")
	}
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("issue link token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := s.PutLinkToken(ctx, HashLinkToken(token), LinkToken{Platform: platform, UserID: userID, ExpiresAt: now.Add(ttl)}); err != nil {
		return "", fmt.Errorf("issue link token: %w", err)
	}
	return token, nil
}

// HashLinkToken is the key a token is stored under.
func HashLinkToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RedeemLinkToken uses the token once and attaches its platform account to
// contactID (the contact that signed). When the account belonged to another
// contact, the store merges that contact into contactID.
func RedeemLinkToken(ctx context.Context, s RedeemStore, token string, contactID int64, now time.Time) (crm.Identity, error) {
	if token == "" {
		return crm.Identity{}, ErrLinkToken
	}
	t, err := s.TakeLinkToken(ctx, HashLinkToken(token), false, now)
	if err != nil {
		return crm.Identity{}, err
	}
	id := crm.Identity{Kind: t.Platform, Value: t.UserID}
	if _, err := crm.Link(ctx, s, contactID, id); err != nil {
		return crm.Identity{}, fmt.Errorf("redeem link token: %w", err)
	}
	return id, nil
}

// LinkURL is the link page address carrying token.
func LinkURL(publicURL, token string) string {
	return trimSlash(publicURL) + "/link?token=" + token
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// PlatformContact marks link tokens bound to a contact rather than a
// platform account: the link page issues one after the wallet signs, and a
// Telegram deep link (/start TOKEN) redeems it from the account to attach.
const PlatformContact = "contact"

// IssueContactToken creates a single-use token bound to contactID, for a
// deep link such as https://t.me/<bot>?start=TOKEN.
func IssueContactToken(ctx context.Context, s LinkStore, contactID int64, ttl time.Duration, now time.Time) (string, error) {
	if contactID <= 0 {
		return "", errors.New("issue contact token: contact id required")
	}
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("issue contact token: %w", err)
	}
	// Telegram deep-link payloads allow only A-Z a-z 0-9 _ and -, which
	// base64url without padding satisfies.
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := s.PutLinkToken(ctx, HashLinkToken(token), LinkToken{Platform: PlatformContact, UserID: strconv.FormatInt(contactID, 10), ExpiresAt: now.Add(ttl)}); err != nil {
		return "", fmt.Errorf("issue contact token: %w", err)
	}
	return token, nil
}

// RedeemContactToken uses a contact-bound token once and attaches the
// platform account to its contact, which it returns.
func RedeemContactToken(ctx context.Context, s RedeemStore, token, platform, userID string, now time.Time) (int64, error) {
	if token == "" {
		return 0, ErrLinkToken
	}
	t, err := s.TakeLinkToken(ctx, HashLinkToken(token), true, now)
	if err != nil {
		return 0, err
	}
	contactID, err := strconv.ParseInt(t.UserID, 10, 64)
	if err != nil {
		return 0, ErrLinkToken
	}
	if _, err := crm.Link(ctx, s, contactID, crm.Identity{Kind: platform, Value: userID}); err != nil {
		return 0, fmt.Errorf("redeem contact token: %w", err)
	}
	return contactID, nil
}
