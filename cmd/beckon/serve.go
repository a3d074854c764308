package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"sync"
	"time"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc
}

// loadFlows parses the configured flow globs; an invalid flow is a config error.
func loadFlows(cfg *Config) ([]*flow.Definition, error) {
	if len(cfg.Flows) == 0 {
		return nil, nil
	}
	return flow.LoadGlob(cfg.Flows)
}

// startApp loads the flows, wires the app and connects every chain; the
// app's Close also closes the chain connections.
func (m *Main) startApp(ctx context.Context, cfg *Config, dataDir string, log *slog.Logger) (*app, map[string]*chain.Pool, error) {
	flows, err := loadFlows(cfg)
	if err != nil {
		return nil, nil, err
	}
	a, err := newApp(ctx, cfg, dataDir, flows, m.Getenv, log)
	if err != nil {
		return nil, nil, err
	}
	clients, err := dialChains(ctx, cfg, log, a.chainMetrics)
	if err != nil {
		a.Close()
		return nil, nil, err
	}
	a.closers = append(a.closers, func() error {
		for _, c := range clients {
			c.Close()
		}
		return nil
	})
	return a, clients, nil
}

// dialChains opens an RPC pool over every endpoint of each chain and
// checks that the nodes serve the configured chain.
func dialChains(ctx context.Context, cfg *Config, log *slog.Logger, metrics *chain.Metrics) (map[string]*chain.Pool, error) {
	out := map[string]*chain.Pool{}
	closeAll := func() {
		for _, o := range out {
			o.Close()
		}
	}
	for i, ch := range cfg.Chains {
		p, err := chain.DialPool(ctx, ch.RPC, chain.PoolOptions{Log: log.With("chain", ch.Name), Metrics: metrics, ChainID: ch.ChainID})
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("chain %s: %w", ch.Name, err)
		}
		out[ch.Name] = p
		id, err := p.ChainID(ctx)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("chain %s: read chain id: %w", ch.Name, err)
		}
		if id.Uint64() != ch.ChainID {
			closeAll()
			field := fmt.Sprintf("chains.%d.chain_id", i)
			return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf(field), Field: field,
				Msg: fmt.Sprintf("configured %d but the node serves chain %d", ch.ChainID, id.Uint64())}
		}
	}
	return out, nil
}

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flagSet("serve [--config FILE] [--data-dir DIR]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database, outbox and community log")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false)
	a, clients, err := m.startApp(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.connectBadges(ctx); err != nil {
		return err
	}
	// Tier badges share the quest badges' minter: nil when minting is off.
	tierBadges, err := newTierBadgeMinter(cfg, a.db, a.badges, log.With("component", "tier-badges"))
	if err != nil {
		return err
	}
	apiCfg, err := a.apiConfig(cfg, clients, m.Getenv, log.With("component", "api"))
	if err != nil {
		return err
	}
	apiCfg.Webhooks = maps.Clone(a.mail.webhooks)
	apiCfg.OnLinked = a.linkSignal
	apiCfg.OnLinkToken = a.redeemLinkToken
	apiCfg.CustomEvents = customEvents{a.engine}
	segs, err := newSegmentsAPI(cfg, a.db, a.segments)
	if err != nil {
		return err
	}
	apiCfg.Segments = segs
	commHooks, err := a.comm.webhooks(m.Getenv)
	if err != nil {
		return err
	}
	if apiCfg.Webhooks == nil {
		apiCfg.Webhooks = map[string]http.Handler{}
	}
	maps.Copy(apiCfg.Webhooks, commHooks)
	if apiCfg.UI, err = newDashboard(ctx, cfg, a, dashboardSources{clients: clients, backend: apiCfg.Backend, checkKey: adminKeyChecker(a.db)}, m.Getenv, log); err != nil {
		return err
	}
	if apiCfg.LinkPage, err = newLinkPage(cfg, a.db, apiCfg.NonceTTL, log); err != nil {
		return err
	}
	// Not ctx: cancelling Start's context would cancel running jobs at
	// once; a.Close stops them softly first (stopJobs).
	if err := a.jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	srv := api.New(apiCfg)
	addr, err := srv.Listen(cfg.Listen)
	if err != nil {
		return err
	}
	log.Info("beckon serving", "addr", addr.String(), "flows", len(a.engine.Definitions()), "chains", len(cfg.Chains), "store", a.db.Dialect)

	var wg sync.WaitGroup
	if err := a.follow(ctx, &wg, clients); err != nil {
		return err
	}
	a.followSnapshots(ctx, &wg, m.Getenv)
	a.refreshDelegationsEvery(ctx, &wg, clients)
	wg.Go(func() { a.flows.follow(ctx, flowReloadEvery) })
	closeBots, err := a.comm.start(ctx, m.Getenv, func(fn func()) { wg.Go(fn) })
	if err != nil {
		return err
	}
	defer closeBots()
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.settleExpiredEvery(ctx, time.Minute)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.runWebhookRelay(ctx)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.runOptIn(ctx)
		a.runHubSpotSync(ctx, m.Getenv)
	}()
	if tierBadges != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.mintTierBadgesEvery(ctx, tierBadges, tierBadgeEvery)
		}()
	}
	<-ctx.Done()
	// HTTP first (requests in flight finish), then the indexers and
	// tickers (their commits are atomic), then, in a.Close, the jobs
	// (finished or released) and the database.
	log.Info("shutting down: draining HTTP")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	wg.Wait()
	log.Info("shutting down: stopping jobs")
	return err
}

// follow starts one indexer goroutine per chain. Each indexes only while
// it holds the chain's lease, so replicas sharing a PostgreSQL store run
// each chain once and take over from one another.
func (a *app) follow(ctx context.Context, wg *sync.WaitGroup, clients map[string]*chain.Pool) error {
	for _, ch := range a.cfg.Chains {
		ix, err := a.indexer(ch, clients[ch.Name])
		if err != nil {
			return err
		}
		every, err := time.ParseDuration(ch.PollInterval)
		if err != nil || every <= 0 {
			return &ConfigError{File: a.cfg.file, Line: a.cfg.lineOf("chains"), Field: "chains." + ch.Name + ".poll_interval", Msg: "not a positive duration"}
		}
		log := a.log.With("chain", ch.Name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = runLeased(ctx, a.db, fmt.Sprintf("chain:%d", ch.ChainID), leaseRetry, store.LeaseNoticeWithin, log, func(ctx context.Context) error {
				return ix.Follow(ctx, every, func(r chain.SyncResult) {
					if r.Events > 0 || r.Reorged {
						log.Info("indexed", "from", r.From, "to", r.To, "events", r.Events, "reorg", r.Reorged)
					}
				})
			})
		}()
	}
	return nil
}

// leaseRetry is how often a standby replica tries to take a chain's
// lease. A dead holder's lock is freed at once, so a takeover takes at
// most leaseRetry plus the grace of store.LeaseNoticeWithin: about 6 s.
const leaseRetry = 2 * time.Second

// runLeased runs work while holding the lease name, retrying every retry
// to take it, until ctx ends or work fails (a halted chain). Losing the
// lease cancels work, which the next lease taken restarts. A new holder
// waits grace before working, so a holder cut off from the database (not
// dead) has noticed and stopped by then.
func runLeased(ctx context.Context, db *store.DB, name string, retry, grace time.Duration, log *slog.Logger, work func(context.Context) error) error {
	waiting := false
	for {
		lease, ok, err := db.TryLease(ctx, name)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			log.Error("take lease", "lease", name, "err", err)
		case !ok && !waiting:
			log.Info("another process holds the lease; standing by", "lease", name)
			waiting = true
		case ok:
			log.Info("lease taken", "lease", name)
			waiting = false
			select {
			case <-ctx.Done():
				lease.Release()
				return nil
			case <-lease.Lost():
				lease.Release()
				continue
			case <-time.After(grace):
			}
			wctx, cancel := context.WithCancel(ctx)
			go func() {
				select {
				case <-lease.Lost():
					cancel()
				case <-wctx.Done():
				}
			}()
			err := work(wctx)
			lost := wctx.Err() != nil && ctx.Err() == nil
			cancel()
			lease.Release()
			if ctx.Err() != nil {
				return nil
			}
			if err != nil && !lost {
				return err
			}
			log.Warn("lease lost; standing by", "lease", name)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
	}
}

func (m *Main) index(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "status" {
		return m.indexStatus(ctx, args[1:])
	}
	fs := m.flagSet("index [--config FILE] [--from N] [--to N] | index status [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database")
	to := fs.Uint64("to", 0, "index up to this block, then exit; 0: follow the head until interrupted")
	from := fs.Uint64("from", 0, "with --to: index blocks from this one; blocks already behind the checkpoint are fetched again and only missing events stored (a contract added later, a range to repair)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from > 0 && *to == 0 {
		return &usageError{msg: "--from needs --to: a bounded backfill"}
	}
	if *from > *to && *to > 0 {
		return &usageError{msg: fmt.Sprintf("--from %d is above --to %d", *from, *to)}
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	if len(cfg.Chains) == 0 && len(cfg.Snapshot) == 0 {
		return &ConfigError{File: cfg.file, Field: "chains", Msg: "no chain or snapshot space configured"}
	}
	log := m.logger(cfg.LogLevel, false)
	a, clients, err := m.startApp(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if *to > 0 {
		for _, ch := range cfg.Chains {
			ix, err := a.indexer(ch, clients[ch.Name])
			if err != nil {
				return err
			}
			ix.OnRange = newProgress(ch.Name, m.Stderr, log).observe
			if *from > 0 {
				ix.StartAt = *from
				n, err := ix.Refetch(ctx, *from, *to)
				if err != nil {
					return err
				}
				if n > 0 {
					fmt.Fprintf(m.Stdout, "%s: read %d events behind the checkpoint again (stored ones skipped)\n", ch.Name, n)
				}
			}
			res, err := ix.Sync(ctx, *to)
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "%s: indexed blocks %d-%d, %d events\n", ch.Name, res.From, res.To, res.Events)
		}
		return a.pollSnapshotsOnce(ctx, m.Getenv, m.Stdout)
	}
	var wg sync.WaitGroup
	if err := a.follow(ctx, &wg, clients); err != nil {
		return err
	}
	a.followSnapshots(ctx, &wg, m.Getenv)
	wg.Wait()
	return nil
}

// rateWindow is how far back `index status` counts stored events for
// its events/s.
const rateWindow = time.Minute

// indexStatus reads indexing state from the store, so it works while no indexer runs.
func (m *Main) indexStatus(ctx context.Context, args []string) error {
	fs := m.flagSet("index status [--config FILE] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, *dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	type sourceStatus struct {
		Events map[string]int64 `json:"events"`
	}
	type chainStatus struct {
		ChainID    uint64 `json:"chain_id"`
		Head       uint64 `json:"head"`
		Checkpoint uint64 `json:"checkpoint"`
		Lag        uint64 `json:"lag"`
		Reorgs     int64  `json:"reorgs"`
		// EventsPerS is the rate of events stored over the last minute.
		EventsPerS  float64                 `json:"events_per_s"`
		Provisional int64                   `json:"provisional"`
		Sources     map[string]sourceStatus `json:"sources"`
	}
	out := map[string]chainStatus{}
	var snap map[string]snapshotStatus
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if snap, err = snapshotStatuses(ctx, tx, cfg); err != nil {
			return err
		}
		for _, ch := range cfg.Chains {
			cp, _, err := tx.Checkpoint(ctx, ch.ChainID)
			if err != nil {
				return err
			}
			counts, err := tx.SourceEventCounts(ctx, ch.ChainID)
			if err != nil {
				return err
			}
			reorgs, err := tx.Reorgs(ctx, ch.ChainID)
			if err != nil {
				return err
			}
			recent, err := tx.EventsStoredSince(ctx, ch.ChainID, db.Now().Add(-rateWindow))
			if err != nil {
				return err
			}
			provisional, err := tx.ProvisionalEvents(ctx, ch.ChainID)
			if err != nil {
				return err
			}
			st := chainStatus{ChainID: ch.ChainID, Head: cp.Head, Checkpoint: cp.Number, Lag: cp.Head - min(cp.Head, cp.Number),
				Reorgs: reorgs, EventsPerS: float64(recent) / rateWindow.Seconds(), Provisional: provisional, Sources: map[string]sourceStatus{}}
			for _, c := range cfg.Contracts {
				if c.Chain == ch.Name {
					st.Sources[c.Name] = sourceStatus{Events: map[string]int64{}}
				}
			}
			for src, kinds := range counts {
				ss, ok := st.Sources[src]
				if !ok {
					ss = sourceStatus{Events: map[string]int64{}}
				}
				for k, n := range kinds {
					ss.Events[string(k)] = n
				}
				st.Sources[src] = ss
			}
			out[ch.Name] = st
		}
		return nil
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(map[string]any{"chains": out, "snapshot": snap})
	}
	if len(out) == 0 && len(snap) == 0 {
		return errors.New("no chains or snapshot spaces configured")
	}
	for _, ch := range cfg.Chains {
		st := out[ch.Name]
		fmt.Fprintf(m.Stdout, "%s (chain %d): head %d, checkpoint %d, lag %d, %.1f events/s, provisional %d, reorgs %d\n",
			ch.Name, st.ChainID, st.Head, st.Checkpoint, st.Lag, st.EventsPerS, st.Provisional, st.Reorgs)
		for _, c := range cfg.Contracts {
			if c.Chain == ch.Name {
				fmt.Fprintf(m.Stdout, "  %-24s %v\n", c.Name, st.Sources[c.Name].Events)
			}
		}
	}
	for _, sn := range cfg.Snapshot {
		st := snap[sn.Name]
		fmt.Fprintf(m.Stdout, "%s (snapshot %s): proposals to %s, votes to %s, %v\n", sn.Name, sn.Space,
			unixTime(st.Proposals), unixTime(st.Votes), st.Events)
	}
	return nil
}

// settleExpiredEvery moves expired points out of leaderboards and tiers
// (balances already ignore them when read) until ctx ends.
func (a *app) settleExpiredEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := settleExpired(ctx, a.db, a.cfg.ledger()); err != nil && ctx.Err() == nil {
			a.log.Error("settle expired points", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
