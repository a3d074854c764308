// Package discordtest is a fake Discord REST API for tests: role changes,
// guild members and messages, with Discord's response shapes. One server
// serves many tests at once, each under its own bot token, because
// discordgo's endpoints are package variables that a test binary sets
// once (PointDiscordgo, from TestMain).
package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Server is the fake API.
type Server struct {
	srv   *httptest.Server
	fakes sync.Map // "Bot <token>" -> *Fake
}

// NewServer starts a fake; Close it when the tests end.
func NewServer() *Server {
	s := &Server{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.fakes.Load(r.Header.Get("Authorization"))
		if !ok {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		f.(*Fake).serve(w, r)
	}))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// PointDiscordgo redirects discordgo's endpoint variables to the server.
// Call it once, before any test runs.
func (s *Server) PointDiscordgo() {
	api := s.srv.URL + "/api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointDiscord = s.srv.URL + "/"
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointApplications = api + "applications"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = api + "gateway/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
}

// Fake registers and returns the fake answering bot token; Remove it when
// the test ends.
func (s *Server) Fake(token string) *Fake {
	f := &Fake{roles: map[string]map[string]bool{}}
	s.fakes.Store("Bot "+token, f)
	return f
}

// Remove unregisters token.
func (s *Server) Remove(token string) { s.fakes.Delete("Bot " + token) }

// Change is one role change the fake applied.
type Change struct {
	Guild, User, Role string
	Add               bool
	At                time.Time
}

// Fake is one bot's view of Discord.
type Fake struct {
	mu       sync.Mutex
	roles    map[string]map[string]bool // user -> role ids
	changes  []Change
	messages []string
	// Limit429 answers the next n role requests with 429 retry_after.
	limit429 int
}

// RateLimitNext makes the next n role requests answer 429.
func (f *Fake) RateLimitNext(n int) {
	f.mu.Lock()
	f.limit429 = n
	f.mu.Unlock()
}

// Roles returns the user's role ids, sorted.
func (f *Fake) Roles(user string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.roles[user] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// HasRole reports whether user holds role.
func (f *Fake) HasRole(user, role string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.roles[user][role]
}

// SetRoles replaces a user's roles, as a moderator editing by hand would.
func (f *Fake) SetRoles(user string, roles ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.roles[user] = map[string]bool{}
	for _, r := range roles {
		f.roles[user][r] = true
	}
}

// Leave removes the user from the guild.
func (f *Fake) Leave(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.roles, user)
}

// Changes returns every role change applied, in order.
func (f *Fake) Changes() []Change {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Change(nil), f.changes...)
}

// Messages returns "channel: text" for every message posted.
func (f *Fake) Messages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.messages...)
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	mux := http.NewServeMux()
	prefix := "/api/v" + discordgo.APIVersion + "/"
	role := func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		if f.limit429 > 0 {
			f.limit429--
			f.mu.Unlock()
			w.Header().Set("X-RateLimit-Limit", "10")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset-After", "0.05")
			w.Header().Set("X-RateLimit-Bucket", "roles")
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 0.05, "global": false})
			return
		}
		u, id, add := r.PathValue("u"), r.PathValue("r"), r.Method == http.MethodPut
		if f.roles[u] == nil {
			f.roles[u] = map[string]bool{}
		}
		if add {
			f.roles[u][id] = true
		} else {
			delete(f.roles[u], id)
		}
		f.changes = append(f.changes, Change{Guild: r.PathValue("g"), User: u, Role: id, Add: add, At: time.Now()})
		f.mu.Unlock()
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", "9")
		w.Header().Set("X-RateLimit-Reset-After", "0.01")
		w.WriteHeader(http.StatusNoContent)
	}
	mux.HandleFunc("PUT "+prefix+"guilds/{g}/members/{u}/roles/{r}", role)
	mux.HandleFunc("DELETE "+prefix+"guilds/{g}/members/{u}/roles/{r}", role)
	mux.HandleFunc("GET "+prefix+"guilds/{g}/members", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		var ids []string
		for u := range f.roles {
			if u > r.URL.Query().Get("after") {
				ids = append(ids, u)
			}
		}
		sort.Strings(ids)
		out := []map[string]any{}
		for _, u := range ids {
			roles := []string{}
			for id := range f.roles[u] {
				roles = append(roles, id)
			}
			sort.Strings(roles)
			out = append(out, map[string]any{"user": map[string]any{"id": u, "username": "u" + u}, "roles": roles, "joined_at": "2026-01-01T00:00:00Z"})
		}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("POST "+prefix+"users/@me/channels", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		writeJSON(w, http.StatusOK, map[string]any{"id": "dm-" + body.RecipientID, "type": 1})
	})
	mux.HandleFunc("POST "+prefix+"channels/{c}/messages", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
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
		writeJSON(w, http.StatusOK, map[string]any{"id": "1", "channel_id": r.PathValue("c"), "content": body.Content, "type": 0,
			"timestamp": time.Now().UTC().Format(time.RFC3339), "author": map[string]any{"id": "42", "username": "beckon", "bot": true}})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	mux.ServeHTTP(w, r)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
