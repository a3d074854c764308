// Package community defines how Beckon flows act on community platforms
// (Discord roles and messages, Telegram messages) and provides a recording
// backend used when no bot token is configured, so flows can be demonstrated
// and audited without touching a live server.
package community

import (
	"context"
	"time"
)

// Platforms.
const (
	PlatformDiscord  = "discord"
	PlatformTelegram = "telegram"
)

// Action kinds.
const (
	KindRoleAdd      = "role_add"
	KindRoleRemove   = "role_remove"
	KindMessage      = "message"
	KindDM           = "dm"
	KindJoinApprove  = "join_approve"
	KindJoinDecline  = "join_decline"
	KindMemberRemove = "member_remove"
)

// Action is one side effect a flow performed (or would have performed) on a
// community platform.
type Action struct {
	Platform string    `json:"platform"`          // PlatformDiscord or PlatformTelegram
	Kind     string    `json:"kind"`              // KindRoleAdd, KindRoleRemove or KindMessage
	Target   string    `json:"target,omitempty"`  // user id (roles) or chat id (Telegram)
	Guild    string    `json:"guild,omitempty"`   // Discord guild id
	Role     string    `json:"role,omitempty"`    // Discord role id
	Channel  string    `json:"channel,omitempty"` // Discord channel id
	Text     string    `json:"text,omitempty"`
	Key      string    `json:"key,omitempty"` // idempotency key, e.g. "flowrun:step"
	At       time.Time `json:"at"`
}

// Recorder stores actions. Implementations treat Action.Key as an
// idempotency key: recording the same non-empty key twice is a no-op.
type Recorder interface {
	Record(ctx context.Context, a Action) error
}

// Discord is what the flow engine needs from Discord. Every call carries an
// idempotency key so retried flow steps can be recognised.
type Discord interface {
	AddRole(ctx context.Context, guildID, userID, roleID, key string) error
	RemoveRole(ctx context.Context, guildID, userID, roleID, key string) error
	SendMessage(ctx context.Context, channelID, text, key string) error
	// SendDirectMessage posts text to the user's DMs.
	SendDirectMessage(ctx context.Context, userID, text, key string) error
}

// Telegram is what the flow engine needs from Telegram. chatID is either a
// numeric chat id (negative for groups) or a public "@channelusername".
type Telegram interface {
	SendMessage(ctx context.Context, chatID, text, key string) error
}
