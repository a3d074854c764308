package chain_test

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/anvil"
	"github.com/beckonhq/beckon/store"
)

const reorgRounds = 20

func testRNG(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	return rand.New(rand.NewPCG(seed, 0x5eed))
}

// requireLiveMatchesFresh waits for the live indexer to reach the head,
// then checks its canonical events equal a fresh reading of the final
// chain (its logs decoded; in the last round a whole fresh index) and that
// every wallet holds exactly the points those events earn.
func requireLiveMatchesFresh(t *testing.T, l *liveIndexer, client chain.Client, chainID uint64, sources []chain.Source, head *types.Header, round, depth int) {
	t.Helper()
	l.waitFor(t, head.Number.Uint64(), head.Hash())
	var fresh []chain.Event
	if round == reorgRounds-1 {
		fresh = cleanIndex(t, client, chainID, sources, head.Number.Uint64())
	} else {
		dec, err := chain.NewDecoder(sources)
		require.NoError(t, err)
		logs, err := client.FilterLogs(t.Context(), ethereum.FilterQuery{ToBlock: head.Number, Addresses: dec.Addresses(), Topics: [][]common.Hash{dec.Topics()}})
		require.NoError(t, err)
		for _, lg := range logs {
			e, err := dec.Decode(chainID, lg)
			require.NoError(t, err)
			fresh = append(fresh, e)
		}
	}
	require.Equal(t, withoutIDs(fresh), withoutIDs(storedEvents(t, l.db, chainID, false)), "round %d depth %d", round, depth)
	requirePointsMatch(t, l.db, fresh)
}

// reincluded counts canonical events of transactions that an orphaned
// block had held: they are in another block now.
func reincluded(t *testing.T, l *liveIndexer, orphaned []*types.Transaction) int {
	t.Helper()
	txs := map[common.Hash]bool{}
	for _, tx := range orphaned {
		txs[tx.Hash()] = true
	}
	n := 0
	for _, e := range storedEvents(t, l.db, l.ix.ChainID, false) {
		if txs[e.TxHash] {
			n++
		}
	}
	return n
}

func requirePointsReversed(t *testing.T, db *store.DB) {
	t.Helper()
	require.NoError(t, db.InTx(t.Context(), func(tx *store.Tx) error {
		awarded, reversed, err := tx.PointsTotals(t.Context())
		require.Positive(t, awarded)
		require.Positive(t, reversed, "no orphaned event's points were reversed")
		return err
	}))
}

func TestRandomReorgsDuringLiveIndexingSimulated(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		rng := testRNG(t)
		s := newSimChain(t)
		s.fund()
		for range 12 { // history below the deepest fork
			s.sim.Commit()
		}
		byAddr := map[common.Address]*account{s.owner.addr: s.owner, s.alice.addr: s.alice, s.bob.addr: s.bob}
		act := func(n int) {
			for range n {
				a := []*account{s.alice, s.bob}[rng.IntN(2)]
				if rng.IntN(2) == 0 {
					s.send(s.c.MintPass(a.next(ctx)))
				} else {
					s.send(s.c.Stake(a.next(ctx), big.NewInt(int64(1+rng.IntN(100)))))
				}
			}
		}
		// Fork needs an empty pool; reorged-out transactions come back to
		// it in the background, so mine until it stays empty.
		drain := func() {
			for empty := 0; empty < 2; {
				n, err := s.client.PendingTransactionCount(ctx)
				require.NoError(t, err)
				if n == 0 {
					empty++
				} else {
					empty = 0
					s.sim.Commit()
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		l := startLive(t, s.client, simChainID, s.sources(), open(t))
		var detectedBefore int64
		again := 0 // canonical events of transactions re-included after a reorg
		for round := range reorgRounds {
			// The head block always holds a transaction, so the new branch
			// cannot come out identical to the orphaned one.
			for range rng.IntN(4) {
				act(rng.IntN(4))
				s.sim.Commit()
			}
			act(1)
			s.sim.Commit()
			drain()
			if round%4 != 3 { // else the reorg lands while the indexer may be mid-sync
				h := s.head()
				l.waitFor(t, h.Number.Uint64(), h.Hash())
			}
			depth := 1 + rng.IntN(10)
			// The simulated beacon finalizes every 32nd block and cannot
			// build on a fork below it: move the head past the boundary.
			finalized := func(h uint64) uint64 {
				if h%32 == 0 {
					return h
				}
				return (h - 1) / 32 * 32
			}
			for h := s.head().Number.Uint64(); h-uint64(depth) < finalized(h); h = s.head().Number.Uint64() {
				act(1)
				s.sim.Commit()
				drain()
			}
			head := s.head().Number.Uint64()
			fork := s.headerAt(head - uint64(depth))
			var orphaned []*types.Transaction
			for n := fork.Number.Uint64() + 1; n <= head; n++ {
				b, err := s.client.BlockByNumber(ctx, new(big.Int).SetUint64(n))
				require.NoError(t, err)
				orphaned = append(orphaned, b.Transactions()...)
			}
			require.NoError(t, s.sim.Fork(fork.Hash()))
			// Odd rounds drop the orphaned transactions for good (a
			// same-nonce replacement each); even rounds let the pool
			// include them again in other blocks.
			if round%2 == 1 {
				signer := types.LatestSignerForChainID(big.NewInt(simChainID))
				for _, tx := range orphaned {
					from, err := types.Sender(signer, tx)
					require.NoError(t, err)
					a := byAddr[from]
					repl, err := types.SignNewTx(a.key, signer, &types.DynamicFeeTx{ChainID: big.NewInt(simChainID), Nonce: tx.Nonce(),
						GasTipCap: new(big.Int).Mul(tx.GasTipCap(), big.NewInt(10)), GasFeeCap: new(big.Int).Mul(tx.GasFeeCap(), big.NewInt(10)),
						Gas: 21_000, To: &a.addr, Value: new(big.Int)})
					require.NoError(t, err)
					// The pool moves to the fork in the background; until then the nonce looks used.
					for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
						err = s.client.SendTransaction(ctx, repl)
						if err == nil || time.Now().After(deadline) {
							break
						}
					}
					require.NoError(t, err)
				}
			}
			for i := range depth + 1 + rng.IntN(2) { // the new branch is longer
				if i == 0 {
					act(1)
				}
				s.sim.Commit()
			}
			// Commit only logs a failed block: make sure the new branch
			// did outgrow the old one.
			for tries := 0; s.head().Number.Uint64() <= head; tries++ {
				require.Less(t, tries, 50, "the new branch does not grow")
				s.sim.Commit()
			}
			drain()
			requireLiveMatchesFresh(t, l, s.client, simChainID, s.sources(), s.head(), round, depth)
			if round%2 == 0 {
				again += reincluded(t, l, orphaned)
			}
			if round%4 != 3 {
				n := l.reorgs(t)
				require.Greater(t, n, detectedBefore, "round %d: the reorg of depth %d went unnoticed", round, depth)
				detectedBefore = n
			}
		}
		require.GreaterOrEqual(t, l.reorgs(t), int64(reorgRounds*3/4))
		require.Positive(t, again, "no orphaned transaction was included again")
		t.Logf("%d reorgs, %d events re-included in other blocks", l.reorgs(t), again)
		requirePointsReversed(t, l.db)
	})
}

func TestRandomReorgsDuringLiveIndexingAnvil(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		rng := testRNG(t)
		a := newAnvilChain(t, 3)
		a.emit(12, 2) // history below the deepest fork
		l := startLive(t, a.client, anvil.ChainID, a.sources(), open(t))
		var detectedBefore int64
		again := 0 // canonical events of transactions re-included after a reorg
		for round := range reorgRounds {
			for range 1 + rng.IntN(3) {
				a.act(rng.IntN(4))
				a.mine()
			}
			if round%4 != 3 {
				h, err := a.client.HeaderByNumber(ctx, nil)
				require.NoError(t, err)
				l.waitFor(t, h.Number.Uint64(), h.Hash())
			}
			depth := 1 + rng.IntN(10)
			head := a.head()
			first := head - uint64(depth) + 1
			// Even rounds put the orphaned transactions into the new
			// branch again, one block later where there is room; odd
			// rounds drop them.
			// A transaction the orphaned branch never had makes the new
			// branch differ from its first block on.
			owner := a.addr(0)
			marker, err := types.SignNewTx(a.keys[0], types.LatestSignerForChainID(big.NewInt(anvil.ChainID)), &types.DynamicFeeTx{
				ChainID: big.NewInt(anvil.ChainID), Nonce: a.nonces[0], GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(100e9),
				Gas: 21_000, To: &owner, Value: big.NewInt(int64(round + 1))})
			require.NoError(t, err)
			rawMarker, err := marker.MarshalBinary()
			require.NoError(t, err)
			pairs := []any{[]any{hexutil.Bytes(rawMarker), 0}}
			var orphaned []*types.Transaction
			if round%2 == 0 {
				for n := first; n <= head; n++ {
					b, err := a.client.BlockByNumber(ctx, new(big.Int).SetUint64(n))
					require.NoError(t, err)
					for _, tx := range b.Transactions() {
						orphaned = append(orphaned, tx)
						raw, err := tx.MarshalBinary()
						require.NoError(t, err)
						pairs = append(pairs, []any{hexutil.Bytes(raw), min(n-first+1, uint64(depth-1))})
					}
				}
			}
			require.NoError(t, a.rpc.CallContext(ctx, nil, "anvil_reorg", depth, pairs))
			a.refreshNonces()
			for range rng.IntN(3) {
				a.act(rng.IntN(3))
				a.mine()
			}
			h, err := a.client.HeaderByNumber(ctx, nil)
			require.NoError(t, err)
			requireLiveMatchesFresh(t, l, a.client, anvil.ChainID, a.sources(), h, round, depth)
			again += reincluded(t, l, orphaned)
			if round%4 != 3 {
				n := l.reorgs(t)
				require.Greater(t, n, detectedBefore, "round %d: the reorg of depth %d went unnoticed", round, depth)
				detectedBefore = n
			}
		}
		require.GreaterOrEqual(t, l.reorgs(t), int64(reorgRounds*3/4))
		require.Positive(t, again, "no orphaned transaction was included again")
		t.Logf("%d reorgs, %d events re-included in other blocks", l.reorgs(t), again)
		requirePointsReversed(t, l.db)
	})
}
