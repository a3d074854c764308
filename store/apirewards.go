package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/loyalty/rewards"
)

// EpochSummary is an epoch without its tree and allocations.
type EpochSummary struct {
	ID          int64
	ChainID     uint64
	Distributor common.Address
	Root        common.Hash
	Total       string // token base units, decimal; "" when not recorded
	Source      string
	PrevID      int64 // -1 when not recorded
	Accounts    int64
	PublishTx   string
	PublishedAt time.Time // zero until published
	CreatedAt   time.Time
}

// EpochSummaries lists epochs newest first, optionally of one chain, at
// most limit with ids below before (0: from the newest).
func (tx *Tx) EpochSummaries(ctx context.Context, chainID uint64, before int64, limit int) ([]EpochSummary, int64, error) {
	q := `SELECT e.id, e.chain_id, e.distributor, e.root, e.total, e.source, e.prev_epoch, e.publish_tx, e.published_at, e.created_at,
		(SELECT COUNT(*) FROM reward_allocations a WHERE a.epoch_id = e.id)
		FROM reward_epochs e WHERE ($1 = 0 OR e.chain_id = $1)`
	args := []any{int64(chainID)}
	if before > 0 {
		q += ` AND e.id < $2`
		args = append(args, before)
	}
	q += fmt.Sprintf(` ORDER BY e.id DESC LIMIT %d`, limit+1)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list epochs: %w", err)
	}
	defer rows.Close()
	var out []EpochSummary
	for rows.Next() {
		var e EpochSummary
		var chain, created int64
		var dist, root string
		var prev, published sql.NullInt64
		if err := rows.Scan(&e.ID, &chain, &dist, &root, &e.Total, &e.Source, &prev, &e.PublishTx, &published, &created, &e.Accounts); err != nil {
			return nil, 0, fmt.Errorf("list epochs: %w", err)
		}
		e.ChainID, e.Distributor, e.Root = uint64(chain), common.HexToAddress(dist), common.HexToHash(root)
		e.PrevID = -1
		if prev.Valid {
			e.PrevID = prev.Int64
		}
		e.PublishedAt, e.CreatedAt = fromMillis(published), time.UnixMilli(created)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list epochs: %w", err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// PayoutPage lists payouts by id, optionally of one status and batch, at
// most limit with ids above after; next is the cursor of the following
// page, 0 at the end. Attempt hashes are not loaded.
func (tx *Tx) PayoutPage(ctx context.Context, status, batch string, after int64, limit int) ([]rewards.Payout, int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+payoutColumns+` FROM payouts WHERE id > $1 AND ($2 = '' OR status = $2) AND ($3 = '' OR batch = $3)
		ORDER BY id LIMIT `+fmt.Sprint(limit+1), after, status, batch)
	if err != nil {
		return nil, 0, fmt.Errorf("list payouts: %w", err)
	}
	defer rows.Close()
	var out []rewards.Payout
	for rows.Next() {
		p, err := scanPayout(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list payouts: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list payouts: %w", err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// PayoutCounts counts payouts per status.
func (tx *Tx) PayoutCounts(ctx context.Context) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT status, COUNT(*) FROM payouts GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count payouts: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count payouts: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// LatestEpochRef returns the id and distributor of the newest epoch on a
// chain, without its tree: enough to tell whether a cached tree is current.
func (tx *Tx) LatestEpochRef(ctx context.Context, chainID uint64) (int64, common.Address, error) {
	var id int64
	var dist string
	err := tx.QueryRowContext(ctx, `SELECT id, distributor FROM reward_epochs WHERE chain_id = $1 ORDER BY id DESC LIMIT 1`, int64(chainID)).Scan(&id, &dist)
	if err != nil {
		return 0, common.Address{}, fmt.Errorf("latest epoch: %w", notFound(err))
	}
	return id, common.HexToAddress(dist), nil
}
