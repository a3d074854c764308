package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const (
	gatedChat = "-100777"
	member    = int64(4242)
)

type botBundle struct {
	c       *Client
	f       *fakeBotAPI
	db      *store.DB
	syncer  *community.Syncer
	updates *Updates
	hook    *Webhook
	now     time.Time
	contact int64
}

func setupBot(t *testing.T) *botBundle {
	t.Helper()
	c, f, _ := newTestClient(t)
	b := &botBundle{c: c, f: f, db: storetest.OpenSQLite(t), now: time.Unix(1_800_000_000, 0)}
	compile := func(expr string) (community.Condition, error) { return flow.CompileContactCondition(expr) }
	rules, err := community.NewRules([]community.RoleRule{{Role: "Member", When: "contact.points >= 100"}}, nil, compile, nil)
	require.NoError(t, err)
	clock := func() time.Time { return b.now }
	b.syncer = &community.Syncer{
		InTx: func(ctx context.Context, fn func(community.SyncStore) error) error {
			return b.db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		Rules: rules, Gate: c, Chats: []community.GatedChat{{ChatID: gatedChat, Role: "Member", Grace: time.Hour}}, Now: clock,
	}
	bot := &community.Bot{
		InTx: func(ctx context.Context, fn func(community.BotStore) error) error {
			return b.db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		PublicURL: "https://beckon.example", Now: clock,
	}
	b.updates = &Updates{Client: c, Bot: bot, Syncer: b.syncer, Log: slog.New(slog.DiscardHandler)}
	b.hook = &Webhook{Secret: "s3cret-token", Updates: b.updates}
	ctx := t.Context()
	require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
		b.contact, _, err = crm.EnsureWallet(ctx, tx, common.HexToAddress("0x00000000000000000000000000000000000000b2"))
		return err
	}))
	return b
}

func (b *botBundle) points(t *testing.T, amount int64, key string) {
	t.Helper()
	ctx := t.Context()
	require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := loyalty.AwardManual(ctx, tx, loyalty.Entry{ContactID: b.contact, Amount: amount, Reason: "test", Source: key, Key: key, Actor: "ops"})
		return err
	}))
}

func commandUpdate(id int, chat int64, chatType, text string) map[string]any {
	cmdLen := len(strings.Fields(text)[0])
	return map[string]any{"update_id": id, "message": map[string]any{
		"message_id": id, "date": 1_800_000_000,
		"chat": map[string]any{"id": chat, "type": chatType},
		"from": map[string]any{"id": member, "is_bot": false, "first_name": "Ada"},
		"text": text, "entities": []map[string]any{{"type": "bot_command", "offset": 0, "length": cmdLen}},
	}}
}

func joinRequest(id int, chat string) map[string]any {
	chatID, _ := strconv.ParseInt(chat, 10, 64)
	return map[string]any{"update_id": id, "chat_join_request": map[string]any{
		"chat": map[string]any{"id": chatID, "type": "supergroup", "title": "Holders"},
		"from": map[string]any{"id": member, "is_bot": false, "first_name": "Ada"}, "date": 1_800_000_000,
	}}
}

func (b *botBundle) post(secret string, update map[string]any) int {
	body, _ := json.Marshal(update)
	r := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(string(body)))
	if secret != "" {
		r.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	w := httptest.NewRecorder()
	b.hook.ServeHTTP(w, r)
	return w.Code
}

func (b *botBundle) calls() []string {
	b.f.mu.Lock()
	defer b.f.mu.Unlock()
	return append([]string(nil), b.f.calls...)
}

func (b *botBundle) sentTexts() []sent {
	b.f.mu.Lock()
	defer b.f.mu.Unlock()
	return append([]sent(nil), b.f.sent...)
}

func TestWebhookSecret(t *testing.T) {
	b := setupBot(t)
	up := commandUpdate(1, member, "private", "/points")
	require.Equal(t, http.StatusUnauthorized, b.post("", up), "missing secret")
	require.Equal(t, http.StatusUnauthorized, b.post("wrong", up), "wrong secret")
	require.Equal(t, http.StatusUnauthorized, b.post("s3cret-token-and-more", up), "longer secret")
	require.Empty(t, b.sentTexts(), "rejected updates are not handled")
	require.Equal(t, http.StatusOK, b.post("s3cret-token", up))
	require.Equal(t, []sent{{"4242", EscapeMarkdownV2("Your account is not linked to a wallet yet. Use /link to link it."), "MarkdownV2"}}, b.sentTexts())

	none := &Webhook{Updates: b.updates}
	r := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader("{}"))
	w := httptest.NewRecorder()
	none.ServeHTTP(w, r)
	require.Equal(t, http.StatusUnauthorized, w.Code, "no configured secret accepts nothing")
}

func TestDeepLinkAndCommands(t *testing.T) {
	b := setupBot(t)
	ctx := t.Context()
	var token string
	require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		token, err = community.IssueContactToken(ctx, tx, b.contact, time.Minute, b.now)
		return err
	}))
	require.Equal(t, http.StatusOK, b.post("s3cret-token", commandUpdate(1, member, "private", "/start "+token)))
	require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
		id, ok, err := tx.IdentityContact(ctx, crm.IdentityTelegram, "4242")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, b.contact, id)
		return nil
	}))
	b.points(t, 120, "p1")
	require.Equal(t, http.StatusOK, b.post("s3cret-token", commandUpdate(2, member, "private", "/start "+token)), "a used token")
	require.Equal(t, http.StatusOK, b.post("s3cret-token", commandUpdate(3, -100555, "supergroup", "/points@beckon_bot")))
	require.Equal(t, http.StatusOK, b.post("s3cret-token", commandUpdate(4, -100555, "supergroup", "/leaderboard")))
	require.Equal(t, http.StatusOK, b.post("s3cret-token", commandUpdate(5, member, "private", "/link")))
	require.Equal(t, http.StatusOK, b.post("s3cret-token", commandUpdate(6, member, "private", "/award 5")), "admin commands are Discord-only: ignored")

	got := b.sentTexts()
	require.Len(t, got, 5)
	require.Equal(t, sent{"4242", EscapeMarkdownV2("Your account is linked to your wallet."), "MarkdownV2"}, got[0])
	require.Contains(t, got[1].Text, `invalid, expired or already used`)
	require.Equal(t, sent{"4242", EscapeMarkdownV2("You have 120 points."), "MarkdownV2"}, got[2], "personal replies from a group go to the private chat")
	require.Equal(t, sent{"-100555", EscapeMarkdownV2("Leaderboard\n1. 0x0000…00b2 — 120 points"), "MarkdownV2"}, got[3])
	require.True(t, strings.HasPrefix(got[4].Text, EscapeMarkdownV2("Link your wallet here")), got[4].Text)
	require.Contains(t, got[4].Text, EscapeMarkdownV2("https://beckon.example/link?token="))
}

func TestJoinRequestsAndRemovals(t *testing.T) {
	b := setupBot(t)
	ctx := t.Context()
	require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := crm.Link(ctx, tx, b.contact, crm.Identity{Kind: crm.IdentityTelegram, Value: "4242"})
		return err
	}))

	// Not qualifying: declined. A chat that is not gated: left alone.
	require.Equal(t, http.StatusOK, b.post("s3cret-token", joinRequest(1, gatedChat)))
	require.Equal(t, http.StatusOK, b.post("s3cret-token", joinRequest(2, "-100999")))
	require.Equal(t, []string{"declineChatJoinRequest -100777 4242"}, b.calls())

	// Qualifying: approved and remembered as a member.
	b.points(t, 100, "p1")
	require.Equal(t, http.StatusOK, b.post("s3cret-token", joinRequest(3, gatedChat)))
	require.Equal(t, "approveChatJoinRequest -100777 4242", b.calls()[1])
	grants := func() []community.Grant {
		var gs []community.Grant
		require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			gs, err = tx.Grants(ctx, community.PlatformTelegram, gatedChat)
			return err
		}))
		return gs
	}
	require.Len(t, grants(), 1)

	// Still qualifying: a sweep removes no one.
	changes, err := b.syncer.SweepChats(ctx, false)
	require.NoError(t, err)
	require.Empty(t, changes)

	// Losing the points starts the grace period; during it no one is removed.
	b.points(t, -100, "p2")
	changes, err = b.syncer.SweepChats(ctx, false)
	require.NoError(t, err)
	require.Empty(t, changes)
	require.Equal(t, b.now, grants()[0].FailingSince)
	b.now = b.now.Add(59 * time.Minute)
	changes, err = b.syncer.SweepChats(ctx, false)
	require.NoError(t, err)
	require.Empty(t, changes)

	// Requalifying inside the grace clears it; losing again restarts it.
	b.points(t, 100, "p3")
	_, err = b.syncer.SyncUser(ctx, community.PlatformTelegram, "4242", "")
	require.NoError(t, err)
	require.True(t, grants()[0].FailingSince.IsZero())
	b.points(t, -100, "p4")
	_, err = b.syncer.SyncUser(ctx, community.PlatformTelegram, "4242", "")
	require.NoError(t, err)
	require.Equal(t, b.now, grants()[0].FailingSince)

	// After the grace: a dry run reports, the sweep removes (ban + unban).
	b.now = b.now.Add(time.Hour)
	changes, err = b.syncer.SweepChats(ctx, true)
	require.NoError(t, err)
	require.Len(t, changes, 1)
	require.Len(t, b.calls(), 2, "a dry run calls nothing")
	changes, err = b.syncer.SweepChats(ctx, false)
	require.NoError(t, err)
	require.Equal(t, []community.RoleChange{{Platform: "telegram", Scope: gatedChat, UserID: "4242", Role: "member", ContactID: b.contact,
		Reason: "no longer qualifies for Member after the grace period"}}, changes)
	require.Equal(t, []string{
		"declineChatJoinRequest -100777 4242",
		"approveChatJoinRequest -100777 4242",
		"banChatMember -100777 4242",
		"unbanChatMember -100777 4242 only_if_banned=true",
	}, b.calls())
	require.Empty(t, grants())
}

func TestInviteLinkWebhookAndPolling(t *testing.T) {
	b := setupBot(t)
	ctx := t.Context()
	link, err := b.c.CreateInviteLink(ctx, gatedChat, "holders")
	require.NoError(t, err)
	require.Equal(t, "https://t.me/+AbCdEf", link)
	require.NoError(t, b.c.SetWebhook(ctx, "https://beckon.example/telegram/webhook", "s3cret-token"))
	require.Equal(t, []string{
		"createChatInviteLink -100777 creates_join_request=true",
		`setWebhook https://beckon.example/telegram/webhook s3cret-token ["message","chat_join_request"]`,
	}, b.calls())

	b.f.mu.Lock()
	b.f.updates = []map[string]any{commandUpdate(10, member, "private", "/rank")}
	b.f.mu.Unlock()
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.updates.Poll(pctx, 0) }()
	require.Eventually(t, func() bool { return len(b.sentTexts()) == 1 }, 5*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	require.Contains(t, b.calls(), "deleteWebhook", "polling removes the webhook first")
	require.Contains(t, b.sentTexts()[0].Text, "not linked")
}
