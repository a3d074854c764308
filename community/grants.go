package community

import (
	"context"
	"time"
)

// Grant is a role (Discord) or a gated-chat membership (Telegram, Name
// "member") that Beckon gave a platform user, remembered so role changes
// are diffs and drift can be found.
type Grant struct {
	Platform  string // PlatformDiscord or PlatformTelegram
	Scope     string // guild id or chat id
	UserID    string
	Name      string // role id, or "member"
	ContactID int64
	// FailingSince is when the contact stopped qualifying; zero while it
	// qualifies. Gated chats remove members once it is older than the
	// chat's grace period.
	FailingSince time.Time
	GrantedAt    time.Time
}

// GrantStore keeps grants.
type GrantStore interface {
	// Grants lists the grants of one platform and scope.
	Grants(ctx context.Context, platform, scope string) ([]Grant, error)
	// PutGrant inserts or replaces the grant (by platform, scope, user, name).
	PutGrant(ctx context.Context, g Grant) error
	// DeleteGrant removes it; removing a missing grant is no error.
	DeleteGrant(ctx context.Context, platform, scope, userID, name string) error
}

// IdentityStore finds linked accounts.
type IdentityStore interface {
	// IdentityContacts maps each identity value of kind to its contact.
	IdentityContacts(ctx context.Context, kind string) (map[string]int64, error)
}
