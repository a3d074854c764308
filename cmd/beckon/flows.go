package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

const flowsUsage = `Usage:
  beckon flows validate FILE...
  beckon flows simulate FILE (--from-block N --to-block M | --since TIME --until TIME) [--chain-id ID] [--json]
  beckon flows stats NAME [--json]
  beckon flows runs NAME --failed [--limit N] [--json]

simulate, stats and runs take --config FILE and --data-dir DIR. simulate
dry-runs a flow against indexed events in a transaction that is rolled
back: nothing is stored, sent or granted. Times are RFC 3339 and compare
with when events were indexed.`

func (m *Main) flows(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{flowsUsage}
	}
	switch sub := args[0]; sub {
	case "validate":
		return m.flowsValidate(args[1:])
	case "simulate":
		return m.flowsSimulate(ctx, args[1:])
	case "stats":
		return m.flowsStats(ctx, args[1:])
	case "runs":
		return m.flowsRuns(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, flowsUsage)
		return nil
	default:
		return &usageError{fmt.Sprintf("flows: unknown subcommand %q\n\n%s", sub, flowsUsage)}
	}
}

func (m *Main) flowsValidate(args []string) error {
	fs := m.flagSet("flows validate FILE...")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &usageError{"flows validate: name at least one flow file"}
	}
	var all flow.ValidationErrors
	for _, f := range fs.Args() {
		def, err := flow.Load(f)
		if err != nil {
			var ve flow.ValidationErrors
			var one *flow.ValidationError
			switch {
			case errors.As(err, &ve):
				all = append(all, ve...)
			case errors.As(err, &one):
				all = append(all, one)
			default:
				return err
			}
			continue
		}
		fmt.Fprintf(m.Stdout, "%s: ok (flow %s, %d steps)\n", f, def.Name, len(def.Steps))
	}
	if len(all) > 0 {
		return all
	}
	return nil
}

// flowsApp wires the app from --config and --data-dir, without starting
// jobs or chains.
func (m *Main) flowsApp(ctx context.Context, cfgPath, dataDir string) (*app, error) {
	cfg, err := LoadConfig(cfgPath, m.Getenv)
	if err != nil {
		return nil, err
	}
	flows, err := loadFlows(cfg)
	if err != nil {
		return nil, err
	}
	return newApp(ctx, cfg, dataDir, flows, m.Getenv, slog.New(slog.DiscardHandler))
}

var errSimulationRollback = errors.New("simulation rolled back")

func (m *Main) flowsSimulate(ctx context.Context, args []string) error {
	fs := m.flagSet("flows simulate FILE (--from-block N --to-block M | --since TIME --until TIME) [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	from := fs.Uint64("from-block", 0, "first block of the history to replay")
	to := fs.Uint64("to-block", 0, "last block (inclusive); 0 = the latest indexed")
	since := fs.String("since", "", "replay events indexed at or after this RFC 3339 time")
	until := fs.String("until", "", "replay events indexed before this RFC 3339 time")
	chainID := fs.Uint64("chain-id", 0, "only events of this chain; 0 = all")
	asJSON := fs.Bool("json", false, "print one JSON object")
	// Flags may follow the file name.
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() > 0 {
		return &usageError{"flows simulate: name exactly one flow file"}
	}
	f := store.EventFilter{ChainID: *chainID, FromBlock: *from, ToBlock: *to}
	if *to != 0 && *to < *from {
		return &usageError{"flows simulate: --to-block must not be below --from-block"}
	}
	for _, tv := range []struct {
		flag, v string
		dst     *time.Time
	}{{"--since", *since, &f.Since}, {"--until", *until, &f.Until}} {
		if tv.v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, tv.v)
		if err != nil {
			return &usageError{fmt.Sprintf("flows simulate: %s: want an RFC 3339 time like 2026-11-01T00:00:00Z", tv.flag)}
		}
		*tv.dst = t
	}
	def, err := flow.Load(file)
	if err != nil {
		return err
	}
	a, err := m.flowsApp(ctx, *cfgPath, *dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	var sim flow.Simulation
	err = a.db.InTx(ctx, func(tx *store.Tx) error {
		events, err := tx.Events(ctx, f)
		if err != nil {
			return err
		}
		if sim, err = a.engine.Simulate(ctx, tx, def, events); err != nil {
			return err
		}
		return errSimulationRollback
	})
	if !errors.Is(err, errSimulationRollback) {
		return err
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(sim)
	}
	fmt.Fprintf(m.Stdout, "flow %s over %d events (dry run, nothing stored or sent)\n", sim.Flow, sim.Events)
	printStats(m, sim.Stats)
	fmt.Fprintln(m.Stdout, "\nwould do:")
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tTYPE\tCOUNT\tSKIPPED\tEXAMPLE")
	for _, ac := range sim.Actions {
		ex := ""
		if len(ac.Examples) > 0 {
			ex = ac.Examples[0]
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", ac.Step, ac.Type, ac.Count, ac.Skipped, ex)
	}
	return tw.Flush()
}

func printStats(m *Main, s flow.Stats) {
	fmt.Fprintf(m.Stdout, "entered %d  completed %d  exited %d  converted %d  active %d  failed %d  cancelled %d\n",
		s.Entered, s.Completed, s.Exited, s.Converted, s.Active, s.Failed, s.Cancelled)
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tTYPE\tENTERED\tCOMPLETED\tSKIPPED\tEXITED\tCONVERTED\tACTIVE\tFAILED")
	for _, st := range s.Steps {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", st.Step, st.Type, st.Entered, st.Completed, st.Skipped, st.Exited, st.Converted, st.Active, st.Failed)
	}
	_ = tw.Flush()
	if len(s.Variants) == 0 {
		return
	}
	fmt.Fprintln(m.Stdout)
	tw = tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SPLIT\tVARIANT\tENTERED\tCONVERTED\tRATE\tVS\tP-VALUE")
	for _, v := range s.Variants {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f%%\t%s\t%.4f\n", v.Step, v.Variant, v.Entered, v.Converted, 100*v.Rate, v.Baseline, v.PValue)
	}
	_ = tw.Flush()
}

// nameFirst lets the positional NAME come before the flags.
func nameFirst(args []string) (string, []string) {
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		return args[0], args[1:]
	}
	return "", args
}

func (m *Main) flowsStats(ctx context.Context, args []string) error {
	fs := m.flagSet("flows stats NAME [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	asJSON := fs.Bool("json", false, "print one JSON object")
	name, rest := nameFirst(args)
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if name == "" && fs.NArg() == 1 {
		name = fs.Arg(0)
	} else if name == "" || fs.NArg() > 0 {
		return &usageError{"flows stats: name exactly one flow"}
	}
	a, err := m.flowsApp(ctx, *cfgPath, *dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	def := &flow.Definition{Name: name}
	for _, d := range a.engine.Definitions() {
		if d.Name == name {
			def = d
		}
	}
	var s flow.Stats
	if err := a.db.InTx(ctx, func(tx *store.Tx) error {
		runs, effects, variants, err := tx.FlowCounts(ctx, name)
		s = flow.BuildStats(def, runs, effects, variants)
		return err
	}); err != nil {
		return err
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(s)
	}
	fmt.Fprintf(m.Stdout, "flow %s\n", name)
	printStats(m, s)
	return nil
}

// failedRun is a dead-lettered run as `flows runs --failed` prints it.
type failedRun struct {
	ID        int64  `json:"id"`
	ContactID int64  `json:"contact_id"`
	Step      string `json:"step"`
	Error     string `json:"error"`
	StartedAt string `json:"started_at"`
}

func (m *Main) flowsRuns(ctx context.Context, args []string) error {
	fs := m.flagSet("flows runs NAME --failed [--limit N] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	failed := fs.Bool("failed", false, "list dead-lettered runs (retries exhausted or the step cannot run)")
	limit := fs.Int("limit", 50, "most runs to list")
	asJSON := fs.Bool("json", false, "print JSON")
	name, rest := nameFirst(args)
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if name == "" && fs.NArg() == 1 {
		name = fs.Arg(0)
	} else if name == "" || fs.NArg() > 0 {
		return &usageError{"flows runs: name exactly one flow"}
	}
	if !*failed {
		return &usageError{"flows runs: only --failed is supported"}
	}
	if *limit <= 0 {
		return &usageError{"flows runs: --limit must be positive"}
	}
	a, err := m.flowsApp(ctx, *cfgPath, *dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	var runs []flow.Run
	if err := a.db.InTx(ctx, func(tx *store.Tx) (err error) {
		runs, err = tx.FailedRuns(ctx, name, *limit)
		return err
	}); err != nil {
		return err
	}
	out := make([]failedRun, 0, len(runs))
	for _, r := range runs {
		out = append(out, failedRun{ID: r.ID, ContactID: r.ContactID, Step: r.Step, Error: r.Error, StartedAt: r.CreatedAt.Format(time.RFC3339)})
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(out)
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tCONTACT\tSTEP\tSTARTED\tERROR")
	for _, r := range out {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", r.ID, r.ContactID, r.Step, r.StartedAt, r.Error)
	}
	return tw.Flush()
}
