package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// flowReloadEvery is how often serve looks for flows created, changed,
// enabled or disabled through the API of another replica; the replica
// that serves the request reloads before it answers.
const flowReloadEvery = 2 * time.Second

// flowCatalog gives the engine the flows from files plus the flows stored
// through the API. Enabled stored flows start runs; disabled ones drain
// (their runs under way finish). A stored flow named like a file flow is
// ignored with a warning: the file wins.
type flowCatalog struct {
	cfg    *Config
	db     *store.DB
	engine *flow.Engine
	files  []*flow.Definition
	log    *slog.Logger

	mu sync.Mutex // one reload at a time
	// seen fingerprints the stored flows last loaded, to skip no-op reloads.
	seen  string
	jobs  *river.Client[*sql.Tx] // registers schedule flows; nil before the client exists
	crons map[string]string      // flow name -> cron line of its registered periodic job
}

func newFlowCatalog(cfg *Config, db *store.DB, engine *flow.Engine, files []*flow.Definition, log *slog.Logger) *flowCatalog {
	return &flowCatalog{cfg: cfg, db: db, engine: engine, files: files, log: log, crons: map[string]string{}}
}

// Changed reloads at once; the API calls it after a change, before it
// answers. A failure is logged: the poll retries.
func (c *flowCatalog) Changed(ctx context.Context) {
	if err := c.reload(ctx); err != nil {
		c.log.Error("reload stored flows", "err", err)
	}
}

// setJobs hands over the job client once it exists; the schedule flows
// known now were registered with it at construction.
func (c *flowCatalog) setJobs(jobs *river.Client[*sql.Tx]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.jobs = jobs
	for _, d := range c.engine.Definitions() {
		if d.Trigger.Event == flow.EventSchedule {
			c.crons[d.Name] = d.Trigger.Cron
		}
	}
}

// follow reloads every interval until ctx ends, for changes made through
// another replica.
func (c *flowCatalog) follow(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := c.reload(ctx); err != nil && ctx.Err() == nil {
			c.log.Error("reload stored flows", "err", err)
		}
	}
}

// reload reads the stored flows and, when any changed, swaps the engine's
// flow list and the schedule flows' periodic jobs. A stored flow that no
// longer parses is left out with an error in the log.
func (c *flowCatalog) reload(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var stored []store.FlowDefinition
	if err := c.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		stored, err = tx.FlowDefinitions(ctx)
		return err
	}); err != nil {
		return err
	}
	var fp strings.Builder
	for _, d := range stored {
		fmt.Fprintf(&fp, "%s:%d:%t;", d.Name, d.Version, d.Enabled)
	}
	if fp.String() == c.seen {
		return nil
	}
	fromFile := map[string]*flow.Definition{}
	for _, d := range c.files {
		fromFile[d.Name] = d
	}
	starting := append([]*flow.Definition{}, c.files...)
	var draining []*flow.Definition
	for _, sd := range stored {
		if f := fromFile[sd.Name]; f != nil {
			c.log.Warn("flow stored through the API is ignored: a flow file of the same name wins", "flow", sd.Name, "file", f.File)
			continue
		}
		def, err := flow.Parse("api:"+sd.Name+"@v"+strconv.FormatInt(sd.Version, 10), []byte(sd.YAML))
		if err == nil && def.Name != sd.Name {
			err = fmt.Errorf("names itself %q", def.Name)
		}
		if err == nil {
			err = checkFlowsAgainstConfig(c.cfg, []*flow.Definition{def})
		}
		if err != nil {
			c.log.Error("stored flow left out", "flow", sd.Name, "version", sd.Version, "err", err)
			continue
		}
		if sd.Enabled {
			starting = append(starting, def)
		} else {
			draining = append(draining, def)
		}
	}
	c.engine.SetFlows(starting, draining)
	c.seen = fp.String()
	c.log.Info("flows loaded", "files", len(c.files), "stored", len(stored), "starting", len(starting), "draining", len(draining))
	return c.syncSchedules(starting)
}

// syncSchedules makes the registered periodic jobs those of the starting
// schedule flows.
func (c *flowCatalog) syncSchedules(starting []*flow.Definition) error {
	if c.jobs == nil {
		return nil
	}
	want := map[string]*flow.Definition{}
	for _, d := range starting {
		if d.Trigger.Event == flow.EventSchedule {
			want[d.Name] = d
		}
	}
	bundle := c.jobs.PeriodicJobs()
	for name, cron := range c.crons {
		if d, ok := want[name]; !ok || d.Trigger.Cron != cron {
			bundle.RemoveByID(flow.PeriodicJobID(name))
			delete(c.crons, name)
		}
	}
	for name, d := range want {
		if _, ok := c.crons[name]; ok {
			continue
		}
		if _, err := bundle.AddSafely(c.engine.PeriodicJob(d)); err != nil {
			return fmt.Errorf("schedule flow %s: %w", name, err)
		}
		c.crons[name] = d.Trigger.Cron
	}
	return nil
}
