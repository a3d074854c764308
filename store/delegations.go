package store

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/delegate"
)

// SetDelegations replaces what is recorded of the vaults delegating to a
// wallet on a chain with what the registry says now, and reports whether
// that changed anything.
func (tx *Tx) SetDelegations(ctx context.Context, chainID uint64, to common.Address, vaults []delegate.Vault) (bool, error) {
	before, err := tx.delegationKeys(ctx, chainID, to)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM wallet_delegations WHERE chain_id = $1 AND delegate = $2`, int64(chainID), to.Hex()); err != nil {
		return false, fmt.Errorf("clear delegations to %s: %w", to.Hex(), err)
	}
	for _, v := range vaults {
		contract := ""
		if v.Contract != (common.Address{}) {
			contract = v.Contract.Hex()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO wallet_delegations (chain_id, delegate, vault, contract, checked_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, int64(chainID), to.Hex(), v.Wallet.Hex(), contract, tx.db.now())
		if err != nil {
			return false, fmt.Errorf("record delegation %s -> %s: %w", v.Wallet.Hex(), to.Hex(), err)
		}
	}
	after, err := tx.delegationKeys(ctx, chainID, to)
	if err != nil {
		return false, err
	}
	return !slices.Equal(before, after), nil
}

func (tx *Tx) delegationKeys(ctx context.Context, chainID uint64, to common.Address) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT vault, contract FROM wallet_delegations WHERE chain_id = $1 AND delegate = $2 ORDER BY vault, contract`, int64(chainID), to.Hex())
	if err != nil {
		return nil, fmt.Errorf("delegations to %s: %w", to.Hex(), err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var vault, contract string
		if err := rows.Scan(&vault, &contract); err != nil {
			return nil, fmt.Errorf("delegations to %s: %w", to.Hex(), err)
		}
		out = append(out, vault+"/"+contract)
	}
	return out, rows.Err()
}

// Delegations adapts DB to delegate.Store, a transaction per wallet.
type Delegations struct{ DB *DB }

var _ delegate.Store = Delegations{}

// LinkedWallets implements delegate.Store.
func (d Delegations) LinkedWallets(ctx context.Context) (ws []common.Address, err error) {
	err = d.DB.InTx(ctx, func(tx *Tx) error {
		ws, err = tx.LinkedWallets(ctx)
		return err
	})
	return ws, err
}

// SetDelegations implements delegate.Store.
func (d Delegations) SetDelegations(ctx context.Context, chainID uint64, to common.Address, vaults []delegate.Vault) (contactID int64, changed bool, err error) {
	err = d.DB.InTx(ctx, func(tx *Tx) error {
		var ok bool
		if contactID, ok, err = tx.WalletContact(ctx, to); err != nil || !ok {
			return err
		}
		changed, err = tx.SetDelegations(ctx, chainID, to, vaults)
		return err
	})
	return contactID, changed, err
}

// DelegatedVault is a vault whose holdings count for a contact.
type DelegatedVault struct {
	ChainID  uint64
	Delegate common.Address
	Vault    common.Address
	Contract common.Address // zero: every contract
}

// DelegatedVaults lists the vaults delegating to the contact's wallets.
func (tx *Tx) DelegatedVaults(ctx context.Context, contactID int64) ([]DelegatedVault, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.chain_id, d.delegate, d.vault, d.contract FROM wallet_delegations d
		JOIN identities i ON i.kind = 'wallet' AND i.value = d.delegate
		WHERE i.contact_id = $1 ORDER BY d.chain_id, d.vault, d.contract`, contactID)
	if err != nil {
		return nil, fmt.Errorf("delegated vaults of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	var out []DelegatedVault
	for rows.Next() {
		var v DelegatedVault
		var to, vault, contract string
		if err := rows.Scan(&v.ChainID, &to, &vault, &contract); err != nil {
			return nil, fmt.Errorf("delegated vaults of contact %d: %w", contactID, err)
		}
		v.Delegate, v.Vault = common.HexToAddress(to), common.HexToAddress(vault)
		if contract != "" {
			v.Contract = common.HexToAddress(contract)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// LinkedWallets lists every wallet identity, for refreshing delegations.
func (tx *Tx) LinkedWallets(ctx context.Context) ([]common.Address, error) {
	rows, err := tx.QueryContext(ctx, `SELECT value FROM identities WHERE kind = 'wallet' ORDER BY value`)
	if err != nil {
		return nil, fmt.Errorf("linked wallets: %w", err)
	}
	defer rows.Close()
	var out []common.Address
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, fmt.Errorf("linked wallets: %w", err)
		}
		out = append(out, common.HexToAddress(w))
	}
	return out, rows.Err()
}

// vaultSet is a contact's delegated vaults (not its own wallets), with
// which events each covers.
type vaultSet []DelegatedVault

func (tx *Tx) vaultSet(ctx context.Context, contactID int64) (vaultSet, error) {
	vaults, err := tx.DelegatedVaults(ctx, contactID)
	if err != nil || len(vaults) == 0 {
		return nil, err
	}
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return nil, err
	}
	own := map[common.Address]bool{}
	for _, w := range c.Wallets() {
		own[w] = true
	}
	var out vaultSet
	for _, v := range vaults {
		if !own[v.Vault] { // the contact's own wallets count already
			out = append(out, v)
		}
	}
	return out, nil
}

// covers reports whether an event of wallet is covered by a delegation.
func (vs vaultSet) covers(wallet common.Address, e chain.Event) bool {
	for _, v := range vs {
		if v.Vault == wallet && v.ChainID == e.ChainID && (v.Contract == (common.Address{}) || v.Contract == e.Contract) {
			return true
		}
	}
	return false
}

func (vs vaultSet) wallets() []common.Address {
	seen := map[common.Address]bool{}
	var out []common.Address
	for _, v := range vs {
		if !seen[v.Vault] {
			seen[v.Vault] = true
			out = append(out, v.Vault)
		}
	}
	return out
}

// vaultEvents returns the live events of the given kinds the vaults did
// that their delegations cover, of one source ("" for all).
func (tx *Tx) vaultEvents(ctx context.Context, vs vaultSet, source string, kinds ...chain.Kind) ([]chain.Event, error) {
	var out []chain.Event
	if len(vs) == 0 {
		return nil, nil
	}
	for _, kind := range kinds {
		events, err := tx.Events(ctx, EventFilter{Kind: kind, Wallets: vs.wallets()})
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if (source == "" || e.Source == source) && vs.covers(e.Wallet, e) {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// vaultStaked sums what the contact's delegated vaults have staked.
func (tx *Tx) vaultStaked(ctx context.Context, contactID int64, source string) (*big.Int, error) {
	vs, err := tx.vaultSet(ctx, contactID)
	if err != nil {
		return nil, err
	}
	events, err := tx.vaultEvents(ctx, vs, source, chain.KindStake, chain.KindUnstake)
	if err != nil {
		return nil, err
	}
	staked := new(big.Int)
	for _, e := range events {
		amount, ok := new(big.Int).SetString(e.Args["amount"], 10)
		if !ok {
			continue
		}
		if e.Kind == chain.KindUnstake {
			amount.Neg(amount)
		}
		staked.Add(staked, amount)
	}
	return staked, nil
}
