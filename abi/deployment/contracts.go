package deployment

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/beckonhq/beckon/abi/badge"
	"github.com/beckonhq/beckon/abi/distributor"
	"github.com/beckonhq/beckon/abi/governor"
	"github.com/beckonhq/beckon/abi/pass"
	"github.com/beckonhq/beckon/abi/token"
	"github.com/beckonhq/beckon/abi/vault"
)

// Vote choices of the governor's simple counting (GovernorCountingSimple).
const (
	VoteAgainst uint8 = 0
	VoteFor     uint8 = 1
	VoteAbstain uint8 = 2
)

// Contracts drives a deployed set of Beckon contracts. Transacting methods take the
// sender's *bind.TransactOpts and return the sent transaction without waiting for it,
// so the caller decides when blocks are mined. Read methods take *bind.CallOpts, which
// may be nil for the latest state.
//
// A Contracts is safe for concurrent use; the usual nonce rules still apply to
// concurrent transactions from one wallet.
type Contracts struct {
	addrs Addresses

	pass        *pass.BeckonPass
	token       *token.BeckonToken
	vault       *vault.StakingVault
	governor    *governor.BeckonGovernor
	distributor *distributor.MerkleDistributor
	badge       *badge.BeckonBadge

	passC, tokenC, vaultC, governorC, distributorC, badgeC *bind.BoundContract
}

// New binds the contracts at addrs on backend.
func New(backend bind.ContractBackend, addrs Addresses) *Contracts {
	c := &Contracts{
		addrs:       addrs,
		pass:        pass.NewBeckonPass(),
		token:       token.NewBeckonToken(),
		vault:       vault.NewStakingVault(),
		governor:    governor.NewBeckonGovernor(),
		distributor: distributor.NewMerkleDistributor(),
		badge:       badge.NewBeckonBadge(),
	}
	c.passC = c.pass.Instance(backend, addrs.Pass)
	c.tokenC = c.token.Instance(backend, addrs.Token)
	c.vaultC = c.vault.Instance(backend, addrs.Vault)
	c.governorC = c.governor.Instance(backend, addrs.Governor)
	c.distributorC = c.distributor.Instance(backend, addrs.Distributor)
	c.badgeC = c.badge.Instance(backend, addrs.Badge)
	return c
}

// Addresses returns the addresses the contracts were bound at.
func (c *Contracts) Addresses() Addresses { return c.addrs }

// transact sends already packed calldata, or the packing error, to contract.
func transact(contract *bind.BoundContract, opts *bind.TransactOpts, what string, data []byte, packErr error) (*types.Transaction, error) {
	if packErr != nil {
		return nil, fmt.Errorf("%s: pack: %w", what, packErr)
	}
	tx, err := bind.Transact(contract, opts, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return tx, nil
}

// call runs a read-only call of packed calldata and decodes its result with unpack.
func call[T any](contract *bind.BoundContract, opts *bind.CallOpts, what string, data []byte, packErr error, unpack func([]byte) (T, error)) (T, error) {
	if packErr != nil {
		var zero T
		return zero, fmt.Errorf("%s: pack: %w", what, packErr)
	}
	v, err := bind.Call(contract, opts, data, unpack)
	if err != nil {
		return v, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// MintPass mints the next BeckonPass NFT to the sender.
func (c *Contracts) MintPass(opts *bind.TransactOpts) (*types.Transaction, error) {
	data, err := c.pass.TryPackMint()
	return transact(c.passC, opts, "mint pass", data, err)
}

// PassBalance returns how many passes owner holds.
func (c *Contracts) PassBalance(opts *bind.CallOpts, owner common.Address) (*big.Int, error) {
	data, err := c.pass.TryPackBalanceOf(owner)
	return call(c.passC, opts, "pass balance", data, err, c.pass.UnpackBalanceOf)
}

// MintToken mints amount reward tokens to to; only the token owner may.
func (c *Contracts) MintToken(opts *bind.TransactOpts, to common.Address, amount *big.Int) (*types.Transaction, error) {
	data, err := c.token.TryPackMint(to, amount)
	return transact(c.tokenC, opts, "mint token", data, err)
}

// TransferToken sends amount reward tokens from the sender to to.
func (c *Contracts) TransferToken(opts *bind.TransactOpts, to common.Address, amount *big.Int) (*types.Transaction, error) {
	data, err := c.token.TryPackTransfer(to, amount)
	return transact(c.tokenC, opts, "transfer token", data, err)
}

// Approve lets spender (typically the vault) pull amount of the sender's reward tokens.
func (c *Contracts) Approve(opts *bind.TransactOpts, spender common.Address, amount *big.Int) (*types.Transaction, error) {
	data, err := c.token.TryPackApprove(spender, amount)
	return transact(c.tokenC, opts, "approve", data, err)
}

// Delegate assigns the sender's voting power to delegatee. Token holders have no
// votes until they delegate, to themselves or to someone else.
func (c *Contracts) Delegate(opts *bind.TransactOpts, delegatee common.Address) (*types.Transaction, error) {
	data, err := c.token.TryPackDelegate(delegatee)
	return transact(c.tokenC, opts, "delegate", data, err)
}

// TokenBalance returns account's reward token balance.
func (c *Contracts) TokenBalance(opts *bind.CallOpts, account common.Address) (*big.Int, error) {
	data, err := c.token.TryPackBalanceOf(account)
	return call(c.tokenC, opts, "token balance", data, err, c.token.UnpackBalanceOf)
}

// Stake moves amount reward tokens from the sender into the vault; Approve the vault first.
func (c *Contracts) Stake(opts *bind.TransactOpts, amount *big.Int) (*types.Transaction, error) {
	data, err := c.vault.TryPackStake(amount)
	return transact(c.vaultC, opts, "stake", data, err)
}

// Unstake returns amount of the sender's staked tokens.
func (c *Contracts) Unstake(opts *bind.TransactOpts, amount *big.Int) (*types.Transaction, error) {
	data, err := c.vault.TryPackUnstake(amount)
	return transact(c.vaultC, opts, "unstake", data, err)
}

// StakedOf returns how much user has staked.
func (c *Contracts) StakedOf(opts *bind.CallOpts, user common.Address) (*big.Int, error) {
	data, err := c.vault.TryPackStakedOf(user)
	return call(c.vaultC, opts, "staked of", data, err, c.vault.UnpackStakedOf)
}

// Proposal is a governor proposal: the calls it would execute and its description.
// The three slices must have the same, non-zero, length.
type Proposal struct {
	Targets     []common.Address
	Values      []*big.Int
	Calldatas   [][]byte
	Description string
}

// SignalProposal returns a proposal whose only action is an empty call to the
// governor itself: a vote on the description alone, harmless if executed.
func (c *Contracts) SignalProposal(description string) Proposal {
	return Proposal{
		Targets:     []common.Address{c.addrs.Governor},
		Values:      []*big.Int{new(big.Int)},
		Calldatas:   [][]byte{{}},
		Description: description,
	}
}

// Propose submits p. The sender needs no votes (the proposal threshold is zero), but
// voting only counts power delegated before the proposal's snapshot block.
func (c *Contracts) Propose(opts *bind.TransactOpts, p Proposal) (*types.Transaction, error) {
	data, err := c.governor.TryPackPropose(p.Targets, p.Values, p.Calldatas, p.Description)
	return transact(c.governorC, opts, "propose", data, err)
}

// ProposalID returns the id the governor assigns to p, as used by CastVote.
func (c *Contracts) ProposalID(opts *bind.CallOpts, p Proposal) (*big.Int, error) {
	data, err := c.governor.TryPackHashProposal(p.Targets, p.Values, p.Calldatas, crypto.Keccak256Hash([]byte(p.Description)))
	return call(c.governorC, opts, "proposal id", data, err, c.governor.UnpackHashProposal)
}

// ProposalState returns the governor's state of a proposal (0 Pending, 1 Active,
// 2 Canceled, 3 Defeated, 4 Succeeded, 5 Queued, 6 Expired, 7 Executed).
func (c *Contracts) ProposalState(opts *bind.CallOpts, proposalID *big.Int) (uint8, error) {
	data, err := c.governor.TryPackState(proposalID)
	return call(c.governorC, opts, "proposal state", data, err, c.governor.UnpackState)
}

// CastVote votes on an active proposal with VoteAgainst, VoteFor or VoteAbstain.
func (c *Contracts) CastVote(opts *bind.TransactOpts, proposalID *big.Int, support uint8) (*types.Transaction, error) {
	data, err := c.governor.TryPackCastVote(proposalID, support)
	return transact(c.governorC, opts, "cast vote", data, err)
}

// SetMerkleRoot publishes a new root of cumulative rewards; only the distributor owner
// may. The distributor pays from its own balance: fund it with MintToken or TransferToken.
func (c *Contracts) SetMerkleRoot(opts *bind.TransactOpts, root common.Hash) (*types.Transaction, error) {
	data, err := c.distributor.TryPackSetMerkleRoot(root)
	return transact(c.distributorC, opts, "set merkle root", data, err)
}

// Claim pays account the part of cumulativeAmount it has not claimed yet. Any sender
// may submit it; the tokens go to account. proof is the StandardMerkleTree proof of
// the (account, cumulativeAmount) leaf under the current root.
func (c *Contracts) Claim(opts *bind.TransactOpts, account common.Address, cumulativeAmount *big.Int, proof []common.Hash) (*types.Transaction, error) {
	p := make([][32]byte, len(proof))
	for i, h := range proof {
		p[i] = h
	}
	data, err := c.distributor.TryPackClaim(account, cumulativeAmount, p)
	return transact(c.distributorC, opts, "claim", data, err)
}

// Claimed returns the cumulative amount already paid to account.
func (c *Contracts) Claimed(opts *bind.CallOpts, account common.Address) (*big.Int, error) {
	data, err := c.distributor.TryPackClaimed(account)
	return call(c.distributorC, opts, "claimed", data, err, c.distributor.UnpackClaimed)
}

// MintBadge awards amount of badge id to to; the sender needs MINTER_ROLE.
func (c *Contracts) MintBadge(opts *bind.TransactOpts, to common.Address, id, amount *big.Int) (*types.Transaction, error) {
	data, err := c.badge.TryPackMint(to, id, amount)
	return transact(c.badgeC, opts, "mint badge", data, err)
}

// BadgeBalance returns how many of badge id account holds.
func (c *Contracts) BadgeBalance(opts *bind.CallOpts, account common.Address, id *big.Int) (*big.Int, error) {
	data, err := c.badge.TryPackBalanceOf(account, id)
	return call(c.badgeC, opts, "badge balance", data, err, c.badge.UnpackBalanceOf)
}
