package discord

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/require"
)

// apiPrefix is the REST prefix discordgo requests, e.g. "/api/v9/".
var apiPrefix = "/api/v" + discordgo.APIVersion + "/"

// fakes routes requests of the one fake Discord server to the fake of the
// test whose bot token they carry, so tests may run in parallel although
// discordgo's endpoints are package variables set once in TestMain.
var fakes sync.Map // "Bot <token>" -> *fakeDiscord

func TestMain(m *testing.M) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := fakes.Load(r.Header.Get("Authorization"))
		if !ok {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		f.(*fakeDiscord).mux.ServeHTTP(w, r)
	}))
	// The endpoint variables are computed at init from EndpointDiscord, so
	// each derived base the client uses is overridden; the per-route
	// helpers read these bases at call time.
	discordgo.EndpointDiscord = srv.URL + "/"
	discordgo.EndpointAPI = srv.URL + apiPrefix
	discordgo.EndpointGuilds = discordgo.EndpointAPI + "guilds/"
	discordgo.EndpointChannels = discordgo.EndpointAPI + "channels/"
	discordgo.EndpointUsers = discordgo.EndpointAPI + "users/"
	discordgo.EndpointApplications = discordgo.EndpointAPI + "applications"
	discordgo.EndpointGateway = discordgo.EndpointAPI + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = discordgo.EndpointAPI + "webhooks/"
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// call is one request the fake received.
type call struct {
	Route string
	At    time.Time
}

// fakeDiscord mimics the Discord REST routes Beckon uses, with Discord's
// rate-limit headers and 429 bodies.
type fakeDiscord struct {
	mux *http.ServeMux

	mu       sync.Mutex
	calls    []call
	messages []string
	roles    map[string]map[string]bool // user -> role ids
	members  []string                   // guild members, besides those with roles
	// limit429 answers the next n role PUTs with 429 retry_after.
	limit429 int
	// global429 answers the next role PUT with a global 429.
	global429 bool
	commands  []*discordgo.ApplicationCommand
}

func newFake(t *testing.T, token string) *fakeDiscord {
	f := &fakeDiscord{mux: http.NewServeMux(), roles: map[string]map[string]bool{}}
	fakes.Store("Bot "+token, f)
	fakes.Store("Bearer user-"+token, f) // a member's OAuth2 token, for linked roles
	t.Cleanup(func() { fakes.Delete("Bot " + token); fakes.Delete("Bearer user-" + token) })
	role := func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		if r.PathValue("g") == "forbidden" {
			writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Permissions", "code": 50013})
			return
		}
		f.mu.Lock()
		switch {
		case r.Method == http.MethodPut && f.global429:
			f.global429 = false
			f.mu.Unlock()
			w.Header().Set("X-RateLimit-Global", "true")
			w.Header().Set("X-RateLimit-Scope", "global")
			w.Header().Set("X-RateLimit-Reset-After", "0.3")
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 0.3, "global": true})
			return
		case r.Method == http.MethodPut && f.limit429 > 0:
			f.limit429--
			f.mu.Unlock()
			w.Header().Set("X-RateLimit-Limit", "10")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset-After", "0.05")
			w.Header().Set("X-RateLimit-Bucket", "fake-bucket")
			w.Header().Set("X-RateLimit-Scope", "user")
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 0.05, "global": false})
			return
		}
		u, id := r.PathValue("u"), r.PathValue("r")
		if f.roles[u] == nil {
			f.roles[u] = map[string]bool{}
		}
		if r.Method == http.MethodPut {
			f.roles[u][id] = true
		} else {
			delete(f.roles[u], id)
		}
		f.mu.Unlock()
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", "9")
		w.Header().Set("X-RateLimit-Reset-After", "0.01")
		w.WriteHeader(http.StatusNoContent)
	}
	f.mux.HandleFunc("PUT "+apiPrefix+"guilds/{g}/members/{u}/roles/{r}", role)
	f.mux.HandleFunc("DELETE "+apiPrefix+"guilds/{g}/members/{u}/roles/{r}", role)
	f.mux.HandleFunc("GET "+apiPrefix+"guilds/{g}/members", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		f.mu.Lock()
		users := map[string]bool{}
		for _, u := range f.members {
			users[u] = true
		}
		for u := range f.roles {
			users[u] = true
		}
		var ids []string
		for u := range users {
			if u > r.URL.Query().Get("after") {
				ids = append(ids, u)
			}
		}
		sort.Strings(ids)
		var out []map[string]any
		for _, u := range ids {
			roles := []string{}
			for id := range f.roles[u] {
				roles = append(roles, id)
			}
			out = append(out, map[string]any{"user": map[string]any{"id": u, "username": "u" + u}, "roles": roles, "joined_at": "2026-01-01T00:00:00Z"})
		}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	})
	f.mux.HandleFunc("POST "+apiPrefix+"users/@me/channels", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		var body struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		writeJSON(w, http.StatusOK, map[string]any{"id": "dm-" + body.RecipientID, "type": 1})
	})
	f.mux.HandleFunc("PUT "+apiPrefix+"applications/{a}/guilds/{g}/commands", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		var cmds []*discordgo.ApplicationCommand
		if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
			return
		}
		f.mu.Lock()
		f.commands = cmds
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, cmds)
	})
	f.mux.HandleFunc("PUT "+apiPrefix+"applications/{a}/role-connections/metadata", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	})
	f.mux.HandleFunc("PUT "+apiPrefix+"users/@me/applications/{a}/role-connection", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.messages = append(f.messages, "role-connection: "+string(b))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	})
	f.mux.HandleFunc("PATCH "+apiPrefix+"webhooks/{a}/{tok}/messages/{m}", func(w http.ResponseWriter, r *http.Request) {
		f.record(r.Method + " " + r.URL.Path)
		var body struct {
			Content string `json:"content"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		f.messages = append(f.messages, "edit "+r.PathValue("m")+": "+body.Content)
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"id": "1", "channel_id": "c", "content": body.Content, "type": 0,
			"timestamp": time.Now().UTC().Format(time.RFC3339), "author": map[string]any{"id": "42", "username": "beckon", "bot": true}})
	})
	f.mux.HandleFunc("POST "+apiPrefix+"channels/{c}/messages", func(w http.ResponseWriter, r *http.Request) {
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
		f.messages = append(f.messages, r.PathValue("c")+": "+body.Content)
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "1100000000000000001", "channel_id": r.PathValue("c"), "content": body.Content,
			"type": 0, "timestamp": time.Now().UTC().Format(time.RFC3339),
			"author": map[string]any{"id": "42", "username": "beckon", "bot": true},
		})
	})
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	return f
}

func (f *fakeDiscord) record(route string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{route, time.Now()})
}

func (f *fakeDiscord) routes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, len(f.calls))
	for i, c := range f.calls {
		out[i] = c.Route
	}
	return out
}

func (f *fakeDiscord) callsSnapshot() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// RolesOf returns the user's role ids, sorted.
func (f *fakeDiscord) RolesOf(user string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.roles[user] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func newTestClient(t *testing.T) (*Client, *fakeDiscord) {
	t.Helper()
	token := "tok-" + strings.ReplaceAll(t.Name(), "/", "-")
	f := newFake(t, token)
	c, err := New(token, WithLogger(slog.New(slog.DiscardHandler)))
	require.NoError(t, err)
	return c, f
}

func TestClientRolesAndMessages(t *testing.T) {
	t.Parallel()
	c, f := newTestClient(t)
	ctx := t.Context()

	f.mu.Lock()
	f.limit429 = 1
	f.mu.Unlock()
	start := time.Now()
	require.NoError(t, c.AddRole(ctx, "g1", "u1", "r1", "run:1"), "429 is retried by discordgo")
	require.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond, "waited for retry_after")
	require.Equal(t, []string{"r1"}, f.RolesOf("u1"), "the role change was not lost")
	require.NoError(t, c.RemoveRole(ctx, "g1", "u1", "r1", "run:2"))
	require.Empty(t, f.RolesOf("u1"))
	require.NoError(t, c.SendMessage(ctx, "c1", "gm *holders*", "run:3"))
	require.NoError(t, c.SendDirectMessage(ctx, "u9", "your role is ready", "run:4"))

	require.Equal(t, []string{
		"PUT " + apiPrefix + "guilds/g1/members/u1/roles/r1",
		"PUT " + apiPrefix + "guilds/g1/members/u1/roles/r1",
		"DELETE " + apiPrefix + "guilds/g1/members/u1/roles/r1",
		"POST " + apiPrefix + "channels/c1/messages",
		"POST " + apiPrefix + "users/@me/channels",
		"POST " + apiPrefix + "channels/dm-u9/messages",
	}, f.routes())
	f.mu.Lock()
	require.Equal(t, []string{"c1: gm *holders*", "dm-u9: your role is ready"}, f.messages)
	f.mu.Unlock()
}

func TestClientRetriesRepeated429(t *testing.T) {
	t.Parallel()
	c, f := newTestClient(t)
	f.mu.Lock()
	f.limit429 = 3
	f.mu.Unlock()
	require.NoError(t, c.AddRole(t.Context(), "g1", "u1", "r1", "k"))
	require.Equal(t, []string{"r1"}, f.RolesOf("u1"))
	require.Len(t, f.routes(), 4, "three 429s, then success")
}

// TestClientGlobalRateLimit: a global 429 on one route holds back requests
// on every other route until the global reset.
func TestClientGlobalRateLimit(t *testing.T) {
	t.Parallel()
	c, f := newTestClient(t)
	f.mu.Lock()
	f.global429 = true
	f.mu.Unlock()
	ctx := t.Context()

	// discordgo reports a 429 after it has read the rate-limit headers, so
	// from then on the global limit is in force.
	limited := make(chan struct{})
	var once sync.Once
	c.Session().AddHandler(func(*discordgo.Session, *discordgo.RateLimit) { once.Do(func() { close(limited) }) })
	done := make(chan error, 1)
	go func() { done <- c.AddRole(ctx, "g1", "u1", "r1", "k1") }()
	select {
	case <-limited:
	case <-time.After(10 * time.Second):
		t.Fatal("no rate-limit event")
	}
	limitedAt := f.callsSnapshot()[0].At
	require.NoError(t, c.RemoveRole(ctx, "g2", "u2", "r2", "k2"), "another route, another bucket")
	require.NoError(t, <-done)

	for _, cl := range f.callsSnapshot()[1:] {
		require.GreaterOrEqual(t, cl.At.Sub(limitedAt), 250*time.Millisecond, "%s sent during the global limit", cl.Route)
	}
	require.Equal(t, []string{"r1"}, f.RolesOf("u1"))
}

func TestClientMissingPermissions(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	c, _ := newTestClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err := c.SendMessage(ctx, "slow", "hello", "run:1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Contains(t, err.Error(), "POST channels/slow/messages")
}

func TestRegisterCommandsAndMembers(t *testing.T) {
	t.Parallel()
	c, f := newTestClient(t)
	ctx := t.Context()
	require.NoError(t, c.RegisterCommands(ctx, "app1", "g1"))
	f.mu.Lock()
	var names []string
	for _, cmd := range f.commands {
		names = append(names, cmd.Name)
	}
	f.mu.Unlock()
	require.Equal(t, []string{"link", "points", "rank", "leaderboard", "quests", "rewards", "unlink", "award", "revoke", "segment", "sync-roles"}, names)
	require.Contains(t, f.routes(), "PUT "+apiPrefix+"applications/app1/guilds/g1/commands")

	require.NoError(t, c.RegisterRoleConnectionMetadata(ctx, "app1"))
	require.Contains(t, f.routes(), "PUT "+apiPrefix+"applications/app1/role-connections/metadata")
	require.NoError(t, c.UpdateRoleConnection(ctx, "app1", "user-"+c.s.Token[len("Bot "):], RoleConnection{Points: 1250, Holdings: 2, TierRank: 3, TierName: "gold"}))
	require.Contains(t, f.routes(), "PUT "+apiPrefix+"users/@me/applications/app1/role-connection")
	f.mu.Lock()
	last := f.messages[len(f.messages)-1]
	f.mu.Unlock()
	require.JSONEq(t, `{"platform_name":"Beckon","platform_username":"gold","metadata":{"points":"1250","holdings":"2","tier":"3"}}`, last[len("role-connection: "):])

	require.NoError(t, c.AddRole(ctx, "g1", "u2", "r1", ""))
	f.mu.Lock()
	f.members = []string{"u1"}
	f.mu.Unlock()
	ms, err := c.GuildMembers(ctx, "g1")
	require.NoError(t, err)
	require.Len(t, ms, 2)
	require.Equal(t, "u1", ms[0].UserID)
	require.Empty(t, ms[0].Roles)
	require.Equal(t, []string{"r1"}, ms[1].Roles)
}

func TestNewRequiresToken(t *testing.T) {
	t.Parallel()
	_, err := New("")
	require.Error(t, err)
}
