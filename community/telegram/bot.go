package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/beckonhq/beckon/community"
)

var _ community.ChatGate = (*Client)(nil)

// bound returns a copy of the bot whose requests are bound to ctx.
func (c *Client) bound(ctx context.Context) *tgbotapi.BotAPI {
	bot := *c.bot
	bot.Client = c.doer(ctx)
	return &bot
}

func chatConfig(chatID string) (tgbotapi.ChatConfig, error) {
	if strings.HasPrefix(chatID, "@") && len(chatID) > 1 {
		return tgbotapi.ChatConfig{SuperGroupUsername: chatID}, nil
	}
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil || id == 0 {
		return tgbotapi.ChatConfig{}, fmt.Errorf("invalid chat id %q: want a number or @username", chatID)
	}
	return tgbotapi.ChatConfig{ChatID: id}, nil
}

func userID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("invalid user id %q", s)
	}
	return id, nil
}

func (c *Client) request(ctx context.Context, what string, cfg tgbotapi.Chattable) error {
	if _, err := c.bound(ctx).Request(cfg); err != nil {
		return fmt.Errorf("telegram %s: %w", what, c.wrap(err))
	}
	return nil
}

// ApproveJoinRequest implements community.ChatGate.
func (c *Client) ApproveJoinRequest(ctx context.Context, chatID, user string) error {
	chat, err := chatConfig(chatID)
	if err != nil {
		return err
	}
	uid, err := userID(user)
	if err != nil {
		return err
	}
	return c.request(ctx, "approveChatJoinRequest", tgbotapi.ApproveChatJoinRequestConfig{ChatConfig: chat, UserID: uid})
}

// DeclineJoinRequest implements community.ChatGate.
func (c *Client) DeclineJoinRequest(ctx context.Context, chatID, user string) error {
	chat, err := chatConfig(chatID)
	if err != nil {
		return err
	}
	uid, err := userID(user)
	if err != nil {
		return err
	}
	return c.request(ctx, "declineChatJoinRequest", tgbotapi.DeclineChatJoinRequest{ChatConfig: chat, UserID: uid})
}

// RemoveMember implements community.ChatGate: ban, then unban at once, so
// the user leaves the chat but may ask to join again later.
func (c *Client) RemoveMember(ctx context.Context, chatID, user string) error {
	chat, err := chatConfig(chatID)
	if err != nil {
		return err
	}
	uid, err := userID(user)
	if err != nil {
		return err
	}
	member := tgbotapi.ChatMemberConfig{ChatID: chat.ChatID, SuperGroupUsername: chat.SuperGroupUsername, UserID: uid}
	if err := c.request(ctx, "banChatMember", tgbotapi.BanChatMemberConfig{ChatMemberConfig: member}); err != nil {
		return err
	}
	return c.request(ctx, "unbanChatMember", tgbotapi.UnbanChatMemberConfig{ChatMemberConfig: member, OnlyIfBanned: true})
}

// CreateInviteLink creates an invite link whose users must be approved:
// each use becomes a join request that the chat's rule decides.
func (c *Client) CreateInviteLink(ctx context.Context, chatID, name string) (string, error) {
	chat, err := chatConfig(chatID)
	if err != nil {
		return "", err
	}
	resp, err := c.bound(ctx).Request(tgbotapi.CreateChatInviteLinkConfig{ChatConfig: chat, Name: name, CreatesJoinRequest: true})
	if err != nil {
		return "", fmt.Errorf("telegram createChatInviteLink: %w", c.wrap(err))
	}
	var link tgbotapi.ChatInviteLink
	if err := json.Unmarshal(resp.Result, &link); err != nil {
		return "", fmt.Errorf("telegram createChatInviteLink: decode: %w", err)
	}
	return link.InviteLink, nil
}

// allowedUpdates are the update types the bot consumes.
func allowedUpdates() []string { return []string{"message", "chat_join_request"} }

// SetWebhook registers url with Telegram; every delivery carries secret in
// X-Telegram-Bot-Api-Secret-Token.
func (c *Client) SetWebhook(ctx context.Context, url, secret string) error {
	p := tgbotapi.Params{"url": url, "secret_token": secret}
	if err := p.AddInterface("allowed_updates", allowedUpdates()); err != nil {
		return err
	}
	if _, err := c.bound(ctx).MakeRequest("setWebhook", p); err != nil {
		return fmt.Errorf("telegram setWebhook: %w", c.wrap(err))
	}
	return nil
}

// DeleteWebhook switches the bot back to getUpdates.
func (c *Client) DeleteWebhook(ctx context.Context) error {
	if _, err := c.bound(ctx).MakeRequest("deleteWebhook", tgbotapi.Params{}); err != nil {
		return fmt.Errorf("telegram deleteWebhook: %w", c.wrap(err))
	}
	return nil
}

// Updates handles what Telegram sends: commands and join requests.
type Updates struct {
	Client *Client
	Bot    *community.Bot
	// Syncer decides join requests of gated chats; nil leaves them alone.
	Syncer *community.Syncer
	Log    *slog.Logger
}

func (u *Updates) log() *slog.Logger {
	if u.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return u.Log
}

// Handle processes one update.
func (u *Updates) Handle(ctx context.Context, up tgbotapi.Update) error {
	if jr := up.ChatJoinRequest; jr != nil {
		if u.Syncer == nil {
			return nil
		}
		chatID, user := strconv.FormatInt(jr.Chat.ID, 10), strconv.FormatInt(jr.From.ID, 10)
		approved, gated, err := u.Syncer.JoinRequest(ctx, chatID, user)
		if err != nil {
			return err
		}
		if gated {
			u.log().InfoContext(ctx, "telegram join request", "chat", chatID, "user", user, "approved", approved)
		}
		return nil
	}
	msg := up.Message
	if msg == nil || msg.From == nil || !msg.IsCommand() {
		return nil
	}
	cmd, ok := ToCommand(msg)
	if !ok {
		return nil
	}
	reply, err := u.Bot.Handle(ctx, cmd)
	if reply.Text == "" {
		return err
	}
	// Group replies to personal commands would leak, so those go to the
	// sender's private chat; /leaderboard is public.
	chat := strconv.FormatInt(msg.Chat.ID, 10)
	if reply.Ephemeral && !msg.Chat.IsPrivate() {
		chat = strconv.FormatInt(msg.From.ID, 10)
	}
	if serr := u.Client.SendMessage(ctx, chat, reply.Text, ""); serr != nil {
		return errors.Join(err, serr)
	}
	return err
}

// ToCommand maps a Telegram command message to a bot command; ok is false
// for commands the bot does not know. Admin commands are Discord-only.
func ToCommand(msg *tgbotapi.Message) (community.Command, bool) {
	name := msg.Command()
	switch name {
	case community.CmdStart, community.CmdLink, community.CmdPoints, community.CmdRank,
		community.CmdLeaderboard, community.CmdRewards, community.CmdQuests, community.CmdUnlink:
	default:
		return community.Command{}, false
	}
	cmd := community.Command{Platform: community.PlatformTelegram, Name: name, Args: map[string]string{},
		ID: strconv.FormatInt(msg.Chat.ID, 10) + ":" + strconv.Itoa(msg.MessageID)}
	if msg.From != nil {
		cmd.UserID = strconv.FormatInt(msg.From.ID, 10)
	}
	if name == community.CmdStart {
		cmd.Args["token"] = strings.TrimSpace(msg.CommandArguments())
	}
	return cmd, true
}

// Webhook is the webhook endpoint (POST /telegram/webhook): it accepts
// only requests carrying the secret registered with setWebhook.
type Webhook struct {
	Secret  string
	Updates *Updates
}

var _ http.Handler = (*Webhook)(nil)

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if h.Secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(h.Secret)) != 1 {
		http.Error(w, "invalid secret token", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	var up tgbotapi.Update
	if err := json.Unmarshal(body, &up); err != nil {
		http.Error(w, "malformed update", http.StatusBadRequest)
		return
	}
	if err := h.Updates.Handle(r.Context(), up); err != nil {
		// Telegram redelivers on non-2xx; a failing update would block the
		// queue, so it is logged and acknowledged.
		h.Updates.log().ErrorContext(r.Context(), "telegram update", "update", up.UpdateID, "err", err)
	}
	w.WriteHeader(http.StatusOK)
}

// Poll fetches updates with getUpdates until ctx ends, handling each. It
// removes any webhook first, as Telegram allows only one of the two.
func (u *Updates) Poll(ctx context.Context, timeout time.Duration) error {
	if err := u.Client.DeleteWebhook(ctx); err != nil {
		return err
	}
	offset := 0
	for ctx.Err() == nil {
		cfg := tgbotapi.UpdateConfig{Offset: offset, Timeout: int(timeout.Seconds()), AllowedUpdates: allowedUpdates()}
		ups, err := u.Client.bound(ctx).GetUpdates(cfg)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			wait := time.Second
			if d, ok := RetryAfter(u.Client.wrap(err)); ok {
				wait = d
			}
			u.log().WarnContext(ctx, "telegram getUpdates", "err", u.Client.wrap(err))
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
			continue
		}
		for _, up := range ups {
			offset = up.UpdateID + 1
			if err := u.Handle(ctx, up); err != nil {
				u.log().ErrorContext(ctx, "telegram update", "update", up.UpdateID, "err", err)
			}
		}
	}
	return nil
}
