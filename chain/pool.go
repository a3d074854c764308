package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"golang.org/x/time/rate"
)

// PoolOptions tune an RPC pool. Zero values take the defaults.
type PoolOptions struct {
	// Timeout bounds one request. Default 20s.
	Timeout time.Duration
	// Attempts is how many requests one call may make across endpoints
	// before it fails. Default 6.
	Attempts int
	// RatePerSecond limits requests per endpoint; 0: unlimited.
	RatePerSecond float64
	// BaseBackoff and MaxBackoff bound the jittered exponential backoff of
	// a failing endpoint. Defaults 250ms and 30s.
	BaseBackoff, MaxBackoff time.Duration
	Log                     *slog.Logger
	// Metrics, when set, counts failed requests by endpoint and code
	// under ChainID.
	Metrics *Metrics
	ChainID uint64
}

// Pool spreads one chain's reads over several RPC endpoints: it prefers
// the healthiest, rests failing ones with jittered exponential backoff,
// retries elsewhere, and limits each endpoint's request rate.
type Pool struct {
	opts PoolOptions
	mu   sync.Mutex
	eps  []*endpoint
	now  func() time.Time
}

type endpoint struct {
	name    string // URL without credentials, for logs
	client  rpcClient
	ws      bool // a websocket endpoint, which can push new heads
	limiter *rate.Limiter

	// guarded by Pool.mu
	failures  int
	restUntil time.Time
	latency   time.Duration // moving average
	calls     int64
	errors    int64
	lastErr   string
}

// rpcClient is what the pool calls on an endpoint.
type rpcClient interface {
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	ChainID(ctx context.Context) (*big.Int, error)
	CodeAt(ctx context.Context, account common.Address, blockNumber *big.Int) ([]byte, error)
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
	Close()
}

var _ Client = (*Pool)(nil)

// DialPool connects to every URL (http(s):// or ws(s)://). Endpoints that
// cannot be dialled are an error: a typo should fail start-up.
func DialPool(ctx context.Context, urls []string, opts PoolOptions) (*Pool, error) {
	if len(urls) == 0 {
		return nil, errors.New("rpc pool: no endpoint")
	}
	clients := make([]rpcClient, 0, len(urls))
	names := make([]string, 0, len(urls))
	var ws []bool
	for _, u := range urls {
		c, err := ethclient.DialContext(ctx, u)
		if err != nil {
			for _, c := range clients {
				c.Close()
			}
			return nil, fmt.Errorf("rpc pool: dial %s: %w", RedactURL(u), err)
		}
		clients = append(clients, c)
		names = append(names, RedactURL(u))
		ws = append(ws, strings.HasPrefix(u, "ws://") || strings.HasPrefix(u, "wss://"))
	}
	p := newPool(clients, names, opts)
	for i, ep := range p.eps {
		ep.ws = ws[i]
	}
	return p, nil
}

func newPool(clients []rpcClient, names []string, opts PoolOptions) *Pool {
	if opts.Timeout == 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.Attempts == 0 {
		opts.Attempts = 6
	}
	if opts.BaseBackoff == 0 {
		opts.BaseBackoff = 250 * time.Millisecond
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = 30 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	p := &Pool{opts: opts, now: time.Now}
	for i, c := range clients {
		lim := rate.NewLimiter(rate.Inf, 1)
		if opts.RatePerSecond > 0 {
			lim = rate.NewLimiter(rate.Limit(opts.RatePerSecond), max(1, int(opts.RatePerSecond)))
		}
		p.eps = append(p.eps, &endpoint{name: names[i], client: c, limiter: lim})
	}
	return p
}

// RedactURL keeps scheme, host and port: RPC URLs often carry API keys
// in their path, query or user info.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "endpoint"
	}
	return u.Scheme + "://" + u.Host
}

// Close closes every endpoint.
func (p *Pool) Close() {
	for _, ep := range p.eps {
		ep.client.Close()
	}
}

// EndpointHealth is one endpoint's state, for status pages and metrics.
type EndpointHealth struct {
	Endpoint  string        `json:"endpoint"`
	Healthy   bool          `json:"healthy"`
	Failures  int           `json:"consecutive_failures"`
	Latency   time.Duration `json:"latency_ns"`
	Calls     int64         `json:"calls"`
	Errors    int64         `json:"errors"`
	LastError string        `json:"last_error,omitempty"`
}

// Health reports every endpoint.
func (p *Pool) Health() []EndpointHealth {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	out := make([]EndpointHealth, len(p.eps))
	for i, ep := range p.eps {
		out[i] = EndpointHealth{Endpoint: ep.name, Healthy: !now.Before(ep.restUntil), Failures: ep.failures,
			Latency: ep.latency, Calls: ep.calls, Errors: ep.errors, LastError: ep.lastErr}
	}
	return out
}

// FilterLogs implements Client.
func (p *Pool) FilterLogs(ctx context.Context, q ethereum.FilterQuery) (logs []types.Log, err error) {
	err = p.do(ctx, "eth_getLogs", func(ctx context.Context, c rpcClient) error {
		logs, err = c.FilterLogs(ctx, q)
		return err
	})
	return logs, err
}

// ErrNoOtherEndpoint means every endpoint of the pool was excluded.
var ErrNoOtherEndpoint = errors.New("no other endpoint")

// FilterLogsExcept asks eth_getLogs and names the endpoint asked, so a
// suspicious answer can be checked against another endpoint. With an
// empty exclude it is FilterLogs; otherwise it makes one attempt on the
// best healthy endpoint not in exclude (ErrNoOtherEndpoint when there is
// none), so a second opinion never waits on resting endpoints.
func (p *Pool) FilterLogsExcept(ctx context.Context, q ethereum.FilterQuery, exclude []string) (logs []types.Log, endpoint string, err error) {
	endpoint, err = p.doExcept(ctx, "eth_getLogs", exclude, func(ctx context.Context, c rpcClient) error {
		logs, err = c.FilterLogs(ctx, q)
		return err
	})
	return logs, endpoint, err
}

// Endpoints is how many endpoints the pool has.
func (p *Pool) Endpoints() int { return len(p.eps) }

// LiedEmpty records that endpoint answered eth_getLogs with an empty list
// where logs exist.
func (p *Pool) LiedEmpty(endpoint string) {
	p.opts.Metrics.rpcError(p.opts.ChainID, endpoint, codeEmptyLogs)
}

// ErrNoSubscription means the pool has no websocket endpoint that accepts
// a newHeads subscription; the caller polls instead.
var ErrNoSubscription = errors.New("no websocket endpoint for newHeads")

type headSubscriber interface {
	SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error)
}

// SubscribeNewHead subscribes to newHeads on the healthiest websocket
// endpoint that accepts it.
func (p *Pool) SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error) {
	var errs []error
	for _, ep := range p.order() {
		s, ok := ep.client.(headSubscriber)
		if !ep.ws || !ok {
			continue
		}
		sub, err := s.SubscribeNewHead(ctx, ch)
		if err == nil {
			return sub, nil
		}
		p.record(ep, err, true)
		p.opts.Log.Warn("rpc endpoint failed", "endpoint", ep.name, "method", "eth_subscribe", "err", redactErr(err))
		errs = append(errs, fmt.Errorf("%s: %s", ep.name, redactErr(err)))
	}
	if len(errs) == 0 {
		return nil, ErrNoSubscription
	}
	return nil, fmt.Errorf("subscribe newHeads: %w: %w", ErrNoSubscription, errors.Join(errs...))
}

// HeaderByNumber implements Client.
func (p *Pool) HeaderByNumber(ctx context.Context, number *big.Int) (h *types.Header, err error) {
	err = p.do(ctx, "eth_getBlockByNumber", func(ctx context.Context, c rpcClient) error {
		h, err = c.HeaderByNumber(ctx, number)
		return err
	})
	return h, err
}

// ChainID asks the pool's endpoints for their chain id.
func (p *Pool) ChainID(ctx context.Context) (id *big.Int, err error) {
	err = p.do(ctx, "eth_chainId", func(ctx context.Context, c rpcClient) error {
		id, err = c.ChainID(ctx)
		return err
	})
	return id, err
}

// CodeAt returns the code of account, for contract-wallet checks.
func (p *Pool) CodeAt(ctx context.Context, account common.Address, blockNumber *big.Int) (code []byte, err error) {
	err = p.do(ctx, "eth_getCode", func(ctx context.Context, c rpcClient) error {
		code, err = c.CodeAt(ctx, account, blockNumber)
		return err
	})
	return code, err
}

// CallContract runs a read-only call. A revert is the call's answer, not
// the endpoint's failure, so it is not retried elsewhere.
func (p *Pool) CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) (out []byte, err error) {
	err = p.do(ctx, "eth_call", func(ctx context.Context, c rpcClient) error {
		out, err = c.CallContract(ctx, call, blockNumber)
		return err
	})
	return out, err
}

// order returns the endpoints best first: rested before resting, then
// fewer consecutive failures, then lower latency.
func (p *Pool) order() []*endpoint {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	eps := append([]*endpoint(nil), p.eps...)
	sort.SliceStable(eps, func(i, j int) bool {
		ri, rj := now.Before(eps[i].restUntil), now.Before(eps[j].restUntil)
		if ri != rj {
			return !ri
		}
		if eps[i].failures != eps[j].failures {
			return eps[i].failures < eps[j].failures
		}
		return eps[i].latency < eps[j].latency
	})
	return eps
}

// do runs call on the best endpoint, moving to the next on a transient
// failure, until it succeeds, fails for good, or runs out of attempts.
func (p *Pool) do(ctx context.Context, method string, call func(context.Context, rpcClient) error) error {
	_, err := p.doExcept(ctx, method, nil, call)
	return err
}

// doExcept is do over the endpoints not named in exclude; it returns the
// endpoint that answered.
func (p *Pool) doExcept(ctx context.Context, method string, exclude []string, call func(context.Context, rpcClient) error) (string, error) {
	var lastErr error
	attempts := p.opts.Attempts
	if len(exclude) > 0 {
		attempts = 1
	}
	for attempt := 0; attempt < attempts; attempt++ {
		// The best endpoint: a failed one rests and sorts behind the others.
		var ep *endpoint
		for _, e := range p.order() {
			if !slices.Contains(exclude, e.name) && (len(exclude) == 0 || p.restFor(e) <= 0) {
				ep = e
				break
			}
		}
		if ep == nil {
			return "", fmt.Errorf("%s: %w", method, ErrNoOtherEndpoint)
		}
		if wait := p.restFor(ep); wait > 0 {
			// Everyone is resting: wait for the first to come back.
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(wait):
			}
		}
		if err := ep.limiter.Wait(ctx); err != nil {
			return "", err
		}
		cctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
		start := time.Now()
		err := call(cctx, ep.client)
		cancel()
		if err == nil {
			p.succeeded(ep, time.Since(start))
			return ep.name, nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if !Retryable(err) {
			p.record(ep, err, false)
			return ep.name, err
		}
		lastErr = err
		backoff := p.record(ep, err, true)
		p.opts.Log.Warn("rpc endpoint failed", "endpoint", ep.name, "method", method, "attempt", attempt+1,
			"err", redactErr(err), "rest", backoff)
		if attempts == 1 {
			return ep.name, err
		}
	}
	return "", fmt.Errorf("%s: all attempts failed: %w", method, lastErr)
}

func (p *Pool) restFor(ep *endpoint) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ep.restUntil.Sub(p.now())
}

func (p *Pool) succeeded(ep *endpoint, took time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ep.calls++
	ep.failures = 0
	ep.restUntil = time.Time{}
	if ep.latency == 0 {
		ep.latency = took
	} else {
		ep.latency = (ep.latency*7 + took) / 8
	}
}

// record notes a failure; a transient one rests the endpoint with full
// jitter (AWS style) and returns how long.
func (p *Pool) record(ep *endpoint, err error, transient bool) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	ep.calls++
	ep.errors++
	ep.lastErr = redactErr(err)
	p.opts.Metrics.rpcError(p.opts.ChainID, ep.name, errorCode(err))
	if !transient {
		return 0
	}
	ep.failures++
	ceiling := p.opts.BaseBackoff << min(ep.failures-1, 16)
	if ceiling > p.opts.MaxBackoff || ceiling <= 0 {
		ceiling = p.opts.MaxBackoff
	}
	rest := time.Duration(rand.Int64N(int64(ceiling)) + 1)
	if ra := retryAfter(err); ra > rest {
		rest = min(ra, p.opts.MaxBackoff)
	}
	ep.restUntil = p.now().Add(rest)
	return rest
}

// Retryable reports whether err is the endpoint's trouble (network,
// timeout, 429, 5xx, overload) rather than the request's (not found,
// invalid params, a range the node refuses): only the former is worth
// asking another endpoint.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, ethereum.NotFound) || errors.Is(err, context.Canceled) {
		return false
	}
	if IsRangeError(err) {
		return false
	}
	var he rpc.HTTPError
	if errors.As(err, &he) {
		return he.StatusCode == 429 || he.StatusCode == 408 || he.StatusCode >= 500
	}
	if strings.Contains(strings.ToLower(err.Error()), "execution reverted") {
		return false
	}
	var je rpc.Error
	if errors.As(err, &je) {
		switch je.ErrorCode() {
		case -32005, -32603, -32000: // limit exceeded, internal error, generic server error
			return true
		}
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	// Connection resets, EOFs and the like surface as plain errors.
	return true
}

// rangeErrorTexts are what common providers answer when an eth_getLogs
// range has too many results or blocks; the caller should split it.
var rangeErrorTexts = []string{
	"query returned more than", "too many results", "response size exceeded", "block range",
	"range too large", "exceed maximum block range", "limit exceeded", "range is too large",
	"log response size exceeded", "too many logs", "query timeout exceeded", "limited to a",
}

// IsRangeError reports whether err says the eth_getLogs range is too big.
func IsRangeError(err error) bool {
	if err == nil {
		return false
	}
	msg := strings.ToLower(err.Error())
	for _, t := range rangeErrorTexts {
		if strings.Contains(msg, t) {
			return true
		}
	}
	return false
}

func retryAfter(err error) time.Duration {
	var he rpc.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 429 {
		return 0
	}
	// go-ethereum does not expose the response headers; rest at least a second.
	return time.Second
}

// redactErr removes URLs (which may carry API keys) from error texts.
func redactErr(err error) string {
	msg := err.Error()
	for _, f := range strings.Fields(msg) {
		f = strings.Trim(f, `"',:;()`)
		if strings.Contains(f, "://") {
			msg = strings.ReplaceAll(msg, f, RedactURL(f))
		}
	}
	return msg
}
