// Package ui serves Beckon's dashboard at /ui: server-rendered HTML pages
// with inline SVG charts drawn in Go, and a few lines of vanilla JS for
// wallet sign-in. Every asset is embedded; the pages load nothing from the
// network. Access takes an admin API key or a Sign-In with Ethereum
// message signed by an allowed admin wallet, and is kept by an HMAC-signed
// session cookie; every POST form carries a CSRF token.
package ui

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

//go:embed templates static
var assets embed.FS

// Prefix is where the dashboard is mounted.
const Prefix = "/ui"

// KeyChecker checks an API key secret and says whether it carries the
// admin scope; an unknown or revoked key is (false, nil).
type KeyChecker func(ctx context.Context, secret string) (admin bool, err error)

// HealthReporter reports a chain's RPC endpoints; *chain.Pool is one.
type HealthReporter interface {
	Health() []chain.EndpointHealth
}

// Chain is one indexed chain.
type Chain struct {
	Name      string
	ID        uint64
	Endpoints HealthReporter // nil when no client is connected
}

// Indexers reads indexing progress from the store.
type Indexers interface {
	IndexerStatus(ctx context.Context, chainID uint64, window time.Duration) (store.IndexerStatus, error)
}

// Flows reads flow runs and their per-step counts.
type Flows interface {
	FlowSummaries(ctx context.Context) ([]store.FlowSummary, error)
	FlowStepCounts(ctx context.Context, flow string) (map[string]store.StepCount, error)
	FlowRunsPerDay(ctx context.Context, flow string, days int) ([]store.DayCount, error)
	Runs(ctx context.Context, f store.RunFilter) ([]store.RunInfo, error)
}

// Retrier puts a failed run back on its step; *flow.Engine is one.
type Retrier interface {
	RetryRun(ctx context.Context, runID int64) error
}

// Contacts finds contacts and loads one.
type Contacts interface {
	SearchContacts(ctx context.Context, q string, limit int) ([]store.ContactHit, error)
	// ContactDetail returns store.ErrNotFound for an unknown id.
	ContactDetail(ctx context.Context, id int64, historyLimit int) (store.ContactDetail, error)
}

// Loyalty reads the leaderboard.
type Loyalty interface {
	Leaderboard(ctx context.Context, season string, n int) ([]loyalty.Standing, error)
}

// Rewards reads reward epochs and payouts.
type Rewards interface {
	RewardEpochs(ctx context.Context, limit int) ([]store.EpochSummary, error)
	PayoutBatches(ctx context.Context, limit int) ([]store.PayoutBatch, error)
}

// Nonces is the single-use nonce store shared with wallet linking.
type Nonces interface {
	PutNonce(ctx context.Context, nonce string, expires time.Time) error
	// UseNonce consumes a nonce; store.ErrNotFound when unknown, expired or used.
	UseNonce(ctx context.Context, nonce string) error
}

// Segment is one segment and its current size.
type Segment struct {
	Name string
	Size int64
}

// SegmentSize is a segment's size at a moment.
type SegmentSize struct {
	At   time.Time
	Size int64
}

// Segments reads segments; optional.
type Segments interface {
	Segments(ctx context.Context) ([]Segment, error)
	// SegmentSizes returns the sizes recorded since a moment, oldest first.
	SegmentSizes(ctx context.Context, name string, since time.Time) ([]SegmentSize, error)
	ContactSegments(ctx context.Context, contactID int64) ([]string, error)
}

// Scores reads a contact's scores by name; optional.
type Scores interface {
	ContactScores(ctx context.Context, contactID int64) (map[string]float64, error)
}

// Variant is one arm of a flow's A/B split.
type Variant struct {
	Name      string
	Entered   int64
	Converted int64
}

// Experiments reads A/B results of flows; optional.
type Experiments interface {
	FlowVariants(ctx context.Context, flow string) ([]Variant, error)
}

// Config configures the dashboard. Data sources left nil hide their pages
// or sections.
type Config struct {
	Log *slog.Logger
	Now func() time.Time
	// SessionSecret signs session cookies and CSRF tokens: at least 32 bytes.
	SessionSecret []byte
	// SessionTTL is how long a sign-in lasts. Default 12h.
	SessionTTL time.Duration
	// Secure marks cookies Secure; set it when the public URL is https.
	Secure bool

	// CheckKey enables sign-in with an admin API key.
	CheckKey KeyChecker
	// AdminWallets may sign in with SIWE; empty disables wallet sign-in.
	AdminWallets []common.Address
	SIWE         siwe.VerifyOptions // Domain and URI the messages must carry
	Backend      siwe.Backend       // contract-wallet signatures; optional
	Nonces       Nonces
	NonceTTL     time.Duration // default 10m

	Chains      []Chain
	Indexers    Indexers
	Definitions func() []*flow.Definition // the flows loaded now, drawn as diagrams; optional
	Flows       Flows
	Retrier     Retrier
	Experiments Experiments
	Contacts    Contacts
	Loyalty     Loyalty
	Season      string // leaderboard season, "" for all-time
	Rewards     Rewards
	Segments    Segments
	Scores      Scores
}

// Handler is the dashboard.
type Handler struct {
	cfg   Config
	mux   *http.ServeMux
	pages map[string]*template.Template
}

// New checks cfg and builds the dashboard's routes.
func New(cfg Config) (*Handler, error) {
	if len(cfg.SessionSecret) < 32 {
		return nil, errors.New("ui: session secret must be at least 32 bytes")
	}
	if cfg.CheckKey == nil && len(cfg.AdminWallets) == 0 {
		return nil, errors.New("ui: no sign-in method: set a key checker or admin wallets")
	}
	if len(cfg.AdminWallets) > 0 && (cfg.Nonces == nil || cfg.SIWE.Domain == "") {
		return nil, errors.New("ui: wallet sign-in needs a nonce store and a SIWE domain")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.NonceTTL <= 0 {
		cfg.NonceTTL = 10 * time.Minute
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux()}
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("ui: static assets: %w", err)
	}
	m := h.mux
	m.Handle("GET "+Prefix+"/static/", http.StripPrefix(Prefix+"/static/", http.FileServerFS(static)))
	m.HandleFunc("GET "+Prefix+"/login", h.loginPage)
	m.HandleFunc("POST "+Prefix+"/login", h.loginKey)
	m.HandleFunc("POST "+Prefix+"/login/nonce", h.loginNonce)
	m.HandleFunc("POST "+Prefix+"/login/siwe", h.loginSIWE)
	m.HandleFunc("POST "+Prefix+"/logout", h.authed(h.logout))
	m.HandleFunc("GET "+Prefix, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
	})
	m.HandleFunc("GET "+Prefix+"/{$}", h.authed(h.indexersPage))
	m.HandleFunc("GET "+Prefix+"/indexers", h.authed(h.indexersPage))
	m.HandleFunc("GET "+Prefix+"/flows", h.authed(h.flowsPage))
	m.HandleFunc("GET "+Prefix+"/flows/{name}", h.authed(h.flowPage))
	m.HandleFunc("POST "+Prefix+"/runs/{id}/retry", h.authed(h.retryRun))
	m.HandleFunc("GET "+Prefix+"/contacts", h.authed(h.contactsPage))
	m.HandleFunc("GET "+Prefix+"/contacts/{id}", h.authed(h.contactPage))
	m.HandleFunc("GET "+Prefix+"/leaderboard", h.authed(h.leaderboardPage))
	m.HandleFunc("GET "+Prefix+"/rewards", h.authed(h.rewardsPage))
	m.HandleFunc("GET "+Prefix+"/segments", h.authed(h.segmentsPage))
	m.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		h.error(w, r, http.StatusNotFound, "No such page.")
	})
	return h, nil
}

// ServeHTTP implements http.Handler, with headers that keep the pages
// out of frames and caches and forbid anything but their own assets.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")
	h.mux.ServeHTTP(w, r)
}
