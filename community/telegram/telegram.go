// Package telegram performs Beckon's community actions through the Telegram
// Bot API.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/beckonhq/beckon/community"
)

// DefaultEndpoint is the Bot API endpoint format: token, then method.
const DefaultEndpoint = tgbotapi.APIEndpoint // "https://api.telegram.org/bot%s/%s"

// Client implements community.Telegram with a bot token.
type Client struct {
	bot   *tgbotapi.BotAPI
	http  *http.Client
	token string
	log   *slog.Logger
}

var _ community.Telegram = (*Client)(nil)

type config struct {
	endpoint string
	http     *http.Client
	log      *slog.Logger
}

// Option configures a Client.
type Option func(*config)

// WithEndpoint overrides the Bot API endpoint, e.g. for a self-hosted Bot
// API server. The format takes the token and the method name:
// "https://api.telegram.org/bot%s/%s".
func WithEndpoint(endpoint string) Option {
	return func(c *config) { c.endpoint = endpoint }
}

// WithHTTPClient replaces the HTTP client (default: 20s timeout).
func WithHTTPClient(h *http.Client) Option {
	return func(c *config) { c.http = h }
}

// WithLogger sets the logger for sent messages (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.log = l }
}

// New verifies token with getMe and returns a Client. Checking at startup
// turns a mistyped token into a boot error instead of failed flow runs.
func New(ctx context.Context, token string, opts ...Option) (*Client, error) {
	if token == "" {
		return nil, errors.New("telegram: bot token is required")
	}
	cfg := config{endpoint: DefaultEndpoint, http: &http.Client{Timeout: 20 * time.Second}, log: slog.Default()}
	for _, opt := range opts {
		opt(&cfg)
	}
	if strings.Count(cfg.endpoint, "%s") != 2 {
		return nil, fmt.Errorf("telegram: endpoint %q must contain two %%s (token, method)", cfg.endpoint)
	}
	c := &Client{http: cfg.http, token: token, log: cfg.log}
	// NewBotAPIWithClient is NewBotAPIWithAPIEndpoint with an injectable
	// HTTP client, which is how every request gets bound to a context.
	bot, err := tgbotapi.NewBotAPIWithClient(token, cfg.endpoint, c.doer(ctx))
	if err != nil {
		return nil, fmt.Errorf("telegram getMe: %w", c.wrap(err))
	}
	bot.Client = c.http // each send binds its own context; see send
	c.bot = bot
	return c, nil
}

// Username returns the bot's username as reported by getMe.
func (c *Client) Username() string { return c.bot.Self.UserName }

// SendMessage sends text to chatID as plain text: the whole text is escaped
// for MarkdownV2, so contact data such as wallet names can never inject
// formatting or links.
func (c *Client) SendMessage(ctx context.Context, chatID, text, key string) error {
	return c.send(ctx, chatID, EscapeMarkdownV2(text), key)
}

// SendMarkdown sends markdown, which must already be valid MarkdownV2; build
// it from a trusted template and pass interpolated values through
// EscapeMarkdownV2.
func (c *Client) SendMarkdown(ctx context.Context, chatID, markdown, key string) error {
	return c.send(ctx, chatID, markdown, key)
}

func (c *Client) send(ctx context.Context, chatID, markdown, key string) error {
	if markdown == "" {
		return errors.New("telegram sendMessage: text is required")
	}
	msg, err := newMessage(chatID, markdown)
	if err != nil {
		return fmt.Errorf("telegram sendMessage: %w", err)
	}
	msg.ParseMode = tgbotapi.ModeMarkdownV2
	msg.DisableWebPagePreview = true

	// BotAPI has no context support; a shallow copy with a context-bound
	// HTTP client gives this call its own cancellation without shared state.
	bot := *c.bot
	bot.Client = c.doer(ctx)
	sent, err := bot.Send(msg)
	if err != nil {
		return fmt.Errorf("telegram sendMessage to %s: %w", chatID, c.wrap(err))
	}
	c.log.InfoContext(ctx, "telegram message sent", "chat", chatID, "message", sent.MessageID, "key", key)
	return nil
}

func newMessage(chatID, text string) (tgbotapi.MessageConfig, error) {
	if strings.HasPrefix(chatID, "@") && len(chatID) > 1 {
		return tgbotapi.NewMessageToChannel(chatID, text), nil
	}
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil || id == 0 {
		return tgbotapi.MessageConfig{}, fmt.Errorf("invalid chat id %q: want a number or @channel", chatID)
	}
	return tgbotapi.NewMessage(id, text), nil
}

// APIError is an error response from the Bot API.
type APIError struct {
	Code        int
	Description string
	// RetryAfter is set on 429 (flood control): wait this long before retrying.
	RetryAfter time.Duration
	// MigrateToChatID is set when a group was upgraded to a supergroup.
	MigrateToChatID int64

	err error
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("telegram api error %d: %s", e.Code, e.Description)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

func (e *APIError) Unwrap() error { return e.err }

// RetryAfter reports how long Telegram asked to wait, if err is a
// flood-control error, so callers can reschedule instead of hammering.
func RetryAfter(err error) (time.Duration, bool) {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		return apiErr.RetryAfter, true
	}
	return 0, false
}

// wrap converts library errors into APIError and makes sure the bot token,
// which the Bot API carries in the URL path, never appears in error text.
func (c *Client) wrap(err error) error {
	var tgErr *tgbotapi.Error
	if errors.As(err, &tgErr) {
		return &APIError{
			Code:            tgErr.Code,
			Description:     tgErr.Message,
			RetryAfter:      time.Duration(tgErr.RetryAfter) * time.Second,
			MigrateToChatID: tgErr.MigrateToChatID,
			err:             err,
		}
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		urlErr.URL = strings.ReplaceAll(urlErr.URL, c.token, "<token>")
	}
	return err
}

func (c *Client) doer(ctx context.Context) tgbotapi.HTTPClient {
	return ctxDoer{ctx: ctx, http: c.http}
}

// ctxDoer binds every request it performs to ctx.
type ctxDoer struct {
	ctx  context.Context
	http *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	return d.http.Do(req.WithContext(d.ctx))
}
