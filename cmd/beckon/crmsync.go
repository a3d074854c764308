package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/beckonhq/beckon/crm/facts"
	"github.com/beckonhq/beckon/crm/hubspot"
	"github.com/beckonhq/beckon/store"
)

// HubSpotConfig configures the HubSpot sync; without a token there is none.
type HubSpotConfig struct {
	// TokenEnv names the variable holding the private app token.
	TokenEnv string `yaml:"token_env"`
	// BaseURL is HubSpot's API; default https://api.hubapi.com.
	BaseURL string `yaml:"base_url"`
	// SyncInterval is how often serve pushes changed contacts; 0 disables.
	SyncInterval string `yaml:"sync_interval"`
}

const hubspotSyncName = "hubspot"

// syncHubSpot pushes every contact changed since the last successful sync.
// The cursor only moves when every contact went through, so refused ones
// are retried next time (upserts are idempotent).
func syncHubSpot(ctx context.Context, db *store.DB, client *hubspot.Client, dryRun bool, log *slog.Logger) (hubspot.Report, error) {
	rep := hubspot.Report{DryRun: dryRun, Failed: []hubspot.Failure{}}
	start := db.Now()
	var since time.Time
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		since, err = tx.SyncCursor(ctx, hubspotSyncName)
		return err
	}); err != nil {
		return rep, err
	}
	if !dryRun {
		if err := client.EnsureProperties(ctx); err != nil {
			return rep, err
		}
	}
	var after int64
	for {
		var batch []hubspot.Contact
		err := db.InTx(ctx, func(tx *store.Tx) error {
			ids, err := tx.ChangedContacts(ctx, since, after, hubspot.MaxBatch)
			if err != nil {
				return err
			}
			for _, id := range ids {
				f, err := tx.ContactFacts(ctx, id)
				if err != nil {
					return err
				}
				batch = append(batch, hubspotContact(f))
				after = id
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
		if err := client.Push(ctx, batch, dryRun, &rep); err != nil {
			return rep, err
		}
		if len(batch) < hubspot.MaxBatch {
			break
		}
	}
	if !dryRun && len(rep.Failed) == 0 {
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.SetSyncCursor(ctx, hubspotSyncName, start) }); err != nil {
			return rep, err
		}
	}
	log.Info("hubspot sync", "contacts", rep.Contacts, "written", rep.Written, "failed", len(rep.Failed), "dry_run", dryRun)
	return rep, nil
}

func hubspotContact(f map[string]any) hubspot.Contact {
	c := hubspot.Contact{}
	c.ID, _ = f[facts.KeyID].(int64)
	c.Email, _ = f[facts.KeyEmail].(string)
	if ws, ok := f[facts.KeyWallets].([]any); ok {
		for _, w := range ws {
			c.Wallets = append(c.Wallets, w.(string))
		}
	}
	c.Points, _ = f[facts.KeyPoints].(int64)
	c.Tier, _ = f[facts.KeyTier].(string)
	if ss, ok := f[facts.KeySegments].([]any); ok {
		for _, s := range ss {
			c.Segments = append(c.Segments, s.(string))
		}
	}
	if sc, ok := f[facts.KeyScores].(map[string]any); ok {
		c.Engagement, _ = sc["engagement"].(float64)
		c.ChurnRisk, _ = sc["churn_risk"].(float64)
	}
	c.LastActivity, _ = f[facts.KeyLastActivity].(time.Time)
	return c
}

func (c *Config) hubspotClient(getenv func(string) string, log *slog.Logger) (*hubspot.Client, error) {
	tok := getenv(c.HubSpot.TokenEnv)
	if tok == "" {
		return nil, fmt.Errorf("hubspot: no token: set the environment variable named by hubspot.token_env (%s)", c.HubSpot.TokenEnv)
	}
	return &hubspot.Client{BaseURL: c.HubSpot.BaseURL, Token: tok, Log: log}, nil
}

func (m *Main) crmSync(ctx context.Context, args []string) error {
	fs := m.flagSet("crm sync [--dry-run] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	dryRun := fs.Bool("dry-run", false, "compute what would be pushed; send nothing, move no cursor")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{"crm sync: no arguments"}
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false)
	client, err := cfg.hubspotClient(m.Getenv, log)
	if err != nil && !*dryRun {
		return &usageError{err.Error()}
	}
	if client == nil {
		client = &hubspot.Client{}
	}
	db, err := openStore(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := syncHubSpot(ctx, db, client, *dryRun, log)
	if err != nil {
		if errors.Is(err, hubspot.ErrDailyLimit) {
			return fmt.Errorf("crm sync: %w (the next sync resumes from the same cursor)", err)
		}
		return fmt.Errorf("crm sync: %w", err)
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(rep)
	}
	fmt.Fprintf(m.Stdout, "hubspot: %d changed contacts, %d written in %d batches, %d skipped (no email or wallet), %d refused%s\n",
		rep.Contacts, rep.Written, rep.Batches, rep.Skipped, len(rep.Failed), map[bool]string{true: " (dry run)"}[*dryRun])
	for _, f := range rep.Failed {
		fmt.Fprintf(m.Stdout, "  %s: %s\n", f.ID, f.Message)
	}
	if len(rep.Failed) > 0 {
		return fmt.Errorf("crm sync: %d contacts refused; the cursor stays so they are retried", len(rep.Failed))
	}
	return nil
}

// runHubSpotSync pushes changes every interval until ctx ends (serve).
func (a *app) runHubSpotSync(ctx context.Context, getenv func(string) string) {
	d, err := time.ParseDuration(a.cfg.HubSpot.SyncInterval)
	if err != nil || d <= 0 {
		return
	}
	client, err := a.cfg.hubspotClient(getenv, a.log)
	if err != nil {
		a.log.Warn("hubspot sync disabled", "err", err)
		return
	}
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		if _, err := syncHubSpot(ctx, a.db, client, false, a.log.With("component", "hubspot")); err != nil && ctx.Err() == nil {
			a.log.Error("hubspot sync", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
