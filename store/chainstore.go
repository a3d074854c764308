package store

import (
	"context"

	"github.com/beckonhq/beckon/chain"
)

// ChainStore adapts DB to chain.Store. Its hooks run inside the commit and
// rollback transactions, so whatever they enqueue (River jobs for new or
// orphaned events) commits atomically with the events and the checkpoint.
type ChainStore struct {
	DB *DB
	// OnEvents sees the events a commit inserted (replays excluded).
	OnEvents func(ctx context.Context, tx *Tx, inserted []chain.Event) error
	// OnRemoved sees the events a rollback orphaned.
	OnRemoved func(ctx context.Context, tx *Tx, removed []chain.Event) error
}

var _ chain.Store = (*ChainStore)(nil)

// Checkpoint implements chain.Store.
func (s *ChainStore) Checkpoint(ctx context.Context, chainID uint64) (cp chain.Checkpoint, ok bool, err error) {
	err = s.DB.InTx(ctx, func(tx *Tx) error {
		cp, ok, err = tx.Checkpoint(ctx, chainID)
		return err
	})
	return cp, ok, err
}

// Headers implements chain.Store.
func (s *ChainStore) Headers(ctx context.Context, chainID, from uint64) (hs []chain.Header, err error) {
	err = s.DB.InTx(ctx, func(tx *Tx) error {
		hs, err = tx.Headers(ctx, chainID, from)
		return err
	})
	return hs, err
}

// Commit implements chain.Store.
func (s *ChainStore) Commit(ctx context.Context, b chain.Batch) error {
	return s.DB.InTx(ctx, func(tx *Tx) error {
		inserted, err := tx.InsertEvents(ctx, b.Events)
		if err != nil {
			return err
		}
		if b.ConfirmedThrough > 0 {
			if _, err := tx.PromoteEvents(ctx, b.ChainID, b.ConfirmedThrough); err != nil {
				return err
			}
		}
		if err := tx.PutHeaders(ctx, b.ChainID, b.Headers); err != nil {
			return err
		}
		if b.PruneBelow > 0 {
			if err := tx.PruneHeaders(ctx, b.ChainID, b.PruneBelow); err != nil {
				return err
			}
		}
		if !b.Replay {
			if err := tx.SetCheckpoint(ctx, b.Checkpoint); err != nil {
				return err
			}
		}
		if s.OnEvents != nil && len(inserted) > 0 {
			return s.OnEvents(ctx, tx, inserted)
		}
		return nil
	})
}

// Rollback implements chain.Store.
func (s *ChainStore) Rollback(ctx context.Context, chainID uint64, fork chain.Header, depth uint64) error {
	return s.DB.InTx(ctx, func(tx *Tx) error {
		removed, err := tx.RemoveEventsAbove(ctx, chainID, fork.Number, depth)
		if err != nil {
			return err
		}
		if err := tx.SetCheckpoint(ctx, chain.Checkpoint{ChainID: chainID, Number: fork.Number, Hash: fork.Hash}); err != nil {
			return err
		}
		if s.OnRemoved != nil && len(removed) > 0 {
			return s.OnRemoved(ctx, tx, removed)
		}
		return nil
	})
}
