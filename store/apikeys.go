package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ErrExists is returned when creating something whose name is taken.
var ErrExists = errors.New("already exists")

// APIKey is a stored API key. The secret itself is never stored: only its
// SHA-256 hash, and its prefix to name it.
type APIKey struct {
	ID        int64
	Name      string
	Prefix    string
	Scope     string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the key is valid
}

const apiKeyColumns = `id, name, prefix, scope, created_at, revoked_at`

func scanAPIKey(row interface{ Scan(...any) error }) (APIKey, error) {
	var k APIKey
	var created int64
	var revoked sql.NullInt64
	if err := row.Scan(&k.ID, &k.Name, &k.Prefix, &k.Scope, &created, &revoked); err != nil {
		return k, err
	}
	k.CreatedAt = time.UnixMilli(created)
	k.RevokedAt = fromMillis(revoked)
	return k, nil
}

// CreateAPIKey stores a key by the hex SHA-256 hash of its secret.
func (tx *Tx) CreateAPIKey(ctx context.Context, k APIKey, hash string) (APIKey, error) {
	now := tx.db.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO api_keys (name, prefix, hash, scope, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		k.Name, k.Prefix, hash, k.Scope, now).Scan(&k.ID)
	if err != nil && isUniqueViolation(err) {
		return k, fmt.Errorf("api key %s: %w", k.Prefix, ErrExists)
	}
	if err != nil {
		return k, fmt.Errorf("create api key: %w", err)
	}
	k.CreatedAt = time.UnixMilli(now)
	return k, nil
}

// APIKeyByHash finds a key, revoked or not, by the hash of its secret. It
// runs outside a transaction: it is on every authenticated request's path.
func (db *DB) APIKeyByHash(ctx context.Context, hash string) (APIKey, error) {
	k, err := scanAPIKey(db.SQL.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE hash = $1`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("api key: %w", ErrNotFound)
	}
	if err != nil {
		return k, fmt.Errorf("read api key: %w", err)
	}
	return k, nil
}

// APIKeys lists every key, oldest first.
func (tx *Tx) APIKeys(ctx context.Context) ([]APIKey, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, fmt.Errorf("list api keys: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey revokes the key named by its prefix or its numeric id.
// Revoking a revoked key changes nothing and is no error.
func (tx *Tx) RevokeAPIKey(ctx context.Context, prefixOrID string) (APIKey, error) {
	id, _ := strconv.ParseInt(prefixOrID, 10, 64)
	k, err := scanAPIKey(tx.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE prefix = $1 OR id = $2`, prefixOrID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("api key %q: %w", prefixOrID, ErrNotFound)
	}
	if err != nil {
		return k, fmt.Errorf("read api key: %w", err)
	}
	if !k.RevokedAt.IsZero() {
		return k, nil
	}
	now := tx.db.now()
	if _, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $1 WHERE id = $2`, now, k.ID); err != nil {
		return k, fmt.Errorf("revoke api key: %w", err)
	}
	k.RevokedAt = time.UnixMilli(now)
	return k, nil
}
