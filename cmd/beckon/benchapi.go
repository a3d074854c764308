package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

const benchAPIUsage = `Usage:
  beckon bench api [--rate R] [--duration D] [--contacts N] [--workers W] [--database-url URL] [--json]

Seeds a store (embedded SQLite in a temp folder, or the PostgreSQL
--database-url in a schema of its own) with N contacts holding points and a
reward epoch over their wallets, serves the API on loopback and sends GET
/v1/points/{wallet}/balance and GET /v1/rewards/proofs/{wallet}, alternately,
at R requests per second for D from an open-loop Go load generator.
Latencies count from each request's scheduled send time, so a stalled
server is not hidden by a slowed generator.`

// benchAPIResult is what bench api prints.
type benchAPIResult struct {
	Backend   string  `json:"backend"`
	Contacts  int     `json:"contacts"`
	TargetRPS int     `json:"target_rps"`
	Seconds   float64 `json:"duration_s"`
	Requests  int64   `json:"requests"`
	RPS       float64 `json:"rps"`
	P50MS     float64 `json:"p50_ms"`
	P90MS     float64 `json:"p90_ms"`
	P99MS     float64 `json:"p99_ms"`
	MaxMS     float64 `json:"max_ms"`
	Errors    int64   `json:"errors"`
	CPUs      int     `json:"cpus"`
}

func (m *Main) benchAPI(ctx context.Context, args []string) error {
	fs := m.flagSet("bench api [flags]")
	rate := fs.Int("rate", 2000, "requests per second")
	duration := fs.Duration("duration", 30*time.Second, "how long to send")
	contacts := fs.Int("contacts", 1000, "contacts to seed, each with a wallet, points and a reward allocation")
	workers := fs.Int("workers", 256, "concurrent connections")
	dbURL := fs.String("database-url", "", "seed and serve PostgreSQL at this URL instead of a temp SQLite file")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("bench api: unexpected argument %q\n\n%s", fs.Arg(0), benchAPIUsage)}
	case *rate < 1 || *duration <= 0 || *contacts < 1 || *workers < 1:
		return &usageError{"bench api: need --rate ≥ 1, --duration > 0, --contacts ≥ 1 and --workers ≥ 1"}
	case *dbURL != "" && !strings.HasPrefix(*dbURL, "postgres://") && !strings.HasPrefix(*dbURL, "postgresql://"):
		return &usageError{"bench api: --database-url must be a postgres:// URL"}
	}
	res, err := runAPIBench(ctx, apiBench{rate: *rate, duration: *duration, contacts: *contacts, workers: *workers, url: *dbURL,
		progress: func(format string, args ...any) { fmt.Fprintf(m.Stderr, "bench: "+format+"\n", args...) }})
	if err != nil {
		return fmt.Errorf("bench api: %w", err)
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(res)
	}
	fmt.Fprintf(m.Stdout, "%s, %d contacts: %d requests in %.1fs = %.0f req/s (target %d); p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d errors\n",
		res.Backend, res.Contacts, res.Requests, res.Seconds, res.RPS, res.TargetRPS, res.P50MS, res.P90MS, res.P99MS, res.MaxMS, res.Errors)
	return nil
}

type apiBench struct {
	rate, contacts, workers int
	duration                time.Duration
	url                     string
	progress                func(string, ...any)
}

func runAPIBench(ctx context.Context, b apiBench) (benchAPIResult, error) {
	res := benchAPIResult{Contacts: b.contacts, TargetRPS: b.rate, CPUs: runtime.NumCPU()}
	url := b.url
	if url != "" {
		u, _, _, drop, err := benchSchema(ctx, url, false, b.progress)
		if err != nil {
			return res, err
		}
		defer drop()
		url = u
	} else {
		dir, err := os.MkdirTemp("", "beckon-bench-api-")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(dir)
		url = filepath.Join(dir, "beckon.db")
	}
	db, err := store.Open(ctx, url, nil)
	if err != nil {
		return res, err
	}
	defer db.Close()
	res.Backend = string(db.Dialect)
	if _, err := db.Migrate(ctx); err != nil {
		return res, err
	}
	const chainID = 1337
	b.progress("seeding %d contacts", b.contacts)
	wallets, err := seedAPIBench(ctx, db, chainID, b.contacts)
	if err != nil {
		return res, err
	}
	secret, _, err := (&api.Keys{DB: db}).Create(ctx, "bench", api.ScopeRead)
	if err != nil {
		return res, err
	}
	// The limit is far above the offered load: the bench measures serving,
	// not the limiter's refusals.
	srv := api.New(api.Config{DB: db, ChainID: chainID, RateLimit: float64(b.rate) * 10, Log: slog.New(slog.DiscardHandler)})
	addr, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		return res, err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	base := "http://" + addr.String()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConns: b.workers, MaxIdleConnsPerHost: b.workers}}
	get := func(path string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", path, resp.Status)
		}
		return nil
	}
	// Check both routes answer before timing anything.
	for _, p := range []string{"/v1/points/" + wallets[0].Hex() + "/balance", "/v1/rewards/proofs/" + wallets[0].Hex()} {
		if err := get(p); err != nil {
			return res, err
		}
	}

	total := int(float64(b.rate) * b.duration.Seconds())
	type job struct {
		path string
		at   time.Time
	}
	jobs := make(chan job, total)
	lat := make([]time.Duration, total)
	var errs, n atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	for range b.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				err := get(j.path)
				i := n.Add(1) - 1
				lat[i] = time.Since(j.at)
				if err != nil {
					errs.Add(1)
					firstErr.Do(func() { b.progress("first error: %v", err) })
				}
			}
		}()
	}
	b.progress("sending %d requests/s for %s", b.rate, b.duration)
	interval := time.Second / time.Duration(b.rate)
	start := time.Now()
	for i := range total {
		at := start.Add(time.Duration(i) * interval)
		if d := time.Until(at); d > time.Millisecond {
			time.Sleep(d)
		}
		w := wallets[i/2%len(wallets)]
		path := "/v1/points/" + w.Hex() + "/balance"
		if i%2 == 1 {
			path = "/v1/rewards/proofs/" + w.Hex()
		}
		jobs <- job{path: path, at: at}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	done := int(n.Load())
	lat = lat[:done]
	slices.Sort(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	res.Seconds = elapsed.Seconds()
	res.Requests = int64(done)
	res.RPS = float64(done) / elapsed.Seconds()
	res.P50MS, res.P90MS, res.P99MS = pct(0.50), pct(0.90), pct(0.99)
	if len(lat) > 0 {
		res.MaxMS = float64(lat[len(lat)-1].Microseconds()) / 1000
	}
	res.Errors = errs.Load()
	return res, ctx.Err()
}

// seedAPIBench gives each contact a wallet, a few ledger entries and an
// allocation in one reward epoch.
func seedAPIBench(ctx context.Context, db *store.DB, chainID uint64, n int) ([]common.Address, error) {
	wallets := make([]common.Address, n)
	allocs := make([]rewards.Allocation, n)
	amounts := make(map[common.Address]*big.Int, n)
	const batch = 500
	for lo := 0; lo < n; lo += batch {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := lo; i < min(lo+batch, n); i++ {
				w := common.BigToAddress(big.NewInt(int64(0x10000 + i)))
				id, _, err := crm.EnsureWallet(ctx, tx, w)
				if err != nil {
					return err
				}
				for k := range 3 {
					if _, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: id, Amount: int64(10 + i%50 + k), Reason: "bench",
						Source: "bench", Key: fmt.Sprintf("bench:%d:%d", i, k)}); err != nil {
						return err
					}
				}
				wallets[i] = w
				allocs[i] = rewards.Allocation{Account: w, Amount: big.NewInt(int64(1000 + i))}
				amounts[w] = allocs[i].Amount
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	tree, err := rewards.NewAllocationTree(allocs)
	if err != nil {
		return nil, err
	}
	dump, err := json.Marshal(tree.Dump())
	if err != nil {
		return nil, err
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.SaveEpoch(ctx, store.Epoch{ChainID: chainID, Distributor: common.HexToAddress("0xd1"), Root: tree.Root(), Tree: dump, Allocations: amounts})
		return err
	})
	return wallets, err
}
