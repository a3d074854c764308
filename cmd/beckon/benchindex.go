package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/beckonhq/beckon/abi/deployment"
	"github.com/beckonhq/beckon/abi/pass"
	"github.com/beckonhq/beckon/abi/token"
	"github.com/beckonhq/beckon/abi/vault"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/anvil"
	"github.com/beckonhq/beckon/store"
)

const benchIndexUsage = `Usage:
  beckon bench index [--events N] [--per-block B] [--database-url URL] [--anvil-cache DIR] [--no-sqlite] [--json]

Starts a local anvil node (installed from npm into --anvil-cache), deploys
the pass and staking vault, emits N mint and stake events, then times a
bare concurrent eth_getLogs fetch + decode (the floor) against a full
'beckon index --to HEAD' backfill into PostgreSQL (a fresh schema, dropped
at the end) and into SQLite, each in a child process whose peak RSS is read.`

// indexBenchResult is what bench index prints.
type indexBenchResult struct {
	Events           int     `json:"events"`
	Blocks           uint64  `json:"blocks"`
	EmitSeconds      float64 `json:"emit_s"`
	FloorEventsPerS  float64 `json:"floor_events_per_s"`
	BeckonEventsPerS float64 `json:"beckon_events_per_s"`
	SQLiteEventsPerS float64 `json:"beckon_sqlite_events_per_s,omitempty"`
	Ratio            float64 `json:"ratio"`
	SQLiteRatio      float64 `json:"sqlite_ratio,omitempty"`
	PeakRSSMB        float64 `json:"peak_rss_mb"`
	SQLitePeakRSSMB  float64 `json:"sqlite_peak_rss_mb,omitempty"`
	// The wall times include the child's start-up (config, store, job
	// client); the rates above are the backfill's own, as it reports them.
	PostgresWallSeconds float64 `json:"postgres_wall_s"`
	SQLiteWallSeconds   float64 `json:"sqlite_wall_s,omitempty"`
	Anvil               string  `json:"anvil"`
	CPUs                int     `json:"cpus"`
}

type indexBench struct {
	events, perBlock, wallets int
	dbURL, anvilCache         string
	chainCache                string
	sqlite                    bool
	progress                  func(format string, args ...any)
}

func (m *Main) benchIndex(ctx context.Context, args []string) error {
	fs := m.flagSet("bench index [flags]")
	events := fs.Int("events", 100_000, "events to emit (half mints, half stakes)")
	perBlock := fs.Int("per-block", 50, "transactions (events) per block")
	wallets := fs.Int("wallets", 200, "wallets sending them")
	def := m.Getenv("BECKON_DATABASE_URL")
	if def == "" {
		def = m.Getenv("BECKON_TEST_DATABASE_URL")
	}
	dbURL := fs.String("database-url", def, "PostgreSQL URL (env BECKON_DATABASE_URL or BECKON_TEST_DATABASE_URL)")
	cache := fs.String("anvil-cache", "", "folder anvil is installed into; default: the user cache folder")
	chainCache := fs.String("chain-cache", "", "keep the emitted chain's state in this folder and reuse it on the next run with the same --events, --per-block and --wallets")
	noSQLite := fs.Bool("no-sqlite", false, "skip the SQLite backfill")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("bench index: unexpected argument %q", fs.Arg(0))}
	case postgresURLProblem(*dbURL) != "":
		return &usageError{"bench index: " + postgresURLProblem(*dbURL)}
	case *events < 100 || *perBlock < 1 || *wallets < 1:
		return &usageError{"bench index: need --events ≥ 100, --per-block ≥ 1 and --wallets ≥ 1"}
	}
	res, err := runIndexBench(ctx, indexBench{
		events: *events, perBlock: *perBlock, wallets: *wallets, dbURL: *dbURL, anvilCache: *cache, chainCache: *chainCache, sqlite: !*noSQLite,
		progress: func(format string, args ...any) { fmt.Fprintf(m.Stderr, "bench: "+format+"\n", args...) },
	})
	if err != nil {
		return fmt.Errorf("bench index: %w", err)
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(res)
	}
	fmt.Fprintf(m.Stdout, "events %d over %d blocks (emitted in %.1fs)\n", res.Events, res.Blocks, res.EmitSeconds)
	fmt.Fprintf(m.Stdout, "floor:      %.0f events/s (eth_getLogs + decode)\n", res.FloorEventsPerS)
	fmt.Fprintf(m.Stdout, "postgresql: %.0f events/s (ratio %.2f), peak RSS %.0f MB\n", res.BeckonEventsPerS, res.Ratio, res.PeakRSSMB)
	if res.SQLiteEventsPerS > 0 {
		fmt.Fprintf(m.Stdout, "sqlite:     %.0f events/s (ratio %.2f), peak RSS %.0f MB\n", res.SQLiteEventsPerS, res.SQLiteRatio, res.SQLitePeakRSSMB)
	}
	return nil
}

// benchKey is the deterministic key of bench wallet i (-1: the deployer).
func benchKey(i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("beckon bench wallet %d", i))))
	if err != nil {
		panic(err) // a keccak digest is always a valid key
	}
	return k
}

func runIndexBench(ctx context.Context, b indexBench) (indexBenchResult, error) {
	res := indexBenchResult{CPUs: runtime.NumCPU(), Anvil: anvil.Version}
	b.progress("installing anvil %s", anvil.Version)
	bin, err := anvil.Install(ctx, b.anvilCache)
	if err != nil {
		return res, err
	}
	args := []string{"--no-mining", "--quiet", "--gas-limit", "1000000000"}
	var cached *benchChain
	var statePath, metaPath string
	if b.chainCache != "" {
		name := fmt.Sprintf("anvil-%d-%d-%d", b.events, b.perBlock, b.wallets)
		statePath, metaPath = filepath.Join(b.chainCache, name+".state.json"), filepath.Join(b.chainCache, name+".json")
		if raw, err := os.ReadFile(metaPath); err == nil {
			var c benchChain
			if err := json.Unmarshal(raw, &c); err == nil {
				if _, err := os.Stat(statePath); err == nil {
					cached = &c
					args = append(args, "--load-state", statePath)
				}
			}
		}
	}
	node, err := anvil.Start(ctx, bin, args...)
	if err != nil {
		return res, err
	}
	defer node.Stop()
	rc, err := node.Dial(ctx)
	if err != nil {
		return res, err
	}
	defer rc.Close()
	ec := ethclient.NewClient(rc)

	var bc benchChain
	if cached != nil {
		bc = *cached
		b.progress("reusing the chain in %s", statePath)
	} else {
		start := time.Now()
		addrs, first, err := emitBenchEvents(ctx, rc, ec, b)
		if err != nil {
			return res, err
		}
		res.EmitSeconds = time.Since(start).Seconds()
		bc = benchChain{Pass: addrs.Pass, Vault: addrs.Vault, First: first}
		if bc.Head, err = ec.BlockNumber(ctx); err != nil {
			return res, fmt.Errorf("head: %w", err)
		}
		b.progress("emitted %d events in blocks %d-%d in %.1fs", b.events, bc.First, bc.Head, res.EmitSeconds)
		if statePath != "" {
			if err := saveBenchChain(ctx, rc, bc, statePath, metaPath); err != nil {
				return res, err
			}
		}
	}
	first, head := bc.First, bc.Head
	if now, err := ec.BlockNumber(ctx); err != nil || now != head {
		return res, fmt.Errorf("chain head is %d, want %d (%v)", now, head, err)
	}
	res.Blocks = head - first + 1
	addrs := deployment.Addresses{Pass: bc.Pass, Vault: bc.Vault}

	sources := []chain.Source{
		{Name: "bench-pass", Address: addrs.Pass, Kind: chain.SourceERC721, StartBlock: first},
		{Name: "bench-vault", Address: addrs.Vault, Kind: chain.SourceStaking, StartBlock: first},
	}
	// The better of two floor runs: the ceiling, with anvil's caches warm.
	for range 2 {
		n, took, err := floorFetch(ctx, ec, sources, first, head, b.perBlock)
		if err != nil {
			return res, err
		}
		if n != b.events {
			return res, fmt.Errorf("floor fetch found %d events, %d were emitted", n, b.events)
		}
		res.FloorEventsPerS = max(res.FloorEventsPerS, float64(n)/took.Seconds())
	}
	res.Events = b.events
	b.progress("floor: %.0f events/s", res.FloorEventsPerS)

	exe, err := os.Executable()
	if err != nil {
		return res, fmt.Errorf("own executable: %w", err)
	}
	dir, err := os.MkdirTemp("", "beckon-bench-index-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)

	pgURL, _, _, drop, err := benchSchema(ctx, b.dbURL, false, func(string, ...any) {})
	if err != nil {
		return res, err
	}
	defer drop()
	run, err := benchBackfill(ctx, exe, filepath.Join(dir, "pg"), pgURL, node.URL, sources, head, b.events)
	if err != nil {
		return res, fmt.Errorf("postgresql: %w", err)
	}
	res.BeckonEventsPerS, res.PeakRSSMB, res.PostgresWallSeconds = run.eventsPerS, run.peakRSSMB, run.wall.Seconds()
	res.Ratio = res.BeckonEventsPerS / res.FloorEventsPerS
	b.progress("postgresql: %.0f events/s, peak RSS %.0f MB", res.BeckonEventsPerS, res.PeakRSSMB)
	if b.sqlite {
		run, err := benchBackfill(ctx, exe, filepath.Join(dir, "sqlite"), "", node.URL, sources, head, b.events)
		if err != nil {
			return res, fmt.Errorf("sqlite: %w", err)
		}
		res.SQLiteEventsPerS, res.SQLitePeakRSSMB, res.SQLiteWallSeconds = run.eventsPerS, run.peakRSSMB, run.wall.Seconds()
		res.SQLiteRatio = res.SQLiteEventsPerS / res.FloorEventsPerS
		b.progress("sqlite: %.0f events/s, peak RSS %.0f MB", res.SQLiteEventsPerS, res.SQLitePeakRSSMB)
	}
	return res, nil
}

// emitBenchEvents deploys the contracts and sends b.events transactions,
// half pass mints and half stakes, b.perBlock to a block, each emitting
// one watched event. It returns the addresses and the first event block.
func emitBenchEvents(ctx context.Context, rc *rpc.Client, ec *ethclient.Client, b indexBench) (deployment.Addresses, uint64, error) {
	var addrs deployment.Addresses
	mine := func() error { return rc.CallContext(ctx, nil, "evm_mine") }
	rich := (*hexutil.Big)(new(big.Int).Lsh(big.NewInt(1), 100))
	keys := make([]*ecdsa.PrivateKey, b.wallets)
	from := make([]common.Address, b.wallets)
	for i := range keys {
		keys[i] = benchKey(i)
		from[i] = crypto.PubkeyToAddress(keys[i].PublicKey)
	}
	ownerKey := benchKey(-1)
	for _, a := range append([]common.Address{crypto.PubkeyToAddress(ownerKey.PublicKey)}, from...) {
		if err := rc.CallContext(ctx, nil, "anvil_setBalance", a, rich); err != nil {
			return addrs, 0, fmt.Errorf("fund %s: %w", a.Hex(), err)
		}
	}
	chainID := big.NewInt(anvil.ChainID)
	owner := bind.NewKeyedTransactor(ownerKey, chainID)
	var mineErr error
	addrs, err := deployment.Deploy(ctx, ec, owner, func() { mineErr = errors.Join(mineErr, mine()) }, deployment.Options{})
	if err != nil {
		return addrs, 0, fmt.Errorf("deploy: %w", errors.Join(err, mineErr))
	}
	signer := types.LatestSignerForChainID(chainID)
	tip, feeCap := big.NewInt(1), new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e9))
	sign := func(key *ecdsa.PrivateKey, nonce uint64, to common.Address, gas uint64, data []byte) (hexutil.Bytes, error) {
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: &to, Data: data})
		if err != nil {
			return nil, err
		}
		return tx.MarshalBinary()
	}
	send := func(raws []hexutil.Bytes) error {
		for len(raws) > 0 {
			n := min(len(raws), 500)
			batch := make([]rpc.BatchElem, n)
			for i := range batch {
				batch[i] = rpc.BatchElem{Method: "eth_sendRawTransaction", Args: []any{raws[i]}, Result: new(common.Hash)}
			}
			if err := rc.BatchCallContext(ctx, batch); err != nil {
				return fmt.Errorf("send transactions: %w", err)
			}
			for _, e := range batch {
				if e.Error != nil {
					return fmt.Errorf("send transaction: %w", e.Error)
				}
			}
			raws = raws[n:]
		}
		return nil
	}
	// Stake tokens and the vault's allowance: the owner mints every
	// wallet plenty, each wallet approves the vault once.
	ownerNonce, err := ec.PendingNonceAt(ctx, owner.From)
	if err != nil {
		return addrs, 0, fmt.Errorf("owner nonce: %w", err)
	}
	tok, pas, vlt := token.NewBeckonToken(), pass.NewBeckonPass(), vault.NewStakingVault()
	supply := new(big.Int).Lsh(big.NewInt(1), 128)
	var setup []hexutil.Bytes
	for i := range keys {
		mintData, err := tok.TryPackMint(from[i], supply)
		if err != nil {
			return addrs, 0, err
		}
		raw, err := sign(ownerKey, ownerNonce+uint64(i), addrs.Token, 200_000, mintData)
		if err != nil {
			return addrs, 0, err
		}
		approveData, err := tok.TryPackApprove(addrs.Vault, supply)
		if err != nil {
			return addrs, 0, err
		}
		raw2, err := sign(keys[i], 0, addrs.Token, 100_000, approveData)
		if err != nil {
			return addrs, 0, err
		}
		setup = append(setup, raw, raw2)
	}
	if err := send(setup); err != nil {
		return addrs, 0, err
	}
	if err := mine(); err != nil {
		return addrs, 0, fmt.Errorf("mine: %w", err)
	}
	mintData, err := pas.TryPackMint()
	if err != nil {
		return addrs, 0, err
	}
	stakeData, err := vlt.TryPackStake(big.NewInt(1))
	if err != nil {
		return addrs, 0, err
	}
	nonces := make([]uint64, b.wallets)
	for i := range nonces {
		nonces[i] = 1
	}
	first, err := ec.BlockNumber(ctx)
	if err != nil {
		return addrs, 0, err
	}
	first++
	// Sign the next block's transactions while the node mines this one.
	type block struct {
		raws []hexutil.Bytes
		err  error
	}
	blocks := make(chan block, 4)
	go func() {
		defer close(blocks)
		w := 0
		for sent := 0; sent < b.events; {
			n := min(b.perBlock, b.events-sent)
			raws := make([]hexutil.Bytes, n)
			for i := range raws {
				to, data, gas := addrs.Pass, mintData, uint64(200_000)
				if (sent+i)%2 == 1 {
					to, data, gas = addrs.Vault, stakeData, 150_000
				}
				raw, err := sign(keys[w], nonces[w], to, gas, data)
				if err != nil {
					blocks <- block{err: err}
					return
				}
				nonces[w]++
				w = (w + 1) % b.wallets
				raws[i] = raw
			}
			sent += n
			select {
			case blocks <- block{raws: raws}:
			case <-ctx.Done():
				return
			}
		}
	}()
	sent, last := 0, time.Now()
	for bl := range blocks {
		if bl.err != nil {
			return addrs, 0, bl.err
		}
		if err := send(bl.raws); err != nil {
			return addrs, 0, err
		}
		if err := mine(); err != nil {
			return addrs, 0, fmt.Errorf("mine: %w", err)
		}
		var count hexutil.Uint
		if err := rc.CallContext(ctx, &count, "eth_getBlockTransactionCountByNumber", "latest"); err != nil {
			return addrs, 0, fmt.Errorf("block transaction count: %w", err)
		}
		if int(count) != len(bl.raws) {
			return addrs, 0, fmt.Errorf("a block holds %d transactions, %d were sent", count, len(bl.raws))
		}
		sent += len(bl.raws)
		if time.Since(last) > 5*time.Second {
			last = time.Now()
			b.progress("  %d/%d events emitted", sent, b.events)
		}
	}
	return addrs, first, ctx.Err()
}

// floorFetch is the ceiling any indexer on this node can reach: the logs of
// [from, to] fetched four ranges at once, each of about as many logs as
// the indexer asks per range on a dense chain, decoded, and dropped.
func floorFetch(ctx context.Context, ec *ethclient.Client, sources []chain.Source, from, to uint64, perBlock int) (int, time.Duration, error) {
	dec, err := chain.NewDecoder(sources)
	if err != nil {
		return 0, 0, err
	}
	const workers = 4
	span := uint64(max(1, 2500/perBlock))
	start := time.Now()
	ranges := make(chan [2]uint64)
	var mu sync.Mutex
	var total int
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range ranges {
				logs, err := ec.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(r[0]), ToBlock: new(big.Int).SetUint64(r[1]),
					Addresses: dec.Addresses(), Topics: [][]common.Hash{dec.Topics()}})
				n := 0
				for _, l := range logs {
					if _, derr := dec.Decode(anvil.ChainID, l); derr == nil {
						n++
					}
				}
				mu.Lock()
				total += n
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("floor: get logs %d-%d: %w", r[0], r[1], err)
				}
				mu.Unlock()
			}
		}()
	}
	for s := from; s <= to; s += span {
		ranges <- [2]uint64{s, min(s+span-1, to)}
	}
	close(ranges)
	wg.Wait()
	return total, time.Since(start), firstErr
}

// vmHWM reads a process's peak resident set size in kB from /proc; 0 once
// it has exited.
func vmHWM(pid int) int64 {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// benchChain locates an emitted bench chain, saved next to its state.
type benchChain struct {
	Pass, Vault common.Address
	First, Head uint64
}

// saveBenchChain dumps the node's state (blocks, receipts and accounts)
// for --load-state, and the chain's description beside it.
func saveBenchChain(ctx context.Context, rc *rpc.Client, bc benchChain, statePath, metaPath string) error {
	var dump hexutil.Bytes
	if err := rc.CallContext(ctx, &dump, "anvil_dumpState"); err != nil {
		return fmt.Errorf("dump chain state: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(dump))
	if err != nil {
		return fmt.Errorf("dump chain state: %w", err)
	}
	state, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("dump chain state: %w", err)
	}
	meta, err := json.Marshal(bc)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(statePath, state, 0o644); err != nil {
		return fmt.Errorf("save chain state: %w", err)
	}
	return os.WriteFile(metaPath, meta, 0o644)
}

// writeIndexConfig writes a beckon.yaml in dir that indexes sources on one
// chain served at rpcURL, into dbURL (empty: SQLite in dir).
func writeIndexConfig(dir, dbURL, rpcURL string, sources []chain.Source) (string, error) {
	var cfg strings.Builder
	if dbURL != "" {
		fmt.Fprintf(&cfg, "database_url: %q\n", dbURL)
	}
	fmt.Fprintf(&cfg, "log_level: info\nchains:\n  - name: bench\n    chain_id: %d\n    rpc: [%q]\ncontracts:\n", anvil.ChainID, rpcURL)
	for _, s := range sources {
		fmt.Fprintf(&cfg, "  - name: %s\n    chain: bench\n    address: %q\n    kind: %s\n    start_block: %d\n", s.Name, s.Address.Hex(), s.Kind, s.StartBlock)
	}
	path := filepath.Join(dir, "beckon.yaml")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		return "", err
	}
	return path, nil
}

// childEnv is this process's environment without BECKON_* variables: a
// child beckon reads only its generated config, which they would override.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BECKON_") {
			env = append(env, kv)
		}
	}
	return env
}

type backfillRun struct {
	eventsPerS, peakRSSMB float64
	wall                  time.Duration
}

// progressRate reads the backfill's own rate from its last progress log.
var progressRate = regexp.MustCompile(`events_per_s=(\d+) events=(\d+)`)

// benchBackfill runs 'beckon index --to head' in a child process on a
// fresh store and checks it stored every event.
func benchBackfill(ctx context.Context, exe, dir, dbURL, rpcURL string, sources []chain.Source, head uint64, want int) (backfillRun, error) {
	var run backfillRun
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return run, err
	}
	cfgPath, err := writeIndexConfig(dir, dbURL, rpcURL, sources)
	if err != nil {
		return run, err
	}
	env := childEnv()
	child := func(args ...string) (peakKB int64, out string, err error) {
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = env
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Start(); err != nil {
			return 0, "", fmt.Errorf("%s: %w", args[0], err)
		}
		// The child's own high-water mark: rusage's ru_maxrss would
		// also count this process's memory, which the child shares
		// between fork and exec.
		done := make(chan struct{})
		var peak atomic.Int64
		go func() {
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for {
				if kb := vmHWM(cmd.Process.Pid); kb > peak.Load() {
					peak.Store(kb)
				}
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		}()
		err = cmd.Wait()
		close(done)
		if err != nil {
			return 0, buf.String(), fmt.Errorf("%s: %w: %s", strings.Join(args, " "), err, lastLines(buf.String(), 15))
		}
		return peak.Load(), buf.String(), nil
	}
	// Migrations first, so the timed run is the backfill.
	if _, _, err := child("migrate", "--config", cfgPath, "--data-dir", dir); err != nil {
		return run, err
	}
	start := time.Now()
	peakKB, out, err := child("index", "--config", cfgPath, "--data-dir", dir, "--to", strconv.FormatUint(head, 10))
	if err != nil {
		return run, err
	}
	run.wall = time.Since(start)
	run.peakRSSMB = float64(peakKB) / 1024
	m := progressRate.FindAllStringSubmatch(out, -1)
	if len(m) == 0 {
		return run, fmt.Errorf("no progress in the backfill's output: %s", lastLines(out, 15))
	}
	last := m[len(m)-1]
	rate, _ := strconv.ParseFloat(last[1], 64)
	run.eventsPerS = rate

	// Check the store holds exactly the emitted events.
	url := dbURL
	if url == "" {
		url = filepath.Join(dir, "beckon.db")
	}
	db, err := store.Open(ctx, url, slog.New(slog.DiscardHandler))
	if err != nil {
		return run, err
	}
	defer db.Close()
	var counts map[chain.Kind]int64
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		counts, err = tx.EventCounts(ctx, anvil.ChainID)
		return err
	}); err != nil {
		return run, err
	}
	var got int64
	for _, n := range counts {
		got += n
	}
	if got != int64(want) {
		return run, fmt.Errorf("stored %d events, %d were emitted", got, want)
	}
	return run, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
