package chain_test

import (
	"context"
	"fmt"
	"math/big"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// eventually is generous: the CI machine is slow and shared.
const eventually = 30 * time.Second

// follow runs x's indexer in the background until the test ends and
// returns what Follow returned, once it has.
func follow(t *testing.T, x *indexed, interval time.Duration) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		done <- x.ix.Follow(ctx, interval, nil)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-returned:
		case <-time.After(eventually):
			t.Error("Follow did not return after its context ended")
		}
	})
	return done
}

func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			sum += m.GetGauge().GetValue() + m.GetCounter().GetValue()
		}
	}
	return sum
}

// TestFollowPushedHeadsProvisionalEvents follows with a poll interval of
// an hour, so only pushed heads can drive it: events of a new block are
// stored provisional, promoted once deep enough and removed by a reorg.
func TestFollowPushedHeadsProvisionalEvents(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		s.fund()
		x := newIndexed(t, s, open(t), 16, 100)
		reg := prometheus.NewRegistry()
		x.ix.Metrics = chain.NewMetrics(reg)
		x.ix.Confirmations = 3
		follow(t, x, time.Hour)
		require.Eventually(t, func() bool {
			cp, ok, err := x.cs.Checkpoint(ctx, simChainID)
			return err == nil && ok && cp.Number == s.head().Number.Uint64()
		}, eventually, 10*time.Millisecond, "the first pass indexes to the head")

		fork := s.head()
		mint := s.send(s.c.MintPass(s.alice.next(ctx)))
		s.sim.Commit()
		committed := time.Now()
		var ev chain.Event
		require.Eventually(t, func() bool {
			evs := findTx(x.events(t, false), mint.Hash())
			if len(evs) == 0 {
				return false
			}
			ev = evs[0]
			return true
		}, eventually, 10*time.Millisecond, "a pushed head is indexed without waiting for the poll")
		t.Logf("block committed to event stored: %s", time.Since(committed))
		require.True(t, ev.Provisional, "at depth 0 < 3 confirmations the event is provisional")
		// The metric moves just after the commit the event was read from.
		require.Eventually(t, func() bool { return gauge(t, reg, "beckon_chain_events_provisional_total") >= 1 },
			eventually, 10*time.Millisecond)

		// Reorged away while provisional: removed, never confirmed.
		s.orphan(fork, s.alice, mint, 2)
		require.Eventually(t, func() bool { return len(findTx(x.events(t, false), mint.Hash())) == 0 }, eventually, 10*time.Millisecond)
		require.Len(t, findTx(x.events(t, true), mint.Hash()), 1, "kept as removed")
		require.Eventually(t, func() bool { return gauge(t, reg, "beckon_chain_reorgs_total") == 1 }, eventually, 10*time.Millisecond)

		again := s.send(s.c.MintPass(s.bob.next(ctx)))
		s.sim.Commit()
		require.Eventually(t, func() bool { return len(findTx(x.events(t, false), again.Hash())) == 1 }, eventually, 10*time.Millisecond)
		require.True(t, findTx(x.events(t, false), again.Hash())[0].Provisional)
		for range 3 {
			s.sim.Commit()
		}
		require.Eventually(t, func() bool {
			evs := findTx(x.events(t, false), again.Hash())
			return len(evs) == 1 && !evs[0].Provisional
		}, eventually, 10*time.Millisecond, "promoted at 3 confirmations")
		require.Eventually(t, func() bool {
			return gauge(t, reg, "beckon_chain_head_block") == float64(s.head().Number.Uint64())
		}, eventually, 10*time.Millisecond)
		require.Zero(t, gauge(t, reg, "beckon_chain_reorg_too_deep"))
	})
}

func TestFollowHaltsOnReorgTooDeep(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newSimChain(t)
	s.send(s.c.MintPass(s.bob.next(ctx)))
	s.sim.Commit()
	x := newIndexed(t, s, storetest.OpenSQLite(t), 2, 3)
	reg := prometheus.NewRegistry()
	x.ix.Metrics = chain.NewMetrics(reg)
	_, err := x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	fork := s.head()
	mint := s.send(s.c.MintPass(s.alice.next(ctx)))
	for range 4 {
		s.sim.Commit()
	}
	_, err = x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	cp := x.checkpoint(t)
	s.orphan(fork, s.alice, mint, 5)

	done := follow(t, x, 10*time.Millisecond)
	select {
	case err := <-done:
		require.ErrorIs(t, err, chain.ErrReorgTooDeep, "the chain halts instead of diverging")
	case <-time.After(eventually):
		t.Fatal("Follow kept going past a reorg deeper than its headers")
	}
	require.Equal(t, 1.0, gauge(t, reg, "beckon_chain_reorg_too_deep"), "the alerting gauge is raised")
	require.Equal(t, cp, x.checkpoint(t), "nothing moved")
}

// silentHeads subscribes successfully but never delivers a head, like a
// websocket whose server stopped pushing without closing.
type silentHeads struct {
	chain.Client
	subscribed atomic.Int32
}

type silentSub struct{ err chan error }

func (s silentSub) Unsubscribe()      {}
func (s silentSub) Err() <-chan error { return s.err }

func (c *silentHeads) SubscribeNewHead(context.Context, chan<- *types.Header) (ethereum.Subscription, error) {
	c.subscribed.Add(1)
	return silentSub{err: make(chan error)}, nil
}

func TestFollowWatchdogRestartsSilentSubscription(t *testing.T) {
	t.Parallel()
	s := newSimChain(t)
	x := newIndexed(t, s, storetest.OpenSQLite(t), 16, 100)
	reg := prometheus.NewRegistry()
	x.ix.Metrics = chain.NewMetrics(reg)
	silent := &silentHeads{Client: s.client}
	x.ix.Client = silent
	x.ix.StallTimeout = 100 * time.Millisecond
	follow(t, x, 10*time.Millisecond)
	deadline := time.Now().Add(eventually)
	for silent.subscribed.Load() < 2 && time.Now().Before(deadline) {
		s.sim.Commit() // the node moves; polling sees it, the subscription does not
		time.Sleep(20 * time.Millisecond)
	}
	require.GreaterOrEqual(t, silent.subscribed.Load(), int32(2), "the watchdog resubscribes")
	require.GreaterOrEqual(t, gauge(t, reg, "beckon_chain_watchdog_restarts_total"), 1.0)
	require.Eventually(t, func() bool {
		cp, ok, err := x.cs.Checkpoint(t.Context(), simChainID)
		return err == nil && ok && cp.Number == s.head().Number.Uint64()
	}, eventually, 10*time.Millisecond, "polling kept indexing meanwhile")
}

// countingLogs counts eth_getLogs by block hash and can flag answers as
// removed, the way a node marks logs of a block it reorged away.
type countingLogs struct {
	chain.Client
	byHash      atomic.Int32
	markRemoved atomic.Bool
}

func (c *countingLogs) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if q.BlockHash != nil {
		c.byHash.Add(1)
	}
	logs, err := c.Client.FilterLogs(ctx, q)
	if c.markRemoved.Load() {
		for i := range logs {
			logs[i].Removed = true
		}
	}
	return logs, err
}

func TestSyncSkipsBlocksTheBloomRulesOut(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newSimChain(t)
	s.send(s.c.MintPass(s.alice.next(ctx)))
	s.sim.Commit()
	for range 10 {
		s.sim.Commit()
	}
	x := newIndexed(t, s, storetest.OpenSQLite(t), 1000, 100)
	counting := &countingLogs{Client: s.client}
	x.ix.Client = counting
	res, err := x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	require.Len(t, x.events(t, false), 1)
	blocks := int32(res.To - res.From + 1)
	require.Positive(t, counting.byHash.Load(), "the block with the mint is asked")
	require.Less(t, counting.byHash.Load(), blocks-9, "the ten empty blocks are skipped on their bloom")
}

func TestSyncTreatsRemovedLogsAsAReorg(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newSimChain(t)
	x := newIndexed(t, s, storetest.OpenSQLite(t), 1000, 100)
	_, err := x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	cp := x.checkpoint(t)
	s.send(s.c.MintPass(s.alice.next(ctx)))
	s.sim.Commit()

	counting := &countingLogs{Client: s.client}
	counting.markRemoved.Store(true)
	x.ix.Client = counting
	_, err = x.ix.Sync(ctx, 0)
	require.True(t, chain.IsRaced(err), "a removed log is not stored: %v", err)
	require.Equal(t, cp, x.checkpoint(t))
	require.Empty(t, x.events(t, true))

	counting.markRemoved.Store(false)
	_, err = x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	require.Len(t, x.events(t, false), 1)
	requireCheckpointAtHead(t, s, x)
}

// finalityTags serves the safe and finalized tags lag blocks under the
// head, as a proof-of-stake node does an epoch or two behind.
type finalityTags struct {
	chain.Client
	lag    uint64
	tagged atomic.Int32
}

func (c *finalityTags) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	if n != nil && (n.Int64() == rpc.SafeBlockNumber.Int64() || n.Int64() == rpc.FinalizedBlockNumber.Int64()) {
		c.tagged.Add(1)
		head, err := c.Client.HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, err
		}
		return c.Client.HeaderByNumber(ctx, new(big.Int).Sub(head.Number, new(big.Int).SetUint64(c.lag)))
	}
	return c.Client.HeaderByNumber(ctx, n)
}

func TestSyncConfirmsAtTheFinalizedBlock(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		x := newIndexed(t, s, open(t), 16, 100)
		tags := &finalityTags{Client: s.client, lag: 2}
		x.ix.Client, x.ix.Finality = tags, "finalized"
		x.ix.Confirmations = 100 // ignored when a finality tag is set
		mint := s.send(s.c.MintPass(s.alice.next(ctx)))
		s.sim.Commit()
		_, err := x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.Positive(t, tags.tagged.Load(), "the finalized tag is asked")
		require.True(t, findTx(x.events(t, false), mint.Hash())[0].Provisional, "above the finalized block")
		s.sim.Commit()
		_, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.True(t, findTx(x.events(t, false), mint.Hash())[0].Provisional, "one block deep, finalized is two behind")
		s.sim.Commit()
		_, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.False(t, findTx(x.events(t, false), mint.Hash())[0].Provisional, "at the finalized block")

		x.ix.Finality = "latest"
		_, err = x.ix.Sync(ctx, 0)
		require.ErrorContains(t, err, "unknown finality")
	})
}

// TestFollowOverPoolWebsocket follows through a pool whose endpoints are
// a node's HTTP and WS servers, polling once an hour: new heads arrive
// only through the pool's newHeads subscription on the ws:// endpoint.
func TestFollowOverPoolWebsocket(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var httpPort, wsPort int
	s := newSimChain(t, func(nc *node.Config, _ *ethconfig.Config) {
		httpPort, wsPort = freePort(t), freePort(t)
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", httpPort, []string{"eth", "net"}
		nc.WSHost, nc.WSPort, nc.WSModules = "127.0.0.1", wsPort, []string{"eth", "net"}
	})
	pool, err := chain.DialPool(ctx, []string{fmt.Sprintf("http://127.0.0.1:%d", httpPort), fmt.Sprintf("ws://127.0.0.1:%d", wsPort)}, chain.PoolOptions{})
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	x := newIndexed(t, s, storetest.OpenSQLite(t), 16, 100)
	x.ix.Client = pool
	follow(t, x, time.Hour)
	require.Eventually(t, func() bool {
		cp, ok, err := x.cs.Checkpoint(ctx, simChainID)
		return err == nil && ok && cp.Number == s.head().Number.Uint64()
	}, eventually, 10*time.Millisecond)
	mint := s.send(s.c.MintPass(s.alice.next(ctx)))
	s.sim.Commit()
	require.Eventually(t, func() bool { return len(findTx(x.events(t, false), mint.Hash())) == 1 }, eventually, 10*time.Millisecond,
		"the ws:// endpoint pushed the head")
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

// TestFollowWatchdogLeavesAQuietChainAlone: no new blocks is not a stall.
func TestFollowWatchdogLeavesAQuietChainAlone(t *testing.T) {
	t.Parallel()
	s := newSimChain(t)
	x := newIndexed(t, s, storetest.OpenSQLite(t), 16, 100)
	reg := prometheus.NewRegistry()
	x.ix.Metrics = chain.NewMetrics(reg)
	silent := &silentHeads{Client: s.client}
	x.ix.Client = silent
	x.ix.StallTimeout = 50 * time.Millisecond
	follow(t, x, 10*time.Millisecond)
	require.Eventually(t, func() bool {
		cp, ok, err := x.cs.Checkpoint(t.Context(), simChainID)
		return err == nil && ok && cp.Number == s.head().Number.Uint64()
	}, eventually, 10*time.Millisecond)
	time.Sleep(500 * time.Millisecond) // ten stall timeouts with the head standing still
	require.Equal(t, int32(1), silent.subscribed.Load(), "no restart while the node's head stands still too")
	require.Zero(t, gauge(t, reg, "beckon_chain_watchdog_restarts_total"))
}
