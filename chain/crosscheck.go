package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// crossChecker is a client over several endpoints that can say which one
// answered and ask another: the Pool.
type crossChecker interface {
	FilterLogsExcept(ctx context.Context, q ethereum.FilterQuery, exclude []string) ([]types.Log, string, error)
	Endpoints() int
	LiedEmpty(endpoint string)
}

// bloomMayMatch reports whether a block with this logsBloom may hold a
// log of a watched contract with a watched topic. Blooms have false
// positives, never false negatives, so false rules the block out.
func (ix *Indexer) bloomMayMatch(b types.Bloom) bool {
	return anyInBloom(b, ix.Decoder.Addresses(), func(a common.Address) []byte { return a.Bytes() }) &&
		anyInBloom(b, ix.Decoder.Topics(), func(h common.Hash) []byte { return h.Bytes() })
}

func anyInBloom[T any](b types.Bloom, items []T, bytes func(T) []byte) bool {
	if len(items) == 0 {
		return true // nothing to rule out with: an unfiltered query
	}
	for _, it := range items {
		if types.BloomLookup(b, bytesLookup(bytes(it))) {
			return true
		}
	}
	return false
}

// bytesLookup adapts raw bytes to types.BloomLookup's argument.
type bytesLookup []byte

func (b bytesLookup) Bytes() []byte { return b }

// blockLogs asks the watched logs of one block by its hash: the answer is
// that block's or an error, never a log of a sibling from a reorg.
func (ix *Indexer) blockLogs(ctx context.Context, hash common.Hash) ([]types.Log, error) {
	q := ethereum.FilterQuery{BlockHash: &hash, Addresses: ix.Decoder.Addresses(), Topics: [][]common.Hash{ix.Decoder.Topics()}}
	// Asked only when the bloom admits the block, so an empty answer is
	// already suspect.
	logs, err := ix.askLogs(ctx, q, func(context.Context) (bool, error) { return true, nil })
	if err != nil {
		return nil, fmt.Errorf("get logs of block %s: %w", hash.Hex(), err)
	}
	return logs, nil
}

// askLogs runs q. Pruned or lagging nodes answer eth_getLogs with an
// empty list instead of an error, so when the answer is empty and
// suspect says logs may exist, the other endpoints are asked in turn; an
// endpoint that answered empty where another had logs is logged and
// counted. With a single endpoint there is nobody to ask: the answer stands.
func (ix *Indexer) askLogs(ctx context.Context, q ethereum.FilterQuery, suspect func(context.Context) (bool, error)) ([]types.Log, error) {
	cc, ok := ix.Client.(crossChecker)
	if !ok || cc.Endpoints() < 2 {
		return ix.Client.FilterLogs(ctx, q)
	}
	logs, ep, err := cc.FilterLogsExcept(ctx, q, nil)
	if err != nil || len(logs) > 0 {
		return logs, err
	}
	may, err := suspect(ctx)
	if err != nil || !may {
		return logs, err
	}
	asked := []string{ep}
	for {
		other, by, err := cc.FilterLogsExcept(ctx, q, asked)
		if errors.Is(err, ErrNoOtherEndpoint) {
			// Every healthy endpoint agrees (a bloom false positive), or
			// none is left to ask: the answer stands.
			return logs, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			// A second opinion is best effort: a failing endpoint must not
			// stall indexing that the first answer allows.
			ix.Log.Warn("could not cross-check an empty eth_getLogs answer", "chain_id", ix.ChainID, "endpoint", by, "err", err)
			asked = append(asked, by)
			continue
		}
		if len(other) > 0 {
			for _, liar := range asked {
				cc.LiedEmpty(liar)
				ix.Log.Warn("endpoint answered eth_getLogs with an empty list where another has logs; is it pruned or lagging?",
					"chain_id", ix.ChainID, "endpoint", liar, "answered_by", by, "logs", len(other))
			}
			return other, nil
		}
		asked = append(asked, by)
	}
}

// bloomCheckWorkers bounds the header reads of one empty-range check.
const bloomCheckWorkers = 8

// rangeMayHaveLogs decides whether an empty answer for [from, to] is
// worth re-asking. Up to BloomCheckSpan blocks it reads the headers (a
// few at once, stopping at the first whose logsBloom admits the watched
// contracts); a longer range is re-asked outright, since one eth_getLogs
// to another endpoint costs less than reading its headers.
func (ix *Indexer) rangeMayHaveLogs(ctx context.Context, from, to uint64) (bool, error) {
	if to-from+1 > ix.BloomCheckSpan {
		return true, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan uint64)
	var (
		mu       sync.Mutex
		found    bool
		firstErr error
		wg       sync.WaitGroup
	)
	for range min(bloomCheckWorkers, int(to-from+1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				h, err := ix.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
				mu.Lock()
				switch {
				case err != nil && firstErr == nil && ctx.Err() == nil:
					firstErr = fmt.Errorf("read header %d: %w", n, err)
					cancel()
				case err == nil && ix.bloomMayMatch(h.Bloom):
					found = true
					cancel()
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for n := from; n <= to; n++ {
		select {
		case next <- n:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if found {
		return true, nil
	}
	return false, firstErr
}
