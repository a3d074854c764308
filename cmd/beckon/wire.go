package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/community/discord"
	"github.com/beckonhq/beckon/community/telegram"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// app is one wired Beckon: store, job client, flow engine and indexers.
type app struct {
	cfg    *Config
	log    *slog.Logger
	db     *store.DB
	jobs   *river.Client[*sql.Tx]
	engine *flow.Engine
	// badges mints quest badges; its minter is nil when not configured.
	badges *badgeWorker
	chains *store.ChainStore
	sink   *community.LogSink
	outbox *email.Outbox
	// unsubscribeKey signs unsubscribe links; the API checks them with it.
	unsubscribeKey []byte
	// metrics holds every Prometheus collector; the API serves it at /metrics.
	metrics *prometheus.Registry
	closers []func() error
}

// openStore opens and migrates the configured database: PostgreSQL when a
// URL is set, else the embedded SQLite file in dataDir.
func openStore(ctx context.Context, cfg *Config, dataDir string, log *slog.Logger) (*store.DB, error) {
	url := cfg.DatabaseURL
	if url == "" {
		url = filepath.Join(dataDir, "beckon.db")
	}
	db, err := store.Open(ctx, url, log)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("applied migrations", "migrations", applied)
	}
	if _, err := db.MigrateJobs(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// flowTx adapts store.DB's transactions to the engine.
func flowTx(db *store.DB) func(ctx context.Context, fn func(flow.Tx) error) error {
	return func(ctx context.Context, fn func(flow.Tx) error) error {
		return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
	}
}

// newApp wires everything but chain clients; flows are the parsed definitions.
//
// getenv reads the bot tokens named by the config.
func newApp(ctx context.Context, cfg *Config, dataDir string, flows []*flow.Definition, getenv func(string) string, log *slog.Logger) (*app, error) {
	if err := checkFlowsAgainstConfig(cfg, flows); err != nil {
		return nil, err
	}
	if err := cfg.validateQuestsAndSybil(); err != nil {
		return nil, err
	}
	if err := cfg.validateRulesAndTiers(); err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, metrics: prometheus.NewRegistry()}
	a.metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	db, err := openStore(ctx, cfg, dataDir, log)
	if err != nil {
		return nil, err
	}
	a.db = db
	a.closers = append(a.closers, db.Close)

	var mail email.Sender
	if cfg.Email.SMTPURL != "" {
		smtp, err := email.NewSMTP(cfg.Email.SMTPURL)
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("email: %w", err)
		}
		mail = smtp
	} else {
		dir := cfg.Email.OutboxDir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(dataDir, dir)
		}
		if a.outbox, err = email.NewOutbox(dir); err != nil {
			a.Close()
			return nil, fmt.Errorf("email outbox: %w", err)
		}
		mail = a.outbox
	}
	var tmplDirs []fs.FS
	if cfg.Email.TemplatesDir != "" {
		tmplDirs = append(tmplDirs, os.DirFS(cfg.Email.TemplatesDir))
	}
	templates, err := email.NewTemplates(tmplDirs...)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("email templates: %w", err)
	}

	a.sink, err = community.NewLogSink(filepath.Join(dataDir, "community.log"), community.WithLogger(log))
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("community log: %w", err)
	}
	a.closers = append(a.closers, a.sink.Close)
	var dc community.Discord = community.NewLogDiscord(a.sink)
	if tok := getenv(cfg.Discord.TokenEnv); tok != "" {
		if dc, err = discord.New(tok, discord.WithLogger(log)); err != nil {
			a.Close()
			return nil, fmt.Errorf("discord: %w", err)
		}
	}
	var tg community.Telegram = community.NewLogTelegram(a.sink)
	if tok := getenv(cfg.Telegram.TokenEnv); tok != "" {
		if tg, err = telegram.New(ctx, tok); err != nil {
			a.Close()
			return nil, fmt.Errorf("telegram: %w", err)
		}
	}

	var unsubscribeKey []byte
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		unsubscribeKey, err = tx.Secret(ctx, "unsubscribe")
		return err
	}); err != nil {
		a.Close()
		return nil, err
	}
	a.unsubscribeKey = unsubscribeKey
	unsubscribeURL := cfg.Email.UnsubscribeURL
	if unsubscribeURL == "" {
		unsubscribeURL = strings.TrimSuffix(cfg.PublicURL, "/") + "/v1/unsubscribe/{contact}?token={token}"
	}
	a.engine = &flow.Engine{
		Flows: flows, InTx: flowTx(db), Mail: mail, Templates: templates, From: cfg.Email.From,
		UnsubscribeURL: unsubscribeURL, UnsubscribeSecret: unsubscribeKey,
		Discord: dc, DiscordGuild: cfg.Discord.GuildID, DiscordRoles: cfg.Discord.Roles,
		Telegram: tg, Ledger: cfg.ledger(), Log: log,
	}
	if len(cfg.Loyalty.Rules) > 0 || len(cfg.Loyalty.Tiers) > 0 {
		// Before the quest hooks: a quest reads the points rules awarded.
		rules, err := newRuleHooks(cfg)
		if err != nil {
			a.Close()
			return nil, err
		}
		a.engine.EventHooks = append(a.engine.EventHooks, rules)
		a.engine.RemovedHooks = append(a.engine.RemovedHooks, rules)
	}
	a.badges, err = newBadgeWorker(cfg, db, getenv, log.With("component", "badges"))
	if err != nil {
		a.Close()
		return nil, err
	}
	badgeJobs := &badgeQueue{}
	if len(cfg.Loyalty.Quests) > 0 {
		quests, err := newQuestHooks(cfg)
		if err != nil {
			a.Close()
			return nil, err
		}
		quests.tracker.Badges = badgeJobs
		a.engine.EventHooks = append(a.engine.EventHooks, quests)
		a.engine.RemovedHooks = append(a.engine.RemovedHooks, quests)
	}
	for _, ch := range cfg.Chains {
		// One engine serves every chain; the strictest chain's depth is the default.
		a.engine.DefaultConfirmations = max(a.engine.DefaultConfirmations, ch.Confirmations)
	}
	workers := river.NewWorkers()
	a.engine.Workers(workers)
	// Registered even when minting is off, so queued badge jobs are skipped
	// rather than failing as unknown.
	river.AddWorker(workers, a.badges)
	a.jobs, err = db.JobClient(store.JobConfig{Workers: workers, Logger: log.With("component", "jobs")})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.engine.Jobs = a.jobs
	badgeJobs.jobs = a.jobs
	a.chains = &store.ChainStore{
		DB: db,
		OnEvents: func(ctx context.Context, tx *store.Tx, inserted []chain.Event) error {
			return a.engine.EnqueueEvents(ctx, tx.SQL(), inserted)
		},
		OnRemoved: func(ctx context.Context, tx *store.Tx, removed []chain.Event) error {
			return a.engine.EnqueueRemoved(ctx, tx.SQL(), removed)
		},
	}
	return a, nil
}

// indexer builds the indexer of one configured chain on client.
func (a *app) indexer(ch ChainConfig, client chain.Client) (*chain.Indexer, error) {
	var sources []chain.Source
	for _, c := range a.cfg.Contracts {
		if c.Chain == ch.Name {
			sources = append(sources, chain.Source{Name: c.Name, Address: common.HexToAddress(c.Address), Kind: c.Kind, StartBlock: c.StartBlock})
		}
	}
	if len(sources) == 0 {
		return nil, fmt.Errorf("chain %s: no contracts configured", ch.Name)
	}
	dec, err := chain.NewDecoder(sources)
	if err != nil {
		return nil, fmt.Errorf("chain %s: %w", ch.Name, err)
	}
	return &chain.Indexer{ChainID: ch.ChainID, Client: client, Store: a.chains, Decoder: dec, Log: a.log.With("chain", ch.Name)}, nil
}

// Close stops the job client and releases everything, in reverse order.
func (a *app) Close() error {
	var errs []error
	if a.jobs != nil {
		if err := stopJobs(a.jobs, jobSoftStop, jobHardStop); err != nil && !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
		}
	}
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	return errors.Join(errs...)
}

// checkFlowsAgainstConfig catches flows that need configuration which is
// missing, before anything starts: a role step without a guild would
// otherwise retry forever.
func checkFlowsAgainstConfig(cfg *Config, flows []*flow.Definition) error {
	var walk func(steps []flow.Step) *flow.Step
	walk = func(steps []flow.Step) *flow.Step {
		for i := range steps {
			if steps[i].Type == flow.StepDiscordRole {
				return &steps[i]
			}
			if s := walk(steps[i].Then); s != nil {
				return s
			}
			if s := walk(steps[i].Else); s != nil {
				return s
			}
		}
		return nil
	}
	for _, def := range flows {
		if s := walk(def.Steps); s != nil && cfg.Discord.GuildID == "" {
			return &ConfigError{File: cfg.file, Line: cfg.lineOf("discord"), Field: "discord.guild_id",
				Msg: fmt.Sprintf("required: flow %s (%s:%d) has a discord_role step", def.Name, def.File, s.Line)}
		}
	}
	return nil
}
