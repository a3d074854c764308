package chain_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/deployment"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/anvil"
	"github.com/beckonhq/beckon/chain/anvil/anviltest"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// anvilChain is a real node with Beckon's contracts deployed and a few
// funded wallets that mint passes and stake tokens. Blocks are mined only
// when the test says so.
type anvilChain struct {
	t      *testing.T
	ctx    context.Context
	node   *anvil.Node
	rpc    *rpc.Client
	client *ethclient.Client
	addrs  deployment.Addresses
	c      *deployment.Contracts
	keys   []*ecdsa.PrivateKey
	nonces []uint64
	sent   int
}

func newAnvilChain(t *testing.T, wallets int) *anvilChain {
	t.Helper()
	node := anviltest.Start(t, "--no-mining", "--quiet")
	ctx := t.Context()
	rc, err := node.Dial(ctx)
	require.NoError(t, err)
	t.Cleanup(rc.Close)
	a := &anvilChain{t: t, ctx: ctx, node: node, rpc: rc, client: ethclient.NewClient(rc)}
	rich := (*hexutil.Big)(new(big.Int).Lsh(big.NewInt(1), 100))
	for i := -1; i < wallets; i++ {
		k, err := crypto.GenerateKey()
		require.NoError(t, err)
		require.NoError(t, rc.CallContext(ctx, nil, "anvil_setBalance", crypto.PubkeyToAddress(k.PublicKey), rich))
		a.keys = append(a.keys, k)
		a.nonces = append(a.nonces, 0)
	}
	owner := bind.NewKeyedTransactor(a.keys[0], big.NewInt(anvil.ChainID))
	a.addrs, err = deployment.Deploy(ctx, a.client, owner, func() { a.mine() }, deployment.Options{})
	require.NoError(t, err)
	a.c = deployment.New(a.client, a.addrs)
	a.refreshNonces()
	supply := new(big.Int).Lsh(big.NewInt(1), 128)
	for i := 1; i < len(a.keys); i++ {
		_, err := a.c.MintToken(a.opts(0), a.addr(i), supply)
		require.NoError(t, err)
	}
	a.mine()
	for i := 1; i < len(a.keys); i++ {
		_, err := a.c.Approve(a.opts(i), a.addrs.Vault, supply)
		require.NoError(t, err)
	}
	a.mine()
	return a
}

func (a *anvilChain) addr(i int) common.Address { return crypto.PubkeyToAddress(a.keys[i].PublicKey) }

// opts returns transact options for wallet i (0 is the deployer) with its next nonce.
func (a *anvilChain) opts(i int) *bind.TransactOpts {
	o := bind.NewKeyedTransactor(a.keys[i], big.NewInt(anvil.ChainID))
	o.Context = a.ctx
	o.Nonce = new(big.Int).SetUint64(a.nonces[i])
	o.GasLimit = 300_000
	o.GasFeeCap, o.GasTipCap = big.NewInt(100e9), big.NewInt(1)
	a.nonces[i]++
	return o
}

func (a *anvilChain) refreshNonces() {
	a.t.Helper()
	for i := range a.keys {
		n, err := a.client.PendingNonceAt(a.ctx, a.addr(i))
		require.NoError(a.t, err)
		a.nonces[i] = n
	}
}

func (a *anvilChain) mine() {
	a.t.Helper()
	require.NoError(a.t, a.rpc.CallContext(a.ctx, nil, "evm_mine"))
}

// act sends n transactions, alternating pass mints and stakes over the
// wallets; each emits one watched event once mined.
func (a *anvilChain) act(n int) {
	a.t.Helper()
	for range n {
		w := 1 + a.sent%(len(a.keys)-1)
		var err error
		if a.sent%2 == 0 {
			_, err = a.c.MintPass(a.opts(w))
		} else {
			_, err = a.c.Stake(a.opts(w), big.NewInt(int64(1+a.sent)))
		}
		require.NoError(a.t, err)
		a.sent++
	}
}

// emit mines blocks blocks of perBlock event transactions each.
func (a *anvilChain) emit(blocks, perBlock int) {
	a.t.Helper()
	for range blocks {
		a.act(perBlock)
		a.mine()
	}
}

func (a *anvilChain) head() uint64 {
	a.t.Helper()
	n, err := a.client.BlockNumber(a.ctx)
	require.NoError(a.t, err)
	return n
}

func (a *anvilChain) sources() []chain.Source {
	return []chain.Source{
		{Name: "pass", Address: a.addrs.Pass, Kind: chain.SourceERC721},
		{Name: "vault", Address: a.addrs.Vault, Kind: chain.SourceStaking},
	}
}

// storedEvents lists the chain's events in chain order.
func storedEvents(t *testing.T, db *store.DB, chainID uint64, includeRemoved bool) []chain.Event {
	t.Helper()
	var out []chain.Event
	require.NoError(t, db.InTx(t.Context(), func(tx *store.Tx) error {
		var err error
		out, err = tx.Events(t.Context(), store.EventFilter{ChainID: chainID, IncludeRemoved: includeRemoved})
		return err
	}))
	return out
}

// cleanIndex indexes the chain straight from client into a new SQLite store.
func cleanIndex(t *testing.T, client chain.Client, chainID uint64, sources []chain.Source, to uint64) []chain.Event {
	t.Helper()
	dec, err := chain.NewDecoder(sources)
	require.NoError(t, err)
	db := storetest.OpenSQLite(t)
	ix := &chain.Indexer{ChainID: chainID, Client: client, Store: &store.ChainStore{DB: db}, Decoder: dec, RangeSize: 1000}
	_, err = ix.Sync(t.Context(), to)
	require.NoError(t, err)
	return storedEvents(t, db, chainID, false)
}

// syncUntil runs Sync until the checkpoint reaches to, as Follow would
// after a failed pass; it fails the test after attempts passes.
func syncUntil(t *testing.T, ix *chain.Indexer, st chain.Store, to uint64, attempts int) (failures int) {
	t.Helper()
	for range attempts {
		_, err := ix.Sync(t.Context(), to)
		if err == nil {
			cp, ok, err := st.Checkpoint(t.Context(), ix.ChainID)
			require.NoError(t, err)
			if ok && cp.Number >= to {
				return failures
			}
			continue
		}
		failures++
		t.Logf("sync failed, retrying: %v", err)
	}
	t.Fatalf("no complete sync to block %d in %d passes", to, attempts)
	return failures
}

// fault is what the proxy does to one request.
type fault int

const (
	passThrough fault = iota
	dropConnection
	tooManyRequests
	serverError
	rangeTooLarge
	stall
	faultKinds
)

func (f fault) String() string {
	return [...]string{"pass", "drop", "429", "5xx", "range", "stall"}[f]
}

// faultProxy forwards JSON-RPC to a node, injecting faults: every third
// request gets the next kind of fault in turn; eth_getLogs over more than
// maxRange blocks is refused as providers do.
type faultProxy struct {
	target   string
	maxRange uint64
	stallFor time.Duration
	delay    time.Duration // added to every forwarded request

	requests atomic.Int64
	mu       sync.Mutex
	injected map[fault]int
	served   int
	dead     atomic.Bool
	srv      *httptest.Server
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	p := &faultProxy{target: target, injected: map[fault]int{}}
	p.srv = httptest.NewServer(p)
	t.Cleanup(p.srv.Close)
	return p
}

type rpcRequest struct {
	ID     json.RawMessage   `json:"id"`
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	if p.dead.Load() {
		hangUp(w)
		return
	}
	var req rpcRequest
	_ = json.Unmarshal(body, &req) // batches pass through untouched
	f := passThrough
	if p.maxRange > 0 {
		if n := p.requests.Add(1); n%3 == 0 {
			f = fault(1 + (n/3)%int64(faultKinds-1))
		}
		if f == rangeTooLarge || f == passThrough {
			f = passThrough
			if req.Method == "eth_getLogs" && p.logsSpan(req) > p.maxRange {
				f = rangeTooLarge
			}
		}
	}
	p.mu.Lock()
	if f != passThrough {
		p.injected[f]++
	}
	p.mu.Unlock()
	switch f {
	case dropConnection:
		hangUp(w)
		return
	case tooManyRequests:
		w.Header().Set("Retry-After", "1")
		http.Error(w, `{"error":"rate limited"}`, http.StatusTooManyRequests)
		return
	case serverError:
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	case rangeTooLarge:
		w.Header().Set("Content-Type", "application/json")
		msg := "query returned more than 10000 results"
		if p.requests.Load()%2 == 0 {
			msg = "block range too large"
		}
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32005,"message":%q}}`, req.ID, msg)
		return
	case stall:
		select {
		case <-r.Context().Done():
		case <-time.After(p.stallFor):
		}
		return
	}
	p.forward(w, r, body)
}

func (p *faultProxy) logsSpan(req rpcRequest) uint64 {
	if len(req.Params) == 0 {
		return 0
	}
	var q struct {
		From hexutil.Uint64 `json:"fromBlock"`
		To   hexutil.Uint64 `json:"toBlock"`
	}
	if json.Unmarshal(req.Params[0], &q) != nil || q.To < q.From {
		return 0
	}
	return uint64(q.To-q.From) + 1
}

func (p *faultProxy) forward(w http.ResponseWriter, r *http.Request, body []byte) {
	if p.delay > 0 {
		time.Sleep(p.delay)
	}
	out, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.target, strings.NewReader(string(body)))
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
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
	p.mu.Lock()
	p.served++
	p.mu.Unlock()
}

func (p *faultProxy) servedCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.served
}

// hangUp drops the connection without an answer, as a crashing node does.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func TestBackfillThroughFaultyProxyMatchesCleanRun(t *testing.T) {
	t.Parallel()
	a := newAnvilChain(t, 4)
	a.emit(60, 5)
	head := a.head()
	want := cleanIndex(t, a.client, anvil.ChainID, a.sources(), head)
	require.Len(t, want, 300)

	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		proxy := newFaultProxy(t, a.node.URL)
		proxy.maxRange, proxy.stallFor = 8, 5*time.Second
		pool, err := chain.DialPool(t.Context(), []string{proxy.srv.URL}, chain.PoolOptions{
			Timeout: 500 * time.Millisecond, BaseBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Attempts: 8,
		})
		require.NoError(t, err)
		defer pool.Close()
		dec, err := chain.NewDecoder(a.sources())
		require.NoError(t, err)
		db := open(t)
		cs := &store.ChainStore{DB: db}
		ix := &chain.Indexer{ChainID: anvil.ChainID, Client: pool, Store: cs, Decoder: dec, KeepHeaders: 16, RangeSize: 32, Concurrency: 4}
		syncUntil(t, ix, cs, head, 30)

		require.Equal(t, withoutIDs(want), withoutIDs(storedEvents(t, db, anvil.ChainID, true)))
		for f := dropConnection; f < faultKinds; f++ {
			require.Positive(t, proxy.injected[f], "no %s fault was injected", f)
		}
		t.Logf("faults injected: %v", proxy.injected)
	})
}

func TestBackfillContinuesWhenOneEndpointDies(t *testing.T) {
	t.Parallel()
	a := newAnvilChain(t, 4)
	a.emit(60, 5)
	head := a.head()
	want := cleanIndex(t, a.client, anvil.ChainID, a.sources(), head)
	require.Len(t, want, 300)

	dying, healthy := newFaultProxy(t, a.node.URL), newFaultProxy(t, a.node.URL)
	// The pool prefers the faster endpoint: the one that is going to die.
	healthy.delay = 20 * time.Millisecond
	pool, err := chain.DialPool(t.Context(), []string{dying.srv.URL, healthy.srv.URL}, chain.PoolOptions{
		Timeout: 2 * time.Second, BaseBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
	})
	require.NoError(t, err)
	defer pool.Close()
	dec, err := chain.NewDecoder(a.sources())
	require.NoError(t, err)
	db := storetest.OpenSQLite(t)
	cs := &store.ChainStore{DB: db}
	// The first endpoint dies once the backfill is under way.
	var committed atomic.Int64
	var servedBeforeDeath int
	ix := &chain.Indexer{ChainID: anvil.ChainID, Client: pool, Store: cs, Decoder: dec, KeepHeaders: 16, RangeSize: 4, Concurrency: 2,
		OnRange: func(chain.RangeStats) {
			if committed.Add(1) == 3 {
				servedBeforeDeath = dying.servedCount()
				dying.dead.Store(true)
				dying.srv.CloseClientConnections()
			}
		}}
	_, err = ix.Sync(t.Context(), head)
	require.NoError(t, err, "the backfill must carry on over the healthy endpoint")
	require.True(t, dying.dead.Load(), "the endpoint never died mid-backfill")
	require.Equal(t, withoutIDs(want), withoutIDs(storedEvents(t, db, anvil.ChainID, true)))
	require.Positive(t, servedBeforeDeath, "the dying endpoint served the start of the backfill")
	require.Positive(t, healthy.servedCount())
	var down int
	for _, h := range pool.Health() {
		if h.Endpoint == chain.RedactURL(dying.srv.URL) {
			down = int(h.Errors)
		}
	}
	require.Positive(t, down, "the dead endpoint's failures are recorded")
}

// points awards points per indexed event through the store's ledger and
// reverses them when a reorg orphans the event, as the loyalty rules do.
type points struct{}

func pointsFor(k chain.Kind) int64 {
	switch k {
	case chain.KindMint:
		return 10
	case chain.KindStake:
		return 3
	}
	return 1
}

func (points) award(ctx context.Context, tx *store.Tx, inserted []chain.Event) error {
	for _, e := range inserted {
		contact, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityWallet, Value: e.Wallet.Hex()})
		if err != nil {
			return err
		}
		if _, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: contact, Amount: pointsFor(e.Kind), Reason: "event " + string(e.Kind),
			Source: e.Key(), Key: "event:" + e.Key()}); err != nil {
			return err
		}
	}
	return nil
}

func (points) reverse(ctx context.Context, tx *store.Tx, removed []chain.Event) error {
	for _, e := range removed {
		if _, err := loyalty.ReverseSource(ctx, tx, e.Key(), "reorg"); err != nil {
			return err
		}
	}
	return nil
}

// requirePointsMatch checks every wallet's balance is what the canonical
// events earn: whatever orphaned events earned was taken back.
func requirePointsMatch(t *testing.T, db *store.DB, canonical []chain.Event) {
	t.Helper()
	want := map[common.Address]int64{}
	for _, e := range canonical {
		want[e.Wallet] += pointsFor(e.Kind)
	}
	require.NoError(t, db.InTx(t.Context(), func(tx *store.Tx) error {
		var wallets []string
		rows, err := tx.QueryContext(t.Context(), `SELECT value FROM identities WHERE kind = $1`, crm.IdentityWallet)
		if err != nil {
			return err
		}
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				rows.Close()
				return err
			}
			wallets = append(wallets, w)
		}
		rows.Close()
		for w := range want {
			wallets = append(wallets, w.Hex())
		}
		for _, w := range wallets {
			contact, _, err := tx.ContactForIdentity(t.Context(), crm.Identity{Kind: crm.IdentityWallet, Value: w})
			if err != nil {
				return err
			}
			got, err := tx.Balance(t.Context(), contact)
			if err != nil {
				return err
			}
			require.Equal(t, want[common.HexToAddress(w)], got, "points of %s", w)
		}
		return nil
	}))
}

// liveIndexer runs Indexer.Follow in the background on a store whose
// commits award points and whose rollbacks reverse them.
type liveIndexer struct {
	db *store.DB
	cs *store.ChainStore
	ix *chain.Indexer
}

func startLive(t *testing.T, client chain.Client, chainID uint64, sources []chain.Source, db *store.DB) *liveIndexer {
	t.Helper()
	dec, err := chain.NewDecoder(sources)
	require.NoError(t, err)
	var p points
	l := &liveIndexer{db: db, cs: &store.ChainStore{DB: db, OnEvents: p.award, OnRemoved: p.reverse}}
	l.ix = &chain.Indexer{ChainID: chainID, Client: client, Store: l.cs, Decoder: dec, KeepHeaders: 32, RangeSize: 8}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = l.ix.Follow(ctx, 5*time.Millisecond, nil)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return l
}

// waitFor waits until the checkpoint is the block with hash at height n.
func (l *liveIndexer) waitFor(t *testing.T, n uint64, hash common.Hash) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		cp, ok, err := l.cs.Checkpoint(t.Context(), l.ix.ChainID)
		require.NoError(t, err)
		if ok && cp.Number == n && cp.Hash == hash {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("indexer did not reach block %d %s (checkpoint %d %s)", n, hash.Hex(), cp.Number, cp.Hash.Hex())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (l *liveIndexer) reorgs(t *testing.T) int64 {
	t.Helper()
	var n int64
	require.NoError(t, l.db.InTx(t.Context(), func(tx *store.Tx) error {
		var err error
		n, err = tx.Reorgs(t.Context(), l.ix.ChainID)
		return err
	}))
	return n
}
