package store

import (
	"context"
	"fmt"
	"time"
)

// PromoteEvents confirms the chain's provisional events at or below block
// through and returns how many it promoted.
func (tx *Tx) PromoteEvents(ctx context.Context, chainID, through uint64) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE chain_events SET provisional = FALSE WHERE chain_id = $1 AND provisional = TRUE AND block_number <= $2`,
		int64(chainID), int64(through))
	if err != nil {
		return 0, fmt.Errorf("promote events: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("promote events: %w", err)
	}
	return n, nil
}

// ProvisionalEvents counts the chain's live events still awaiting confirmation.
func (tx *Tx) ProvisionalEvents(ctx context.Context, chainID uint64) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_events WHERE chain_id = $1 AND provisional = TRUE AND removed = FALSE`, int64(chainID)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count provisional events: %w", err)
	}
	return n, nil
}

// EventsStoredSince counts the chain's events stored at or after since,
// orphaned ones included: it measures indexing throughput, not state.
func (tx *Tx) EventsStoredSince(ctx context.Context, chainID uint64, since time.Time) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_events WHERE chain_id = $1 AND created_at >= $2`, int64(chainID), since.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count recent events: %w", err)
	}
	return n, nil
}
