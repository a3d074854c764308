package store

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// RewardGrant is an allocation a flow's reward step granted, counted in
// the next epoch built (EpochID 0 until then).
type RewardGrant struct {
	ID        int64
	Key       string
	ContactID int64
	Account   common.Address
	Amount    *big.Int
	EpochID   int64
}

// GrantAllocation records an allocation for the next epoch once per key;
// created is false when the key was granted before.
func (tx *Tx) GrantAllocation(ctx context.Context, g RewardGrant) (bool, error) {
	if g.Amount == nil || g.Amount.Sign() <= 0 {
		return false, fmt.Errorf("grant %s: amount %v is not positive", g.Key, g.Amount)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reward_grants (grant_key, contact_id, account, amount, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (grant_key) DO NOTHING`,
		g.Key, g.ContactID, g.Account.Hex(), g.Amount.String(), tx.db.now())
	if err != nil {
		return false, fmt.Errorf("grant %s: %w", g.Key, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PendingGrants lists the grants no epoch includes yet, oldest first.
func (tx *Tx) PendingGrants(ctx context.Context) ([]RewardGrant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, grant_key, contact_id, account, amount FROM reward_grants WHERE epoch_id IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("pending grants: %w", err)
	}
	defer rows.Close()
	var out []RewardGrant
	for rows.Next() {
		var g RewardGrant
		var account, amount string
		if err := rows.Scan(&g.ID, &g.Key, &g.ContactID, &account, &amount); err != nil {
			return nil, fmt.Errorf("pending grants: %w", err)
		}
		g.Account = common.HexToAddress(account)
		var ok bool
		if g.Amount, ok = new(big.Int).SetString(amount, 10); !ok {
			return nil, fmt.Errorf("pending grant %s: bad amount %q", g.Key, amount)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// IncludeGrants stamps grants as allocated by epoch.
func (tx *Tx) IncludeGrants(ctx context.Context, ids []int64, epoch int64) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE reward_grants SET epoch_id = $1 WHERE id = $2 AND epoch_id IS NULL`, epoch, id); err != nil {
			return fmt.Errorf("include grant %d in epoch %d: %w", id, epoch, err)
		}
	}
	return nil
}
