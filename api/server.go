// Package api serves Beckon's HTTP API (v1) with gin: contacts, events,
// flows, points, quests, rewards, segments, wallet linking with Sign-In
// with Ethereum, the signed custom-event intake, health and metrics.
// Requests carry scoped API keys (see Keys); errors are RFC 9457 problem
// details; lists page with opaque cursors; openapi.yaml describes it all.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// Config configures the server.
type Config struct {
	DB       *store.DB
	Log      *slog.Logger
	ChainID  uint64 // chain whose reward epochs proofs come from
	SIWE     siwe.VerifyOptions
	NonceTTL time.Duration
	// Backend checks contract-wallet signatures (EIP-1271/6492); optional.
	Backend siwe.Backend
	// Backends are the RPC clients per chain id that verify contract
	// wallets' signatures (EIP-1271, EIP-6492) for messages naming that
	// chain; when set, Backend is not used for link verification.
	Backends map[uint64]siwe.Backend
	// UnsubscribeSecret checks the tokens of unsubscribe links.
	UnsubscribeSecret []byte
	// MaxBody bounds request bodies, in bytes. Default 64 KiB.
	MaxBody int64
	// UI is the dashboard, served under /ui with its own sign-in; optional.
	UI http.Handler
	// LinkPage is the hosted wallet-link page, served under /link; optional.
	LinkPage http.Handler
	// OnLinkToken, when set, redeems a bot's link token for the contact a
	// verified wallet belongs to, in the same transaction; an error that
	// wraps ErrLinkToken answers 410 and changes nothing.
	OnLinkToken func(ctx context.Context, tx *store.Tx, token string, contactID int64) error
	// OnLinked, when set, runs in the transaction that verifies a
	// wallet link (the flow engine's IdentityLinked).
	OnLinked func(ctx context.Context, tx *store.Tx, contactID int64, kind, value string) error

	// RateLimit is each API key's sustained rate, requests per second, and
	// RateBurst its bucket size. Defaults 50 and twice the rate.
	RateLimit float64
	RateBurst int
	// CORSOrigins are the browser origins allowed to call the API ("*":
	// any). Empty: no CORS headers, so browsers allow same-origin only.
	CORSOrigins []string
	// Metrics is served at GET /metrics to read-scoped keys; nil: no route.
	Metrics http.Handler
	// Webhooks are signed intakes mounted without API-key auth, keyed
	// "METHOD /path"; each checks its own signature.
	Webhooks map[string]http.Handler
	// CustomEventSecret signs POST /v1/events/custom (nil: no route);
	// CustomEventWindow is how old a signed timestamp may be (default 5m).
	CustomEventSecret []byte
	CustomEventWindow time.Duration
	// CustomEvents receives each new custom event; optional.
	CustomEvents CustomEventHook
	// Flows are the flows loaded from files, listed read-only beside the
	// flows stored through the API.
	Flows []*flow.Definition
	// OnFlowsChanged, when set, is called after a flow was created,
	// updated, enabled or disabled, before the response: the runner
	// reloads, so the change is in effect when the client hears of it.
	OnFlowsChanged func(ctx context.Context)
	// Quests are the configured quests.
	Quests []loyalty.Quest
	// Ledger applies seasons and tiers to awards; nil: plain entries.
	Ledger *loyalty.Ledger
	// Optional capabilities built elsewhere; their routes exist only when set.
	Segments      Segments
	FlowSimulator FlowSimulator
	FlowStats     FlowStats
}

// Server is the HTTP API.
type Server struct {
	cfg     Config
	http    *http.Server
	ln      net.Listener
	keys    *Keys
	limits  *rateLimits
	trees   *treeCache
	openapi []byte
}

// New builds the server's routes.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.NonceTTL == 0 {
		cfg.NonceTTL = 10 * time.Minute
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 64 << 10
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 50
	}
	if cfg.RateBurst == 0 {
		cfg.RateBurst = int(2 * cfg.RateLimit)
	}
	if cfg.CustomEventWindow == 0 {
		cfg.CustomEventWindow = 5 * time.Minute
	}
	s := &Server{cfg: cfg, keys: &Keys{DB: cfg.DB}, limits: newRateLimits(cfg.RateLimit, cfg.RateBurst), trees: &treeCache{}, openapi: openAPIJSON()}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(s.requestID, s.accessLog, gin.CustomRecoveryWithWriter(io.Discard, s.recovered), s.cors, s.limitBody)
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.ready)
	v1 := r.Group("/v1")
	v1.POST("/link/nonce", s.nonce)
	v1.POST("/link/verify", s.verify)
	v1.GET("/rewards/proofs/:address", s.proof)
	v1.GET("/unsubscribe/:contact", s.unsubscribePage)
	v1.POST("/unsubscribe/:contact", s.unsubscribe)
	if cfg.LinkPage != nil {
		r.GET("/link", gin.WrapH(cfg.LinkPage))
		r.GET("/link/static/*path", gin.WrapH(cfg.LinkPage))
		r.POST("/link/message", gin.WrapH(cfg.LinkPage))
	}
	if cfg.UI != nil {
		r.GET("/ui", gin.WrapH(cfg.UI))
		r.GET("/ui/*path", gin.WrapH(cfg.UI))
		r.POST("/ui/*path", gin.WrapH(cfg.UI))
	}
	s.routes(r)
	r.NoRoute(func(c *gin.Context) { problem(c, http.StatusNotFound, "no such route") })
	s.http = &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	return s
}

// Handler returns the routes, for tests.
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Listen binds addr now, so a taken port fails at once, and serves in the background.
func (s *Server) Listen(addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	s.ln = ln
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.Log.Error("http server", "err", err)
		}
	}()
	return ln.Addr(), nil
}

// Shutdown stops accepting requests and waits for those in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.http.Shutdown(ctx) }

func (s *Server) limitBody(c *gin.Context) {
	limit := s.cfg.MaxBody
	if h, ok := s.cfg.Webhooks[c.Request.Method+" "+c.FullPath()].(interface{ MaxBody() int64 }); ok {
		limit = h.MaxBody()
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}

// problem writes an RFC 9457 problem document.
func problem(c *gin.Context, status int, detail string) { problemWith(c, status, detail, nil) }

// problemWith writes a problem document with extension members; every
// problem carries the request id.
func problemWith(c *gin.Context, status int, detail string, ext gin.H) {
	doc := gin.H{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail}
	for k, v := range ext {
		doc[k] = v
	}
	if id := c.GetString(requestIDKey); id != "" {
		doc["request_id"] = id
	}
	c.Header("Content-Type", "application/problem+json")
	b, _ := json.Marshal(doc)
	c.AbortWithStatus(status)
	_, _ = c.Writer.Write(b)
}

func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.cfg.DB.SQL.PingContext(ctx); err != nil {
		problem(c, http.StatusServiceUnavailable, "database unreachable")
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) nonce(c *gin.Context) {
	n := siwe.NewNonce()
	exp := s.cfg.DB.Now().Add(s.cfg.NonceTTL)
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error { return tx.PutNonce(c.Request.Context(), n, exp.UnixMilli()) })
	if err != nil {
		s.log(c).Error("store nonce", "err", err)
		problem(c, http.StatusInternalServerError, "could not issue a nonce")
		return
	}
	c.JSON(http.StatusOK, gin.H{"nonce": n, "expires_at": exp.UTC().Format(time.RFC3339)})
}

type verifyRequest struct {
	Message   string `json:"message"`
	Signature string `json:"signature"`
	// LinkToken is a bot's one-time token (the link page passes it on):
	// the Discord or Telegram account it names joins the wallet's contact.
	LinkToken string `json:"link_token"`
}

// ErrLinkToken marks a bot link token that cannot be redeemed.
var ErrLinkToken = errors.New("link token invalid, expired or already used")

// verify checks a signed SIWE message, consumes its nonce and returns the
// wallet's contact, creating it on first sight. It takes no email or
// handle: an unverified claim must never pull a wallet into someone
// else's contact.
func (s *Server) verify(c *gin.Context) {
	var req verifyRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			problem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooLarge.Limit))
			return
		}
		problem(c, http.StatusBadRequest, "body must be JSON with message and signature")
		return
	}
	if req.Message == "" || req.Signature == "" {
		problem(c, http.StatusBadRequest, "message and signature are required")
		return
	}
	ctx := c.Request.Context()
	opts := s.cfg.SIWE
	opts.Now = s.cfg.DB.Now()
	opts.Backend = s.cfg.Backend
	// Contract wallets are asked through the RPC of the message's chain.
	if parsed, perr := siwe.Parse(req.Message); perr == nil {
		if b, ok := s.cfg.Backends[parsed.ChainID]; ok {
			opts.Backend = b
		} else if len(s.cfg.Backends) > 0 {
			opts.Backend = nil // a chain Beckon has no RPC for: EOA signatures only
		}
	}
	msg, err := siwe.VerifyMessage(ctx, req.Message, req.Signature, opts)
	if err != nil {
		status := http.StatusUnauthorized
		if errors.Is(err, siwe.ErrMalformed) {
			status = http.StatusBadRequest
		}
		problem(c, status, err.Error())
		return
	}
	var contactID int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UseNonce(ctx, msg.Nonce); err != nil {
			return err
		}
		var err error
		contactID, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityWallet, Value: msg.Address.Hex()})
		if err != nil {
			return err
		}
		if req.LinkToken != "" {
			if s.cfg.OnLinkToken == nil {
				return fmt.Errorf("no bot issues link tokens here: %w", ErrLinkToken)
			}
			if err := s.cfg.OnLinkToken(ctx, tx, req.LinkToken, contactID); err != nil {
				return err
			}
		}
		if s.cfg.OnLinked == nil {
			return nil
		}
		return s.cfg.OnLinked(ctx, tx, contactID, crm.IdentityWallet, msg.Address.Hex())
	})
	switch {
	case errors.Is(err, ErrLinkToken):
		problem(c, http.StatusGone, "the link token is invalid, expired or already used: ask the bot for a new /link; nothing was linked")
		return
	case errors.Is(err, store.ErrNotFound):
		problem(c, http.StatusUnauthorized, "nonce unknown, expired or already used")
		return
	case errors.Is(err, crm.ErrInvalid):
		problem(c, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		s.log(c).Error("link wallet", "err", err)
		problem(c, http.StatusInternalServerError, "could not link the wallet")
		return
	}
	c.JSON(http.StatusOK, gin.H{"contact_id": contactID, "address": msg.Address.Hex(), "merged": false})
}

func (s *Server) proof(c *gin.Context) {
	addr := c.Param("address")
	if !common.IsHexAddress(addr) {
		problem(c, http.StatusBadRequest, "address must be a 0x-prefixed 20-byte hex address")
		return
	}
	ctx := c.Request.Context()
	var epoch int64
	var tree *rewards.Tree
	claimed := new(big.Int)
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var dist common.Address
		var err error
		if epoch, dist, tree, err = s.trees.latest(ctx, tx, s.cfg.ChainID); err != nil {
			return err
		}
		claimed, err = tx.ClaimedCumulative(ctx, s.cfg.ChainID, dist, common.HexToAddress(addr))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		problem(c, http.StatusNotFound, "no reward epoch yet")
		return
	}
	if err != nil {
		s.log(c).Error("load epoch", "err", err)
		problem(c, http.StatusInternalServerError, "could not load the reward epoch")
		return
	}
	alloc, proof, err := tree.ProofFor(common.HexToAddress(addr))
	if errors.Is(err, rewards.ErrNotFound) {
		problem(c, http.StatusNotFound, "no allocation for this address in the latest epoch")
		return
	}
	if err != nil {
		problem(c, http.StatusInternalServerError, err.Error())
		return
	}
	// claimed is what indexed Claimed events show paid so far; claimable is
	// what a claim with this proof would pay now.
	claimable := new(big.Int).Sub(alloc.Amount, claimed)
	if claimable.Sign() < 0 {
		claimable.SetInt64(0)
	}
	c.JSON(http.StatusOK, gin.H{"epoch": epoch, "root": tree.Root().Hex(), "account": alloc.Account.Hex(), "amount": alloc.Amount.String(), "proof": proof,
		"claimed": claimed.String(), "claimable": claimable.String()})
}

// treeCache keeps the newest epoch's parsed tree: epochs are immutable,
// so a tree is loaded and rebuilt once per epoch instead of per request.
type treeCache struct {
	mu   sync.Mutex
	id   int64
	dist common.Address
	tree *rewards.Tree
}

func (t *treeCache) latest(ctx context.Context, tx *store.Tx, chainID uint64) (int64, common.Address, *rewards.Tree, error) {
	id, dist, err := tx.LatestEpochRef(ctx, chainID)
	if err != nil {
		return 0, dist, nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tree != nil && t.id == id {
		return t.id, t.dist, t.tree, nil
	}
	e, err := tx.Epoch(ctx, id)
	if err != nil {
		return 0, dist, nil, err
	}
	var d rewards.Dump
	if err := json.Unmarshal(e.Tree, &d); err != nil {
		return 0, dist, nil, fmt.Errorf("stored reward tree of epoch %d is unreadable: %w", id, err)
	}
	tree, err := rewards.Load(d)
	if err != nil {
		return 0, dist, nil, fmt.Errorf("stored reward tree of epoch %d is invalid: %w", id, err)
	}
	t.id, t.dist, t.tree = id, dist, tree
	return id, dist, tree, nil
}

// unsubscribePage answers the link in an email with a confirmation form,
// so that mail scanners following links unsubscribe nobody.
func (s *Server) unsubscribePage(c *gin.Context) {
	if _, ok := s.unsubscribeTarget(c); !ok {
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.String(http.StatusOK, `<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto">
<h1>Unsubscribe</h1><p>Stop receiving email from us?</p>
<form method="post" action="?token=`+html.EscapeString(c.Query("token"))+`"><button type="submit">Unsubscribe</button></form>
</body></html>`)
}

// unsubscribe handles the form and RFC 8058 one-click POSTs.
func (s *Server) unsubscribe(c *gin.Context) {
	id, ok := s.unsubscribeTarget(c)
	if !ok {
		return
	}
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error { return tx.Unsubscribe(c.Request.Context(), id) })
	if errors.Is(err, store.ErrNotFound) {
		problem(c, http.StatusNotFound, "no such contact")
		return
	}
	if err != nil {
		s.log(c).Error("unsubscribe", "contact", id, "err", err)
		problem(c, http.StatusInternalServerError, "could not unsubscribe")
		return
	}
	if strings.Contains(c.GetHeader("Accept"), "text/html") {
		c.Header("Content-Type", "text/html; charset=utf-8")
		c.String(http.StatusOK, `<!doctype html><html><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto"><h1>You are unsubscribed</h1></body></html>`)
		return
	}
	c.JSON(http.StatusOK, gin.H{"unsubscribed": true})
}

func (s *Server) unsubscribeTarget(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("contact"), 10, 64)
	if err != nil || id <= 0 {
		problem(c, http.StatusBadRequest, "contact must be a positive integer")
		return 0, false
	}
	if len(s.cfg.UnsubscribeSecret) == 0 || !crm.CheckUnsubscribeToken(s.cfg.UnsubscribeSecret, id, c.Query("token")) {
		problem(c, http.StatusForbidden, "invalid unsubscribe token")
		return 0, false
	}
	return id, true
}
