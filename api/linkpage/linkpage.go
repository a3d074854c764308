// Package linkpage serves the hosted wallet-link page: the page a bot's
// /link command points to. It has a browser wallet sign an EIP-4361
// message built here (so the browser needs no EIP-55 checksumming) and
// posts the signature to /v1/link/verify, together with the bot's
// one-time link token when there is one.
package linkpage

import (
	"context"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/crm/siwe"
)

// Path is where the page is served.
const Path = "/link"

//go:embed page.html static
var assets embed.FS

// Nonces stores issued SIWE nonces; /v1/link/verify consumes them.
type Nonces interface {
	PutNonce(ctx context.Context, nonce string, expires time.Time) error
}

// Config configures the page.
type Config struct {
	// Domain and URI go into every message; /v1/link/verify checks them.
	Domain string
	URI    string
	// Project names who the wallet is linked to, in the page and statement.
	Project string
	// ChainIDs are the chains a message may name, the first the default a
	// wallet on another chain is asked to switch to.
	ChainIDs []uint64
	NonceTTL time.Duration
	Nonces   Nonces
	Now      func() time.Time
	Log      *slog.Logger
}

// Handler serves GET /link, its script and POST /link/message.
type Handler struct {
	cfg  Config
	page *template.Template
	mux  *http.ServeMux
}

// New builds the handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.NonceTTL <= 0 {
		cfg.NonceTTL = 10 * time.Minute
	}
	if cfg.Project == "" {
		cfg.Project = "Beckon"
	}
	page, err := template.ParseFS(assets, "page.html")
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, page: page, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET "+Path, h.servePage)
	h.mux.Handle("GET "+Path+"/static/", http.StripPrefix(Path+"/static/", http.FileServerFS(static)))
	h.mux.HandleFunc("POST "+Path+"/message", h.message)
	return h, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer") // the link token is in the URL
	w.Header().Set("Cache-Control", "no-store")
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	err := h.page.Execute(w, map[string]any{
		"Project":  h.cfg.Project,
		"Token":    r.URL.Query().Get("token"),
		"ChainIDs": h.cfg.ChainIDs,
	})
	if err != nil {
		h.cfg.Log.Error("render link page", "err", err)
	}
}

// maxBody bounds POST /link/message.
const maxBody = 4 << 10

func (h *Handler) message(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Address string `json:"address"`
		ChainID uint64 `json:"chain_id"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil || !common.IsHexAddress(req.Address) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON with a 0x address and a chain_id"})
		return
	}
	if len(h.cfg.ChainIDs) > 0 && !slices.Contains(h.cfg.ChainIDs, req.ChainID) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "switch your wallet to a supported chain", "chain_ids": h.cfg.ChainIDs})
		return
	}
	if req.ChainID == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "chain_id is required"})
		return
	}
	n := siwe.NewNonce()
	now := h.cfg.Now().UTC().Truncate(time.Second)
	exp := now.Add(h.cfg.NonceTTL)
	if err := h.cfg.Nonces.PutNonce(r.Context(), n, exp); err != nil {
		h.cfg.Log.Error("store link nonce", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not issue a nonce"})
		return
	}
	msg := siwe.Message{Domain: h.cfg.Domain, Address: common.HexToAddress(req.Address),
		Statement: "Link this wallet to your " + h.cfg.Project + " account.", URI: h.cfg.URI, Version: "1",
		ChainID: req.ChainID, Nonce: n, IssuedAt: now, ExpirationTime: &exp}
	writeJSON(w, http.StatusOK, map[string]string{"message": msg.String(), "expires_at": exp.Format(time.RFC3339)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
