package chain

import (
	"context"
	"errors"
	"strconv"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the indexers' and RPC pools' Prometheus collectors, labelled
// by chain id. A nil *Metrics records nothing.
type Metrics struct {
	head        *prometheus.GaugeVec
	checkpoint  *prometheus.GaugeVec
	lag         *prometheus.GaugeVec
	events      *prometheus.CounterVec
	provisional *prometheus.CounterVec
	reorgs      *prometheus.CounterVec
	halted      *prometheus.GaugeVec
	rpcErrors   *prometheus.CounterVec
	restarts    *prometheus.CounterVec
}

// NewMetrics creates the collectors and registers them on reg.
func NewMetrics(reg *prometheus.Registry) *Metrics {
	m := &Metrics{
		head: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "beckon_chain_head_block",
			Help: "The node's head block as last seen by the indexer."}, []string{"chain_id"}),
		checkpoint: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "beckon_chain_checkpoint_block",
			Help: "The last block whose events are fully stored."}, []string{"chain_id"}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "beckon_chain_lag_blocks",
			Help: "Blocks between the node's head and the checkpoint."}, []string{"chain_id"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "beckon_chain_events_indexed_total",
			Help: "Events decoded and committed, by kind."}, []string{"chain_id", "kind"}),
		provisional: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "beckon_chain_events_provisional_total",
			Help: "Events stored provisional: above the confirmation depth or the safe/finalized block."}, []string{"chain_id"}),
		reorgs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "beckon_chain_reorgs_total",
			Help: "Reorgs handled (rolled back to a fork point)."}, []string{"chain_id"}),
		halted: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "beckon_chain_reorg_too_deep",
			Help: "1 while the chain's indexer is halted by a reorg deeper than its kept headers; alert on it."}, []string{"chain_id"}),
		rpcErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "beckon_chain_rpc_errors_total",
			Help: "Failed RPC requests by endpoint (URL without credentials) and code (HTTP status, JSON-RPC code, not_found, range, timeout, network, empty_logs)."},
			[]string{"chain_id", "endpoint", "code"}),
		restarts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "beckon_chain_watchdog_restarts_total",
			Help: "Live sources restarted because their head stalled while the node's advanced."}, []string{"chain_id"}),
	}
	reg.MustRegister(m.head, m.checkpoint, m.lag, m.events, m.provisional, m.reorgs, m.halted, m.rpcErrors, m.restarts)
	return m
}

func chainLabel(id uint64) string { return strconv.FormatUint(id, 10) }

func (m *Metrics) progress(chainID, head, checkpoint uint64) {
	if m == nil {
		return
	}
	l := chainLabel(chainID)
	m.head.WithLabelValues(l).Set(float64(head))
	m.checkpoint.WithLabelValues(l).Set(float64(checkpoint))
	m.lag.WithLabelValues(l).Set(float64(head - min(head, checkpoint)))
}

func (m *Metrics) indexed(chainID uint64, events []Event) {
	if m == nil || len(events) == 0 {
		return
	}
	l := chainLabel(chainID)
	provisional := 0
	for _, e := range events {
		m.events.WithLabelValues(l, string(e.Kind)).Inc()
		if e.Provisional {
			provisional++
		}
	}
	if provisional > 0 {
		m.provisional.WithLabelValues(l).Add(float64(provisional))
	}
}

func (m *Metrics) reorged(chainID uint64) {
	if m != nil {
		m.reorgs.WithLabelValues(chainLabel(chainID)).Inc()
	}
}

func (m *Metrics) setHalted(chainID uint64, halted bool) {
	if m == nil {
		return
	}
	v := 0.0
	if halted {
		v = 1
	}
	m.halted.WithLabelValues(chainLabel(chainID)).Set(v)
}

func (m *Metrics) restarted(chainID uint64) {
	if m != nil {
		m.restarts.WithLabelValues(chainLabel(chainID)).Inc()
	}
}

func (m *Metrics) rpcError(chainID uint64, endpoint, code string) {
	if m != nil {
		m.rpcErrors.WithLabelValues(chainLabel(chainID), endpoint, code).Inc()
	}
}

// codeEmptyLogs is the RPC error code of an endpoint that answered
// eth_getLogs with an empty list where another endpoint had logs.
const codeEmptyLogs = "empty_logs"

// errorCode classifies err for the RPC error metric: the HTTP status, the
// JSON-RPC error code, "not_found", "range" (a refused eth_getLogs range),
// "timeout" or "network".
func errorCode(err error) string {
	if errors.Is(err, ethereum.NotFound) {
		return "not_found"
	}
	var he rpc.HTTPError
	if errors.As(err, &he) {
		return strconv.Itoa(he.StatusCode)
	}
	if IsRangeError(err) {
		return "range"
	}
	var je rpc.Error
	if errors.As(err, &je) {
		return strconv.Itoa(je.ErrorCode())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "network"
}
