package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/community/discord"
	"github.com/beckonhq/beckon/community/telegram"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/crm/segment"
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
	// mail is the guarded sender, templates, double opt-in and intakes.
	mail *mailer
	// comm is the community bots' wiring (role sync, commands).
	comm *communityApp
	// unsubscribeKey signs unsubscribe links; the API checks them with it.
	unsubscribeKey []byte
	closers        []func() error
	// metrics holds the Prometheus collectors served at /metrics.
	metrics      *prometheus.Registry
	chainMetrics *chain.Metrics
	// segments keeps contact facts and segment memberships current.
	segments *segment.Engine
	// flows feeds the engine the file flows and those stored through the API.
	flows *flowCatalog
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
	db.RecordChange = cfg.OutboundWebhooks.wantsEvent
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

// flowMarks gives email steps a PostgreSQL connection of their own for
// their effect marks (flow.EffectMarks); nil on SQLite, whose one
// connection they would hold through the send.
func flowMarks(db *store.DB) func(ctx context.Context) (flow.EffectMarks, error) {
	if db.Dialect != store.Postgres {
		return nil
	}
	return func(ctx context.Context) (flow.EffectMarks, error) {
		m, err := db.EffectMarks(ctx)
		if err != nil {
			return nil, err
		}
		return m, nil
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
	a.chainMetrics = chain.NewMetrics(a.metrics)
	db, err := openStore(ctx, cfg, dataDir, log)
	if err != nil {
		return nil, err
	}
	a.db = db
	a.closers = append(a.closers, db.Close)

	a.mail, err = newMailer(ctx, cfg, db, dataDir, getenv, log)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.closers = append(a.closers, a.mail.closers...)
	a.outbox = a.mail.outbox

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
		var opts []telegram.Option
		if cfg.Telegram.APIEndpoint != "" {
			opts = append(opts, telegram.WithEndpoint(cfg.Telegram.APIEndpoint))
		}
		if tg, err = telegram.New(ctx, tok, append(opts, telegram.WithLogger(log))...); err != nil {
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
	caps, quiet, webhooks, err := cfg.engineOptions(getenv)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.engine = &flow.Engine{
		Flows: flows, InTx: flowTx(db), Marks: flowMarks(db), Mail: a.mail.sender, Templates: a.mail.templates, From: cfg.Email.From,
		UnsubscribeURL: unsubscribeURL, UnsubscribeSecret: unsubscribeKey,
		Discord: dc, DiscordGuild: cfg.Discord.GuildID, DiscordRoles: cfg.Discord.Roles,
		Telegram: tg, Ledger: cfg.ledger(), Log: log,
		Caps: caps, Quiet: quiet, Webhook: webhooks, StepAttempts: cfg.Journeys.StepAttempts,
	}
	// Stored flows are loaded before the job client exists, so their
	// schedules are registered with it like those of files.
	a.flows = newFlowCatalog(cfg, db, a.engine, flows, log.With("component", "flows"))
	if err := a.flows.reload(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if a.comm, err = newCommunity(cfg, db, dc, tg, log.With("component", "community")); err != nil {
		a.Close()
		return nil, err
	}
	if a.segments, err = newSegmentEngine(ctx, cfg, db); err != nil {
		a.Close()
		return nil, err
	}
	// First: holdings tiers, roles and segments read the holdings it moves.
	a.engine.EventHooks = append(a.engine.EventHooks, holdingsHooks{})
	a.engine.RemovedHooks = append(a.engine.RemovedHooks, holdingsHooks{})
	if len(cfg.Loyalty.Rules) > 0 || len(cfg.Loyalty.Tiers) > 0 {
		// Before the quest hooks: a quest reads the points rules awarded.
		rules, err := newRuleHooks(cfg, a.engine.Signals)
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
	rewarder, err := newFlowRewarder(cfg, a.badges)
	if err != nil {
		a.Close()
		return nil, err
	}
	if rewarder != nil {
		a.engine.Rewards = rewarder
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
	// Last: segments read the points and tiers the hooks above wrote.
	a.engine.EventHooks = append(a.engine.EventHooks, segmentHooks{a.segments})
	a.engine.RemovedHooks = append(a.engine.RemovedHooks, segmentHooks{a.segments})
	a.comm.hook(a.engine) // after the loyalty hooks: roles read the points and tiers they wrote
	for _, ch := range cfg.Chains {
		// One engine serves every chain; the strictest chain's depth is the default.
		a.engine.DefaultConfirmations = max(a.engine.DefaultConfirmations, ch.Confirmations)
	}
	workers := river.NewWorkers()
	a.engine.Workers(workers)
	// Registered even when minting is off, so queued badge jobs are skipped
	// rather than failing as unknown.
	river.AddWorker(workers, a.badges)
	river.AddWorker(workers, &webhookWorker{cfg: cfg, db: db, getenv: getenv})
	river.AddWorker(workers, a.comm.worker())
	a.jobs, err = db.JobClient(store.JobConfig{Workers: workers, Logger: log.With("component", "jobs"), PeriodicJobs: a.engine.PeriodicJobs()})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.engine.Jobs = a.jobs
	a.flows.setJobs(a.jobs)
	a.comm.jobs = a.jobs
	// Segment changes feed outbound webhooks and flows' segment triggers.
	a.segments.OnChange = func(ctx context.Context, tx *store.Tx, c segment.Change) error {
		if err := enqueueSegmentWebhooks(ctx, cfg, a.jobs, tx, c); err != nil {
			return err
		}
		return a.engine.SegmentChanged(ctx, tx, c.Segment, c.ContactID, c.Entered, c.At)
	}
	badgeJobs.jobs = a.jobs
	if rewarder != nil {
		rewarder.jobs = a.jobs
	}
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
			sources = append(sources, c.sources()...)
		}
	}
	if len(sources) == 0 {
		return nil, fmt.Errorf("chain %s: no contracts configured", ch.Name)
	}
	dec, err := chain.NewDecoder(sources)
	if err != nil {
		return nil, fmt.Errorf("chain %s: %w", ch.Name, err)
	}
	stall, err := time.ParseDuration(ch.Watchdog)
	if err != nil {
		stall = 0 // validated at load; the indexer's default applies
	}
	return &chain.Indexer{ChainID: ch.ChainID, Client: client, Store: a.chains, Decoder: dec, Log: a.log.With("chain", ch.Name),
		Confirmations: uint64(max(ch.Confirmations, 0)), Finality: ch.Finality, StallTimeout: stall, Metrics: a.chainMetrics}, nil
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
	var walk func(steps []flow.Step, typ string) *flow.Step
	walk = func(steps []flow.Step, typ string) *flow.Step {
		for i := range steps {
			if steps[i].Type == typ {
				return &steps[i]
			}
			if s := walk(steps[i].Then, typ); s != nil {
				return s
			}
			if s := walk(steps[i].Else, typ); s != nil {
				return s
			}
			if sp := steps[i].Split; sp != nil {
				for _, v := range sp.Variants {
					if s := walk(v.Steps, typ); s != nil {
						return s
					}
				}
			}
		}
		return nil
	}
	for _, def := range flows {
		if s := walk(def.Steps, flow.StepDiscordRole); s != nil && cfg.Discord.GuildID == "" {
			return &ConfigError{File: cfg.file, Line: cfg.lineOf("discord"), Field: "discord.guild_id",
				Msg: fmt.Sprintf("required: flow %s (%s:%d) has a discord_role step", def.Name, def.File, s.Line)}
		}
		if s := walk(def.Steps, flow.StepReward); s != nil && cfg.Rewards.Chain == "" {
			return &ConfigError{File: cfg.file, Line: cfg.lineOf("rewards"), Field: "rewards.chain",
				Msg: fmt.Sprintf("required: flow %s (%s:%d) has a reward step", def.Name, def.File, s.Line)}
		}
	}
	return nil
}
