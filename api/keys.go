package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/beckonhq/beckon/store"
)

// ErrUnauthorized is returned by Keys.Check for a missing, malformed,
// unknown or revoked key.
var ErrUnauthorized = errors.New("unauthorized")

func isUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// keyPrefixLen is how much of a secret names its key: "bk_" and 8 hex digits.
const keyPrefixLen = 11

// Key is an API key as shown after creation: by prefix, never the secret.
type Key = store.APIKey

// Keys creates and checks API keys. Secrets look like bk_<40 hex digits>;
// only their SHA-256 hash is stored, so a secret is shown once, when
// created.
type Keys struct {
	DB *store.DB
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Create makes a key of scope named name and returns its secret, which is
// not stored and cannot be shown again.
func (k *Keys) Create(ctx context.Context, name, scope string) (string, Key, error) {
	if !ValidScope(scope) {
		return "", Key{}, fmt.Errorf("create key: scope %q must be read, write or admin", scope)
	}
	if strings.TrimSpace(name) == "" {
		return "", Key{}, errors.New("create key: a name is required")
	}
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", Key{}, fmt.Errorf("create key: %w", err)
	}
	secret := "bk_" + hex.EncodeToString(b)
	var key Key
	err := k.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		key, err = tx.CreateAPIKey(ctx, Key{Name: name, Prefix: secret[:keyPrefixLen], Scope: scope}, hashSecret(secret))
		return err
	})
	if err != nil {
		return "", Key{}, err
	}
	return secret, key, nil
}

// Lookup returns the valid key of secret, or ErrUnauthorized.
func (k *Keys) Lookup(ctx context.Context, secret string) (Key, error) {
	if len(secret) <= keyPrefixLen || !strings.HasPrefix(secret, "bk_") {
		return Key{}, ErrUnauthorized
	}
	key, err := k.DB.APIKeyByHash(ctx, hashSecret(secret))
	if errors.Is(err, store.ErrNotFound) {
		return Key{}, ErrUnauthorized
	}
	if err != nil {
		return Key{}, err
	}
	if !key.RevokedAt.IsZero() {
		return Key{}, ErrUnauthorized
	}
	return key, nil
}

// Check returns the scope of a valid key, or ErrUnauthorized. It is the
// check the dashboard's login uses.
func (k *Keys) Check(ctx context.Context, secret string) (string, error) {
	key, err := k.Lookup(ctx, secret)
	if err != nil {
		return "", err
	}
	return key.Scope, nil
}

// Allows reports whether a key of scope have may use a route needing need.
func Allows(have, need string) bool { return scopeRank(have) >= scopeRank(need) && ValidScope(need) }

// List returns every key, revoked ones included.
func (k *Keys) List(ctx context.Context) ([]Key, error) {
	var out []Key
	err := k.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.APIKeys(ctx)
		return err
	})
	return out, err
}

// Revoke revokes the key named by its prefix or id; it stops working at once.
func (k *Keys) Revoke(ctx context.Context, prefixOrID string) (Key, error) {
	var key Key
	err := k.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		key, err = tx.RevokeAPIKey(ctx, prefixOrID)
		return err
	})
	return key, err
}
