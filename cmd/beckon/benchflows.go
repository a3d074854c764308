package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/big"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// flowBenchResult is what bench flows prints.
type flowBenchResult struct {
	Runs          int     `json:"runs"`
	Steps         int     `json:"steps"`
	StepsSeconds  float64 `json:"steps_s"`
	StepsPerS     float64 `json:"steps_per_s"`
	RiverJobs     int     `json:"river_jobs"`
	RiverSeconds  float64 `json:"river_s"`
	RiverJobsPerS float64 `json:"river_jobs_per_s"`
	Ratio         float64 `json:"ratio"`
	Samples       int     `json:"samples"`
	P50MS         float64 `json:"p50_ms"`
	P99MS         float64 `json:"p99_ms"`
	MaxWorkers    int     `json:"max_workers"`
	Postgres      string  `json:"postgres"`
	CPUs          int     `json:"cpus"`
}

// noopArgs is the bare River job the flow steps are compared with.
type noopArgs struct{}

func (noopArgs) Kind() string { return "beckon_bench_noop" }

type noopWorker struct {
	river.WorkerDefaults[noopArgs]
}

func (noopWorker) Work(context.Context, *river.Job[noopArgs]) error { return nil }

// signalMail is a no-op email sink that reports when each message "went".
type signalMail struct {
	mu   sync.Mutex
	sent map[string]chan time.Time
}

func (s *signalMail) wait(id string) chan time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.sent[id]
	if !ok {
		ch = make(chan time.Time, 1)
		s.sent[id] = ch
	}
	return ch
}

func (s *signalMail) Send(_ context.Context, m email.Message) error {
	select {
	case s.wait(m.ID) <- time.Now():
	default:
	}
	return nil
}

// SendCommit takes the two-phase path serve's SMTP and outbox senders
// take: the engine's commit runs before the message counts as sent.
func (s *signalMail) SendCommit(ctx context.Context, m email.Message, commit func(context.Context) error) error {
	if commit != nil {
		if err := commit(ctx); err != nil {
			return err
		}
	}
	return s.Send(ctx, m)
}

type noopTelegram struct{}

func (noopTelegram) SendMessage(context.Context, string, string, string) error { return nil }

type noopTemplates struct{}

func (noopTemplates) Render(string, any) (string, string, string, error) {
	return "subject", "<p>hi</p>", "hi", nil
}

const benchStepsFlow = `name: bench-steps
trigger: { event: custom, name: bench }
reentry: always
steps:
  - email: { template: t }
  - telegram_message: { channel: "1", text: hi }
`

const benchLatencyFlow = `name: bench-latency
trigger: { event: mint }
reentry: always
steps:
  - email: { template: t }
`

func (m *Main) benchFlows(ctx context.Context, args []string) error {
	fs := m.flagSet("bench flows [flags]")
	runs := fs.Int("runs", 50_000, "flow runs of two channel steps each (no-op sinks); as many bare River jobs")
	samples := fs.Int("samples", 200, "events timed from commit to first step done")
	dbURL := fs.String("database-url", m.Getenv("BECKON_DATABASE_URL"), "PostgreSQL URL (env BECKON_DATABASE_URL)")
	keep := fs.Bool("keep", false, "keep the bench schema")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("bench flows: unexpected argument %q", fs.Arg(0))}
	case postgresURLProblem(*dbURL) != "":
		return &usageError{"bench flows: " + postgresURLProblem(*dbURL)}
	case *runs < 10 || *samples < 10:
		return &usageError{"bench flows: need --runs ≥ 10 and --samples ≥ 10"}
	}
	progress := func(format string, a ...any) {
		if !*asJSON {
			fmt.Fprintf(m.Stderr, format+"\n", a...)
		}
	}
	res, err := runFlowBench(ctx, *dbURL, *runs, *samples, *keep, progress)
	if err != nil {
		return err
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(res)
	}
	fmt.Fprintf(m.Stdout, "flow steps: %d in %.2fs = %.0f steps/s; bare River: %.0f jobs/s; ratio %.2f\n",
		res.Steps, res.StepsSeconds, res.StepsPerS, res.RiverJobsPerS, res.Ratio)
	fmt.Fprintf(m.Stdout, "trigger latency (event commit → first step done): p50 %.1f ms, p99 %.1f ms over %d events\n", res.P50MS, res.P99MS, res.Samples)
	return nil
}

func runFlowBench(ctx context.Context, dbURL string, runs, samples int, keep bool, progress func(string, ...any)) (flowBenchResult, error) {
	res := flowBenchResult{Runs: runs, Steps: 2 * runs, RiverJobs: runs, Samples: samples, CPUs: runtime.NumCPU()}
	schemaURL, _, version, drop, err := benchSchema(ctx, dbURL, keep, progress)
	if err != nil {
		return res, err
	}
	defer drop()
	res.Postgres = version
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, schemaURL, log)
	if err != nil {
		return res, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return res, err
	}
	if _, err := db.MigrateJobs(ctx); err != nil {
		return res, err
	}

	steps, err := flow.Parse("bench-steps.yaml", []byte(benchStepsFlow))
	if err != nil {
		return res, err
	}
	latency, err := flow.Parse("bench-latency.yaml", []byte(benchLatencyFlow))
	if err != nil {
		return res, err
	}
	mail := &signalMail{sent: map[string]chan time.Time{}}
	engine := &flow.Engine{
		Flows: []*flow.Definition{steps, latency}, InTx: flowTx(db), Marks: flowMarks(db), Mail: mail, Templates: noopTemplates{},
		From: "Bench <bench@example.org>", Telegram: noopTelegram{}, Log: log,
	}
	workers := river.NewWorkers()
	engine.Workers(workers)
	river.AddWorker(workers, noopWorker{})
	newClient := func() (*river.Client[*sql.Tx], error) {
		return db.JobClient(store.JobConfig{Workers: workers, Logger: log, PollEvery: 20 * time.Millisecond})
	}
	client, err := newClient()
	if err != nil {
		return res, err
	}
	engine.Jobs = client
	res.MaxWorkers = 20

	// Contacts with an email each, created in batches.
	progress("seeding %d contacts", runs)
	ids := make([]int64, 0, runs)
	for start := 0; start < runs; start += 1000 {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := start; i < min(start+1000, runs); i++ {
				id, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: fmt.Sprintf("b%d@example.org", i)})
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			return res, err
		}
	}

	// Bare River: insert the no-op jobs, then time the client working them.
	progress("bare River: %d no-op jobs", runs)
	for start := 0; start < runs; start += 5000 {
		params := make([]river.InsertManyParams, 0, 5000)
		for i := start; i < min(start+5000, runs); i++ {
			params = append(params, river.InsertManyParams{Args: noopArgs{}})
		}
		if _, err := client.InsertMany(ctx, params); err != nil {
			return res, fmt.Errorf("insert no-op jobs: %w", err)
		}
	}
	t0 := time.Now()
	if err := client.Start(ctx); err != nil {
		return res, err
	}
	if err := waitCount(ctx, db, `SELECT COUNT(*) FROM river_job WHERE state = 'completed' AND kind = 'beckon_bench_noop'`, runs); err != nil {
		return res, err
	}
	res.RiverSeconds = time.Since(t0).Seconds()
	res.RiverJobsPerS = float64(runs) / res.RiverSeconds
	if err := client.Stop(ctx); err != nil {
		return res, err
	}

	// Flow steps: start every run (first step jobs queued), then time the
	// engine working both steps of all of them.
	progress("flow steps: %d runs of 2 steps", runs)
	if client, err = newClient(); err != nil {
		return res, err
	}
	engine.Jobs = client
	for start := 0; start < runs; start += 1000 {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for _, id := range ids[start:min(start+1000, runs)] {
				if err := engine.CustomEvent(ctx, tx, id, "bench", "b", nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
	}
	t0 = time.Now()
	if err := client.Start(ctx); err != nil {
		return res, err
	}
	if err := waitCount(ctx, db, `SELECT COUNT(*) FROM flow_runs WHERE flow = 'bench-steps' AND status = 'completed'`, runs); err != nil {
		return res, err
	}
	res.StepsSeconds = time.Since(t0).Seconds()
	res.StepsPerS = float64(2*runs) / res.StepsSeconds
	res.Ratio = res.StepsPerS / res.RiverJobsPerS

	// Trigger latency: one mint at a time through the indexer's commit
	// path, timed until the no-op email sink sees the first step.
	progress("trigger latency: %d events", samples)
	chains := &store.ChainStore{DB: db, OnEvents: func(ctx context.Context, tx *store.Tx, evs []chain.Event) error {
		return engine.EnqueueEvents(ctx, tx.SQL(), evs)
	}}
	lat := make([]float64, 0, samples)
	for i := range samples {
		block := uint64(i + 1)
		wallet := common.BigToAddress(new(big.Int).SetUint64(uint64(i) + 1_000_000))
		ev := chain.Event{ChainID: 1, BlockNumber: block, BlockHash: benchHash(block), TxHash: benchHash(block + 1<<32),
			Contract: common.Address{0xB0}, Source: "bench", Kind: chain.KindMint, Name: "Transfer", Wallet: wallet,
			Args: map[string]string{"tokenId": fmt.Sprint(i)}}
		// The contact needs an email for the step to send.
		err := db.InTx(ctx, func(tx *store.Tx) error {
			id, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: fmt.Sprintf("l%d@example.org", i)})
			if err != nil {
				return err
			}
			_, err = crm.Link(ctx, tx, id, crm.Identity{Kind: crm.IdentityWallet, Value: wallet.Hex()})
			return err
		})
		if err != nil {
			return res, err
		}
		var runID int64
		start := time.Now()
		if err := chains.Commit(ctx, chain.Batch{ChainID: 1, Events: []chain.Event{ev},
			Headers:    []chain.Header{{Number: block, Hash: benchHash(block), ParentHash: benchHash(block - 1)}},
			Checkpoint: chain.Checkpoint{ChainID: 1, Number: block, Hash: benchHash(block)}}); err != nil {
			return res, err
		}
		// The run id is known only once the event job made it; the sink
		// is keyed by it, so find it, then wait on the sink.
		deadline := time.Now().Add(30 * time.Second)
		for runID == 0 {
			err := db.SQL.QueryRowContext(ctx, `SELECT r.id FROM flow_runs r JOIN chain_events e ON e.id = r.event_id
				WHERE r.flow = 'bench-latency' AND e.block_number = $1`, int64(block)).Scan(&runID)
			if err != nil && err != sql.ErrNoRows {
				return res, fmt.Errorf("find latency run: %w", err)
			}
			if runID == 0 {
				if time.Now().After(deadline) {
					return res, fmt.Errorf("latency sample %d: no run after 30s", i)
				}
				time.Sleep(time.Millisecond)
			}
		}
		select {
		case done := <-mail.wait(fmt.Sprintf("run:%d:0", runID)):
			lat = append(lat, float64(done.Sub(start).Microseconds())/1000)
		case <-time.After(30 * time.Second):
			return res, fmt.Errorf("latency sample %d: first step not done after 30s", i)
		}
	}
	if err := client.Stop(ctx); err != nil {
		return res, err
	}
	sort.Float64s(lat)
	res.P50MS = lat[len(lat)/2]
	res.P99MS = lat[min(len(lat)-1, len(lat)*99/100)]
	return res, nil
}

func benchHash(n uint64) common.Hash {
	return common.BigToHash(new(big.Int).SetUint64(n + 1))
}

// waitCount polls until query counts want rows.
func waitCount(ctx context.Context, db *store.DB, query string, want int) error {
	for {
		var n int
		if err := db.SQL.QueryRowContext(ctx, query).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if n >= want {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
