// Package delegate reads the delegate.xyz v2 registry, so holders can keep
// their assets in a cold vault and link only a hot wallet: holdings of a
// vault that delegated to a linked wallet count for that wallet's contact.
package delegate

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// RegistryV2 is the delegate.xyz v2 registry's address, the same on every
// chain it is deployed to.
var RegistryV2 = common.HexToAddress("0x00000000000000447e69651d841bD8D104Bed493")

// Delegation types of the v2 registry.
const (
	TypeNone uint8 = iota
	TypeAll
	TypeContract
	TypeERC721
	TypeERC20
	TypeERC1155
)

// registryABI is the v2 registry's getIncomingDelegations, as published in
// its IDelegateRegistry interface.
const registryABI = `[{"type":"function","name":"getIncomingDelegations","stateMutability":"view",
 "inputs":[{"name":"to","type":"address"}],
 "outputs":[{"name":"delegations","type":"tuple[]","components":[
  {"name":"type_","type":"uint8"},{"name":"to","type":"address"},{"name":"from","type":"address"},
  {"name":"rights","type":"bytes32"},{"name":"contract_","type":"address"},
  {"name":"tokenId","type":"uint256"},{"name":"amount","type":"uint256"}]}]}]`

// Delegation is one registry entry: From (the vault) lets To act for it.
type Delegation struct {
	Type     uint8          `abi:"type_"`
	To       common.Address `abi:"to"`
	From     common.Address `abi:"from"`
	Rights   [32]byte       `abi:"rights"`
	Contract common.Address `abi:"contract_"`
	TokenID  *big.Int       `abi:"tokenId"`
	Amount   *big.Int       `abi:"amount"`
}

// Caller runs eth_call; chain.Pool and ethclient satisfy it.
type Caller interface {
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

// Registry reads one chain's registry.
type Registry struct {
	Address common.Address // RegistryV2 when zero
	Client  Caller
}

// Incoming lists the delegations made to a wallet.
func (r Registry) Incoming(ctx context.Context, to common.Address) ([]Delegation, error) {
	parsed, err := abi.JSON(strings.NewReader(registryABI))
	if err != nil {
		return nil, fmt.Errorf("parse registry abi: %w", err)
	}
	data, err := parsed.Pack("getIncomingDelegations", to)
	if err != nil {
		return nil, fmt.Errorf("encode getIncomingDelegations: %w", err)
	}
	addr := r.Address
	if addr == (common.Address{}) {
		addr = RegistryV2
	}
	out, err := r.Client.CallContract(ctx, ethereum.CallMsg{To: &addr, Data: data}, nil)
	if err != nil {
		return nil, fmt.Errorf("call getIncomingDelegations(%s): %w", to.Hex(), err)
	}
	if len(out) == 0 {
		// No registry at the address on this chain: nothing is delegated.
		return nil, nil
	}
	var res []Delegation
	if err := parsed.UnpackIntoInterface(&res, "getIncomingDelegations", out); err != nil {
		return nil, fmt.Errorf("decode getIncomingDelegations: %w", err)
	}
	return res, nil
}

// Vault is a cold wallet whose holdings count for a delegate, for every
// watched contract (Contract zero) or one.
type Vault struct {
	Wallet   common.Address
	Contract common.Address
}

// Vaults keeps the delegations that make a vault's holdings count: wallet-
// wide ones and those for one of the watched contracts, granted with the
// accepted rights (the zero value, full rights, is always accepted).
// Token-level delegations (single NFTs, token amounts) do not count.
func Vaults(ds []Delegation, watched []common.Address, rights [][32]byte) []Vault {
	accepted := func(r [32]byte) bool {
		if r == [32]byte{} {
			return true
		}
		for _, a := range rights {
			if a == r {
				return true
			}
		}
		return false
	}
	isWatched := func(c common.Address) bool {
		for _, w := range watched {
			if w == c {
				return true
			}
		}
		return false
	}
	seen := map[Vault]bool{}
	var out []Vault
	for _, d := range ds {
		if !accepted(d.Rights) || d.From == d.To {
			continue
		}
		var v Vault
		switch d.Type {
		case TypeAll:
			v = Vault{Wallet: d.From}
		case TypeContract:
			if !isWatched(d.Contract) {
				continue
			}
			v = Vault{Wallet: d.From, Contract: d.Contract}
		default:
			continue
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Store records the vaults delegating to each wallet.
type Store interface {
	LinkedWallets(ctx context.Context) ([]common.Address, error)
	// SetDelegations replaces the vaults recorded for to on the chain and
	// returns the contact of to, whose holdings may have changed.
	SetDelegations(ctx context.Context, chainID uint64, to common.Address, vaults []Vault) (contactID int64, changed bool, err error)
}

// Refresher keeps one chain's recorded delegations current.
type Refresher struct {
	ChainID  uint64
	Registry Registry
	Store    Store
	// Watched are the chain's configured contract addresses: per-contract
	// delegations count only for them.
	Watched []common.Address
	// Rights accepted besides full rights (zero), e.g. a project's own.
	Rights [][32]byte
	// OnChange runs when a contact's delegated vaults changed (tiers and
	// roles depend on holdings).
	OnChange func(ctx context.Context, contactID int64) error
}

// Refresh re-reads the delegations to the given wallets.
func (r *Refresher) Refresh(ctx context.Context, wallets []common.Address) error {
	for _, w := range wallets {
		ds, err := r.Registry.Incoming(ctx, w)
		if err != nil {
			return err
		}
		contactID, changed, err := r.Store.SetDelegations(ctx, r.ChainID, w, Vaults(ds, r.Watched, r.Rights))
		if err != nil {
			return err
		}
		if changed && r.OnChange != nil {
			if err := r.OnChange(ctx, contactID); err != nil {
				return err
			}
		}
	}
	return nil
}

// RefreshAll re-reads the delegations to every linked wallet.
func (r *Refresher) RefreshAll(ctx context.Context) error {
	wallets, err := r.Store.LinkedWallets(ctx)
	if err != nil {
		return err
	}
	return r.Refresh(ctx, wallets)
}
