package chain

import (
	"context"
	"errors"
	"math/big"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
)

// logsNode answers eth_getLogs with logs (a pruned node: none) and
// headers with bloom.
type logsNode struct {
	fakeRPC
	logs  []types.Log
	bloom types.Bloom
	asked atomic.Int32
}

func (n *logsNode) FilterLogs(context.Context, ethereum.FilterQuery) ([]types.Log, error) {
	n.asked.Add(1)
	return n.logs, nil
}

func (n *logsNode) HeaderByNumber(_ context.Context, num *big.Int) (*types.Header, error) {
	return &types.Header{Number: num, Bloom: n.bloom}, nil
}

func crossCheckSetup(t *testing.T, nodes ...*logsNode) (*Indexer, *Pool, *prometheus.Registry, types.Bloom) {
	t.Helper()
	contract := common.HexToAddress("0x00000000000000000000000000000000000C0FFE")
	dec, err := NewDecoder([]Source{{Name: "pass", Address: contract, Kind: SourceERC721}})
	require.NoError(t, err)
	var watched types.Bloom
	watched.Add(contract.Bytes())
	watched.Add(dec.Topics()[0].Bytes())
	rc := make([]rpcClient, len(nodes))
	names := make([]string, len(nodes))
	for i, n := range nodes {
		rc[i], names[i] = n, "http://node"+string(rune('a'+i))
	}
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	p := newPool(rc, names, PoolOptions{ChainID: 1, Metrics: m})
	ix := &Indexer{ChainID: 1, Client: p, Decoder: dec, Metrics: m}
	ix.defaults()
	return ix, p, reg, watched
}

func TestEmptyLogsAreCheckedAgainstTheBloom(t *testing.T) {
	t.Parallel()
	found := []types.Log{{BlockNumber: 5, Index: 0}}
	lied := func(m *Metrics, endpoint string) float64 {
		return testutil.ToFloat64(m.rpcErrors.WithLabelValues("1", endpoint, codeEmptyLogs))
	}

	t.Run("bloom admits the range: another endpoint is asked", func(t *testing.T) {
		t.Parallel()
		pruned, full := &logsNode{}, &logsNode{logs: found}
		ix, _, _, watched := crossCheckSetup(t, pruned, full)
		pruned.bloom, full.bloom = watched, watched
		logs, err := ix.logs(t.Context(), 1, 10)
		require.NoError(t, err)
		require.Equal(t, found, logs)
		require.Equal(t, 1.0, lied(ix.Metrics, "http://nodea"), "the endpoint that answered empty is counted")
		require.Zero(t, lied(ix.Metrics, "http://nodeb"))
	})
	t.Run("bloom rules the range out: the empty answer stands", func(t *testing.T) {
		t.Parallel()
		pruned, full := &logsNode{}, &logsNode{logs: found}
		ix, _, _, _ := crossCheckSetup(t, pruned, full)
		logs, err := ix.logs(t.Context(), 1, 10)
		require.NoError(t, err)
		require.Empty(t, logs)
		require.Zero(t, full.asked.Load(), "no second opinion when no header admits the contracts")
	})
	t.Run("a long empty range is re-asked without reading headers", func(t *testing.T) {
		t.Parallel()
		pruned, full := &logsNode{}, &logsNode{logs: found}
		ix, _, _, _ := crossCheckSetup(t, pruned, full)
		logs, err := ix.logs(t.Context(), 1, ix.BloomCheckSpan+1)
		require.NoError(t, err)
		require.Equal(t, found, logs)
		require.Equal(t, int32(1), full.asked.Load())
	})
	t.Run("every endpoint agrees on empty: a bloom false positive", func(t *testing.T) {
		t.Parallel()
		a, b, c := &logsNode{}, &logsNode{}, &logsNode{}
		ix, _, _, watched := crossCheckSetup(t, a, b, c)
		a.bloom = watched
		logs, err := ix.blockLogs(t.Context(), common.Hash{1})
		require.NoError(t, err)
		require.Empty(t, logs)
		require.Equal(t, []int32{1, 1, 1}, []int32{a.asked.Load(), b.asked.Load(), c.asked.Load()}, "each endpoint asked once")
		require.Zero(t, lied(ix.Metrics, "http://nodea"))
	})
	t.Run("a single endpoint has nobody to ask", func(t *testing.T) {
		t.Parallel()
		only := &logsNode{}
		ix, _, _, watched := crossCheckSetup(t, only)
		only.bloom = watched
		logs, err := ix.blockLogs(t.Context(), common.Hash{1})
		require.NoError(t, err)
		require.Empty(t, logs)
		require.Equal(t, int32(1), only.asked.Load())
	})
}

func TestPoolFilterLogsExceptSkipsExcluded(t *testing.T) {
	t.Parallel()
	a, b := &logsNode{}, &logsNode{logs: []types.Log{{BlockNumber: 1}}}
	_, p, _, _ := crossCheckSetup(t, a, b)
	logs, by, err := p.FilterLogsExcept(t.Context(), ethereum.FilterQuery{}, []string{"http://nodea"})
	require.NoError(t, err)
	require.Equal(t, "http://nodeb", by)
	require.Len(t, logs, 1)
	require.Zero(t, a.asked.Load())
	_, _, err = p.FilterLogsExcept(t.Context(), ethereum.FilterQuery{}, []string{"http://nodea", "http://nodeb"})
	require.ErrorIs(t, err, ErrNoOtherEndpoint)
	_, err = p.SubscribeNewHead(t.Context(), make(chan *types.Header))
	require.ErrorIs(t, err, ErrNoSubscription, "no ws:// endpoint: the caller polls")
}

func TestPoolCountsErrorsByEndpointAndCode(t *testing.T) {
	t.Parallel()
	bad := &fakeRPC{failing: always(rpcHTTPError(502))}
	good := &fakeRPC{failing: never}
	m := NewMetrics(prometheus.NewRegistry())
	p := newPool([]rpcClient{bad, good}, []string{"https://bad.example", "https://good.example"},
		PoolOptions{BaseBackoff: 1, MaxBackoff: 2, Attempts: 4, Metrics: m, ChainID: 8453})
	_, err := p.HeaderByNumber(t.Context(), nil)
	require.NoError(t, err)
	require.Equal(t, 1.0, testutil.ToFloat64(m.rpcErrors.WithLabelValues("8453", "https://bad.example", "502")))
	require.Zero(t, testutil.ToFloat64(m.rpcErrors.WithLabelValues("8453", "https://good.example", "502")))
}

// failingLogs fails every eth_getLogs, like a dead endpoint.
type failingLogs struct{ logsNode }

func (n *failingLogs) FilterLogs(context.Context, ethereum.FilterQuery) ([]types.Log, error) {
	n.asked.Add(1)
	return nil, rpcHTTPError(502)
}

func TestCrossCheckDoesNotStallOnADeadEndpoint(t *testing.T) {
	t.Parallel()
	pruned := &logsNode{}
	dead := &failingLogs{}
	contract := common.HexToAddress("0x00000000000000000000000000000000000C0FFE")
	dec, err := NewDecoder([]Source{{Name: "pass", Address: contract, Kind: SourceERC721}})
	require.NoError(t, err)
	p := newPool([]rpcClient{pruned, dead}, []string{"http://a", "http://b"}, PoolOptions{})
	ix := &Indexer{ChainID: 1, Client: p, Decoder: dec}
	ix.defaults()
	logs, err := ix.logs(t.Context(), 1, ix.BloomCheckSpan+10)
	require.NoError(t, err, "the first answer stands when the second opinion fails")
	require.Empty(t, logs)
	require.Equal(t, int32(1), dead.asked.Load(), "one attempt, no retry loop on the dead endpoint")
	_, err = ix.logs(t.Context(), 1, ix.BloomCheckSpan+10)
	require.NoError(t, err)
	require.Equal(t, int32(1), dead.asked.Load(), "a resting endpoint is not asked for a second opinion")
}

func TestErrorCodes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err  error
		want string
	}{
		{rpcHTTPError(429), "429"},
		{ethereum.NotFound, "not_found"},
		{context.DeadlineExceeded, "timeout"},
		{errors.New("connection reset"), "network"},
		{errors.New("query returned more than 10000 results"), "range"},
	} {
		require.Equal(t, c.want, errorCode(c.err), "%v", c.err)
	}
}
