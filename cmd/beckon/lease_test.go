package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestChainLeaseTakeover runs two indexer replicas on one PostgreSQL
// schema. Only the lease holder indexes; when its session dies (as when
// the process is killed) or it shuts down, the other takes over within
// 10 s, and every event is stored exactly once.
func TestChainLeaseTakeover(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresSchemaURL(t)
	ctx := t.Context()
	rc := newRewardsChain(t, newKey(t), newKey(t))
	dec, err := chain.NewDecoder([]chain.Source{{Name: "pass", Address: rc.addrs.Pass, Kind: chain.SourceERC721}})
	require.NoError(t, err)

	type replica struct {
		db     *store.DB
		cancel context.CancelFunc
		done   chan struct{}
	}
	var (
		active  atomic.Int32 // works running at once
		holder  atomic.Int32 // replica index + 1 of the last to start work
		started = make(chan int, 16)
		mu      sync.Mutex
		most    int32
	)
	replicas := make([]*replica, 2)
	for i := range replicas {
		db, err := store.Open(ctx, url, nil)
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		if i == 0 {
			_, err = db.Migrate(ctx)
			require.NoError(t, err)
		}
		ix := &chain.Indexer{ChainID: 1337, Client: rc.client, Store: &store.ChainStore{DB: db}, Decoder: dec}
		rctx, cancel := context.WithCancel(context.Background())
		r := &replica{db: db, cancel: cancel, done: make(chan struct{})}
		replicas[i] = r
		go func() {
			defer close(r.done)
			_ = runLeased(rctx, db, "chain:1337", 100*time.Millisecond, store.LeaseNoticeWithin, slog.New(slog.DiscardHandler), func(ctx context.Context) error {
				n := active.Add(1)
				defer active.Add(-1)
				mu.Lock()
				most = max(most, n)
				mu.Unlock()
				holder.Store(int32(i + 1))
				started <- i
				return ix.Follow(ctx, 20*time.Millisecond, nil)
			})
		}()
		t.Cleanup(func() { cancel(); <-r.done })
	}

	var mints []common.Hash
	mint := func() {
		tx, err := rc.c.MintPass(rc.opts(rc.owner))
		require.NoError(t, err)
		rc.mine(t, tx, true)
		mints = append(mints, tx.Hash())
	}
	first := <-started
	for range 3 {
		mint()
	}

	// Kill: end the holder's lease session as a dead process's would end.
	var key int64
	require.NoError(t, replicas[0].db.SQL.QueryRowContext(ctx,
		`SELECT hashtextextended('beckon:' || current_schema() || ':' || 'chain:1337', 0)`).Scan(&key))
	var pid int
	require.NoError(t, replicas[0].db.SQL.QueryRowContext(ctx,
		`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1`,
		int64(uint32(uint64(key)>>32)), int64(uint32(uint64(key)))).Scan(&pid))
	killed := time.Now()
	_, err = replicas[0].db.SQL.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, pid)
	require.NoError(t, err)
	mint()
	select {
	case next := <-started:
		require.NotEqual(t, first, next, "the other replica takes over")
		require.Less(t, time.Since(killed), 10*time.Second)
	case <-time.After(10 * time.Second):
		t.Fatal("no takeover within 10 s of the holder's death")
	}
	mint()

	// Close: the new holder shuts down; the first replica takes over again.
	second := int(holder.Load()) - 1
	closed := time.Now()
	replicas[second].cancel()
	<-replicas[second].done
	mint()
	select {
	case next := <-started:
		require.Equal(t, first, next)
		require.Less(t, time.Since(closed), 10*time.Second)
	case <-time.After(10 * time.Second):
		t.Fatal("no takeover within 10 s of the holder's shutdown")
	}
	mint()

	require.Eventually(t, func() bool {
		var evs []chain.Event
		_ = replicas[first].db.InTx(ctx, func(tx *store.Tx) error {
			evs, err = tx.Events(ctx, store.EventFilter{ChainID: 1337, IncludeRemoved: true})
			return err
		})
		return len(evs) >= len(mints)
	}, 30*time.Second, 20*time.Millisecond)
	var evs []chain.Event
	require.NoError(t, replicas[first].db.InTx(ctx, func(tx *store.Tx) error {
		evs, err = tx.Events(ctx, store.EventFilter{ChainID: 1337, IncludeRemoved: true})
		return err
	}))
	seen := map[common.Hash]int{}
	for _, e := range evs {
		seen[e.TxHash]++
	}
	for _, h := range mints {
		require.Equal(t, 1, seen[h], "mint %s stored exactly once", h)
	}
	require.Len(t, evs, len(mints), "nothing else stored")
	mu.Lock()
	require.Equal(t, int32(1), most, "never two replicas indexing at once")
	mu.Unlock()
}

func TestCLIIndexStatusEventsPerSecond(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgFile := writeFile(t, "beckon.yaml", `chains:
  - { name: local, chain_id: 31337, rpc: ["http://127.0.0.1:1"] }
contracts:
  - { name: pass, chain: local, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", kind: erc721 }
`)
	ctx := t.Context()
	db, err := openStore(ctx, &Config{}, dir, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	var events []chain.Event
	for i := range 120 {
		events = append(events, chain.Event{ChainID: 31337, BlockNumber: 7, BlockHash: common.Hash{7}, LogIndex: uint(i), Source: "pass",
			Kind: chain.KindMint, Name: "Transfer", Provisional: i%2 == 0, Args: map[string]string{}})
	}
	require.NoError(t, (&store.ChainStore{DB: db}).Commit(ctx, chain.Batch{ChainID: 31337, Events: events,
		Checkpoint: chain.Checkpoint{ChainID: 31337, Number: 7, Hash: common.Hash{7}, Head: 9}}))
	require.NoError(t, db.Close())

	code, stdout, stderr := runCLIEnv(t, nil, "index", "status", "--json", "--config", cfgFile, "--data-dir", dir)
	require.Equal(t, exitOK, code, stderr)
	var status struct {
		Chains map[string]struct {
			Lag         uint64
			EventsPerS  float64 `json:"events_per_s"`
			Provisional int64
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &status))
	require.Equal(t, 2.0, status.Chains["local"].EventsPerS, "120 events stored within the last minute")
	require.Equal(t, int64(60), status.Chains["local"].Provisional)
	require.Equal(t, uint64(2), status.Chains["local"].Lag)

	code, stdout, stderr = runCLIEnv(t, nil, "index", "status", "--config", cfgFile, "--data-dir", dir)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "2.0 events/s")
}
