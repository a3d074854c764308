package store

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
)

// EventQuery selects events for the API; zero fields match everything.
type EventQuery struct {
	ChainID uint64
	// Contract is a contract address (0x…) or a configured source name.
	Contract  string
	Kind      chain.Kind
	Wallet    *common.Address
	FromBlock uint64
	ToBlock   uint64 // inclusive; 0: no upper bound
	After     int64  // cursor: events with ids above this
	Limit     int    // page size, at least 1
}

// QueryEvents lists live (not reorged-out) events matching q by id, the
// order they were indexed in; next is the cursor of the following page,
// 0 at the end.
func (tx *Tx) QueryEvents(ctx context.Context, q EventQuery) ([]chain.Event, int64, error) {
	s := `SELECT ` + eventColumns + ` FROM chain_events WHERE removed = FALSE AND id > $1`
	args := []any{q.After}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if q.ChainID != 0 {
		s += ` AND chain_id = ` + arg(int64(q.ChainID))
	}
	if q.Contract != "" {
		if common.IsHexAddress(q.Contract) {
			s += ` AND contract = ` + arg(common.HexToAddress(q.Contract).Hex())
		} else {
			s += ` AND source = ` + arg(q.Contract)
		}
	}
	if q.Kind != "" {
		s += ` AND kind = ` + arg(string(q.Kind))
	}
	if q.Wallet != nil {
		s += ` AND wallet = ` + arg(q.Wallet.Hex())
	}
	if q.FromBlock > 0 {
		s += ` AND block_number >= ` + arg(int64(q.FromBlock))
	}
	if q.ToBlock > 0 {
		s += ` AND block_number <= ` + arg(int64(q.ToBlock))
	}
	s += fmt.Sprintf(` ORDER BY id LIMIT %d`, q.Limit+1)
	rows, err := tx.QueryContext(ctx, s, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("query events: %w", err)
	}
	defer rows.Close()
	var out []chain.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("query events: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("query events: %w", err)
	}
	var next int64
	if len(out) > q.Limit {
		out = out[:q.Limit]
		next = out[q.Limit-1].ID
	}
	return out, next, nil
}
