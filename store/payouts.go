package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/loyalty/rewards"
)

// Payouts adapts DB to rewards.PayoutStore; each method is one
// transaction.
type Payouts struct {
	DB *DB
}

var _ rewards.PayoutStore = (*Payouts)(nil)

// addr is how addresses are stored: lower-case hex, so equality is textual.
func addr(a common.Address) string { return strings.ToLower(a.Hex()) }

// PlanPayouts implements rewards.PayoutStore.
func (s *Payouts) PlanPayouts(ctx context.Context, ps []rewards.Payout) (int, error) {
	var n int
	err := s.DB.InTx(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.PlanPayouts(ctx, ps)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// PlanPayouts is rewards.PayoutStore's PlanPayouts inside tx, so a
// payout can be planned with the change that grants it (a flow step).
func (tx *Tx) PlanPayouts(ctx context.Context, ps []rewards.Payout) (int, error) {
	var n int
	now := tx.db.now()
	for _, p := range ps {
		res, err := tx.ExecContext(ctx, `INSERT INTO payouts (allocation_key, batch, chain_id, token, from_address, recipient, amount, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $8) ON CONFLICT (allocation_key) DO NOTHING`,
			p.Key, p.Batch, int64(p.ChainID), addr(p.Token), addr(p.From), addr(p.To), p.Amount.String(), now)
		if err != nil {
			return 0, fmt.Errorf("plan payout %s: %w", p.Key, err)
		}
		if k, _ := res.RowsAffected(); k == 1 {
			n++
			continue
		}
		var chainID int64
		var token, from, to, amount string
		if err := tx.QueryRowContext(ctx, `SELECT chain_id, token, from_address, recipient, amount FROM payouts WHERE allocation_key = $1`, p.Key).
			Scan(&chainID, &token, &from, &to, &amount); err != nil {
			return 0, fmt.Errorf("plan payout %s: %w", p.Key, err)
		}
		if uint64(chainID) != p.ChainID || token != addr(p.Token) || from != addr(p.From) || to != addr(p.To) || amount != p.Amount.String() {
			return 0, fmt.Errorf("plan payout %s: planned as %s to %s on chain %d, now %s to %s on chain %d: %w",
				p.Key, amount, to, chainID, p.Amount, addr(p.To), p.ChainID, rewards.ErrPayoutConflict)
		}
	}
	return n, nil
}

const payoutColumns = `id, allocation_key, batch, chain_id, token, from_address, recipient, amount, status, nonce, tx_hash, raw_tx,
	gas_tip_cap, gas_fee_cap, attempts, block_number, error, broadcast_at, created_at, updated_at`

// Payouts implements rewards.PayoutStore.
func (s *Payouts) Payouts(ctx context.Context, f rewards.PayoutFilter) ([]rewards.Payout, error) {
	where := []string{"chain_id = $1", "from_address = $2"}
	args := []any{int64(f.ChainID), addr(f.From)}
	if f.Token != (common.Address{}) {
		args = append(args, addr(f.Token))
		where = append(where, fmt.Sprintf("token = $%d", len(args)))
	}
	if f.Batch != "" {
		args = append(args, f.Batch)
		where = append(where, fmt.Sprintf("batch = $%d", len(args)))
	}
	if len(f.Statuses) > 0 {
		var in []string
		for _, st := range f.Statuses {
			args = append(args, string(st))
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "status IN ("+strings.Join(in, ", ")+")")
	}
	cond := strings.Join(where, " AND ")
	var out []rewards.Payout
	err := s.DB.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+payoutColumns+` FROM payouts WHERE `+cond+
			` ORDER BY CASE WHEN nonce IS NULL THEN 1 ELSE 0 END, nonce, id`, args...)
		if err != nil {
			return fmt.Errorf("list payouts: %w", err)
		}
		defer rows.Close()
		byID := map[int64]int{}
		for rows.Next() {
			p, err := scanPayout(rows)
			if err != nil {
				return fmt.Errorf("list payouts: %w", err)
			}
			byID[p.ID] = len(out)
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list payouts: %w", err)
		}
		rows.Close()
		if len(out) == 0 {
			return nil
		}
		hashes, err := tx.QueryContext(ctx, `SELECT payout_id, tx_hash FROM payout_attempts WHERE payout_id IN (SELECT id FROM payouts WHERE `+cond+`)
			ORDER BY payout_id, attempt`, args...)
		if err != nil {
			return fmt.Errorf("list payout attempts: %w", err)
		}
		defer hashes.Close()
		for hashes.Next() {
			var id int64
			var h string
			if err := hashes.Scan(&id, &h); err != nil {
				return fmt.Errorf("list payout attempts: %w", err)
			}
			if i, ok := byID[id]; ok {
				out[i].Hashes = append(out[i].Hashes, common.HexToHash(h))
			}
		}
		return hashes.Err()
	})
	return out, err
}

func scanPayout(rows *sql.Rows) (rewards.Payout, error) {
	var (
		p                                  rewards.Payout
		chainID                            int64
		token, from, to, amount, st        string
		nonce, block, broadcastAt          sql.NullInt64
		txHash, raw, tip, feeCap, errorMsg string
		created, updated                   int64
	)
	if err := rows.Scan(&p.ID, &p.Key, &p.Batch, &chainID, &token, &from, &to, &amount, &st, &nonce, &txHash, &raw,
		&tip, &feeCap, &p.Attempts, &block, &errorMsg, &broadcastAt, &created, &updated); err != nil {
		return p, err
	}
	p.ChainID = uint64(chainID)
	p.Token, p.From, p.To = common.HexToAddress(token), common.HexToAddress(from), common.HexToAddress(to)
	var ok bool
	if p.Amount, ok = new(big.Int).SetString(amount, 10); !ok {
		return p, fmt.Errorf("payout %s: bad amount %q", p.Key, amount)
	}
	p.Status = rewards.PayoutStatus(st)
	p.Nonce, p.HasNonce = uint64(nonce.Int64), nonce.Valid
	if txHash != "" {
		p.TxHash = common.HexToHash(txHash)
	}
	if raw != "" {
		b, err := hex.DecodeString(raw)
		if err != nil {
			return p, fmt.Errorf("payout %s: bad raw transaction: %w", p.Key, err)
		}
		p.RawTx = b
	}
	p.GasTipCap, _ = new(big.Int).SetString(tip, 10)
	p.GasFeeCap, _ = new(big.Int).SetString(feeCap, 10)
	p.Block = uint64(block.Int64)
	p.Error = errorMsg
	if broadcastAt.Valid {
		p.BroadcastAt = time.UnixMilli(broadcastAt.Int64)
	}
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return p, nil
}

// AssignNonces implements rewards.PayoutStore.
func (s *Payouts) AssignNonces(ctx context.Context, chainID uint64, from common.Address, ids []int64, next uint64) error {
	return s.DB.InTx(ctx, func(tx *Tx) error {
		now := tx.db.now()
		// Take the wallet's nonce row first: on PostgreSQL the upsert locks
		// it, so concurrent assignments for one wallet queue here.
		if _, err := tx.ExecContext(ctx, `INSERT INTO payout_nonces (chain_id, address, next_nonce, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (chain_id, address) DO UPDATE SET next_nonce = excluded.next_nonce, updated_at = excluded.updated_at`,
			int64(chainID), addr(from), int64(next)+int64(len(ids)), now); err != nil {
			return fmt.Errorf("next nonce of %s: %w", from.Hex(), err)
		}
		var inflight int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM payouts WHERE chain_id = $1 AND from_address = $2 AND status IN ('signed', 'broadcast')`,
			int64(chainID), addr(from)).Scan(&inflight); err != nil {
			return fmt.Errorf("count in-flight payouts: %w", err)
		}
		if inflight > 0 {
			return fmt.Errorf("%d payouts of %s: %w", inflight, from.Hex(), rewards.ErrPayoutsInFlight)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE payouts SET nonce = NULL, updated_at = $3 WHERE chain_id = $1 AND from_address = $2 AND status = 'planned' AND nonce IS NOT NULL`,
			int64(chainID), addr(from), now); err != nil {
			return fmt.Errorf("release nonces: %w", err)
		}
		for i, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE payouts SET nonce = $1, updated_at = $2 WHERE id = $3 AND chain_id = $4 AND from_address = $5 AND status = 'planned'`,
				int64(next)+int64(i), now, id, int64(chainID), addr(from))
			if err != nil {
				return fmt.Errorf("assign nonce to payout %d: %w", id, err)
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return fmt.Errorf("assign nonce to payout %d: %w", id, rewards.ErrPayoutState)
			}
		}
		return nil
	})
}

// SaveAttempts implements rewards.PayoutStore.
func (s *Payouts) SaveAttempts(ctx context.Context, as []rewards.PayoutAttempt) error {
	return s.DB.InTx(ctx, func(tx *Tx) error {
		now := tx.db.now()
		for _, a := range as {
			raw := hex.EncodeToString(a.RawTx)
			status := `status = 'planned'`
			if a.Attempt > 1 {
				status = `status IN ('signed', 'broadcast')`
			}
			res, err := tx.ExecContext(ctx, `UPDATE payouts SET status = CASE WHEN status = 'planned' THEN 'signed' ELSE status END,
				tx_hash = $1, raw_tx = $2, gas_tip_cap = $3, gas_fee_cap = $4, attempts = $5, updated_at = $6
				WHERE id = $7 AND nonce = $8 AND attempts = $9 AND `+status,
				a.Hash.Hex(), raw, a.GasTipCap.String(), a.GasFeeCap.String(), a.Attempt, now, a.PayoutID, int64(a.Nonce), a.Attempt-1)
			if err != nil {
				return fmt.Errorf("save attempt %d of payout %d: %w", a.Attempt, a.PayoutID, err)
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return fmt.Errorf("save attempt %d of payout %d with nonce %d: %w", a.Attempt, a.PayoutID, a.Nonce, rewards.ErrPayoutState)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO payout_attempts (payout_id, attempt, nonce, tx_hash, raw_tx, gas_tip_cap, gas_fee_cap, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				a.PayoutID, a.Attempt, int64(a.Nonce), a.Hash.Hex(), raw, a.GasTipCap.String(), a.GasFeeCap.String(), now); err != nil {
				return fmt.Errorf("save attempt %d of payout %d: %w", a.Attempt, a.PayoutID, err)
			}
		}
		return nil
	})
}

// MarkBroadcast implements rewards.PayoutStore.
func (s *Payouts) MarkBroadcast(ctx context.Context, id int64) error {
	return s.transition(ctx, id, "mark broadcast", `status = 'broadcast', broadcast_at = $1, updated_at = $1`)
}

// MarkConfirmed implements rewards.PayoutStore.
func (s *Payouts) MarkConfirmed(ctx context.Context, id int64, hash common.Hash, block uint64) error {
	return s.transition(ctx, id, "mark confirmed", `status = 'confirmed', tx_hash = $2, block_number = $3, error = '', updated_at = $1`,
		hash.Hex(), int64(block))
}

// MarkFailed implements rewards.PayoutStore.
func (s *Payouts) MarkFailed(ctx context.Context, id int64, reason string) error {
	return s.transition(ctx, id, "mark failed", `status = 'failed', error = $2, updated_at = $1`, reason)
}

// transition applies set to an in-flight payout; $1 is now, extra args
// follow. A hash given to mark confirmed must be one of its attempts.
func (s *Payouts) transition(ctx context.Context, id int64, what, set string, extra ...any) error {
	return s.DB.InTx(ctx, func(tx *Tx) error {
		args := append([]any{tx.db.now()}, extra...)
		args = append(args, id)
		cond := fmt.Sprintf(`id = $%d AND status IN ('signed', 'broadcast')`, len(args))
		if what == "mark confirmed" {
			cond += ` AND EXISTS (SELECT 1 FROM payout_attempts a WHERE a.payout_id = payouts.id AND a.tx_hash = $2)`
		}
		res, err := tx.ExecContext(ctx, `UPDATE payouts SET `+set+` WHERE `+cond, args...)
		if err != nil {
			return fmt.Errorf("%s payout %d: %w", what, id, err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return fmt.Errorf("%s payout %d: %w", what, id, rewards.ErrPayoutState)
		}
		return nil
	})
}
