package store

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// Epoch is one built merkle reward epoch.
type Epoch struct {
	ID          int64
	ChainID     uint64
	Distributor common.Address
	Root        common.Hash
	Tree        []byte // OpenZeppelin standard-v1 dump
	Allocations map[common.Address]*big.Int
}

// SaveEpoch stores an epoch and its cumulative allocations.
func (tx *Tx) SaveEpoch(ctx context.Context, e Epoch) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO reward_epochs (chain_id, distributor, root, tree, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		int64(e.ChainID), e.Distributor.Hex(), e.Root.Hex(), string(e.Tree), tx.db.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save epoch: %w", err)
	}
	for acct, amount := range e.Allocations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reward_allocations (epoch_id, account, cumulative) VALUES ($1, $2, $3)`, id, acct.Hex(), amount.String()); err != nil {
			return 0, fmt.Errorf("save allocation of %s: %w", acct.Hex(), err)
		}
	}
	return id, nil
}

// MarkEpochPublished records the transaction that published the root.
func (tx *Tx) MarkEpochPublished(ctx context.Context, id int64, txHash common.Hash) error {
	if _, err := tx.ExecContext(ctx, `UPDATE reward_epochs SET publish_tx = $1 WHERE id = $2`, txHash.Hex(), id); err != nil {
		return fmt.Errorf("mark epoch %d published: %w", id, err)
	}
	return nil
}

// LatestEpochTree returns the dump of the newest epoch on a chain.
func (tx *Tx) LatestEpochTree(ctx context.Context, chainID uint64) (int64, []byte, error) {
	var id int64
	var tree string
	err := tx.QueryRowContext(ctx, `SELECT id, tree FROM reward_epochs WHERE chain_id = $1 ORDER BY id DESC LIMIT 1`, int64(chainID)).Scan(&id, &tree)
	if err != nil {
		return 0, nil, fmt.Errorf("latest epoch: %w", notFound(err))
	}
	return id, []byte(tree), nil
}
