package chain_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/deployment"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// simChainID is the simulated backend's chain id.
const simChainID = 1337

var (
	transferID = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
	stakedID   = crypto.Keccak256Hash([]byte("Staked(address,uint256)"))
	unstakedID = crypto.Keccak256Hash([]byte("Unstaked(address,uint256)"))
)

// account is a funded key of the simulated chain. Nonces are tracked here:
// the simulated pool's pending nonce is unreliable with several
// transactions of one sender per block.
type account struct {
	key   *ecdsa.PrivateKey
	addr  common.Address
	nonce uint64
}

// next returns options for the account's next transaction, with an
// explicit nonce and gas limit.
func (a *account) next(ctx context.Context) *bind.TransactOpts {
	o := bind.NewKeyedTransactor(a.key, big.NewInt(simChainID))
	o.Context = ctx
	o.GasLimit = 1_000_000
	o.Nonce = new(big.Int).SetUint64(a.nonce)
	a.nonce++
	return o
}

type simChain struct {
	t      *testing.T
	ctx    context.Context
	sim    *simulated.Backend
	client simulated.Client
	addrs  deployment.Addresses
	c      *deployment.Contracts
	owner  *account
	alice  *account
	bob    *account
	sent   []*types.Transaction
}

func newSimChain(t *testing.T, opts ...func(*node.Config, *ethconfig.Config)) *simChain {
	t.Helper()
	ctx := t.Context()
	accounts := make([]*account, 3)
	alloc := types.GenesisAlloc{}
	for i := range accounts {
		key, err := crypto.GenerateKey()
		require.NoError(t, err)
		a := &account{key: key, addr: crypto.PubkeyToAddress(key.PublicKey)}
		accounts[i] = a
		alloc[a.addr] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))}
	}
	sim := simulated.NewBackend(alloc, opts...)
	t.Cleanup(func() { _ = sim.Close() })
	client := sim.Client()

	// Deploy commits after every deployment, so the pool's view of the
	// owner's nonce is accurate here.
	deployer := bind.NewKeyedTransactor(accounts[0].key, big.NewInt(simChainID))
	deployer.Context = ctx
	addrs, err := deployment.Deploy(ctx, client, deployer, func() { sim.Commit() }, deployment.Options{})
	require.NoError(t, err)
	for _, a := range accounts {
		a.nonce, err = client.NonceAt(ctx, a.addr, nil)
		require.NoError(t, err)
	}
	return &simChain{
		t: t, ctx: ctx, sim: sim, client: client, addrs: addrs, c: deployment.New(client, addrs),
		owner: accounts[0], alice: accounts[1], bob: accounts[2],
	}
}

func (s *simChain) sources() []chain.Source {
	return []chain.Source{
		{Name: "pass", Address: s.addrs.Pass, Kind: chain.SourceERC721},
		{Name: "vault", Address: s.addrs.Vault, Kind: chain.SourceStaking},
		{Name: "governor", Address: s.addrs.Governor, Kind: chain.SourceGovernor},
		{Name: "distributor", Address: s.addrs.Distributor, Kind: chain.SourceDistributor},
	}
}

// send records a transaction sent through a deployment helper.
func (s *simChain) send(tx *types.Transaction, err error) *types.Transaction {
	s.t.Helper()
	require.NoError(s.t, err)
	s.sent = append(s.sent, tx)
	return tx
}

func (s *simChain) head() *types.Header {
	s.t.Helper()
	h, err := s.client.HeaderByNumber(s.ctx, nil)
	require.NoError(s.t, err)
	return h
}

func (s *simChain) headerAt(n uint64) *types.Header {
	s.t.Helper()
	h, err := s.client.HeaderByNumber(s.ctx, new(big.Int).SetUint64(n))
	require.NoError(s.t, err)
	return h
}

// receipt returns tx's receipt on the canonical chain, requiring success.
func (s *simChain) receipt(tx *types.Transaction) *types.Receipt {
	s.t.Helper()
	// Transaction lookups are indexed in the background; give them a moment.
	var r *types.Receipt
	var err error
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		r, err = s.client.TransactionReceipt(s.ctx, tx.Hash())
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	require.NoError(s.t, err, "receipt of %s", tx.Hash())
	require.Equal(s.t, types.ReceiptStatusSuccessful, r.Status, "tx %s reverted", tx.Hash())
	return r
}

// fund mints reward tokens to alice and bob and lets the vault pull them.
func (s *simChain) fund() {
	s.t.Helper()
	amount := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	s.send(s.c.MintToken(s.owner.next(s.ctx), s.alice.addr, amount))
	s.send(s.c.MintToken(s.owner.next(s.ctx), s.bob.addr, amount))
	s.sim.Commit()
	s.send(s.c.Approve(s.alice.next(s.ctx), s.addrs.Vault, amount))
	s.send(s.c.Approve(s.bob.next(s.ctx), s.addrs.Vault, amount))
	s.sim.Commit()
}

// emitted is an event as the receipts show it, classified without the
// decoder.
type emitted struct {
	Block    uint64
	Hash     common.Hash
	LogIndex uint
	Tx       common.Hash
	Kind     chain.Kind
	Wallet   common.Address
}

// emittedEvents lists, in chain order, the watched events of every sent
// transaction. Only for chains without reorgs.
func (s *simChain) emittedEvents() []emitted {
	s.t.Helper()
	var out []emitted
	for _, tx := range s.sent {
		for _, l := range s.receipt(tx).Logs {
			e := emitted{Block: l.BlockNumber, Hash: l.BlockHash, LogIndex: l.Index, Tx: l.TxHash}
			switch {
			case l.Address == s.addrs.Pass && l.Topics[0] == transferID && len(l.Topics) == 4:
				e.Kind, e.Wallet = chain.KindTransfer, common.BytesToAddress(l.Topics[2].Bytes())
				if common.BytesToAddress(l.Topics[1].Bytes()) == (common.Address{}) {
					e.Kind = chain.KindMint
				}
			case l.Address == s.addrs.Vault && l.Topics[0] == stakedID:
				e.Kind, e.Wallet = chain.KindStake, common.BytesToAddress(l.Topics[1].Bytes())
			case l.Address == s.addrs.Vault && l.Topics[0] == unstakedID:
				e.Kind, e.Wallet = chain.KindUnstake, common.BytesToAddress(l.Topics[1].Bytes())
			default:
				continue
			}
			out = append(out, e)
		}
	}
	sortEmitted(out)
	return out
}

func sortEmitted(es []emitted) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && (es[j].Block < es[j-1].Block || es[j].Block == es[j-1].Block && es[j].LogIndex < es[j-1].LogIndex); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func asEmitted(events []chain.Event) []emitted {
	out := make([]emitted, len(events))
	for i, e := range events {
		out[i] = emitted{Block: e.BlockNumber, Hash: e.BlockHash, LogIndex: e.LogIndex, Tx: e.TxHash, Kind: e.Kind, Wallet: e.Wallet}
	}
	return out
}

func countKinds(es []emitted) map[chain.Kind]int {
	out := map[chain.Kind]int{}
	for _, e := range es {
		out[e.Kind]++
	}
	return out
}

// indexed is one store with an indexer of the simulated chain.
type indexed struct {
	db       *store.DB
	cs       *store.ChainStore
	ix       *chain.Indexer
	inserted []chain.Event
	removed  []chain.Event
}

func newIndexed(t *testing.T, s *simChain, db *store.DB, keep, rangeSize uint64) *indexed {
	t.Helper()
	dec, err := chain.NewDecoder(s.sources())
	require.NoError(t, err)
	x := &indexed{db: db}
	x.cs = &store.ChainStore{
		DB: db,
		OnEvents: func(_ context.Context, _ *store.Tx, inserted []chain.Event) error {
			x.inserted = append(x.inserted, inserted...)
			return nil
		},
		OnRemoved: func(_ context.Context, _ *store.Tx, removed []chain.Event) error {
			x.removed = append(x.removed, removed...)
			return nil
		},
	}
	x.ix = &chain.Indexer{ChainID: simChainID, Client: s.client, Store: x.cs, Decoder: dec, KeepHeaders: keep, RangeSize: rangeSize}
	return x
}

func (x *indexed) events(t *testing.T, includeRemoved bool) []chain.Event {
	t.Helper()
	var out []chain.Event
	require.NoError(t, x.db.InTx(t.Context(), func(tx *store.Tx) error {
		var err error
		out, err = tx.Events(t.Context(), store.EventFilter{ChainID: simChainID, IncludeRemoved: includeRemoved})
		return err
	}))
	return out
}

func (x *indexed) checkpoint(t *testing.T) chain.Checkpoint {
	t.Helper()
	cp, ok, err := x.cs.Checkpoint(t.Context(), simChainID)
	require.NoError(t, err)
	require.True(t, ok)
	return cp
}

func (x *indexed) headers(t *testing.T) []chain.Header {
	t.Helper()
	hs, err := x.cs.Headers(t.Context(), simChainID, 0)
	require.NoError(t, err)
	return hs
}

func (x *indexed) reorgs(t *testing.T) int64 {
	t.Helper()
	var n int64
	require.NoError(t, x.db.InTx(t.Context(), func(tx *store.Tx) error {
		var err error
		n, err = tx.Reorgs(t.Context(), simChainID)
		return err
	}))
	return n
}

func (x *indexed) setCheckpoint(t *testing.T, h *types.Header) {
	t.Helper()
	require.NoError(t, x.db.InTx(t.Context(), func(tx *store.Tx) error {
		return tx.SetCheckpoint(t.Context(), chain.Checkpoint{ChainID: simChainID, Number: h.Number.Uint64(), Hash: h.Hash()})
	}))
}

// withoutIDs strips what legitimately differs between two stores.
// withoutIDs drops what depends on the store's history rather than the
// chain: ids and revival revisions.
func withoutIDs(events []chain.Event) []chain.Event {
	out := make([]chain.Event, len(events))
	for i, e := range events {
		e.ID, e.Revision = 0, 0
		out[i] = e
	}
	return out
}

func requireCheckpointAtHead(t *testing.T, s *simChain, x *indexed) {
	t.Helper()
	head := s.head()
	cp := x.checkpoint(t)
	require.Equal(t, head.Number.Uint64(), cp.Number)
	require.Equal(t, head.Hash(), cp.Hash)
}

func forEachBackend(t *testing.T, run func(t *testing.T, open func(testing.TB) *store.DB)) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			run(t, b.Open)
		})
	}
}

func TestIndexerBackfillAndReplay(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		s.fund()
		for i := range 12 {
			s.send(s.c.MintPass(s.alice.next(ctx)))
			if i%2 == 0 {
				s.send(s.c.MintPass(s.bob.next(ctx)))
			}
			s.send(s.c.Stake(s.alice.next(ctx), big.NewInt(int64(i+1))))
			if i%3 == 0 {
				s.send(s.c.Stake(s.bob.next(ctx), big.NewInt(7)))
			}
			if i%4 == 3 {
				s.send(s.c.Unstake(s.alice.next(ctx), big.NewInt(2)))
			}
			s.sim.Commit()
			if i%5 == 4 {
				s.sim.Commit() // an empty block
			}
		}
		want := s.emittedEvents()
		require.Equal(t, map[chain.Kind]int{chain.KindMint: 18, chain.KindStake: 16, chain.KindUnstake: 3}, countKinds(want))

		const keep = 5
		x := newIndexed(t, s, open(t), keep, 3)
		head := s.head()
		mid := head.Number.Uint64() - 8

		// A bounded pass stops at its target.
		res, err := x.ix.Sync(ctx, mid)
		require.NoError(t, err)
		require.False(t, res.Reorged)
		require.Equal(t, uint64(0), res.From)
		require.Equal(t, mid, res.To)
		cp := x.checkpoint(t)
		require.Equal(t, mid, cp.Number)
		require.Equal(t, s.headerAt(mid).Hash(), cp.Hash)
		var below int
		for _, e := range want {
			if e.Block <= mid {
				below++
			}
		}
		require.Equal(t, below, res.Events)
		require.Len(t, x.events(t, true), below)

		res, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.False(t, res.Reorged)
		require.Equal(t, mid+1, res.From)
		require.Equal(t, head.Number.Uint64(), res.To)
		require.Equal(t, len(want)-below, res.Events)

		stored := x.events(t, true)
		require.Equal(t, want, asEmitted(stored))
		require.Equal(t, countKinds(want), countKinds(asEmitted(stored)))
		require.Equal(t, withoutIDs(stored), withoutIDs(x.inserted))
		requireCheckpointAtHead(t, s, x)
		for _, e := range stored {
			require.False(t, e.Removed)
			require.Equal(t, uint64(simChainID), e.ChainID)
			switch e.Kind {
			case chain.KindMint:
				require.Equal(t, s.addrs.Pass, e.Contract)
				require.Equal(t, "pass", e.Source)
				require.Equal(t, "0x0000000000000000000000000000000000000000", e.Args["from"])
				require.Equal(t, e.Wallet.Hex(), e.Args["to"])
			case chain.KindStake, chain.KindUnstake:
				require.Equal(t, s.addrs.Vault, e.Contract)
				require.Equal(t, e.Wallet.Hex(), e.Args["user"])
			}
		}
		// The stakes carry their exact amounts, in the order sent.
		var aliceStakes []string
		for _, e := range stored {
			if e.Kind == chain.KindStake && e.Wallet == s.alice.addr {
				aliceStakes = append(aliceStakes, e.Args["amount"])
			}
		}
		require.Equal(t, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}, aliceStakes)

		// Only the recent headers are kept, and they are the chain's.
		hs := x.headers(t)
		require.Len(t, hs, keep+1)
		for i, h := range hs {
			n := head.Number.Uint64() - keep + uint64(i)
			ch := s.headerAt(n)
			require.Equal(t, chain.Header{Number: n, Hash: ch.Hash(), ParentHash: ch.ParentHash}, h)
		}

		// Nothing new: a pass does not touch the store.
		res, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.Equal(t, 0, res.Events)
		require.Equal(t, stored, x.events(t, true))

		// Replays from an older checkpoint insert nothing.
		insertedBefore := len(x.inserted)
		for _, back := range []uint64{7, head.Number.Uint64()} {
			older := s.headerAt(head.Number.Uint64() - back)
			x.setCheckpoint(t, older)
			res, err = x.ix.Sync(ctx, 0)
			require.NoError(t, err)
			require.False(t, res.Reorged)
			require.Equal(t, older.Number.Uint64()+1, res.From)
			require.Positive(t, res.Events) // decoded again, but not inserted
			require.Len(t, x.inserted, insertedBefore, "replay from %d inserted events", older.Number)
			require.Equal(t, stored, x.events(t, true))
			require.Empty(t, x.removed)
			require.Zero(t, x.reorgs(t))
			requireCheckpointAtHead(t, s, x)
		}
	})
}

// orphan forks the chain at fork, dropping everything above it, and mines
// blocks new blocks. The orphaned transaction's nonce is taken by a plain
// self-transfer of victim paying ten times its fees, so it cannot come back.
func (s *simChain) orphan(fork *types.Header, victim *account, orphaned *types.Transaction, blocks int) *types.Transaction {
	s.t.Helper()
	require.NoError(s.t, s.sim.Fork(fork.Hash()))
	mul := func(x *big.Int) *big.Int { return new(big.Int).Mul(x, big.NewInt(10)) }
	replacement, err := types.SignNewTx(victim.key, types.LatestSignerForChainID(big.NewInt(simChainID)), &types.DynamicFeeTx{
		ChainID:   big.NewInt(simChainID),
		Nonce:     orphaned.Nonce(),
		GasTipCap: mul(orphaned.GasTipCap()),
		GasFeeCap: mul(orphaned.GasFeeCap()),
		Gas:       21_000,
		To:        &victim.addr,
		Value:     new(big.Int),
	})
	require.NoError(s.t, err)
	// The pool moves to the fork asynchronously; until then the nonce is
	// already used.
	deadline := time.Now().Add(5 * time.Second)
	for {
		err = s.client.SendTransaction(s.ctx, replacement)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(s.t, err)
	for range blocks {
		s.sim.Commit()
	}
	r := s.receipt(replacement)
	require.Equal(s.t, fork.Number.Uint64()+1, r.BlockNumber.Uint64())
	for n := fork.Number.Uint64() + 1; n <= s.head().Number.Uint64(); n++ {
		b, err := s.client.BlockByNumber(s.ctx, new(big.Int).SetUint64(n))
		require.NoError(s.t, err)
		require.Nil(s.t, b.Transaction(orphaned.Hash()), "orphaned transaction mined again in block %d", n)
	}
	return replacement
}

func findTx(events []chain.Event, tx common.Hash) []chain.Event {
	var out []chain.Event
	for _, e := range events {
		if e.TxHash == tx {
			out = append(out, e)
		}
	}
	return out
}

func TestIndexerReorgs(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		s.fund()
		s.send(s.c.MintPass(s.alice.next(ctx)))
		s.send(s.c.Stake(s.bob.next(ctx), big.NewInt(3)))
		s.sim.Commit()

		x := newIndexed(t, s, open(t), 0, 4)
		_, err := x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.Len(t, x.events(t, false), 2)

		for round := range 6 {
			depth := round%3 + 1
			fork := s.head()

			// The orphaned branch: alice's mint in its first block and,
			// when deeper, a stake of bob that the new branch includes
			// again in another block.
			mint := s.send(s.c.MintPass(s.alice.next(ctx)))
			s.sim.Commit()
			var stake *types.Transaction
			if depth > 1 {
				stake = s.send(s.c.Stake(s.bob.next(ctx), big.NewInt(int64(100+round))))
			}
			for range depth - 1 {
				s.sim.Commit()
			}
			require.Equal(t, fork.Number.Uint64()+uint64(depth), s.head().Number.Uint64())

			res, err := x.ix.Sync(ctx, 0)
			require.NoError(t, err)
			require.False(t, res.Reorged)
			minted := findTx(x.events(t, false), mint.Hash())
			require.Len(t, minted, 1)
			require.Equal(t, chain.KindMint, minted[0].Kind)
			var orphanedStake chain.Event
			if stake != nil {
				staked := findTx(x.events(t, false), stake.Hash())
				require.Len(t, staked, 1)
				orphanedStake = staked[0]
			}
			removedBefore, reorgsBefore := len(x.removed), x.reorgs(t)

			s.orphan(fork, s.alice, mint, depth+1)
			require.Equal(t, fork.Number.Uint64()+uint64(depth)+1, s.head().Number.Uint64())

			res, err = x.ix.Sync(ctx, 0)
			require.NoError(t, err, "round %d depth %d", round, depth)
			require.True(t, res.Reorged, "round %d depth %d", round, depth)
			require.Equal(t, fork.Number.Uint64()+1, res.From)
			requireCheckpointAtHead(t, s, x)
			require.Equal(t, reorgsBefore+1, x.reorgs(t))

			// The orphaned mint is kept, marked removed, and was reported.
			all := findTx(x.events(t, true), mint.Hash())
			require.Len(t, all, 1)
			require.True(t, all[0].Removed)
			require.Equal(t, minted[0].ID, all[0].ID)
			require.Empty(t, findTx(x.events(t, false), mint.Hash()))
			newlyRemoved := x.removed[removedBefore:]
			require.Contains(t, keys(newlyRemoved), minted[0].Key())
			for _, e := range newlyRemoved {
				require.True(t, e.Removed)
				require.Greater(t, e.BlockNumber, fork.Number.Uint64())
			}

			// Bob's stake came back in another block: the old copy is
			// removed, the new one live.
			if stake != nil {
				r := s.receipt(stake)
				require.NotEqual(t, orphanedStake.BlockHash, r.BlockHash)
				require.Contains(t, keys(newlyRemoved), orphanedStake.Key())
				live := findTx(x.events(t, false), stake.Hash())
				require.Len(t, live, 1)
				require.Equal(t, r.BlockHash, live[0].BlockHash)
				require.Equal(t, r.BlockNumber.Uint64(), live[0].BlockNumber)
				require.Equal(t, r.Logs[len(r.Logs)-1].Index, live[0].LogIndex)
				require.Equal(t, chain.KindStake, live[0].Kind)
				require.Equal(t, orphanedStake.Args, live[0].Args)
			}

			// The live events are exactly what a fresh index finds.
			fresh := newIndexed(t, s, storetest.OpenSQLite(t), 0, 1000)
			_, err = fresh.ix.Sync(ctx, 0)
			require.NoError(t, err)
			require.Equal(t, withoutIDs(fresh.events(t, false)), withoutIDs(x.events(t, false)), "round %d depth %d", round, depth)
			require.Equal(t, withoutIDs(fresh.events(t, false)), withoutIDs(fresh.events(t, true)))
		}
		require.Equal(t, int64(6), x.reorgs(t))
	})
}

func keys(events []chain.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Key()
	}
	return out
}

func TestIndexerReorgTooDeep(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		s.send(s.c.MintPass(s.bob.next(ctx)))
		s.sim.Commit()

		x := newIndexed(t, s, open(t), 2, 3)
		_, err := x.ix.Sync(ctx, 0)
		require.NoError(t, err)

		fork := s.head()
		mint := s.send(s.c.MintPass(s.alice.next(ctx)))
		for range 4 {
			s.sim.Commit()
		}
		_, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.Len(t, x.events(t, false), 2)

		cp, events, headers := x.checkpoint(t), x.events(t, true), x.headers(t)
		s.orphan(fork, s.alice, mint, 5)

		_, err = x.ix.Sync(ctx, 0)
		require.ErrorIs(t, err, chain.ErrReorgTooDeep)
		require.Equal(t, cp, x.checkpoint(t))
		require.Equal(t, events, x.events(t, true))
		require.Equal(t, headers, x.headers(t))
		require.Zero(t, x.reorgs(t))
		require.Empty(t, x.removed)

		// It stays stuck rather than guessing.
		_, err = x.ix.Sync(ctx, 0)
		require.ErrorIs(t, err, chain.ErrReorgTooDeep)
		require.Equal(t, cp, x.checkpoint(t))
	})
}

// TestIndexerReorgBackToOrphanedBranch switches the chain to a branch and
// back to the original one: the original branch's events, removed by the
// first reorg, must be live again after the second.
func TestIndexerReorgBackToOrphanedBranch(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		x := newIndexed(t, s, open(t), 0, 10)
		_, err := x.ix.Sync(ctx, 0)
		require.NoError(t, err)

		fork := s.head()
		mint := s.send(s.c.MintPass(s.alice.next(ctx)))
		s.sim.Commit()
		s.sim.Commit()
		original := s.head()
		_, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		minted := findTx(x.events(t, false), mint.Hash())
		require.Len(t, minted, 1)

		s.orphan(fork, s.alice, mint, 3)
		res, err := x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.True(t, res.Reorged)
		require.Empty(t, x.events(t, false))

		// The original branch wins after all.
		require.NoError(t, s.sim.Fork(original.Hash()))
		for range 3 {
			s.sim.Commit()
		}
		require.Equal(t, minted[0].BlockHash, s.receipt(mint).BlockHash)
		inserted := len(x.inserted)
		res, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.True(t, res.Reorged)
		requireCheckpointAtHead(t, s, x)

		live := findTx(x.events(t, false), mint.Hash())
		require.Len(t, live, 1, "the re-adopted mint is live again")
		require.Equal(t, 1, live[0].Revision, "a revived log gets a new revision")
		require.Equal(t, minted[0].Key()+":r1", live[0].Key(), "so what it earns again has keys of its own")
		require.Contains(t, keys(x.inserted[inserted:]), live[0].Key(), "the re-adopted mint is reported again")

		fresh := newIndexed(t, s, storetest.OpenSQLite(t), 0, 1000)
		_, err = fresh.ix.Sync(ctx, 0)
		require.NoError(t, err)
		require.Equal(t, withoutIDs(fresh.events(t, false)), withoutIDs(x.events(t, false)))
	})
}

// rangeLimited refuses eth_getLogs ranges wider than limit blocks, the way
// hosted providers do, and records the spans it was asked.
type rangeLimited struct {
	chain.Client
	limit uint64
	asked []uint64
}

func (r *rangeLimited) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if q.BlockHash != nil {
		return r.Client.FilterLogs(ctx, q) // one block, in the unfinalised zone
	}
	span := q.ToBlock.Uint64() - q.FromBlock.Uint64() + 1
	r.asked = append(r.asked, span)
	if span > r.limit {
		return nil, errors.New("query returned more than 10000 results. Try with this block range [0x1, 0x4]")
	}
	return r.Client.FilterLogs(ctx, q)
}

func TestIndexerAdaptsRangeToNodeLimits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newSimChain(t)
	s.fund()
	for i := range 20 {
		s.send(s.c.MintPass(s.alice.next(ctx)))
		if i%3 == 0 {
			s.sim.Commit()
		}
		s.sim.Commit()
	}
	want := s.emittedEvents()

	x := newIndexed(t, s, storetest.OpenSQLite(t), 8, 64)
	limited := &rangeLimited{Client: x.ix.Client, limit: 4}
	x.ix.Client = limited
	res, err := x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, len(want), res.Events)
	require.Equal(t, want, asEmitted(x.events(t, false)), "every event stored once despite the refusals")
	requireCheckpointAtHead(t, s, x)

	require.Greater(t, limited.asked[0], limited.limit, "starts wide, at the configured range or the whole chain")
	var shrank, refused bool
	for i, span := range limited.asked {
		if span > limited.limit {
			refused = true
		}
		if i > 0 && span < limited.asked[i-1] {
			shrank = true
		}
	}
	require.True(t, refused && shrank)
	var refusals int
	for _, span := range limited.asked {
		if span > limited.limit {
			refusals++
		}
	}
	require.LessOrEqual(t, refusals, 6, "it learns the node's limit instead of bouncing off it: asked %v", limited.asked)
}
