// Package deployment deploys Beckon's contracts and drives them through small typed
// helpers, so callers (the demo, tests) need neither the abigen v2 binding API nor the
// contracts' ABI details: one *bind.TransactOpts per wallet is enough.
package deployment

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/abi/badge"
	"github.com/beckonhq/beckon/abi/distributor"
	"github.com/beckonhq/beckon/abi/governor"
	"github.com/beckonhq/beckon/abi/pass"
	"github.com/beckonhq/beckon/abi/token"
	"github.com/beckonhq/beckon/abi/vault"
)

// Defaults applied by Deploy for zero Options fields. They are short so that a demo
// chain reaches each governance phase within a handful of blocks.
const (
	DefaultVotingDelay   = 1  // blocks between proposal and start of voting
	DefaultVotingPeriod  = 20 // blocks voting stays open
	DefaultQuorumPercent = 4  // percent of the token supply that must vote
	DefaultBadgeURI      = "https://beckon.invalid/badges/{id}.json"
)

// Backend is what deploying needs: sending transactions and reading their receipts
// and the deployed code. ethclient.Client and the simulated backend's client both
// satisfy it.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// Options tunes the deployment. Zero fields take the Default* values.
type Options struct {
	// VotingDelay is the governor's delay, in blocks, before a proposal can be voted
	// on (a uint48 on chain).
	VotingDelay uint64
	// VotingPeriod is how many blocks a proposal stays open for votes.
	VotingPeriod uint32
	// QuorumPercent is the share of the total supply, in percent, needed for quorum.
	QuorumPercent uint64
	// BadgeURI is the ERC-1155 metadata URI template of the badge contract.
	BadgeURI string
}

func (o Options) withDefaults() Options {
	if o.VotingDelay == 0 {
		o.VotingDelay = DefaultVotingDelay
	}
	if o.VotingPeriod == 0 {
		o.VotingPeriod = DefaultVotingPeriod
	}
	if o.QuorumPercent == 0 {
		o.QuorumPercent = DefaultQuorumPercent
	}
	if o.BadgeURI == "" {
		o.BadgeURI = DefaultBadgeURI
	}
	return o
}

// Addresses locates the deployed contracts.
type Addresses struct {
	Pass        common.Address // BeckonPass, ERC-721
	Token       common.Address // BeckonToken, ERC-20 with votes
	Vault       common.Address // StakingVault of Token
	Governor    common.Address // BeckonGovernor voting with Token
	Distributor common.Address // MerkleDistributor paying Token
	Badge       common.Address // BeckonBadge, soulbound ERC-1155
}

// maxVotingDelay is the largest value of the governor's uint48 voting delay.
const maxVotingDelay = 1<<48 - 1

// Deploy deploys all six contracts from owner, which becomes the owner of the
// ownable ones, the badge admin and minter, and the distributor's root publisher.
//
// Contracts are deployed one after another because later ones take the token's
// address. After each deployment transaction is sent, mine is called when non-nil
// (a simulated backend's Commit); otherwise Deploy waits for the transaction to be
// mined. ctx bounds sending and waiting and replaces owner.Context. Either way a
// deployment that left no code (a reverted constructor, a contract over the EIP-170
// size limit) is an error.
func Deploy(ctx context.Context, backend Backend, owner *bind.TransactOpts, mine func(), opts Options) (Addresses, error) {
	if owner == nil {
		return Addresses{}, errors.New("deploy: nil owner")
	}
	opts = opts.withDefaults()
	if opts.VotingDelay > maxVotingDelay {
		return Addresses{}, fmt.Errorf("deploy: voting delay %d exceeds uint48", opts.VotingDelay)
	}

	d := deployer{ctx: ctx, backend: backend, owner: owner, mine: mine}
	var (
		addrs Addresses
		err   error
	)
	if addrs.Token, err = d.deploy("token", token.BeckonTokenMetaData.Bin, nil); err != nil {
		return Addresses{}, err
	}
	if addrs.Pass, err = d.deploy("pass", pass.BeckonPassMetaData.Bin, nil); err != nil {
		return Addresses{}, err
	}

	input, err := vault.NewStakingVault().GetABI().Pack("", addrs.Token)
	if err != nil {
		return Addresses{}, fmt.Errorf("deploy vault: pack constructor: %w", err)
	}
	if addrs.Vault, err = d.deploy("vault", vault.StakingVaultMetaData.Bin, input); err != nil {
		return Addresses{}, err
	}

	input, err = governor.NewBeckonGovernor().GetABI().Pack("", addrs.Token,
		new(big.Int).SetUint64(opts.VotingDelay), opts.VotingPeriod, new(big.Int).SetUint64(opts.QuorumPercent))
	if err != nil {
		return Addresses{}, fmt.Errorf("deploy governor: pack constructor: %w", err)
	}
	if addrs.Governor, err = d.deploy("governor", governor.BeckonGovernorMetaData.Bin, input); err != nil {
		return Addresses{}, err
	}

	input, err = distributor.NewMerkleDistributor().GetABI().Pack("", addrs.Token)
	if err != nil {
		return Addresses{}, fmt.Errorf("deploy distributor: pack constructor: %w", err)
	}
	if addrs.Distributor, err = d.deploy("distributor", distributor.MerkleDistributorMetaData.Bin, input); err != nil {
		return Addresses{}, err
	}

	input, err = badge.NewBeckonBadge().GetABI().Pack("", opts.BadgeURI)
	if err != nil {
		return Addresses{}, fmt.Errorf("deploy badge: pack constructor: %w", err)
	}
	if addrs.Badge, err = d.deploy("badge", badge.BeckonBadgeMetaData.Bin, input); err != nil {
		return Addresses{}, err
	}
	return addrs, nil
}

// deployer carries what every single deployment of Deploy shares.
type deployer struct {
	ctx     context.Context
	backend Backend
	owner   *bind.TransactOpts
	mine    func()
}

func (d deployer) deploy(name, bin string, input []byte) (common.Address, error) {
	owner := *d.owner
	owner.Context = d.ctx
	_, tx, err := bind.DeployContract(&owner, common.FromHex(bin), d.backend, input)
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy %s: send: %w", name, err)
	}
	if d.mine != nil {
		d.mine()
	}
	addr, err := bind.WaitDeployed(d.ctx, d.backend, tx.Hash())
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy %s: wait for %s: %w", name, tx.Hash(), err)
	}
	return addr, nil
}
