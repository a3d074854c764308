package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testToken = "123456:ABC-secret"

type sent struct{ ChatID, Text, ParseMode string }

// fakeBotAPI mimics the Bot API routes the client uses.
type fakeBotAPI struct {
	mu   sync.Mutex
	sent []sent
	// calls records the chat-management methods as "method chat user".
	calls []string
	// updates are served once by getUpdates.
	updates []map[string]any
}

func (f *fakeBotAPI) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /bot"+testToken+"/getMe", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{
			"id": 123456, "is_bot": true, "first_name": "Beckon", "username": "beckon_bot",
		}})
	})
	mux.HandleFunc("POST /bot"+testToken+"/sendMessage", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": err.Error()})
			return
		}
		chatID := r.PostForm.Get("chat_id")
		switch chatID {
		case "-429":
			writeJSON(w, http.StatusTooManyRequests, map[string]any{
				"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
				"parameters": map[string]any{"retry_after": 1},
			})
			return
		case "-400":
			writeJSON(w, http.StatusBadRequest, map[string]any{
				"ok": false, "error_code": 400, "description": "Bad Request: can't parse entities",
			})
			return
		case "-1":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		f.mu.Lock()
		f.sent = append(f.sent, sent{chatID, r.PostForm.Get("text"), r.PostForm.Get("parse_mode")})
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{
			"message_id": 77, "date": time.Now().Unix(),
			"chat": map[string]any{"id": -100123, "type": "supergroup", "title": "Holders"},
			"text": r.PostForm.Get("text"),
		}})
	})
	for _, method := range []string{"approveChatJoinRequest", "declineChatJoinRequest", "banChatMember", "unbanChatMember", "setWebhook", "deleteWebhook"} {
		mux.HandleFunc("POST /bot"+testToken+"/"+method, func(w http.ResponseWriter, r *http.Request) {
			if err := r.ParseForm(); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": err.Error()})
				return
			}
			call := strings.TrimSpace(method + " " + r.PostForm.Get("chat_id") + " " + r.PostForm.Get("user_id"))
			switch method {
			case "setWebhook":
				call = method + " " + r.PostForm.Get("url") + " " + r.PostForm.Get("secret_token") + " " + r.PostForm.Get("allowed_updates")
			case "unbanChatMember":
				call += " only_if_banned=" + r.PostForm.Get("only_if_banned")
			}
			f.mu.Lock()
			f.calls = append(f.calls, call)
			f.mu.Unlock()
			writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": true})
		})
	}
	mux.HandleFunc("POST /bot"+testToken+"/createChatInviteLink", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		f.calls = append(f.calls, "createChatInviteLink "+r.PostForm.Get("chat_id")+" creates_join_request="+r.PostForm.Get("creates_join_request"))
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{
			"invite_link": "https://t.me/+AbCdEf", "creator": map[string]any{"id": 123456, "is_bot": true, "first_name": "Beckon"},
			"creates_join_request": r.PostForm.Get("creates_join_request") == "true", "is_primary": false, "is_revoked": false,
		}})
	})
	mux.HandleFunc("POST /bot"+testToken+"/getUpdates", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		ups := f.updates
		f.updates = nil
		f.mu.Unlock()
		if ups == nil {
			ups = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": ups})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func newTestClient(t *testing.T) (*Client, *fakeBotAPI, *httptest.Server) {
	t.Helper()
	f := &fakeBotAPI{}
	srv := httptest.NewServer(f.handler(t))
	t.Cleanup(srv.Close)
	c, err := New(t.Context(), testToken, WithEndpoint(srv.URL+"/bot%s/%s"),
		WithHTTPClient(srv.Client()), WithLogger(slog.New(slog.DiscardHandler)))
	require.NoError(t, err)
	return c, f, srv
}

func TestSendMessage(t *testing.T) {
	c, f, _ := newTestClient(t)
	require.Equal(t, "beckon_bot", c.Username())

	require.NoError(t, c.SendMessage(t.Context(), "-100123", "You earned 1.5 points! (stake_more)", "run:1"))
	require.NoError(t, c.SendMessage(t.Context(), "@beckon_news", "gm", "run:2"))
	require.NoError(t, c.SendMarkdown(t.Context(), "42", "*bold* "+EscapeMarkdownV2("0x_ab.c"), "run:3"))

	f.mu.Lock()
	defer f.mu.Unlock()
	require.Equal(t, []sent{
		{"-100123", `You earned 1\.5 points\! \(stake\_more\)`, "MarkdownV2"},
		{"@beckon_news", "gm", "MarkdownV2"},
		{"42", `*bold* 0x\_ab\.c`, "MarkdownV2"},
	}, f.sent)
}

func TestSendMessageErrors(t *testing.T) {
	c, _, _ := newTestClient(t)

	err := c.SendMessage(t.Context(), "-429", "hi", "run:1")
	require.Error(t, err)
	require.Contains(t, err.Error(), "429")
	require.Contains(t, err.Error(), "Too Many Requests")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 429, apiErr.Code)
	d, ok := RetryAfter(err)
	require.True(t, ok)
	require.Equal(t, time.Second, d)

	err = c.SendMessage(t.Context(), "-400", "hi", "run:2")
	require.ErrorContains(t, err, "can't parse entities")
	_, ok = RetryAfter(err)
	require.False(t, ok)

	require.Error(t, c.SendMessage(t.Context(), "not-a-chat", "hi", "run:3"))
	require.Error(t, c.SendMessage(t.Context(), "1", "", "run:4"))
}

func TestSendMessageHonoursContextAndHidesToken(t *testing.T) {
	c, _, srv := newTestClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err := c.SendMessage(ctx, "-1", "hi", "run:1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotContains(t, err.Error(), "secret")

	srv.Close()
	err = c.SendMessage(t.Context(), "1", "hi", "run:2")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "secret")
}

func TestNewRejectsBadToken(t *testing.T) {
	f := &fakeBotAPI{}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	_, err := New(t.Context(), "999:wrong", WithEndpoint(srv.URL+"/bot%s/%s"), WithHTTPClient(srv.Client()))
	require.ErrorContains(t, err, "Unauthorized")
	require.NotContains(t, err.Error(), "wrong")

	_, err = New(t.Context(), "")
	require.Error(t, err)
	_, err = New(t.Context(), testToken, WithEndpoint("https://example.org/bot"))
	require.Error(t, err)
}

func TestEscapeMarkdownV2(t *testing.T) {
	cases := map[string]string{
		"":                      "",
		"plain text":            "plain text",
		"_*[]()~`>#+-=|{}.!":    `\_\*\[\]\(\)\~\` + "`" + `\>\#\+\-\=\|\{\}\.\!`,
		`back\slash`:            `back\\slash`,
		"0xAb_cD.eth":           `0xAb\_cD\.eth`,
		"1.5 pts (≈ $3)!":       `1\.5 pts \(≈ $3\)\!`,
		"emoji 🚀 stays":         "emoji 🚀 stays",
		"[link](https://x.y/z)": `\[link\]\(https://x\.y/z\)`,
	}
	for in, want := range cases {
		require.Equal(t, want, EscapeMarkdownV2(in), in)
	}
}

// unescapeMarkdownV2 parses escaped text the way Telegram does for plain
// (entity-free) MarkdownV2 and fails on any unescaped special character.
func unescapeMarkdownV2(t *testing.T, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' {
			require.Less(t, i+1, len(s), "dangling backslash in %q", s)
			i++
			require.True(t, isMarkdownV2Special(s[i]), "needless escape in %q", s)
			b.WriteByte(s[i])
			continue
		}
		require.False(t, isMarkdownV2Special(c), "unescaped %q in %q", c, s)
		b.WriteByte(c)
	}
	return b.String()
}

func FuzzEscapeMarkdownV2(f *testing.F) {
	for _, s := range []string{"", "a_b", `\`, `\\_`, "*bold*", "x.y!", "🚀(1)", "\xff\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		require.Equal(t, s, unescapeMarkdownV2(t, EscapeMarkdownV2(s)))
	})
}
