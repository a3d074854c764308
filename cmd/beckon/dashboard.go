package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/api/ui"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/store"
)

// UIConfig configures the dashboard at /ui.
type UIConfig struct {
	// AdminWallets may sign in with Sign-In with Ethereum.
	AdminWallets []string `yaml:"admin_wallets"`
	// AdminKeyEnv names an environment variable holding a key that signs
	// in as admin, for the first sign-in before API keys exist.
	AdminKeyEnv string `yaml:"admin_key_env"`
	// SessionSecretEnv names an environment variable holding the secret
	// (at least 32 bytes) that signs session cookies; unset, Beckon
	// generates one and keeps it in the store.
	SessionSecretEnv string `yaml:"session_secret_env"`
	// SessionTTL is how long a sign-in lasts. Default 12h.
	SessionTTL string `yaml:"session_ttl"`
}

func (c *Config) validateUI() error {
	for i, w := range c.UI.AdminWallets {
		if !common.IsHexAddress(w) {
			return c.errorf(fmt.Sprintf("ui.admin_wallets.%d", i), "%q is not a 0x-prefixed 20-byte hex address", w)
		}
	}
	if len(c.UI.AdminWallets) > 0 && c.SIWE.Domain == "" {
		return c.errorf("siwe.domain", "required for wallet sign-in to the dashboard (ui.admin_wallets)")
	}
	if c.UI.SessionTTL != "" && !positiveDuration(c.UI.SessionTTL) {
		return c.errorf("ui.session_ttl", "%q is not a positive duration such as 12h", c.UI.SessionTTL)
	}
	return nil
}

// dashboardSources are the dashboard's data sources besides the store.
type dashboardSources struct {
	// checkKey checks API keys; nil falls back to ui.admin_key_env alone.
	checkKey ui.KeyChecker
	clients  map[string]*chain.Pool
	backend  siwe.Backend
}

// newDashboard builds the /ui handler, or returns nil (and logs why)
// when no sign-in method is configured.
func newDashboard(ctx context.Context, cfg *Config, a *app, src dashboardSources, getenv func(string) string, log *slog.Logger) (http.Handler, error) {
	check := src.checkKey
	if cfg.UI.AdminKeyEnv != "" {
		if key := getenv(cfg.UI.AdminKeyEnv); key != "" {
			check = bootstrapKey(key, check)
		}
	}
	var wallets []common.Address
	for _, w := range cfg.UI.AdminWallets {
		wallets = append(wallets, common.HexToAddress(w))
	}
	if check == nil && len(wallets) == 0 {
		log.Info("dashboard off: set ui.admin_wallets or ui.admin_key_env to sign in")
		return nil, nil
	}
	var secret []byte
	if cfg.UI.SessionSecretEnv != "" {
		secret = []byte(getenv(cfg.UI.SessionSecretEnv))
		if len(secret) < 32 {
			return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf("ui.session_secret_env"), Field: "ui.session_secret_env",
				Msg: fmt.Sprintf("environment variable %s must hold at least 32 bytes", cfg.UI.SessionSecretEnv)}
		}
	} else if err := a.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		secret, err = tx.Secret(ctx, "ui_session")
		return err
	}); err != nil {
		return nil, err
	}
	ttl := 12 * time.Hour
	if cfg.UI.SessionTTL != "" {
		ttl, _ = time.ParseDuration(cfg.UI.SessionTTL) // validated
	}
	nonceTTL, _ := time.ParseDuration(cfg.SIWE.NonceTTL) // validated
	data := &store.Dashboard{DB: a.db}
	uc := ui.Config{
		Log: log.With("component", "ui"), SessionSecret: secret, SessionTTL: ttl,
		Secure:   strings.HasPrefix(cfg.PublicURL, "https://"),
		CheckKey: check, AdminWallets: wallets, Nonces: data, NonceTTL: nonceTTL, Backend: src.backend,
		SIWE:     siwe.VerifyOptions{Domain: cfg.SIWE.Domain, URI: cfg.SIWE.URI},
		Indexers: data, Flows: data, Contacts: data, Loyalty: data, Rewards: data, Season: cfg.Loyalty.Season,
	}
	if a.engine != nil {
		uc.Definitions, uc.Retrier = a.engine.Definitions, a.engine
	}
	for _, ch := range cfg.Chains {
		c := ui.Chain{Name: ch.Name, ID: ch.ChainID}
		if p := src.clients[ch.Name]; p != nil {
			c.Endpoints = p
		}
		uc.Chains = append(uc.Chains, c)
	}
	h, err := ui.New(uc)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return h, nil
}

// bootstrapKey accepts key as an admin key, in constant time, and defers
// anything else to next (nil: refuse).
func bootstrapKey(key string, next ui.KeyChecker) ui.KeyChecker {
	return func(ctx context.Context, secret string) (bool, error) {
		if subtle.ConstantTimeCompare([]byte(secret), []byte(key)) == 1 {
			return true, nil
		}
		if next == nil {
			return false, nil
		}
		return next(ctx, secret)
	}
}

// adminKeyChecker signs dashboard users in with admin-scoped API keys.
func adminKeyChecker(db *store.DB) ui.KeyChecker {
	keys := &api.Keys{DB: db}
	return func(ctx context.Context, secret string) (bool, error) {
		scope, err := keys.Check(ctx, secret)
		if errors.Is(err, api.ErrUnauthorized) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return api.Allows(scope, api.ScopeAdmin), nil
	}
}
