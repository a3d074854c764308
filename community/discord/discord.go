// Package discord performs Beckon's community actions against the Discord
// REST API using a bot token.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/beckonhq/beckon/community"
)

// Client implements community.Discord with a bot session. It only uses the
// REST API; no gateway connection is opened.
//
// Rate limits are handled by discordgo's built-in limiter: it tracks the
// X-RateLimit-* headers per route bucket, waits before a request when a
// bucket is exhausted, and retries 429 responses after retry_after. Those
// waits are not context-aware inside discordgo, so a long Discord-imposed
// wait can outlive ctx by up to retry_after; the HTTP request itself is
// bound to ctx.
type Client struct {
	s   *discordgo.Session
	log *slog.Logger
}

var _ community.Discord = (*Client)(nil)

// Option configures a Client.
type Option func(*Client)

// WithLogger sets the logger for successful actions (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.log = l }
}

// WithHTTPClient replaces the HTTP client used for REST calls
// (default: 20s timeout).
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) { c.s.Client = h }
}

// New returns a Client authenticating with the given bot token (without the
// "Bot " prefix).
func New(token string, opts ...Option) (*Client, error) {
	if token == "" {
		return nil, errors.New("discord: bot token is required")
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: create session: %w", err)
	}
	s.StateEnabled = false // REST only; no cache to maintain
	s.Client = &http.Client{Timeout: 20 * time.Second}
	c := &Client{s: s, log: slog.Default()}
	for _, opt := range opts {
		opt(c)
	}
	return c, nil
}

// AddRole grants roleID to userID in guildID. Discord treats the PUT as
// idempotent, so a retried flow step is harmless.
func (c *Client) AddRole(ctx context.Context, guildID, userID, roleID, key string) error {
	if guildID == "" || userID == "" || roleID == "" {
		return errors.New("discord add role: guild, user and role are required")
	}
	if err := c.s.GuildMemberRoleAdd(guildID, userID, roleID, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord PUT guilds/%s/members/%s/roles/%s: %w", guildID, userID, roleID, err)
	}
	c.log.InfoContext(ctx, "discord role added", "guild", guildID, "user", userID, "role", roleID, "key", key)
	return nil
}

// RemoveRole revokes roleID from userID in guildID; like AddRole it is
// idempotent on Discord's side.
func (c *Client) RemoveRole(ctx context.Context, guildID, userID, roleID, key string) error {
	if guildID == "" || userID == "" || roleID == "" {
		return errors.New("discord remove role: guild, user and role are required")
	}
	if err := c.s.GuildMemberRoleRemove(guildID, userID, roleID, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord DELETE guilds/%s/members/%s/roles/%s: %w", guildID, userID, roleID, err)
	}
	c.log.InfoContext(ctx, "discord role removed", "guild", guildID, "user", userID, "role", roleID, "key", key)
	return nil
}

// SendMessage posts text to channelID. Unlike role changes this is not
// idempotent on Discord's side; callers that retry should consult key.
func (c *Client) SendMessage(ctx context.Context, channelID, text, key string) error {
	if channelID == "" || text == "" {
		return errors.New("discord send message: channel and text are required")
	}
	msg, err := c.s.ChannelMessageSend(channelID, text, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord POST channels/%s/messages: %w", channelID, err)
	}
	c.log.InfoContext(ctx, "discord message sent", "channel", channelID, "message", msg.ID, "key", key)
	return nil
}
