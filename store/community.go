package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm"
)

var (
	_ community.LinkStore     = (*Tx)(nil)
	_ community.GrantStore    = (*Tx)(nil)
	_ community.IdentityStore = (*Tx)(nil)
	_ community.BotStore      = (*Tx)(nil)
	_ community.RuleStore     = (*Tx)(nil)
	_ community.SyncStore     = (*Tx)(nil)
)

// PutLinkToken implements community.LinkStore.
func (tx *Tx) PutLinkToken(ctx context.Context, hash string, t community.LinkToken) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO community_link_tokens (token_hash, platform, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		hash, t.Platform, t.UserID, tx.db.now(), t.ExpiresAt.UnixMilli()); err != nil {
		return fmt.Errorf("put link token: %w", err)
	}
	return nil
}

// TakeLinkToken implements community.LinkStore: the UPDATE claims the
// token, so of two concurrent redeems only one succeeds.
func (tx *Tx) TakeLinkToken(ctx context.Context, hash string, contactBound bool, now time.Time) (community.LinkToken, error) {
	var t community.LinkToken
	var expires int64
	op := "<>"
	if contactBound {
		op = "="
	}
	err := tx.QueryRowContext(ctx, `UPDATE community_link_tokens SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 AND platform `+op+` $3
		RETURNING platform, user_id, expires_at`, now.UnixMilli(), hash, community.PlatformContact).Scan(&t.Platform, &t.UserID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return t, community.ErrLinkToken
	}
	if err != nil {
		return t, fmt.Errorf("take link token: %w", err)
	}
	t.ExpiresAt = time.UnixMilli(expires)
	return t, nil
}

// UnlinkIdentity detaches the identity from its contact and returns that
// contact; ok is false when no contact had it.
func (tx *Tx) UnlinkIdentity(ctx context.Context, kind, value string) (contactID int64, ok bool, err error) {
	err = tx.QueryRowContext(ctx, `DELETE FROM identities WHERE kind = $1 AND value = $2 RETURNING contact_id`, kind, value).Scan(&contactID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("unlink %s identity: %w", kind, err)
	}
	if err := tx.recordChange(ctx, contactID, crm.ChangeIdentityUnlinked, crm.IdentityChange{Kind: kind, Value: value}); err != nil {
		return 0, false, err
	}
	return contactID, true, nil
}

// IdentityContacts implements community.IdentityStore.
func (tx *Tx) IdentityContacts(ctx context.Context, kind string) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT value, contact_id FROM identities WHERE kind = $1`, kind)
	if err != nil {
		return nil, fmt.Errorf("list %s identities: %w", kind, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var v string
		var id int64
		if err := rows.Scan(&v, &id); err != nil {
			return nil, fmt.Errorf("list %s identities: %w", kind, err)
		}
		out[v] = id
	}
	return out, rows.Err()
}

// Grants implements community.GrantStore.
func (tx *Tx) Grants(ctx context.Context, platform, scope string) ([]community.Grant, error) {
	out, err := tx.grants(ctx, `WHERE platform = $1 AND scope = $2`, platform, scope)
	if err != nil {
		return nil, fmt.Errorf("list grants: %w", err)
	}
	return out, nil
}

func (tx *Tx) grants(ctx context.Context, where string, args ...any) ([]community.Grant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT platform, scope, user_id, grant_name, contact_id, failing_since, granted_at
		FROM community_grants `+where+` ORDER BY user_id, grant_name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []community.Grant
	for rows.Next() {
		var g community.Grant
		var failing sql.NullInt64
		var granted int64
		if err := rows.Scan(&g.Platform, &g.Scope, &g.UserID, &g.Name, &g.ContactID, &failing, &granted); err != nil {
			return nil, err
		}
		if failing.Valid {
			g.FailingSince = time.UnixMilli(failing.Int64)
		}
		g.GrantedAt = time.UnixMilli(granted)
		out = append(out, g)
	}
	return out, rows.Err()
}

// PutGrant implements community.GrantStore.
func (tx *Tx) PutGrant(ctx context.Context, g community.Grant) error {
	var failing any
	if !g.FailingSince.IsZero() {
		failing = g.FailingSince.UnixMilli()
	}
	granted := tx.db.now()
	if !g.GrantedAt.IsZero() {
		granted = g.GrantedAt.UnixMilli()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO community_grants (platform, scope, user_id, grant_name, contact_id, failing_since, granted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (platform, scope, user_id, grant_name) DO UPDATE SET contact_id = excluded.contact_id, failing_since = excluded.failing_since`,
		g.Platform, g.Scope, g.UserID, g.Name, g.ContactID, failing, granted); err != nil {
		return fmt.Errorf("put grant: %w", err)
	}
	return nil
}

// DeleteGrant implements community.GrantStore.
func (tx *Tx) DeleteGrant(ctx context.Context, platform, scope, userID, name string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM community_grants WHERE platform = $1 AND scope = $2 AND user_id = $3 AND grant_name = $4`,
		platform, scope, userID, name); err != nil {
		return fmt.Errorf("delete grant: %w", err)
	}
	return nil
}

// IdentityContact finds the contact owning an identity without creating one.
func (tx *Tx) IdentityContact(ctx context.Context, kind, value string) (int64, bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT contact_id FROM identities WHERE kind = $1 AND value = $2`, kind, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("find %s identity: %w", kind, err)
	}
	return id, true, nil
}

// UserGrants lists one user's grants in a scope.
func (tx *Tx) UserGrants(ctx context.Context, platform, scope, userID string) ([]community.Grant, error) {
	all, err := tx.grants(ctx, `WHERE platform = $1 AND scope = $2 AND user_id = $3`, platform, scope, userID)
	if err != nil {
		return nil, fmt.Errorf("list user grants: %w", err)
	}
	return all, nil
}
