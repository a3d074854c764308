package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
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

	span      uint64 // blocks asked per eth_getLogs now
	ceiling   uint64 // below the smallest span refused lately
	lastOK    uint64 // the span of the last success
	successes int
}

// SyncResult reports one Sync pass.
type SyncResult struct {
	From, To uint64
	Events   int
	Reorged  bool
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
	if ix.Log == nil {
		ix.Log = slog.New(slog.DiscardHandler)
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
	for from <= target {
		end := min(from+ix.span-1, target)
		n, next, err := ix.indexRange(ctx, from, end, target, cp)
		if err != nil {
			if shrinkable(err) && ix.span > 1 {
				ix.ceiling = max(1, end-from)
				if ix.lastOK > 0 && ix.lastOK <= end-from {
					ix.ceiling = ix.lastOK
				}
				ix.span = max(1, min(ix.span/2, ix.ceiling))
				ix.Log.Info("narrowing log range", "chain_id", ix.ChainID, "from", from, "span", ix.span, "err", err)
				continue
			}
			return res, err
		}
		res.Events += n
		cp = next
		// Grow back, but stay under the last refusal; let that ceiling
		// creep up slowly, since a refusal may have been a busy moment.
		ix.successes++
		ix.lastOK = end - from + 1
		from = end + 1
		if ix.successes%32 == 0 {
			ix.ceiling = min(ix.RangeSize, ix.ceiling+ix.ceiling/8+1)
		}
		ix.span = min(ix.span*2, ix.ceiling)
	}
	return res, nil
}

// shrinkable reports whether a smaller range may succeed where err failed.
func shrinkable(err error) bool {
	return IsRangeError(err) || errors.Is(err, context.DeadlineExceeded)
}

func (ix *Indexer) startBlock() uint64 {
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
			return true, s, nil
		}
	}
	return false, Header{}, fmt.Errorf("chain %d at block %d: %w", ix.ChainID, cp.Number, ErrReorgTooDeep)
}

// errRaced means the chain changed under a range fetch; the caller's next
// Sync sees the reorg through the checkpoint comparison.
var errRaced = errors.New("chain changed during fetch")

func (ix *Indexer) indexRange(ctx context.Context, from, to, target uint64, prev Checkpoint) (int, Checkpoint, error) {
	start := time.Now()
	logs, err := ix.Client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		ToBlock:   new(big.Int).SetUint64(to),
		Addresses: ix.Decoder.Addresses(),
		Topics:    [][]common.Hash{ix.Decoder.Topics()},
	})
	if err != nil {
		return 0, prev, fmt.Errorf("get logs %d-%d: %w", from, to, err)
	}
	// Headers of the unfinalised zone are kept for reorg detection; below
	// it only the range end is needed for the checkpoint hash.
	zone := uint64(0)
	if target > ix.KeepHeaders {
		zone = target - ix.KeepHeaders
	}
	var headers []Header
	byNumber := map[uint64]Header{}
	for n := max(from, zone); n <= to; n++ {
		h, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return 0, prev, fmt.Errorf("read header %d: %w", n, err)
		}
		hd := Header{Number: n, Hash: h.Hash(), ParentHash: h.ParentHash}
		headers = append(headers, hd)
		byNumber[n] = hd
	}
	end, ok := byNumber[to]
	if !ok {
		h, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
		if err != nil {
			return 0, prev, fmt.Errorf("read header %d: %w", to, err)
		}
		end = Header{Number: to, Hash: h.Hash(), ParentHash: h.ParentHash}
	}
	// The fetched headers must form one chain on top of the checkpoint,
	// and every log must belong to it; otherwise a reorg raced the fetch.
	for i, h := range headers {
		if i > 0 && h.ParentHash != headers[i-1].Hash {
			return 0, prev, fmt.Errorf("headers %d-%d: %w", from, to, errRaced)
		}
		if h.Number == prev.Number+1 && prev.Hash != (common.Hash{}) && h.ParentHash != prev.Hash {
			return 0, prev, fmt.Errorf("header %d: %w", h.Number, errRaced)
		}
	}
	events := make([]Event, 0, len(logs))
	for _, l := range logs {
		if h, ok := byNumber[l.BlockNumber]; ok && h.Hash != l.BlockHash {
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
		events = append(events, e)
	}
	cp := Checkpoint{ChainID: ix.ChainID, Number: to, Hash: end.Hash}
	err = ix.Store.Commit(ctx, Batch{ChainID: ix.ChainID, Events: events, Headers: headers, Checkpoint: cp, PruneBelow: zone})
	if err != nil {
		return 0, prev, fmt.Errorf("commit blocks %d-%d: %w", from, to, err)
	}
	ix.Log.Debug("indexed range", "chain_id", ix.ChainID, "from", from, "to", to, "events", len(events), "took", time.Since(start))
	return len(events), cp, nil
}

// IsRaced reports whether err means the chain moved during a fetch and a
// new Sync will sort it out.
func IsRaced(err error) bool { return errors.Is(err, errRaced) }

// Follow calls Sync every interval until ctx ends, logging failures and
// retrying; onSync, when set, sees each result.
func (ix *Indexer) Follow(ctx context.Context, interval time.Duration, onSync func(SyncResult)) error {
	ix.defaults()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		res, err := ix.Sync(ctx, 0)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && !IsRaced(err):
			ix.Log.Error("index chain", "chain_id", ix.ChainID, "err", err)
		case err == nil && onSync != nil:
			onSync(res)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
