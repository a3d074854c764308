package rewards

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/beckonhq/beckon/abi/badge"
	"github.com/beckonhq/beckon/abi/deployment"
)

var badgeABI = badge.NewBeckonBadge()

// BadgeStatus is the state of a badge mint record.
type BadgeStatus string

// Badge mint states.
const (
	// BadgePending: the record is reserved; when TxHash is set, the mint
	// transaction was signed and may have been broadcast.
	BadgePending BadgeStatus = "pending"
	// BadgeMinted: the wallet holds the badge (the mint was confirmed, or
	// the wallet already held it).
	BadgeMinted BadgeStatus = "minted"
	// BadgeFailed: the mint transaction reverted or was dropped; minting
	// again makes a new attempt.
	BadgeFailed BadgeStatus = "failed"
)

// ErrBadgeConflict is returned when another minter changed the record
// between reading and updating it.
var ErrBadgeConflict = errors.New("badge mint record changed concurrently")

// BadgeMint is the record that makes awarding a badge to a contact happen
// at most once: one per (contact, badge id).
type BadgeMint struct {
	ID        int64
	ContactID int64
	BadgeID   *big.Int
	ChainID   uint64
	Contract  common.Address
	Wallet    common.Address
	Reason    string // what earned it, such as "quest:onboarding" or "tier:gold"
	Status    BadgeStatus
	TxHash    common.Hash // zero until a transaction is signed
	RawTx     []byte      // the signed transaction, so a resumed mint rebroadcasts it rather than signing anew
	Error     string
}

// BadgeStore persists badge mint records.
type BadgeStore interface {
	// ReserveBadgeMint inserts m as pending unless a record for
	// (m.ContactID, m.BadgeID) exists, and returns the stored record and
	// whether it was inserted.
	ReserveBadgeMint(ctx context.Context, m BadgeMint) (BadgeMint, bool, error)
	// UpdateBadgeMint writes m's status, transaction and error, provided the
	// stored record still has the transaction hash prev; otherwise it
	// returns ErrBadgeConflict.
	UpdateBadgeMint(ctx context.Context, m BadgeMint, prev common.Hash) error
}

// badgeGasFloor is the least gas a badge mint gets (it costs about 50k to
// an externally owned account; a contract recipient runs its hook).
const badgeGasFloor = 200_000

// BadgeMinter mints the project's soulbound ERC-1155 badge, at most once
// per contact and badge id.
type BadgeMinter struct {
	// InTx runs fn in a store transaction that commits when fn returns nil.
	InTx    func(ctx context.Context, fn func(BadgeStore) error) error
	Backend Backend
	ChainID uint64
	Badge   common.Address
	// Signer unlocks the minting wallet (it needs MINTER_ROLE on the
	// badge); it is called only when a transaction must be signed.
	Signer        func() (*bind.TransactOpts, error)
	Confirmations uint64
	Poll          time.Duration
	MaxFeeCap     *big.Int
	// SendMu, when set, is held from reading the pending nonce until the
	// transaction is broadcast, so concurrent mints from one wallet in
	// this process never sign with the same nonce.
	SendMu *sync.Mutex
}

// Mint awards badge id to the contact's wallet. The record is reserved and
// the signed transaction stored before it is broadcast, so a second call —
// concurrent, or after a crash at any point — finds the record and either
// returns it (minted), resumes the same transaction (pending) or, when the
// earlier attempt failed, tries again. A wallet that already holds the
// badge is recorded as minted without a transaction. sent reports whether
// this call broadcast a transaction.
func (m *BadgeMinter) Mint(ctx context.Context, contactID int64, wallet common.Address, id *big.Int, reason string) (rec BadgeMint, sent bool, err error) {
	switch {
	case contactID <= 0:
		return BadgeMint{}, false, errors.New("mint badge: contact id required")
	case wallet == (common.Address{}):
		return BadgeMint{}, false, errors.New("mint badge: wallet required")
	case id == nil || id.Sign() < 0 || id.BitLen() > 256:
		return BadgeMint{}, false, fmt.Errorf("mint badge: badge id %v is not a uint256", id)
	}
	want := BadgeMint{ContactID: contactID, BadgeID: new(big.Int).Set(id), ChainID: m.ChainID, Contract: m.Badge,
		Wallet: wallet, Reason: reason, Status: BadgePending}
	err = m.InTx(ctx, func(s BadgeStore) error {
		var err error
		rec, _, err = s.ReserveBadgeMint(ctx, want)
		return err
	})
	if err != nil {
		return BadgeMint{}, false, fmt.Errorf("mint badge %s to contact %d: %w", id, contactID, err)
	}
	switch {
	case rec.Status == BadgeMinted:
		return rec, false, nil
	case rec.Status == BadgePending && len(rec.RawTx) > 0:
		done, err := m.resume(ctx, &rec)
		if err != nil || done {
			return rec, false, err
		}
	}
	return m.attempt(ctx, rec)
}

// resume rebroadcasts and waits for a stored transaction. done is false
// when the transaction is gone for good and a new attempt should be made.
func (m *BadgeMinter) resume(ctx context.Context, rec *BadgeMint) (done bool, err error) {
	var tx types.Transaction
	if err := tx.UnmarshalBinary(rec.RawTx); err != nil {
		return false, fmt.Errorf("mint badge: stored transaction: %w", err)
	}
	if err := m.Backend.SendTransaction(ctx, &tx); err != nil && !alreadyKnown(err) {
		// The nonce was used by something else: the stored transaction can
		// never be mined. If the wallet holds the badge it was mined.
		if !nonceTooLow(err) {
			return false, fmt.Errorf("mint badge: rebroadcast %s: %w", tx.Hash().Hex(), err)
		}
		if _, err := m.Backend.TransactionReceipt(ctx, tx.Hash()); err != nil {
			held, herr := m.held(ctx, rec.Wallet, rec.BadgeID)
			if herr != nil {
				return false, herr
			}
			if !held {
				return false, m.update(ctx, rec, BadgeFailed, rec.TxHash, nil, "transaction dropped: "+err.Error())
			}
			return true, m.update(ctx, rec, BadgeMinted, rec.TxHash, rec.RawTx, "")
		}
	}
	return true, m.finish(ctx, rec, &tx)
}

// attempt checks the wallet, signs, records and sends a new mint.
func (m *BadgeMinter) attempt(ctx context.Context, rec BadgeMint) (BadgeMint, bool, error) {
	held, err := m.held(ctx, rec.Wallet, rec.BadgeID)
	if err != nil {
		return rec, false, err
	}
	if held {
		return rec, false, m.update(ctx, &rec, BadgeMinted, rec.TxHash, rec.RawTx, "")
	}
	if m.Signer == nil {
		return rec, false, errors.New("mint badge: no signer")
	}
	signer, err := m.Signer()
	if err != nil {
		return rec, false, fmt.Errorf("mint badge: %w", err)
	}
	c := deployment.New(m.Backend, deployment.Addresses{Badge: m.Badge})
	data, err := badgeMintData(rec.Wallet, rec.BadgeID)
	if err != nil {
		return rec, false, err
	}
	tx, err := m.signAndSend(ctx, &rec, c, signer, data)
	if err != nil {
		return rec, false, err
	}
	return rec, true, m.finish(ctx, &rec, tx)
}

// signAndSend signs the mint at the wallet's pending nonce, stores it on
// rec and broadcasts it, holding SendMu throughout when set.
func (m *BadgeMinter) signAndSend(ctx context.Context, rec *BadgeMint, c *deployment.Contracts, signer *bind.TransactOpts, data []byte) (*types.Transaction, error) {
	if m.SendMu != nil {
		m.SendMu.Lock()
		defer m.SendMu.Unlock()
	}
	opts, err := prepare(ctx, m.Backend, signer, m.Badge, data, badgeGasFloor, m.MaxFeeCap)
	if err != nil {
		return nil, fmt.Errorf("mint badge %s: %w", rec.BadgeID, err)
	}
	opts.NoSend = true
	tx, err := c.MintBadge(opts, rec.Wallet, rec.BadgeID, big.NewInt(1))
	if err != nil {
		return nil, err
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("mint badge: encode transaction: %w", err)
	}
	if err := m.update(ctx, rec, BadgePending, tx.Hash(), raw, ""); err != nil {
		return nil, err
	}
	if err := m.Backend.SendTransaction(ctx, tx); err != nil && !alreadyKnown(err) {
		// Left pending with the signed transaction: the next call
		// rebroadcasts it.
		return nil, fmt.Errorf("mint badge: send %s: %w", tx.Hash().Hex(), err)
	}
	return tx, nil
}

// finish waits for tx and records the outcome.
func (m *BadgeMinter) finish(ctx context.Context, rec *BadgeMint, tx *types.Transaction) error {
	_, err := WaitConfirmed(ctx, m.Backend, tx.Hash(), m.Confirmations, m.Poll)
	if errors.Is(err, ErrReverted) {
		if uerr := m.update(ctx, rec, BadgeFailed, rec.TxHash, nil, err.Error()); uerr != nil {
			return errors.Join(err, uerr)
		}
		return fmt.Errorf("mint badge %s: %w", rec.BadgeID, err)
	}
	if err != nil {
		return fmt.Errorf("mint badge %s: %w", rec.BadgeID, err)
	}
	return m.update(ctx, rec, BadgeMinted, rec.TxHash, rec.RawTx, "")
}

func (m *BadgeMinter) update(ctx context.Context, rec *BadgeMint, status BadgeStatus, txHash common.Hash, raw []byte, msg string) error {
	next := *rec
	next.Status, next.TxHash, next.RawTx, next.Error = status, txHash, raw, msg
	err := m.InTx(ctx, func(s BadgeStore) error { return s.UpdateBadgeMint(ctx, next, rec.TxHash) })
	if err != nil {
		return fmt.Errorf("record badge mint %d: %w", rec.ID, err)
	}
	*rec = next
	return nil
}

func (m *BadgeMinter) held(ctx context.Context, wallet common.Address, id *big.Int) (bool, error) {
	c := deployment.New(m.Backend, deployment.Addresses{Badge: m.Badge})
	n, err := c.BadgeBalance(&bind.CallOpts{Context: ctx}, wallet, id)
	if err != nil {
		return false, err
	}
	return n.Sign() > 0, nil
}

func badgeMintData(to common.Address, id *big.Int) ([]byte, error) {
	return badgeABI.TryPackMint(to, id, big.NewInt(1))
}

func alreadyKnown(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "already known") || strings.Contains(s, "known transaction")
}

func nonceTooLow(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "nonce too low")
}
