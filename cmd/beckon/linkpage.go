package main

import (
	"log/slog"
	"strings"
	"time"

	"github.com/beckonhq/beckon/api/linkpage"
	"github.com/beckonhq/beckon/store"
)

// newLinkPage builds the hosted wallet-link page; nil when SIWE has no
// domain, as /v1/link/verify then refuses every message.
func newLinkPage(cfg *Config, db *store.DB, ttl time.Duration, log *slog.Logger) (*linkpage.Handler, error) {
	if cfg.SIWE.Domain == "" {
		return nil, nil
	}
	uri := cfg.SIWE.URI
	if uri == "" {
		uri = strings.TrimSuffix(cfg.PublicURL, "/") + linkpage.Path
	}
	var chains []uint64
	for _, ch := range cfg.Chains {
		chains = append(chains, ch.ChainID)
	}
	return linkpage.New(linkpage.Config{Domain: cfg.SIWE.Domain, URI: uri, Project: cfg.Project, ChainIDs: chains,
		NonceTTL: ttl, Nonces: store.Nonces{DB: db}, Now: db.Now, Log: log.With("component", "link-page")})
}
