package discord

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/require"
)

// apiPrefix is the REST prefix discordgo requests, e.g. "/api/v9/".
var apiPrefix = "/api/v" + discordgo.APIVersion + "/"

// fakeDiscord mimics the Discord REST routes the client uses.
type fakeDiscord struct {
	mu       sync.Mutex
	calls    []string
	messages []string

	limited atomic.Bool // the next role PUT answers 429 once
}

func (f *fakeDiscord) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	role := func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		if r.Header.Get("Authorization") != "Bot test-token" {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		if r.PathValue("g") == "forbidden" {
			writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Permissions", "code": 50013})
			return
		}
		if r.Method == http.MethodPut && f.limited.CompareAndSwap(true, false) {
			w.Header().Set("X-RateLimit-Limit", "10")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset-After", "0.05")
			w.Header().Set("X-RateLimit-Bucket", "fake-bucket")
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{
				"message": "You are being rate limited.", "retry_after": 0.05, "global": false,
			})
			return
		}
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", "9")
		w.Header().Set("X-RateLimit-Reset-After", "0.01")
		w.WriteHeader(http.StatusNoContent)
	}
	mux.HandleFunc("PUT "+apiPrefix+"guilds/{g}/members/{u}/roles/{r}", role)
	mux.HandleFunc("DELETE "+apiPrefix+"guilds/{g}/members/{u}/roles/{r}", role)
	mux.HandleFunc("POST "+apiPrefix+"channels/{c}/messages", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		b, _ := io.ReadAll(r.Body) // the server notices a client hang-up only after the body is read
		if r.PathValue("c") == "slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		var body struct {
			Content string `json:"content"`
		}
		if err := json.Unmarshal(b, &body); err != nil || body.Content == "" {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Cannot send an empty message", "code": 50006})
			return
		}
		f.mu.Lock()
		f.messages = append(f.messages, body.Content)
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "1100000000000000001", "channel_id": r.PathValue("c"), "content": body.Content,
			"type": 0, "timestamp": time.Now().UTC().Format(time.RFC3339),
			"author": map[string]any{"id": "42", "username": "beckon", "bot": true},
		})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	return mux
}

func (f *fakeDiscord) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeDiscord) snapshot() (calls, messages []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...), append([]string(nil), f.messages...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// pointDiscordgoAt redirects discordgo's package-level endpoints to srv.
// The endpoint variables are computed once at init from EndpointDiscord, so
// every derived base used by the client is overridden too; the per-route
// helpers (EndpointGuildMemberRole, EndpointChannelMessages) read these
// bases at call time. Tests using this must not run in parallel.
func pointDiscordgoAt(t *testing.T, srv *httptest.Server) {
	t.Helper()
	saved := []string{discordgo.EndpointDiscord, discordgo.EndpointAPI, discordgo.EndpointGuilds,
		discordgo.EndpointChannels, discordgo.EndpointUsers}
	t.Cleanup(func() {
		discordgo.EndpointDiscord, discordgo.EndpointAPI, discordgo.EndpointGuilds,
			discordgo.EndpointChannels, discordgo.EndpointUsers = saved[0], saved[1], saved[2], saved[3], saved[4]
	})
	discordgo.EndpointDiscord = srv.URL + "/"
	discordgo.EndpointAPI = srv.URL + apiPrefix
	discordgo.EndpointGuilds = discordgo.EndpointAPI + "guilds/"
	discordgo.EndpointChannels = discordgo.EndpointAPI + "channels/"
	discordgo.EndpointUsers = discordgo.EndpointAPI + "users/"
}

func newTestClient(t *testing.T) (*Client, *fakeDiscord) {
	t.Helper()
	f := &fakeDiscord{}
	srv := httptest.NewServer(f.handler(t))
	t.Cleanup(srv.Close)
	pointDiscordgoAt(t, srv)
	c, err := New("test-token", WithLogger(slog.New(slog.DiscardHandler)), WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return c, f
}

func TestClientRolesAndMessages(t *testing.T) {
	c, f := newTestClient(t)
	ctx := t.Context()

	f.limited.Store(true)
	start := time.Now()
	require.NoError(t, c.AddRole(ctx, "g1", "u1", "r1", "run:1"), "429 is retried by discordgo")
	require.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond, "waited for retry_after")
	require.NoError(t, c.RemoveRole(ctx, "g1", "u1", "r1", "run:2"))
	require.NoError(t, c.SendMessage(ctx, "c1", "gm *holders*", "run:3"))

	calls, messages := f.snapshot()
	require.Equal(t, []string{
		"PUT " + apiPrefix + "guilds/g1/members/u1/roles/r1",
		"PUT " + apiPrefix + "guilds/g1/members/u1/roles/r1",
		"DELETE " + apiPrefix + "guilds/g1/members/u1/roles/r1",
		"POST " + apiPrefix + "channels/c1/messages",
	}, calls)
	require.Equal(t, []string{"gm *holders*"}, messages)
}

func TestClientMissingPermissions(t *testing.T) {
	c, _ := newTestClient(t)

	err := c.AddRole(t.Context(), "forbidden", "u1", "r1", "run:1")
	require.Error(t, err)
	require.Contains(t, err.Error(), "PUT guilds/forbidden/members/u1/roles/r1")
	var restErr *discordgo.RESTError
	require.True(t, errors.As(err, &restErr))
	require.Equal(t, http.StatusForbidden, restErr.Response.StatusCode)
	require.NotNil(t, restErr.Message)
	require.Equal(t, discordgo.ErrCodeMissingPermissions, restErr.Message.Code)
	require.Equal(t, "Missing Permissions", restErr.Message.Message)

	require.Error(t, c.RemoveRole(t.Context(), "forbidden", "u1", "r1", "run:2"))
	require.Error(t, c.AddRole(t.Context(), "", "u1", "r1", "run:3"))
	require.Error(t, c.SendMessage(t.Context(), "c1", "", "run:4"))
}

func TestClientHonoursContext(t *testing.T) {
	c, _ := newTestClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err := c.SendMessage(ctx, "slow", "hello", "run:1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Contains(t, err.Error(), "POST channels/slow/messages")
}

func TestNewRequiresToken(t *testing.T) {
	_, err := New("")
	require.Error(t, err)
}
