package main

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/siwe"
)

// APIConfig tunes the HTTP API: CORS, per-key rate limits, body limits
// and the signed custom-event intake.
type APIConfig struct {
	// CORSOrigins are browser origins allowed to call the API; "*" any.
	CORSOrigins []string `yaml:"cors_origins"`
	// RateLimit is each API key's sustained rate in requests/s; default 50.
	RateLimit int `yaml:"rate_limit"`
	// RateBurst is each key's bucket size; default 2 × rate_limit.
	RateBurst int `yaml:"rate_burst"`
	// MaxBody bounds request bodies in bytes; default 65536.
	MaxBody int `yaml:"max_body"`
	// CustomEventSecretEnv names the environment variable holding the
	// HMAC secret of POST /v1/events/custom; unset: the route is off.
	CustomEventSecretEnv string `yaml:"custom_event_secret_env"`
	// CustomEventWindow is the replay window of signed timestamps; default 5m.
	CustomEventWindow string `yaml:"custom_event_window"`
}

// minCustomEventSecret keeps guessable secrets out.
const minCustomEventSecret = 16

// apiConfig builds the API's configuration from the config file and the
// wired app; getenv reads the custom-event secret.
func (a *app) apiConfig(cfg *Config, clients map[string]*chain.Pool, getenv func(string) string, log *slog.Logger) (api.Config, error) {
	ttl, err := time.ParseDuration(cfg.SIWE.NonceTTL)
	if err != nil {
		return api.Config{}, &ConfigError{File: cfg.file, Line: cfg.lineOf("siwe.nonce_ttl"), Field: "siwe.nonce_ttl", Msg: err.Error()}
	}
	c := cfg.API
	out := api.Config{DB: a.db, Log: log, NonceTTL: ttl, UnsubscribeSecret: a.unsubscribeKey,
		SIWE:      siwe.VerifyOptions{Domain: cfg.SIWE.Domain, URI: cfg.SIWE.URI},
		RateLimit: float64(c.RateLimit), RateBurst: c.RateBurst, MaxBody: int64(c.MaxBody), CORSOrigins: c.CORSOrigins,
		Metrics: promhttp.HandlerFor(a.metrics, promhttp.HandlerOpts{Registry: a.metrics}),
		Flows:   a.flows.files, OnFlowsChanged: a.flows.Changed, Quests: cfg.Loyalty.Quests, Ledger: cfg.ledger(),
	}
	if len(cfg.Chains) > 0 {
		out.ChainID = cfg.Chains[0].ChainID
		out.Backend = clients[cfg.Chains[0].Name]
	}
	out.Backends = map[uint64]siwe.Backend{}
	for _, ch := range cfg.Chains {
		if c, ok := clients[ch.Name]; ok {
			out.Backends[ch.ChainID] = c
		}
	}
	if c.CustomEventWindow != "" {
		w, err := time.ParseDuration(c.CustomEventWindow)
		if err != nil || w <= 0 {
			return api.Config{}, cfg.errorf("api.custom_event_window", "not a positive duration: %q", c.CustomEventWindow)
		}
		out.CustomEventWindow = w
	}
	if c.CustomEventSecretEnv != "" {
		if secret := getenv(c.CustomEventSecretEnv); secret != "" {
			if len(secret) < minCustomEventSecret {
				return api.Config{}, cfg.errorf("api.custom_event_secret_env", "%s holds a secret shorter than %d bytes", c.CustomEventSecretEnv, minCustomEventSecret)
			}
			out.CustomEventSecret = []byte(secret)
		}
	}
	return out, nil
}

// validateAPI checks the api section.
func (c *Config) validateAPI() error {
	a := c.API
	switch {
	case a.RateLimit < 0:
		return c.errorf("api.rate_limit", "must not be negative")
	case a.RateBurst < 0:
		return c.errorf("api.rate_burst", "must not be negative")
	case a.MaxBody < 0:
		return c.errorf("api.max_body", "must not be negative")
	}
	for i, o := range a.CORSOrigins {
		if o != "*" && !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			return c.errorf(fmt.Sprintf("api.cors_origins.%d", i), "origin %q must be \"*\" or start with http:// or https://", o)
		}
	}
	return nil
}
