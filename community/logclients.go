package community

import (
	"context"
	"errors"
	"fmt"
)

// LogDiscord implements Discord by recording actions instead of calling the
// Discord API. It is used when no bot token is configured.
type LogDiscord struct {
	rec Recorder
}

var _ Discord = (*LogDiscord)(nil)

// NewLogDiscord returns a Discord backed by rec.
func NewLogDiscord(rec Recorder) *LogDiscord { return &LogDiscord{rec: rec} }

// AddRole records a role grant.
func (d *LogDiscord) AddRole(ctx context.Context, guildID, userID, roleID, key string) error {
	if guildID == "" || userID == "" || roleID == "" {
		return errors.New("discord add role: guild, user and role are required")
	}
	return d.record(ctx, Action{Platform: PlatformDiscord, Kind: KindRoleAdd, Target: userID, Guild: guildID, Role: roleID, Key: key})
}

// RemoveRole records a role removal.
func (d *LogDiscord) RemoveRole(ctx context.Context, guildID, userID, roleID, key string) error {
	if guildID == "" || userID == "" || roleID == "" {
		return errors.New("discord remove role: guild, user and role are required")
	}
	return d.record(ctx, Action{Platform: PlatformDiscord, Kind: KindRoleRemove, Target: userID, Guild: guildID, Role: roleID, Key: key})
}

// SendMessage records a channel message.
func (d *LogDiscord) SendMessage(ctx context.Context, channelID, text, key string) error {
	if channelID == "" || text == "" {
		return errors.New("discord send message: channel and text are required")
	}
	return d.record(ctx, Action{Platform: PlatformDiscord, Kind: KindMessage, Channel: channelID, Text: text, Key: key})
}

// SendDirectMessage records a direct message.
func (d *LogDiscord) SendDirectMessage(ctx context.Context, userID, text, key string) error {
	if userID == "" || text == "" {
		return errors.New("discord direct message: user and text are required")
	}
	return d.record(ctx, Action{Platform: PlatformDiscord, Kind: KindDM, Target: userID, Text: text, Key: key})
}

func (d *LogDiscord) record(ctx context.Context, a Action) error {
	if err := d.rec.Record(ctx, a); err != nil {
		return fmt.Errorf("discord %s: %w", a.Kind, err)
	}
	return nil
}

// LogTelegram implements Telegram by recording actions instead of calling
// the Bot API. It is used when no bot token is configured.
type LogTelegram struct {
	rec Recorder
}

var _ Telegram = (*LogTelegram)(nil)

// NewLogTelegram returns a Telegram backed by rec.
func NewLogTelegram(rec Recorder) *LogTelegram { return &LogTelegram{rec: rec} }

// SendMessage records a chat message.
func (t *LogTelegram) SendMessage(ctx context.Context, chatID, text, key string) error {
	if chatID == "" || text == "" {
		return errors.New("telegram send message: chat and text are required")
	}
	a := Action{Platform: PlatformTelegram, Kind: KindMessage, Target: chatID, Text: text, Key: key}
	if err := t.rec.Record(ctx, a); err != nil {
		return fmt.Errorf("telegram %s: %w", a.Kind, err)
	}
	return nil
}

var _ ChatGate = (*LogTelegram)(nil)

// ApproveJoinRequest records an approved join request.
func (t *LogTelegram) ApproveJoinRequest(ctx context.Context, chatID, userID string) error {
	return t.gate(ctx, KindJoinApprove, chatID, userID)
}

// DeclineJoinRequest records a declined join request.
func (t *LogTelegram) DeclineJoinRequest(ctx context.Context, chatID, userID string) error {
	return t.gate(ctx, KindJoinDecline, chatID, userID)
}

// RemoveMember records a member's removal from a gated chat.
func (t *LogTelegram) RemoveMember(ctx context.Context, chatID, userID string) error {
	return t.gate(ctx, KindMemberRemove, chatID, userID)
}

func (t *LogTelegram) gate(ctx context.Context, kind, chatID, userID string) error {
	if chatID == "" || userID == "" {
		return fmt.Errorf("telegram %s: chat and user are required", kind)
	}
	a := Action{Platform: PlatformTelegram, Kind: kind, Target: userID, Channel: chatID}
	if err := t.rec.Record(ctx, a); err != nil {
		return fmt.Errorf("telegram %s: %w", kind, err)
	}
	return nil
}
