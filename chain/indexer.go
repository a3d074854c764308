package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Client is the part of an Ethereum node the indexer reads.
type Client interface {
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Batch is what one indexing step commits atomically: the events of a
// block range, the recent headers covering it and the new checkpoint.
type Batch struct {
	ChainID    uint64
	Events     []Event
	Headers    []Header
	Checkpoint Checkpoint
	// PruneBelow drops stored headers under this height; they are deeper
	// than any reorg the indexer handles.
	PruneBelow uint64
	// ConfirmedThrough promotes stored provisional events at or below this
	// height: they have reached the chain's confirmation depth. 0: none.
	ConfirmedThrough uint64
	// Replay stores events of blocks already behind the checkpoint: the
	// checkpoint and headers stay as they are.
	Replay bool
}

// Store persists what the indexer produces.
type Store interface {
	Checkpoint(ctx context.Context, chainID uint64) (Checkpoint, bool, error)
	// Headers returns stored headers from height from upwards, ascending.
	Headers(ctx context.Context, chainID, from uint64) ([]Header, error)
	// Commit stores the batch in one transaction; events already stored
	// are skipped, so replaying a range is harmless.
	Commit(ctx context.Context, b Batch) error
	// Rollback marks events above fork as removed, drops the orphaned
	// headers and moves the checkpoint to fork, in one transaction.
	Rollback(ctx context.Context, chainID uint64, fork Header, depth uint64) error
}

// Indexer follows one chain: it backfills from the checkpoint, notices
// reorgs by comparing stored header hashes with the node's, and rolls back
// to the fork point before indexing the new branch.
type Indexer struct {
	ChainID uint64
	Client  Client
	Store   Store
	Decoder *Decoder
	// KeepHeaders is how many recent headers are stored for reorg
	// detection; it must exceed the deepest reorg expected. Default 128.
	KeepHeaders uint64
	// RangeSize is the largest number of blocks per eth_getLogs call.
	// Default 2000. The span actually asked adapts: it halves when a node
	// refuses a range (too many results, range too large, timeout) and
	// doubles again after each success.
	RangeSize uint64
	Log       *slog.Logger

	// Concurrency is how many block ranges are fetched at once during a
	// backfill below the unfinalised zone. Default 4.
	Concurrency int
	// StartAt, when non-zero, is where a chain with nothing indexed yet
	// starts instead of its sources' lowest start block.
	StartAt uint64
	// OnRange, when set, sees every committed range (progress display).
	OnRange func(RangeStats)

	// Confirmations is the depth at which an event is confirmed; events
	// above it are stored provisional and promoted once deep enough.
	// 0: every event is stored confirmed.
	Confirmations uint64
	// Finality, when "safe" or "finalized", confirms events at or below
	// the node's block of that tag instead of counting Confirmations.
	Finality string
	// StallTimeout is how long Follow lets its head stand still while the
	// node's advances before restarting the source. Default 60s.
	StallTimeout time.Duration
	// BloomCheckSpan is the longest empty range whose headers' logsBloom
	// are read to decide whether to re-ask another endpoint; longer empty
	// ranges are re-asked without reading headers. Default 64.
	BloomCheckSpan uint64
	// Metrics, when set, records progress, events, reorgs and halts.
	Metrics *Metrics

	mu        sync.Mutex
	span      uint64 // blocks asked per eth_getLogs now
	ceiling   uint64 // below the smallest span refused lately
	lastOK    uint64 // the span of the last success
	successes int
	head      uint64 // the node's head at the start of this Sync
	confirmed uint64 // events at or below are confirmed, as of this Sync
}

// SyncResult reports one Sync pass.
type SyncResult struct {
	From, To uint64
	Events   int
	Reorged  bool
	// Head is the node's head when the pass started.
	Head uint64
}

// ErrReorgTooDeep is returned when no stored header matches the node's
// chain: the reorg is deeper than KeepHeaders.
var ErrReorgTooDeep = errors.New("reorg deeper than the stored header chain")

func (ix *Indexer) defaults() {
	if ix.KeepHeaders == 0 {
		ix.KeepHeaders = 128
	}
	if ix.RangeSize == 0 {
		ix.RangeSize = 2000
	}
	if ix.Concurrency <= 0 {
		ix.Concurrency = 4
	}
	if ix.Log == nil {
		ix.Log = slog.New(slog.DiscardHandler)
	}
	// The kept headers must reach below the confirmation depth, or a reorg
	// of a provisional event could go unnoticed.
	if ix.KeepHeaders <= ix.Confirmations {
		ix.KeepHeaders = ix.Confirmations + 64
	}
	if ix.StallTimeout <= 0 {
		ix.StallTimeout = time.Minute
	}
	if ix.BloomCheckSpan == 0 {
		ix.BloomCheckSpan = 64
	}
}

// confirmedThrough is the highest block whose events count as confirmed
// with the node at head.
func (ix *Indexer) confirmedThrough(ctx context.Context, head uint64) (uint64, error) {
	switch ix.Finality {
	case "":
		if head < ix.Confirmations {
			return 0, nil
		}
		return head - ix.Confirmations, nil
	case "safe", "finalized":
		tag := rpc.SafeBlockNumber
		if ix.Finality == "finalized" {
			tag = rpc.FinalizedBlockNumber
		}
		h, err := ix.Client.HeaderByNumber(ctx, big.NewInt(tag.Int64()))
		if err != nil {
			return 0, fmt.Errorf("read %s block: %w", ix.Finality, err)
		}
		return min(h.Number.Uint64(), head), nil
	default:
		return 0, fmt.Errorf("unknown finality %q (valid: safe, finalized)", ix.Finality)
	}
}

// Sync indexes from the checkpoint up to the node's head (or to, when
// non-zero and lower), handling a reorg first if one happened.
func (ix *Indexer) Sync(ctx context.Context, to uint64) (SyncResult, error) {
	ix.defaults()
	var res SyncResult
	head, err := ix.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("read head: %w", err)
	}
	target := head.Number.Uint64()
	ix.head = target
	res.Head = target
	if ix.confirmed, err = ix.confirmedThrough(ctx, target); err != nil {
		return res, err
	}
	if to != 0 && to < target {
		target = to
	}
	cp, ok, err := ix.Store.Checkpoint(ctx, ix.ChainID)
	if err != nil {
		return res, err
	}
	from := ix.startBlock()
	if ok {
		reorged, fork, err := ix.checkReorg(ctx, cp)
		if err != nil {
			return res, err
		}
		if reorged {
			res.Reorged = true
			cp = Checkpoint{ChainID: ix.ChainID, Number: fork.Number, Hash: fork.Hash}
		}
		from = cp.Number + 1
	}
	res.From, res.To = from, target
	if ix.span == 0 || ix.span > ix.RangeSize {
		ix.span = ix.RangeSize
	}
	if ix.ceiling == 0 || ix.ceiling > ix.RangeSize {
		ix.ceiling = ix.RangeSize
	}
	// Below the unfinalised zone ranges are fetched concurrently; in it,
	// one at a time with every header, for reorg detection.
	if zone := ix.zoneStart(target); from < zone {
		n, next, err := ix.backfill(ctx, from, zone-1, target, cp)
		res.Events += n
		if err != nil {
			return res, err
		}
		cp, from = next, zone
	}
	// In the unfinalised zone, block by block: each header must extend the
	// one before, and a block's logs are asked by its hash, only when its
	// logsBloom admits the watched contracts. Blocks are committed
	// together, up to zoneBatch at a time, to spare the store.
	var f fetched
	flush := func() error {
		if len(f.headers) == 0 {
			return nil
		}
		cnt, next, err := ix.commit(ctx, f, target, cp)
		if err != nil {
			return err
		}
		res.Events += cnt
		cp, f = next, fetched{}
		return nil
	}
	for n := from; n <= target; n++ {
		hdr, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return res, fmt.Errorf("read header %d: %w", n, err)
		}
		parent := cp.Hash
		if len(f.headers) > 0 {
			parent = f.end.Hash
		}
		if parent != (common.Hash{}) && hdr.ParentHash != parent {
			if len(f.headers) > 0 {
				// The chain moved under this pass; store nothing of it.
				return res, fmt.Errorf("header %d: %w", n, errRaced)
			}
			reorged, fork, err := ix.checkReorg(ctx, cp)
			if err != nil {
				return res, err
			}
			if !reorged {
				return res, fmt.Errorf("header %d: %w", n, errRaced)
			}
			res.Reorged = true
			cp = Checkpoint{ChainID: ix.ChainID, Number: fork.Number, Hash: fork.Hash}
			n = fork.Number // the loop moves on to the fork's child
			continue
		}
		h := Header{Number: n, Hash: hdr.Hash(), ParentHash: hdr.ParentHash}
		if len(f.headers) == 0 {
			f.from = n
		}
		f.to, f.end, f.headers = n, h, append(f.headers, h)
		if ix.bloomMayMatch(hdr.Bloom) {
			logs, err := ix.blockLogs(ctx, h.Hash)
			if err != nil {
				return res, err
			}
			f.logs = append(f.logs, logs...)
		}
		if len(f.headers) >= zoneBatch {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}

// zoneBatch is the most blocks of the unfinalised zone committed at once.
const zoneBatch = 32

// shrinkable reports whether a smaller range may succeed where err failed.
func shrinkable(err error) bool {
	return IsRangeError(err) || errors.Is(err, context.DeadlineExceeded)
}

func (ix *Indexer) startBlock() uint64 {
	if ix.StartAt > 0 {
		return ix.StartAt
	}
	var start uint64
	first := true
	for _, s := range ix.Decoder.sources {
		if first || s.StartBlock < start {
			start, first = s.StartBlock, false
		}
	}
	return start
}

// checkReorg compares the checkpoint with the node's block at that height
// and, on a mismatch, walks the stored headers down to the fork point.
func (ix *Indexer) checkReorg(ctx context.Context, cp Checkpoint) (bool, Header, error) {
	h, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(cp.Number))
	if errors.Is(err, ethereum.NotFound) {
		// The node is below the checkpoint: lagging, or on a shorter
		// branch. Either way there is nothing to index yet; a reorg shows
		// once its branch grows past the checkpoint.
		ix.Log.Info("node is behind the checkpoint; waiting", "chain_id", ix.ChainID, "checkpoint", cp.Number)
		return false, Header{}, nil
	}
	if err != nil {
		return false, Header{}, fmt.Errorf("read header %d: %w", cp.Number, err)
	}
	if h.Hash() == cp.Hash {
		return false, Header{}, nil
	}
	var floor uint64
	if cp.Number > ix.KeepHeaders {
		floor = cp.Number - ix.KeepHeaders
	}
	stored, err := ix.Store.Headers(ctx, ix.ChainID, floor)
	if err != nil {
		return false, Header{}, err
	}
	for i := len(stored) - 1; i >= 0; i-- {
		s := stored[i]
		if s.Number >= cp.Number {
			continue
		}
		nh, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(s.Number))
		if err != nil {
			return false, Header{}, fmt.Errorf("read header %d: %w", s.Number, err)
		}
		if nh.Hash() == s.Hash {
			depth := cp.Number - s.Number
			ix.Log.Warn("reorg detected", "chain_id", ix.ChainID, "fork_block", s.Number, "depth", depth, "old_head", cp.Hash.Hex())
			if err := ix.Store.Rollback(ctx, ix.ChainID, s, depth); err != nil {
				return false, Header{}, fmt.Errorf("roll back to %d: %w", s.Number, err)
			}
			ix.Metrics.reorged(ix.ChainID)
			return true, s, nil
		}
	}
	return false, Header{}, fmt.Errorf("chain %d at block %d: %w", ix.ChainID, cp.Number, ErrReorgTooDeep)
}

// errRaced means the chain changed under a range fetch; the caller's next
// Sync sees the reorg through the checkpoint comparison.
var errRaced = errors.New("chain changed during fetch")

// fetched is one block range read from the node, not yet committed.
type fetched struct {
	from, to uint64
	logs     []types.Log
	headers  []Header // the unfinalised part of the range, ascending
	end      Header   // the range's last block
}

// zoneStart is the first block of the unfinalised zone, whose headers are
// kept for reorg detection.
func (ix *Indexer) zoneStart(target uint64) uint64 {
	var zone uint64
	if target > ix.KeepHeaders {
		zone = target - ix.KeepHeaders
	}
	// Blocks above the confirmed height may still be reorged away: keep
	// their headers whatever KeepHeaders says.
	if ix.confirmed < target {
		zone = min(zone, ix.confirmed+1)
	}
	return zone
}

// fetch reads the logs of [from, to], the headers of its unfinalised part
// and its last header. With split, a range the node refuses is fetched
// in halves instead of failing.
func (ix *Indexer) fetch(ctx context.Context, from, to, target uint64, split bool) (fetched, error) {
	f := fetched{from: from, to: to}
	var err error
	if split {
		f.logs, err = ix.logsSplitting(ctx, from, to)
	} else {
		f.logs, err = ix.logs(ctx, from, to)
	}
	if err != nil {
		return f, err
	}
	for n := max(from, ix.zoneStart(target)); n <= to; n++ {
		h, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return f, fmt.Errorf("read header %d: %w", n, err)
		}
		f.headers = append(f.headers, Header{Number: n, Hash: h.Hash(), ParentHash: h.ParentHash})
	}
	if len(f.headers) > 0 && f.headers[len(f.headers)-1].Number == to {
		f.end = f.headers[len(f.headers)-1]
		return f, nil
	}
	h, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return f, fmt.Errorf("read header %d: %w", to, err)
	}
	f.end = Header{Number: to, Hash: h.Hash(), ParentHash: h.ParentHash}
	return f, nil
}

func (ix *Indexer) logs(ctx context.Context, from, to uint64) ([]types.Log, error) {
	q := ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		ToBlock:   new(big.Int).SetUint64(to),
		Addresses: ix.Decoder.Addresses(),
		Topics:    [][]common.Hash{ix.Decoder.Topics()},
	}
	logs, err := ix.askLogs(ctx, q, func(ctx context.Context) (bool, error) { return ix.rangeMayHaveLogs(ctx, from, to) })
	if err != nil {
		return nil, fmt.Errorf("get logs %d-%d: %w", from, to, err)
	}
	return logs, nil
}

// logsSplitting fetches [from, to]; when the node refuses the range it
// narrows the indexer's span and fetches the range in pieces of the span
// learned so far, so later pieces need not be refused again.
func (ix *Indexer) logsSplitting(ctx context.Context, from, to uint64) ([]types.Log, error) {
	logs, err := ix.logs(ctx, from, to)
	if err == nil {
		// Only a range the node answered whole may widen the span.
		ix.grow(to-from+1, len(logs))
	}
	if err == nil || !shrinkable(err) || from == to {
		return logs, err
	}
	ix.mu.Lock()
	ix.ceiling = max(1, min(ix.ceiling, to-from))
	if ix.lastOK > 0 && ix.lastOK <= to-from {
		ix.ceiling = min(ix.ceiling, ix.lastOK)
	}
	ix.span = max(1, min(ix.span, (to-from+1)/2, ix.ceiling))
	ix.mu.Unlock()
	ix.Log.Info("narrowing log range", "chain_id", ix.ChainID, "from", from, "to", to, "err", err)
	var out []types.Log
	for start := from; start <= to; {
		ix.mu.Lock()
		end := min(start+ix.span-1, to)
		ix.mu.Unlock()
		part, err := ix.logsSplitting(ctx, start, end)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
		start = end + 1
	}
	return out, nil
}

// commit checks a fetched range against the checkpoint, decodes its logs
// and stores them with the new checkpoint in one transaction.
func (ix *Indexer) commit(ctx context.Context, f fetched, target uint64, prev Checkpoint) (int, Checkpoint, error) {
	byNumber := make(map[uint64]Header, len(f.headers))
	// The fetched headers must form one chain on top of the checkpoint,
	// and every log must belong to it; otherwise a reorg raced the fetch.
	for i, h := range f.headers {
		byNumber[h.Number] = h
		if i > 0 && h.ParentHash != f.headers[i-1].Hash {
			return 0, prev, fmt.Errorf("headers %d-%d: %w", f.from, f.to, errRaced)
		}
		if h.Number == prev.Number+1 && prev.Hash != (common.Hash{}) && h.ParentHash != prev.Hash {
			return 0, prev, fmt.Errorf("header %d: %w", h.Number, errRaced)
		}
	}
	events := make([]Event, 0, len(f.logs))
	for _, l := range f.logs {
		// A node flags logs of a block it has since reorged away.
		if l.Removed {
			ix.Log.Warn("log removed by a reorg", "chain_id", ix.ChainID, "block", l.BlockNumber, "tx", l.TxHash.Hex())
			return 0, prev, fmt.Errorf("removed log in block %d: %w", l.BlockNumber, errRaced)
		}
		if h, ok := byNumber[l.BlockNumber]; ok && h.Hash != l.BlockHash {
			return 0, prev, fmt.Errorf("log in block %d: %w", l.BlockNumber, errRaced)
		}
		if l.BlockNumber == f.to && l.BlockHash != f.end.Hash {
			return 0, prev, fmt.Errorf("log in block %d: %w", l.BlockNumber, errRaced)
		}
		e, err := ix.Decoder.Decode(ix.ChainID, l)
		if errors.Is(err, ErrUnknownLog) {
			continue
		}
		if err != nil {
			ix.Log.Warn("skipping malformed log", "chain_id", ix.ChainID, "block", l.BlockNumber, "tx", l.TxHash.Hex(), "err", err)
			continue
		}
		e.Provisional = e.BlockNumber > ix.confirmed
		events = append(events, e)
	}
	cp := Checkpoint{ChainID: ix.ChainID, Number: f.to, Hash: f.end.Hash, Head: ix.head}
	err := ix.Store.Commit(ctx, Batch{ChainID: ix.ChainID, Events: events, Headers: f.headers, Checkpoint: cp,
		PruneBelow: ix.zoneStart(target), ConfirmedThrough: min(ix.confirmed, f.to)})
	if err != nil {
		return 0, prev, fmt.Errorf("commit blocks %d-%d: %w", f.from, f.to, err)
	}
	ix.Metrics.indexed(ix.ChainID, events)
	ix.Metrics.progress(ix.ChainID, ix.head, cp.Number)
	if ix.OnRange != nil {
		ix.OnRange(RangeStats{From: f.from, To: f.to, Events: len(events), Target: target})
	}
	return len(events), cp, nil
}

// RangeStats reports one committed range, for progress display.
type RangeStats struct {
	From, To, Target uint64
	Events           int
}

// backfill indexes [from, to] — all below the unfinalised zone — fetching
// up to Concurrency ranges at once and committing them in order, so the
// checkpoint only ever moves over contiguous stored blocks.
func (ix *Indexer) backfill(ctx context.Context, from, to, target uint64, prev Checkpoint) (int, Checkpoint, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type future struct {
		done chan struct{}
		f    fetched
		err  error
	}
	window := make(chan struct{}, 2*ix.Concurrency) // bounds fetched-but-uncommitted ranges
	sem := make(chan struct{}, ix.Concurrency)
	futures := make(chan *future, 2*ix.Concurrency)
	go func() {
		defer close(futures)
		for start := from; start <= to; {
			ix.mu.Lock()
			span := ix.span
			ix.mu.Unlock()
			// The first range is a probe, narrow and alone, so the span
			// has learned the chain's log density before ranges are asked
			// in parallel: a node without a result cap answers a dense
			// wide range with everything, in memory at once.
			probe := start == from
			if probe {
				span = min(span, probeSpan)
			}
			end := min(start+span-1, to)
			fu := &future{done: make(chan struct{})}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			futures <- fu
			go func(start, end uint64) {
				defer func() { <-sem; close(fu.done) }()
				fu.f, fu.err = ix.fetch(ctx, start, end, target, true)
			}(start, end)
			if probe {
				select {
				case <-fu.done:
				case <-ctx.Done():
					return
				}
			}
			start = end + 1
		}
	}()
	total := 0
	cp := prev
	for fu := range futures {
		<-fu.done
		if fu.err != nil {
			return total, cp, fu.err
		}
		n, next, err := ix.commit(ctx, fu.f, target, cp)
		if err != nil {
			return total, cp, err
		}
		<-window
		total += n
		cp = next
	}
	if cp.Number != to {
		return total, cp, ctx.Err()
	}
	return total, cp, nil
}

// Backfill memory bounds: the first range of a backfill spans at most
// probeSpan blocks, and spans aim at rangeLogs logs per request, so the
// fetched-but-uncommitted ranges stay small however dense the chain.
const (
	probeSpan = 256
	rangeLogs = 2500
)

// grow widens the span after a successful fetch of ok blocks holding logs
// logs, staying under the last refusal and letting that ceiling creep up
// slowly, and under the span that would bring more than rangeLogs logs.
func (ix *Indexer) grow(ok uint64, logs int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.successes++
	ix.lastOK = ok
	if ix.successes%32 == 0 {
		ix.ceiling = min(ix.RangeSize, ix.ceiling+ix.ceiling/8+1)
	}
	next := min(max(ix.span, ok)*2, ix.ceiling)
	if logs > 0 {
		next = min(next, max(1, ok*rangeLogs/uint64(logs)))
	}
	ix.span = next
}

// IsRaced reports whether err means the chain moved during a fetch and a
// new Sync will sort it out.
func IsRaced(err error) bool { return errors.Is(err, errRaced) }

// Refetch stores the events of blocks from..to again, up to the
// checkpoint: the history of a contract added after its blocks were
// indexed, or a range to repair. Events already stored are skipped, the
// checkpoint and headers stay, and logs of blocks whose stored header
// differs (reorged since) are left to Sync. It returns how many events
// it read; those already stored were skipped by the store.
func (ix *Indexer) Refetch(ctx context.Context, from, to uint64) (int, error) {
	ix.defaults()
	cp, ok, err := ix.Store.Checkpoint(ctx, ix.ChainID)
	if err != nil || !ok {
		return 0, err
	}
	head, err := ix.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("read head: %w", err)
	}
	if ix.confirmed, err = ix.confirmedThrough(ctx, head.Number.Uint64()); err != nil {
		return 0, err
	}
	to = min(to, cp.Number)
	if from > to {
		return 0, nil
	}
	stored, err := ix.Store.Headers(ctx, ix.ChainID, from)
	if err != nil {
		return 0, err
	}
	known := make(map[uint64]common.Hash, len(stored))
	for _, h := range stored {
		known[h.Number] = h.Hash
	}
	if ix.span == 0 || ix.span > ix.RangeSize {
		ix.span = ix.RangeSize
	}
	if ix.ceiling == 0 || ix.ceiling > ix.RangeSize {
		ix.ceiling = ix.RangeSize
	}
	total := 0
	for start := from; start <= to; {
		ix.mu.Lock()
		end := min(start+ix.span-1, to)
		ix.mu.Unlock()
		logs, err := ix.logsSplitting(ctx, start, end)
		if err != nil {
			return total, err
		}
		var events []Event
		for _, l := range logs {
			if h, ok := known[l.BlockNumber]; l.Removed || (ok && h != l.BlockHash) {
				continue
			}
			e, err := ix.Decoder.Decode(ix.ChainID, l)
			if err != nil {
				if !errors.Is(err, ErrUnknownLog) {
					ix.Log.Warn("skipping malformed log", "chain_id", ix.ChainID, "block", l.BlockNumber, "tx", l.TxHash.Hex(), "err", err)
				}
				continue
			}
			e.Provisional = e.BlockNumber > ix.confirmed
			events = append(events, e)
		}
		if err := ix.Store.Commit(ctx, Batch{ChainID: ix.ChainID, Events: events, Checkpoint: cp, Replay: true}); err != nil {
			return total, fmt.Errorf("commit refetched blocks %d-%d: %w", start, end, err)
		}
		total += len(events)
		if ix.OnRange != nil {
			ix.OnRange(RangeStats{From: start, To: end, Events: len(events), Target: to})
		}
		start = end + 1
	}
	return total, nil
}
