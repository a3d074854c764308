package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	clients, err := dialChains(ctx, cfg, log)
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
func dialChains(ctx context.Context, cfg *Config, log *slog.Logger) (map[string]*chain.Pool, error) {
	out := map[string]*chain.Pool{}
	closeAll := func() {
		for _, o := range out {
			o.Close()
		}
	}
	for i, ch := range cfg.Chains {
		p, err := chain.DialPool(ctx, ch.RPC, chain.PoolOptions{Log: log.With("chain", ch.Name)})
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
	log.Info("beckon serving", "addr", addr.String(), "flows", len(a.engine.Flows), "chains", len(cfg.Chains), "store", a.db.Dialect)

	var wg sync.WaitGroup
	if err := a.follow(ctx, &wg, clients); err != nil {
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.settleExpiredEvery(ctx, time.Minute)
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

// follow starts one indexer goroutine per chain.
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
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = ix.Follow(ctx, every, func(r chain.SyncResult) {
				if r.Events > 0 || r.Reorged {
					a.log.Info("indexed", "chain", ch.Name, "from", r.From, "to", r.To, "events", r.Events, "reorg", r.Reorged)
				}
			})
		}()
	}
	return nil
}

func (m *Main) index(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "status" {
		return m.indexStatus(ctx, args[1:])
	}
	fs := m.flagSet("index [--config FILE] [--to N] | index status [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database")
	to := fs.Uint64("to", 0, "index up to this block, then exit; 0: follow the head until interrupted")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	if len(cfg.Chains) == 0 {
		return &ConfigError{File: cfg.file, Field: "chains", Msg: "no chain configured"}
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
			res, err := ix.Sync(ctx, *to)
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "%s: indexed blocks %d-%d, %d events\n", ch.Name, res.From, res.To, res.Events)
		}
		return nil
	}
	var wg sync.WaitGroup
	if err := a.follow(ctx, &wg, clients); err != nil {
		return err
	}
	wg.Wait()
	return nil
}

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
		ChainID    uint64                  `json:"chain_id"`
		Head       uint64                  `json:"head"`
		Checkpoint uint64                  `json:"checkpoint"`
		Lag        uint64                  `json:"lag"`
		Reorgs     int64                   `json:"reorgs"`
		Sources    map[string]sourceStatus `json:"sources"`
	}
	out := map[string]chainStatus{}
	err = db.InTx(ctx, func(tx *store.Tx) error {
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
			st := chainStatus{ChainID: ch.ChainID, Head: cp.Head, Checkpoint: cp.Number, Lag: cp.Head - min(cp.Head, cp.Number),
				Reorgs: reorgs, Sources: map[string]sourceStatus{}}
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
		return jsonEncoder(m.Stdout).Encode(map[string]any{"chains": out})
	}
	if len(out) == 0 {
		return errors.New("no chains configured")
	}
	for _, ch := range cfg.Chains {
		st := out[ch.Name]
		fmt.Fprintf(m.Stdout, "%s (chain %d): head %d, checkpoint %d, lag %d, reorgs %d\n", ch.Name, st.ChainID, st.Head, st.Checkpoint, st.Lag, st.Reorgs)
		for _, c := range cfg.Contracts {
			if c.Chain == ch.Name {
				fmt.Fprintf(m.Stdout, "  %-24s %v\n", c.Name, st.Sources[c.Name].Events)
			}
		}
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
