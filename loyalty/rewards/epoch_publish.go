package rewards

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/beckonhq/beckon/abi/distributor"
)

// Backend is what publishing and minting need from a node: calls,
// transactions, logs, receipts and headers. *ethclient.Client and the
// simulated backend's client satisfy it.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// ErrReverted is returned when a sent transaction was mined but failed.
var ErrReverted = errors.New("transaction reverted")

// publishGasFloor is the least gas a setMerkleRoot transaction gets; it
// costs about 50k, and estimates against a pending block can fall short.
const publishGasFloor = 120_000

// Publisher publishes epoch roots to a MerkleDistributor.
type Publisher struct {
	Backend     Backend
	Distributor common.Address
	// Signer sends setMerkleRoot; it must be the distributor's owner.
	Signer *bind.TransactOpts
	// Confirmations is how many blocks must follow the publishing block
	// before Publish returns (0: the receipt is enough).
	Confirmations uint64
	// Poll is how often receipts and the head are polled. Default 2s.
	Poll time.Duration
	// MaxFeeCap, when set, bounds the EIP-1559 fee cap, in wei.
	MaxFeeCap *big.Int
}

// Published says what Publish did.
type Published struct {
	Root common.Hash
	// Tx published the root; zero when the root was already current and no
	// publishing transaction could be found in the distributor's logs.
	Tx common.Hash
	// Already is true when the root was already current: nothing was sent.
	Already bool
	Block   uint64
}

// CurrentRoot reads the distributor's merkleRoot().
func (p *Publisher) CurrentRoot(ctx context.Context) (common.Hash, error) {
	return CurrentRoot(ctx, p.Backend, p.Distributor)
}

// CurrentRoot reads the merkleRoot() of the distributor at addr.
func CurrentRoot(ctx context.Context, b bind.ContractBackend, addr common.Address) (common.Hash, error) {
	d := distributor.NewMerkleDistributor()
	root, err := bind.Call(d.Instance(b, addr), &bind.CallOpts{Context: ctx}, d.PackMerkleRoot(), d.UnpackMerkleRoot)
	if err != nil {
		return common.Hash{}, fmt.Errorf("read merkle root of %s: %w", addr.Hex(), err)
	}
	return root, nil
}

// Owner reads the distributor's owner(), the only account that may publish.
func (p *Publisher) Owner(ctx context.Context) (common.Address, error) {
	d := distributor.NewMerkleDistributor()
	owner, err := bind.Call(d.Instance(p.Backend, p.Distributor), &bind.CallOpts{Context: ctx}, d.PackOwner(), d.UnpackOwner)
	if err != nil {
		return common.Address{}, fmt.Errorf("read owner of %s: %w", p.Distributor.Hex(), err)
	}
	return owner, nil
}

// Publish makes root the distributor's current root. When it already is,
// nothing is sent and Published.Already is set, with the transaction that
// published it when the distributor's logs still show it. Otherwise it
// sends setMerkleRoot, waits for the receipt and for Confirmations blocks
// on top, and fails with ErrReverted when the transaction failed.
func (p *Publisher) Publish(ctx context.Context, root common.Hash) (Published, error) {
	current, err := p.CurrentRoot(ctx)
	if err != nil {
		return Published{}, err
	}
	if current == root {
		out := Published{Root: root, Already: true}
		out.Tx, out.Block, err = p.findPublish(ctx, root)
		return out, err
	}
	if p.Signer == nil {
		return Published{}, errors.New("publish: no signer")
	}
	owner, err := p.Owner(ctx)
	if err != nil {
		return Published{}, err
	}
	if owner != p.Signer.From {
		return Published{}, fmt.Errorf("publish: hot wallet %s is not the owner %s of distributor %s", p.Signer.From.Hex(), owner.Hex(), p.Distributor.Hex())
	}
	d := distributor.NewMerkleDistributor()
	data := d.PackSetMerkleRoot(root)
	opts, err := prepare(ctx, p.Backend, p.Signer, p.Distributor, data, publishGasFloor, p.MaxFeeCap)
	if err != nil {
		return Published{}, fmt.Errorf("publish root %s: %w", root.Hex(), err)
	}
	tx, err := bind.Transact(d.Instance(p.Backend, p.Distributor), opts, data)
	if err != nil {
		return Published{}, fmt.Errorf("publish root %s: send: %w", root.Hex(), err)
	}
	r, err := WaitConfirmed(ctx, p.Backend, tx.Hash(), p.Confirmations, p.Poll)
	if err != nil {
		return Published{Root: root, Tx: tx.Hash()}, fmt.Errorf("publish root %s: %w", root.Hex(), err)
	}
	return Published{Root: root, Tx: tx.Hash(), Block: r.BlockNumber.Uint64()}, nil
}

// findPublish looks for the newest MerkleRootUpdated(root) log of the
// distributor. Nodes that prune old logs may not have it: then the zero
// hash is returned without error.
func (p *Publisher) findPublish(ctx context.Context, root common.Hash) (common.Hash, uint64, error) {
	d := distributor.NewMerkleDistributor()
	ev, ok := d.GetABI().Events["MerkleRootUpdated"]
	if !ok {
		return common.Hash{}, 0, errors.New("distributor ABI has no MerkleRootUpdated event")
	}
	logs, err := p.Backend.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0),
		Addresses: []common.Address{p.Distributor},
		Topics:    [][]common.Hash{{ev.ID}, {root}},
	})
	if err != nil || len(logs) == 0 {
		// The root is current either way; the transaction is only informative.
		return common.Hash{}, 0, nil
	}
	last := logs[len(logs)-1]
	return last.TxHash, last.BlockNumber, nil
}

// prepare copies signer with ctx, the next nonce, a gas limit with headroom
// over the estimate (and at least floor) and, when maxFeeCap is set, fees
// bounded by it.
func prepare(ctx context.Context, b Backend, signer *bind.TransactOpts, to common.Address, data []byte, floor uint64, maxFeeCap *big.Int) (*bind.TransactOpts, error) {
	opts := *signer
	opts.Context = ctx
	nonce, err := b.PendingNonceAt(ctx, signer.From)
	if err != nil {
		return nil, fmt.Errorf("nonce of %s: %w", signer.From.Hex(), err)
	}
	opts.Nonce = new(big.Int).SetUint64(nonce)
	gas, err := b.EstimateGas(ctx, ethereum.CallMsg{From: signer.From, To: &to, Data: data})
	if err != nil {
		return nil, fmt.Errorf("estimate gas: %w", err)
	}
	opts.GasLimit = max(gas+gas/2, floor)
	if maxFeeCap != nil && maxFeeCap.Sign() > 0 {
		head, err := b.HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("read head: %w", err)
		}
		tip, err := b.SuggestGasTipCap(ctx)
		if err != nil {
			return nil, fmt.Errorf("suggest tip: %w", err)
		}
		if head.BaseFee != nil && head.BaseFee.Cmp(maxFeeCap) >= 0 {
			return nil, fmt.Errorf("base fee %s wei is at or above the fee cap %s wei", head.BaseFee, maxFeeCap)
		}
		feeCap := new(big.Int).Set(tip)
		if head.BaseFee != nil {
			feeCap.Add(feeCap, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
		}
		if feeCap.Cmp(maxFeeCap) > 0 {
			feeCap.Set(maxFeeCap)
		}
		if tip.Cmp(feeCap) > 0 {
			tip = new(big.Int).Set(feeCap)
		}
		opts.GasFeeCap, opts.GasTipCap = feeCap, tip
	}
	return &opts, nil
}

// WaitConfirmed polls for the receipt of hash, then until confirmations
// blocks are on top of it (the depth rule flows use), and returns the
// receipt as the node reports it then; a failed transaction is ErrReverted.
// A receipt that disappears while waiting (a reorg) is waited for again.
func WaitConfirmed(ctx context.Context, b Backend, hash common.Hash, confirmations uint64, poll time.Duration) (*types.Receipt, error) {
	if poll <= 0 {
		poll = 2 * time.Second
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	wait := func() error {
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w", hash.Hex(), ctx.Err())
		case <-tick.C:
			return nil
		}
	}
	for {
		r, err := b.TransactionReceipt(ctx, hash)
		switch {
		case errors.Is(err, ethereum.NotFound):
		case err != nil:
			return nil, fmt.Errorf("receipt of %s: %w", hash.Hex(), err)
		case r.Status != types.ReceiptStatusSuccessful:
			return r, fmt.Errorf("%s in block %d: %w", hash.Hex(), r.BlockNumber, ErrReverted)
		default:
			head, err := b.HeaderByNumber(ctx, nil)
			if err != nil {
				return nil, fmt.Errorf("read head: %w", err)
			}
			n := r.BlockNumber.Uint64()
			if head.Number.Uint64() >= n && head.Number.Uint64()-n >= confirmations {
				return r, nil
			}
		}
		if err := wait(); err != nil {
			return nil, err
		}
	}
}
