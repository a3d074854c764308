package chain

import (
	"context"
	"errors"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"
)

// errStalled means the source's head stood still while the node's moved.
var errStalled = errors.New("head stalled while the node's advanced")

// Follow indexes the chain until ctx ends. It syncs on every new head
// pushed by a newHeads subscription (when the client offers one: the
// pool's ws:// endpoints) and every interval in any case, which is the
// whole of it when there is no subscription or it dropped. A watchdog
// restarts the source when its head has not advanced for StallTimeout
// while the node's has. A reorg deeper than the kept headers halts the
// chain: Follow returns that error (ErrReorgTooDeep) rather than
// diverging. onSync, when set, sees each successful pass.
func (ix *Indexer) Follow(ctx context.Context, interval time.Duration, onSync func(SyncResult)) error {
	ix.defaults()
	ix.Metrics.setHalted(ix.ChainID, false)
	for {
		err := ix.follow(ctx, interval, onSync)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrReorgTooDeep):
			ix.Metrics.setHalted(ix.ChainID, true)
			ix.Log.Error("CHAIN HALTED: reorg deeper than the kept headers; indexing stopped so as not to diverge. "+
				"Raise KeepHeaders and re-index from before the fork.", "chain_id", ix.ChainID, "kept_headers", ix.KeepHeaders, "err", err)
			return err
		case errors.Is(err, errStalled):
			ix.Metrics.restarted(ix.ChainID)
			ix.Log.Warn("restarting stalled chain source", "chain_id", ix.ChainID, "stall", ix.StallTimeout)
		}
	}
}

type headSource interface {
	SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error)
}

// follow runs one life of the source: subscription, sync loop, watchdog.
func (ix *Indexer) follow(ctx context.Context, interval time.Duration, onSync func(SyncResult)) error {
	heads := make(chan *types.Header, 16)
	var (
		sub      ethereum.Subscription
		subErr   <-chan error
		pushed   time.Time // when the subscription last delivered a head
		subHead  uint64    // the highest head it delivered
		indexed  uint64    // the highest block synced to
		nodeHead uint64    // the node's head as last seen
		advanced = time.Now()
	)
	subscribe := func() {
		hs, ok := ix.Client.(headSource)
		if !ok {
			return
		}
		s, err := hs.SubscribeNewHead(ctx, heads)
		if err != nil {
			ix.Log.Debug("newHeads subscription unavailable; polling", "chain_id", ix.ChainID, "err", err)
			return
		}
		// The head known now counts as delivered: only heads beyond it
		// that the subscription misses mean it went silent.
		sub, subErr, pushed, subHead = s, s.Err(), time.Now(), nodeHead
	}
	defer func() {
		if sub != nil {
			sub.Unsubscribe()
		}
	}()
	subscribe()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		res, err := ix.Sync(ctx, 0)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrReorgTooDeep):
			return err
		case err != nil && !IsRaced(err):
			ix.Log.Error("index chain", "chain_id", ix.ChainID, "err", err)
		case err == nil:
			if onSync != nil {
				onSync(res)
			}
		}
		if res.Head > nodeHead {
			nodeHead = res.Head
		}
		if sub != nil && subHead == 0 {
			subHead = nodeHead // subscribed before the first head was known
		}
		if err == nil && res.To > indexed {
			indexed, advanced = res.To, time.Now()
		}
		// Stalled: indexing stuck, or a subscription gone silent (not
		// dropped) while polling shows the node moving.
		if nodeHead > indexed && time.Since(advanced) > ix.StallTimeout {
			return errStalled
		}
		if sub != nil && nodeHead > subHead && time.Since(pushed) > ix.StallTimeout {
			return errStalled
		}
	wait:
		for {
			select {
			case <-ctx.Done():
				return nil
			case h := <-heads:
				pushed = time.Now()
				subHead = max(subHead, h.Number.Uint64())
				nodeHead = max(nodeHead, subHead)
				// Drain what queued meanwhile: one Sync covers them all.
				for len(heads) > 0 {
					subHead = max(subHead, (<-heads).Number.Uint64())
				}
				nodeHead = max(nodeHead, subHead)
				break wait
			case err := <-subErr:
				ix.Log.Warn("newHeads subscription dropped; polling", "chain_id", ix.ChainID, "err", err)
				sub.Unsubscribe()
				sub, subErr = nil, nil
			case <-t.C:
				if sub == nil {
					subscribe()
				}
				break wait
			}
		}
	}
}
