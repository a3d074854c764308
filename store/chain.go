package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
)

// Checkpoint returns the chain's checkpoint; ok is false before the first commit.
func (tx *Tx) Checkpoint(ctx context.Context, chainID uint64) (cp chain.Checkpoint, ok bool, err error) {
	var hash string
	err = tx.QueryRowContext(ctx, `SELECT block_number, block_hash, head FROM chain_checkpoints WHERE chain_id = $1`, int64(chainID)).Scan(&cp.Number, &hash, &cp.Head)
	if errors.Is(err, sql.ErrNoRows) {
		return chain.Checkpoint{ChainID: chainID}, false, nil
	}
	if err != nil {
		return cp, false, fmt.Errorf("read checkpoint: %w", err)
	}
	cp.ChainID, cp.Hash = chainID, common.HexToHash(hash)
	return cp, true, nil
}

// SetCheckpoint moves the chain's checkpoint.
func (tx *Tx) SetCheckpoint(ctx context.Context, cp chain.Checkpoint) error {
	head := max(cp.Head, cp.Number)
	_, err := tx.ExecContext(ctx, `INSERT INTO chain_checkpoints (chain_id, block_number, block_hash, head, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (chain_id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash, head = excluded.head, updated_at = excluded.updated_at`,
		int64(cp.ChainID), int64(cp.Number), cp.Hash.Hex(), int64(head), tx.db.now())
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	return nil
}

// PutHeaders stores headers of the recent chain, replacing any at the same height.
func (tx *Tx) PutHeaders(ctx context.Context, chainID uint64, headers []chain.Header) error {
	for _, h := range headers {
		_, err := tx.ExecContext(ctx, `INSERT INTO chain_headers (chain_id, number, hash, parent_hash) VALUES ($1, $2, $3, $4)
			ON CONFLICT (chain_id, number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash`,
			int64(chainID), int64(h.Number), h.Hash.Hex(), h.ParentHash.Hex())
		if err != nil {
			return fmt.Errorf("write header %d: %w", h.Number, err)
		}
	}
	return nil
}

// PruneHeaders drops headers below number: they are deeper than any reorg we handle.
func (tx *Tx) PruneHeaders(ctx context.Context, chainID, below uint64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM chain_headers WHERE chain_id = $1 AND number < $2`, int64(chainID), int64(below)); err != nil {
		return fmt.Errorf("prune headers: %w", err)
	}
	return nil
}

// Headers returns stored headers from number from upwards, ascending.
func (tx *Tx) Headers(ctx context.Context, chainID, from uint64) ([]chain.Header, error) {
	rows, err := tx.QueryContext(ctx, `SELECT number, hash, parent_hash FROM chain_headers WHERE chain_id = $1 AND number >= $2 ORDER BY number`, int64(chainID), int64(from))
	if err != nil {
		return nil, fmt.Errorf("read headers: %w", err)
	}
	defer rows.Close()
	var out []chain.Header
	for rows.Next() {
		var h chain.Header
		var hash, parent string
		if err := rows.Scan(&h.Number, &hash, &parent); err != nil {
			return nil, fmt.Errorf("read headers: %w", err)
		}
		h.Hash, h.ParentHash = common.HexToHash(hash), common.HexToHash(parent)
		out = append(out, h)
	}
	return out, rows.Err()
}

// InsertEvents stores events that are not stored yet and returns those it
// inserted, with IDs set, in input order. A log already stored for the
// same block hash and log index is skipped, which makes replaying blocks
// harmless — unless a reorg had marked it removed and the chain has
// switched back to its block: then it is live again and returned like a
// new one. Rows go in multi-row statements: one round trip per row was
// most of a backfill's time.
func (tx *Tx) InsertEvents(ctx context.Context, events []chain.Event) ([]chain.Event, error) {
	const perStatement = 500 // 13 parameters a row, far below both dialects' limits
	type key struct {
		hash  string
		index int64
	}
	type stored struct{ id, revision int64 }
	var inserted []chain.Event
	now := tx.db.now()
	seen := make(map[key]bool, min(len(events), perStatement))
	for len(events) > 0 {
		batch := events[:min(len(events), perStatement)]
		events = events[len(batch):]
		var q strings.Builder
		q.WriteString(`INSERT INTO chain_events
			(chain_id, block_number, block_hash, tx_hash, log_index, contract, source, kind, name, wallet, args, removed, created_at, provisional) VALUES `)
		args := make([]any, 0, 13*len(batch))
		keep := batch[:0:0]
		clear(seen)
		for _, e := range batch {
			k := key{e.BlockHash.Hex(), int64(e.LogIndex)}
			if seen[k] { // one statement may not upsert a row twice
				continue
			}
			seen[k] = true
			a, err := json.Marshal(e.Args)
			if err != nil {
				return nil, fmt.Errorf("encode event args: %w", err)
			}
			if len(keep) > 0 {
				q.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, FALSE, $%d, $%d)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12, n+13)
			args = append(args, int64(e.ChainID), int64(e.BlockNumber), k.hash, e.TxHash.Hex(), k.index,
				e.Contract.Hex(), e.Source, string(e.Kind), e.Name, e.Wallet.Hex(), string(a), now, e.Provisional)
			keep = append(keep, e)
		}
		q.WriteString(` ON CONFLICT (chain_id, block_hash, log_index) DO UPDATE SET removed = FALSE, revision = chain_events.revision + 1, provisional = excluded.provisional
			WHERE chain_events.removed
			RETURNING id, revision, block_hash, log_index`)
		rows, err := tx.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("insert events: %w", err)
		}
		got := map[key]stored{}
		for rows.Next() {
			var k key
			var s stored
			if err := rows.Scan(&s.id, &s.revision, &k.hash, &k.index); err != nil {
				rows.Close()
				return nil, fmt.Errorf("insert events: %w", err)
			}
			got[k] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("insert events: %w", err)
		}
		for _, e := range keep {
			if s, ok := got[key{e.BlockHash.Hex(), int64(e.LogIndex)}]; ok {
				e.ID, e.Revision = s.id, int(s.revision)
				inserted = append(inserted, e)
			}
		}
	}
	return inserted, nil
}

const eventColumns = `id, chain_id, block_number, block_hash, tx_hash, log_index, contract, source, kind, name, wallet, args, removed, revision, provisional`

func scanEvent(row interface{ Scan(...any) error }) (chain.Event, error) {
	var e chain.Event
	var blockHash, txHash, contract, kind, wallet, args string
	var chainID, number, logIndex, revision int64
	if err := row.Scan(&e.ID, &chainID, &number, &blockHash, &txHash, &logIndex, &contract, &e.Source, &kind, &e.Name, &wallet, &args, &e.Removed, &revision, &e.Provisional); err != nil {
		return e, err
	}
	e.Revision = int(revision)
	e.ChainID, e.BlockNumber, e.LogIndex = uint64(chainID), uint64(number), uint(logIndex)
	e.BlockHash, e.TxHash = common.HexToHash(blockHash), common.HexToHash(txHash)
	e.Contract, e.Wallet, e.Kind = common.HexToAddress(contract), common.HexToAddress(wallet), chain.Kind(kind)
	if err := json.Unmarshal([]byte(args), &e.Args); err != nil {
		return e, fmt.Errorf("decode event args: %w", err)
	}
	return e, nil
}

// Event loads one event by id.
func (tx *Tx) Event(ctx context.Context, id int64) (chain.Event, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM chain_events WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("event %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("read event %d: %w", id, err)
	}
	return e, nil
}

// EventFilter selects events; zero fields match everything.
type EventFilter struct {
	ChainID        uint64
	Kind           chain.Kind
	Source         string
	Wallets        []common.Address
	IncludeRemoved bool
	// FromBlock and ToBlock bound the block range (inclusive, 0 = open);
	// Since and Until the time the events were indexed (zero = open).
	FromBlock, ToBlock uint64
	Since, Until       time.Time
}

// Events lists events matching f in chain order.
func (tx *Tx) Events(ctx context.Context, f EventFilter) ([]chain.Event, error) {
	q := `SELECT ` + eventColumns + ` FROM chain_events WHERE 1 = 1`
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.ChainID != 0 {
		q += ` AND chain_id = ` + arg(int64(f.ChainID))
	}
	if f.Kind != "" {
		q += ` AND kind = ` + arg(string(f.Kind))
	}
	if f.Source != "" {
		q += ` AND source = ` + arg(f.Source)
	}
	if !f.IncludeRemoved {
		q += ` AND removed = FALSE`
	}
	if f.FromBlock > 0 {
		q += ` AND block_number >= ` + arg(int64(f.FromBlock))
	}
	if f.ToBlock > 0 {
		q += ` AND block_number <= ` + arg(int64(f.ToBlock))
	}
	if !f.Since.IsZero() {
		q += ` AND created_at >= ` + arg(f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		q += ` AND created_at < ` + arg(f.Until.UnixMilli())
	}
	if len(f.Wallets) > 0 {
		q += ` AND wallet IN (`
		for i, w := range f.Wallets {
			if i > 0 {
				q += `, `
			}
			q += arg(w.Hex())
		}
		q += `)`
	}
	q += ` ORDER BY chain_id, block_number, log_index`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []chain.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("list events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RemoveEventsAbove marks every live event above block fork as removed,
// deletes the orphaned headers, records the reorg and returns the removed events.
func (tx *Tx) RemoveEventsAbove(ctx context.Context, chainID, fork, depth uint64) ([]chain.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+` FROM chain_events WHERE chain_id = $1 AND block_number > $2 AND removed = FALSE ORDER BY block_number, log_index`, int64(chainID), int64(fork))
	if err != nil {
		return nil, fmt.Errorf("find orphaned events: %w", err)
	}
	var removed []chain.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("find orphaned events: %w", err)
		}
		e.Removed = true
		removed = append(removed, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find orphaned events: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE chain_events SET removed = TRUE WHERE chain_id = $1 AND block_number > $2 AND removed = FALSE`, int64(chainID), int64(fork)); err != nil {
		return nil, fmt.Errorf("mark orphaned events: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM chain_headers WHERE chain_id = $1 AND number > $2`, int64(chainID), int64(fork)); err != nil {
		return nil, fmt.Errorf("drop orphaned headers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO chain_reorgs (chain_id, fork_block, depth, removed_events, created_at) VALUES ($1, $2, $3, $4, $5)`,
		int64(chainID), int64(fork), int64(depth), int64(len(removed)), tx.db.now()); err != nil {
		return nil, fmt.Errorf("record reorg: %w", err)
	}
	return removed, nil
}

// EventCounts returns live event counts per kind.
func (tx *Tx) EventCounts(ctx context.Context, chainID uint64) (map[chain.Kind]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT kind, COUNT(*) FROM chain_events WHERE chain_id = $1 AND removed = FALSE GROUP BY kind`, int64(chainID))
	if err != nil {
		return nil, fmt.Errorf("count events: %w", err)
	}
	defer rows.Close()
	out := map[chain.Kind]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("count events: %w", err)
		}
		out[chain.Kind(k)] = n
	}
	return out, rows.Err()
}

// SourceEventCounts returns live event counts per source and kind.
func (tx *Tx) SourceEventCounts(ctx context.Context, chainID uint64) (map[string]map[chain.Kind]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT source, kind, COUNT(*) FROM chain_events WHERE chain_id = $1 AND removed = FALSE GROUP BY source, kind`, int64(chainID))
	if err != nil {
		return nil, fmt.Errorf("count events by source: %w", err)
	}
	defer rows.Close()
	out := map[string]map[chain.Kind]int64{}
	for rows.Next() {
		var src, k string
		var n int64
		if err := rows.Scan(&src, &k, &n); err != nil {
			return nil, fmt.Errorf("count events by source: %w", err)
		}
		if out[src] == nil {
			out[src] = map[chain.Kind]int64{}
		}
		out[src][chain.Kind(k)] = n
	}
	return out, rows.Err()
}

// Reorgs counts recorded reorgs on the chain.
func (tx *Tx) Reorgs(ctx context.Context, chainID uint64) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chain_reorgs WHERE chain_id = $1`, int64(chainID)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count reorgs: %w", err)
	}
	return n, nil
}
