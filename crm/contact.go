// Package crm keeps contacts and their identities: every wallet seen
// on-chain becomes (or joins) a contact, and linking — SIWE for wallets,
// bot deep links for handles — merges identities into one contact.
package crm

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Identity kinds.
const (
	IdentityWallet   = "wallet"
	IdentityEmail    = "email"
	IdentityDiscord  = "discord"
	IdentityTelegram = "telegram"
)

// ErrInvalid marks bad input; nothing was changed.
var ErrInvalid = errors.New("invalid")

// Identity is one handle of a contact. Wallet values are EIP-55 checksummed.
type Identity struct {
	Kind  string
	Value string
}

// Contact is one person with all their identities.
type Contact struct {
	ID         int64
	Email      string
	Timezone   string
	Locale     string
	Traits     map[string]any
	Identities []Identity
	// Unsubscribed contacts get no email.
	Unsubscribed bool
}

// Wallets returns the contact's wallet addresses.
func (c Contact) Wallets() []common.Address {
	var out []common.Address
	for _, id := range c.Identities {
		if id.Kind == IdentityWallet {
			out = append(out, common.HexToAddress(id.Value))
		}
	}
	return out
}

// Handle returns the contact's identity value of kind, or "".
func (c Contact) Handle(kind string) string {
	for _, id := range c.Identities {
		if id.Kind == kind {
			return id.Value
		}
	}
	return ""
}

// Store is what the contact logic needs from persistence.
type Store interface {
	// ContactForIdentity returns the contact owning the identity, creating a
	// contact for it when none does.
	ContactForIdentity(ctx context.Context, id Identity) (contactID int64, created bool, err error)
	// LinkIdentity attaches id to contactID. When id belongs to another
	// contact, that contact is merged into contactID and the merge recorded.
	LinkIdentity(ctx context.Context, contactID int64, id Identity) (merged bool, err error)
	Contact(ctx context.Context, id int64) (Contact, error)
}

// NormalizeIdentity validates and canonicalises an identity: wallets to
// EIP-55, emails to lower case.
func NormalizeIdentity(id Identity) (Identity, error) {
	switch id.Kind {
	case IdentityWallet:
		if !common.IsHexAddress(id.Value) {
			return id, fmt.Errorf("wallet %q: %w: not a hex address", id.Value, ErrInvalid)
		}
		id.Value = common.HexToAddress(id.Value).Hex()
	case IdentityEmail:
		addr, err := mail.ParseAddress(id.Value)
		if err != nil || addr.Name != "" {
			return id, fmt.Errorf("email %q: %w: not a plain address", id.Value, ErrInvalid)
		}
		id.Value = strings.ToLower(addr.Address)
	case IdentityDiscord, IdentityTelegram:
		if strings.TrimSpace(id.Value) == "" {
			return id, fmt.Errorf("%s id: %w: empty", id.Kind, ErrInvalid)
		}
	default:
		if strings.HasPrefix(id.Kind, IdentityExternalPrefix) {
			return normalizeExternal(id)
		}
		return id, fmt.Errorf("identity kind %q: %w (valid: wallet, email, discord, telegram, ext:<system>)", id.Kind, ErrInvalid)
	}
	return id, nil
}

// EnsureWallet returns the contact of a wallet seen on-chain, creating a
// wallet-only contact the first time.
func EnsureWallet(ctx context.Context, s Store, wallet common.Address) (int64, bool, error) {
	return s.ContactForIdentity(ctx, Identity{Kind: IdentityWallet, Value: wallet.Hex()})
}

// Link normalises id and links it to contactID.
func Link(ctx context.Context, s Store, contactID int64, id Identity) (bool, error) {
	id, err := NormalizeIdentity(id)
	if err != nil {
		return false, err
	}
	return s.LinkIdentity(ctx, contactID, id)
}
