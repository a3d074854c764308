package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// fakeRPC answers with err while failing() says so, else with a header.
type fakeRPC struct {
	calls   atomic.Int64
	failing func(call int64) error
}

func (f *fakeRPC) FilterLogs(context.Context, ethereum.FilterQuery) ([]types.Log, error) {
	n := f.calls.Add(1)
	if err := f.failing(n); err != nil {
		return nil, err
	}
	return []types.Log{{BlockNumber: 7}}, nil
}

func (f *fakeRPC) HeaderByNumber(context.Context, *big.Int) (*types.Header, error) {
	n := f.calls.Add(1)
	if err := f.failing(n); err != nil {
		return nil, err
	}
	return &types.Header{Number: big.NewInt(42)}, nil
}

func (f *fakeRPC) ChainID(context.Context) (*big.Int, error) { return big.NewInt(1), nil }
func (f *fakeRPC) CodeAt(context.Context, common.Address, *big.Int) ([]byte, error) {
	return nil, nil
}
func (f *fakeRPC) CallContract(context.Context, ethereum.CallMsg, *big.Int) ([]byte, error) {
	return nil, nil
}
func (f *fakeRPC) Close() {}

func never(int64) error { return nil }

func always(err error) func(int64) error { return func(int64) error { return err } }

func testPool(clients ...*fakeRPC) *Pool {
	rc := make([]rpcClient, len(clients))
	names := make([]string, len(clients))
	for i, c := range clients {
		rc[i], names[i] = c, "fake"+string(rune('a'+i))
	}
	return newPool(rc, names, PoolOptions{BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Attempts: 4})
}

func TestPoolFailsOverToHealthyEndpoint(t *testing.T) {
	t.Parallel()
	bad := &fakeRPC{failing: always(rpcHTTPError(502))}
	good := &fakeRPC{failing: never}
	p := testPool(bad, good)
	p.opts.BaseBackoff, p.opts.MaxBackoff = time.Minute, time.Minute
	for range 5 {
		h, err := p.HeaderByNumber(t.Context(), nil)
		require.NoError(t, err)
		require.Equal(t, int64(42), h.Number.Int64())
	}
	require.Equal(t, int64(5), good.calls.Load())
	require.LessOrEqual(t, bad.calls.Load(), int64(2), "a failing endpoint rests instead of being asked again and again")
	health := p.Health()
	require.False(t, health[0].Healthy)
	require.Equal(t, "502 Bad Gateway", health[0].LastError)
	require.True(t, health[1].Healthy)
}

func TestPoolRecoversAfterTransientErrors(t *testing.T) {
	t.Parallel()
	flaky := &fakeRPC{failing: func(n int64) error {
		if n <= 2 {
			return rpcHTTPError(429)
		}
		return nil
	}}
	p := testPool(flaky)
	p.opts.MaxBackoff = time.Millisecond // keep 429's floor short in tests
	logs, err := p.FilterLogs(t.Context(), ethereum.FilterQuery{})
	require.NoError(t, err)
	require.Len(t, logs, 1)
	require.Equal(t, int64(3), flaky.calls.Load())
	require.True(t, p.Health()[0].Healthy, "success clears the failures")
}

func TestPoolDoesNotRetryRequestErrors(t *testing.T) {
	t.Parallel()
	for _, err := range []error{ethereum.NotFound, errors.New("query returned more than 10000 results")} {
		a := &fakeRPC{failing: always(err)}
		b := &fakeRPC{failing: never}
		_, got := testPool(a, b).FilterLogs(t.Context(), ethereum.FilterQuery{})
		require.ErrorIs(t, got, err)
		require.Zero(t, b.calls.Load(), "%v is the request's problem, not the endpoint's", err)
	}
}

func TestPoolGivesUpAfterAttempts(t *testing.T) {
	t.Parallel()
	a := &fakeRPC{failing: always(rpcHTTPError(503))}
	_, err := testPool(a).HeaderByNumber(t.Context(), nil)
	require.Error(t, err)
	require.Contains(t, err.Error(), "all attempts failed")
	require.Equal(t, int64(4), a.calls.Load())
}

func TestPoolHonoursCancellation(t *testing.T) {
	t.Parallel()
	a := &fakeRPC{failing: always(rpcHTTPError(503))}
	p := testPool(a)
	p.opts.BaseBackoff, p.opts.MaxBackoff = time.Hour, time.Hour
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.HeaderByNumber(ctx, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestPoolRateLimitsEachEndpoint(t *testing.T) {
	t.Parallel()
	a := &fakeRPC{failing: never}
	p := newPool([]rpcClient{a}, []string{"a"}, PoolOptions{RatePerSecond: 20})
	start := time.Now()
	for range 30 {
		_, err := p.HeaderByNumber(t.Context(), nil)
		require.NoError(t, err)
	}
	// A burst of 20, then 10 more at 20/s: at least ~0.5 s.
	require.GreaterOrEqual(t, time.Since(start), 400*time.Millisecond)
}

func TestRedaction(t *testing.T) {
	t.Parallel()
	require.Equal(t, "https://eth.example.com", RedactURL("https://user:pw@eth.example.com/v2/SECRETKEY?x=1"))
	msg := redactErr(errors.New(`Post "https://eth.example.com/v2/SECRETKEY": dial tcp: connection refused`))
	require.NotContains(t, msg, "SECRETKEY")
	require.Contains(t, msg, "https://eth.example.com")
}

func TestRangeErrors(t *testing.T) {
	t.Parallel()
	for _, msg := range []string{
		"query returned more than 10000 results",
		"Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range",
		"exceed maximum block range: 5000",
		"eth_getLogs is limited to a 10,000 range",
	} {
		require.True(t, IsRangeError(errors.New(msg)), msg)
	}
	require.False(t, IsRangeError(errors.New("connection refused")))
}

// TestDialPoolOverHTTP runs the pool against two JSON-RPC servers over
// real HTTP: one answers 500, the other serves blocks.
func TestDialPoolOverHTTP(t *testing.T) {
	t.Parallel()
	var badCalls atomic.Int64
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		badCalls.Add(1)
		http.Error(w, "upstream exploded", http.StatusInternalServerError)
	}))
	defer bad.Close()
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		_ = json.Unmarshal(body, &req)
		var result any
		switch req.Method {
		case "eth_chainId":
			result = "0x1"
		case "eth_getBlockByNumber":
			h := &types.Header{Number: big.NewInt(9), Difficulty: big.NewInt(0)}
			result = h
		default:
			result = []any{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": req.ID, "result": result})
	}))
	defer good.Close()

	p, err := DialPool(t.Context(), []string{bad.URL + "/key/SECRET", good.URL}, PoolOptions{BaseBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond})
	require.NoError(t, err)
	defer p.Close()
	for range 3 {
		h, err := p.HeaderByNumber(t.Context(), nil)
		require.NoError(t, err)
		require.Equal(t, int64(9), h.Number.Int64())
	}
	id, err := p.ChainID(t.Context())
	require.NoError(t, err)
	require.Equal(t, int64(1), id.Int64())
	require.Positive(t, badCalls.Load())
	for _, h := range p.Health() {
		require.NotContains(t, h.Endpoint, "SECRET")
	}
}

func rpcHTTPError(code int) error {
	return rpc.HTTPError{StatusCode: code, Status: fmt.Sprintf("%d %s", code, http.StatusText(code))}
}
