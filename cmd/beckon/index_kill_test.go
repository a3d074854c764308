package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/anvil"
	"github.com/beckonhq/beckon/chain/anvil/anviltest"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// childArgsEnv carries the arguments of a beckon run in a child process:
// the test binary runs TestIndexChildProcess, which runs them and exits.
const childArgsEnv = "BECKONTEST_CHILD_ARGS"

// TestIndexChildProcess is the child's entry point; it does nothing in a
// normal test run.
func TestIndexChildProcess(t *testing.T) {
	raw := os.Getenv(childArgsEnv)
	if raw == "" {
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		fmt.Fprintln(os.Stderr, "child args:", err)
		os.Exit(exitFailure)
	}
	os.Exit((&Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}).Run(context.Background(), args))
}

// beckonChild starts `beckon args...` as a child process (the test binary).
func beckonChild(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^TestIndexChildProcess$", "-test.count=1")
	cmd.Env = append(childEnv(), childArgsEnv+"="+string(raw))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	return cmd, &out
}

// slowProxy forwards JSON-RPC to a node with a delay per request, refuses
// eth_getLogs over more than 8 blocks as providers do, and reports every
// request, so a test can kill its client at chosen points.
type slowProxy struct {
	target   string
	requests atomic.Int64
	mu       sync.Mutex
	watch    func(n int64)
}

func (p *slowProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	n := p.requests.Add(1)
	p.mu.Lock()
	watch := p.watch
	p.mu.Unlock()
	if watch != nil {
		watch(n)
	}
	time.Sleep(3 * time.Millisecond)
	var req struct {
		ID     json.RawMessage   `json:"id"`
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	if json.Unmarshal(body, &req) == nil && req.Method == "eth_getLogs" && len(req.Params) == 1 {
		var q struct {
			From hexutil.Uint64 `json:"fromBlock"`
			To   hexutil.Uint64 `json:"toBlock"`
		}
		if json.Unmarshal(req.Params[0], &q) == nil && q.To >= q.From && q.To-q.From >= 8 {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32005,"message":"query returned more than 10000 results"}}`, req.ID)
			return
		}
	}
	out, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.target, bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// storeState is what a finished index leaves in the store.
type storeState struct {
	Events     []chain.Event
	Checkpoint chain.Checkpoint
	// Enqueued counts the events whose id is in exactly one event job;
	// Misqueued the ids in jobs more than once or of no stored event.
	Enqueued, Misqueued int
}

func readStoreState(t *testing.T, url string) storeState {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, url, nil)
	require.NoError(t, err)
	defer db.Close()
	var s storeState
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if s.Events, err = tx.Events(ctx, store.EventFilter{ChainID: anvil.ChainID, IncludeRemoved: true}); err != nil {
			return err
		}
		if s.Checkpoint, _, err = tx.Checkpoint(ctx, anvil.ChainID); err != nil {
			return err
		}
		argsCol := "args"
		if db.Dialect == store.SQLite {
			argsCol = "json(args)" // riversqlite keeps args as JSONB
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+argsCol+` FROM river_job WHERE kind = $1`, flow.EventArgs{}.Kind())
		if err != nil {
			return err
		}
		defer rows.Close()
		queued := map[int64]int{}
		for rows.Next() {
			var raw []byte
			var args flow.EventArgs
			if err := rows.Scan(&raw); err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &args); err != nil {
				return err
			}
			if args.EventID != 0 {
				queued[args.EventID]++
			}
			for _, id := range args.EventIDs {
				queued[id]++
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, ev := range s.Events {
			if queued[ev.ID] == 1 {
				s.Enqueued++
				delete(queued, ev.ID)
			}
		}
		s.Misqueued = len(queued)
		return nil
	}))
	for i := range s.Events {
		s.Events[i].ID = 0
	}
	s.Checkpoint.Head = 0
	return s
}

func TestIndexKilledDuringBackfillResumesExactly(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	node := anviltest.Start(t, "--no-mining", "--quiet", "--gas-limit", "1000000000")
	rc, err := node.Dial(ctx)
	require.NoError(t, err)
	defer rc.Close()
	ec := ethclient.NewClient(rc)
	const events = 2000
	addrs, first, err := emitBenchEvents(ctx, rc, ec, indexBench{events: events, perBlock: 2, wallets: 20, progress: func(string, ...any) {}})
	require.NoError(t, err)
	head, err := ec.BlockNumber(ctx)
	require.NoError(t, err)
	sources := []chain.Source{
		{Name: "bench-pass", Address: addrs.Pass, Kind: chain.SourceERC721, StartBlock: first},
		{Name: "bench-vault", Address: addrs.Vault, Kind: chain.SourceStaking, StartBlock: first},
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)

	for _, b := range []struct {
		name string
		url  func(t *testing.T, dir string) string // "" selects SQLite in dir
	}{
		{"sqlite", func(*testing.T, string) string { return "" }},
		{"postgres", func(t *testing.T, _ string) string { return storetest.PostgresSchemaURL(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, uint64(len(b.name))))
			index := func(dir, rpcURL string) (cfg, url string) {
				url = b.url(t, dir)
				cfg, err := writeIndexConfig(dir, url, rpcURL, sources)
				require.NoError(t, err)
				if url == "" {
					url = dir + "/beckon.db"
				}
				return cfg, url
			}
			to := strconv.FormatUint(head, 10)
			run := func(cfg, dir string) {
				cmd, out := beckonChild(t, "index", "--config", cfg, "--data-dir", dir, "--to", to)
				require.NoError(t, cmd.Wait(), "index: %s", out)
			}

			cleanDir := t.TempDir()
			cleanCfg, cleanURL := index(cleanDir, node.URL)
			run(cleanCfg, cleanDir)
			want := readStoreState(t, cleanURL)
			require.Len(t, want.Events, events)
			require.Equal(t, head, want.Checkpoint.Number)

			proxy := &slowProxy{target: node.URL}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			dir := t.TempDir()
			cfg, url := index(dir, srv.URL)
			// Migrations first, so kills land in the backfill rather than
			// in the schema set-up.
			cmd, out := beckonChild(t, "migrate", "--config", cfg, "--data-dir", dir)
			require.NoError(t, cmd.Wait(), "migrate: %s", out)

			poll, err := store.Open(ctx, url, nil)
			require.NoError(t, err)
			defer poll.Close()
			checkpoint := func() uint64 {
				var cp chain.Checkpoint
				require.NoError(t, poll.InTx(ctx, func(tx *store.Tx) error {
					var err error
					cp, _, err = tx.Checkpoint(ctx, anvil.ChainID)
					return err
				}))
				return cp.Number
			}
			// Kill points: three after a random number of node requests
			// (start-up, the first range), then seven once the checkpoint
			// passes random blocks spread over the rest of the backfill.
			var targets []uint64
			for range 7 {
				targets = append(targets, first+256+rng.Uint64N(head-first-256-64))
			}
			slices.Sort(targets)
			kills := 0
			var points []uint64 // the checkpoint after each kill
			for attempt := 0; kills < 10 && attempt < 30; attempt++ {
				hit := make(chan struct{})
				var once sync.Once
				if kills < 3 {
					at := proxy.requests.Load() + 1 + rng.Int64N(60)
					proxy.mu.Lock()
					proxy.watch = func(n int64) {
						if n >= at {
							once.Do(func() { close(hit) })
						}
					}
					proxy.mu.Unlock()
				}
				cmd, out := beckonChild(t, "index", "--config", cfg, "--data-dir", dir, "--to", to)
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				if kills >= 3 {
					target := targets[kills-3]
					go func() {
						for {
							select {
							case <-exited:
								return
							case <-time.After(2 * time.Millisecond):
							}
							if checkpoint() >= target {
								once.Do(func() { close(hit) })
								return
							}
						}
					}()
				}
				select {
				case <-hit:
					require.NoError(t, cmd.Process.Kill())
					err := <-exited
					if cmd.ProcessState.Success() {
						continue // it finished just before the kill
					}
					require.Error(t, err)
					kills++
					points = append(points, checkpoint())
				case err := <-exited:
					require.NoError(t, err, "index: %s", out)
				}
			}
			proxy.mu.Lock()
			proxy.watch = nil
			proxy.mu.Unlock()
			require.GreaterOrEqual(t, kills, 10, "the backfill finished before ten kills")
			before := readStoreState(t, url)
			require.Less(t, before.Checkpoint.Number, head, "killed runs still left work to resume")

			run(cfg, dir)
			got := readStoreState(t, url)
			require.Equal(t, want.Checkpoint, got.Checkpoint)
			require.Equal(t, len(want.Events), want.Enqueued, "every event enqueued once by a fresh index")
			require.Equal(t, len(got.Events), got.Enqueued, "every event enqueued exactly once")
			require.Zero(t, got.Misqueued, "event ids enqueued twice or of no event")
			require.Equal(t, len(want.Events), len(got.Events))
			require.Equal(t, want.Events, got.Events)
			t.Logf("%d kills, checkpoints after them %v; resumed from block %d of %d", kills, points, before.Checkpoint.Number, head)
		})
	}
}
