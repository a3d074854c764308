package rewards

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// PayoutStatus is where a direct payout is in its life:
//
//	planned → signed → broadcast → confirmed
//	                             ↘ failed
//
// A payout is signed when its raw transaction and hash are stored, which
// always happens before the transaction is broadcast.
type PayoutStatus string

// The payout statuses.
const (
	PayoutPlanned   PayoutStatus = "planned"   // recorded, no transaction yet
	PayoutSigned    PayoutStatus = "signed"    // a signed transaction is stored; it may or may not have been sent
	PayoutBroadcast PayoutStatus = "broadcast" // the stored transaction was sent at least once
	PayoutConfirmed PayoutStatus = "confirmed" // one of its transactions is mined at the confirmation depth
	PayoutFailed    PayoutStatus = "failed"    // reverted, or its nonce was used by another transaction; never retried automatically
)

// InFlight reports whether a transaction of the payout may still land.
func (s PayoutStatus) InFlight() bool { return s == PayoutSigned || s == PayoutBroadcast }

// Errors of payouts.
var (
	// ErrPayoutConflict is returned when an allocation key is planned again
	// with another recipient, amount, token, chain or wallet.
	ErrPayoutConflict = errors.New("payout conflicts with the one already planned under its key")
	// ErrPayoutState is returned when a payout is not in the status a
	// transition needs (another payer moved it, or it is already final).
	ErrPayoutState = errors.New("payout is not in the expected status")
	// ErrPayoutsInFlight is returned when nonces are requested while
	// transactions of the wallet may still land.
	ErrPayoutsInFlight = errors.New("payouts of the wallet are in flight")
	// ErrInsufficientBalance is returned before signing a round the hot
	// wallet's token balance cannot cover.
	ErrInsufficientBalance = errors.New("hot wallet token balance too low")
	// ErrFeeTooHigh is returned when the base fee exceeds the configured
	// maximum fee, so no transaction can be priced.
	ErrFeeTooHigh = errors.New("base fee above the maximum fee")
)

// PayoutAllocation is one transfer to make, identified by a key that is
// unique across all payouts ("epoch:<id>:<address>", "batch:<name>:<address>").
type PayoutAllocation struct {
	Key    string
	To     common.Address
	Amount *big.Int // token base units, positive
}

// BatchAllocations keys allocations of a named payout batch as
// "batch:<name>:<lower-case address>", so the same file paid under the same
// name plans the same payouts.
func BatchAllocations(batch string, allocs []Allocation) []PayoutAllocation {
	out := make([]PayoutAllocation, len(allocs))
	for i, a := range allocs {
		out[i] = PayoutAllocation{Key: "batch:" + batch + ":" + strings.ToLower(a.Account.Hex()), To: a.Account, Amount: a.Amount}
	}
	return out
}

// Payout is one direct ERC-20 transfer from the hot wallet and its state.
type Payout struct {
	ID      int64
	Key     string
	Batch   string
	ChainID uint64
	Token   common.Address
	From    common.Address // the hot wallet
	To      common.Address
	Amount  *big.Int
	Status  PayoutStatus
	// Nonce is the hot wallet nonce, once assigned (HasNonce).
	Nonce    uint64
	HasNonce bool
	// TxHash is the latest attempt's hash, or the mined one when confirmed.
	TxHash    common.Hash
	RawTx     []byte   // latest signed attempt, binary encoding
	GasTipCap *big.Int // of the latest attempt, wei
	GasFeeCap *big.Int // of the latest attempt, wei
	Attempts  int
	Hashes    []common.Hash // every attempt's hash, oldest first
	Block     uint64        // block of the mined transaction, when confirmed
	Error     string        // why it failed
	// BroadcastAt is when the latest attempt was last sent (zero: never).
	BroadcastAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// PayoutAttempt is one signed transaction of a payout. Attempt 1 moves a
// planned payout to signed; later attempts replace it with the same nonce.
type PayoutAttempt struct {
	PayoutID  int64
	Attempt   int
	Nonce     uint64
	Hash      common.Hash
	RawTx     []byte
	GasTipCap *big.Int
	GasFeeCap *big.Int
}

// PayoutFilter selects payouts of one hot wallet on one chain.
type PayoutFilter struct {
	ChainID  uint64
	From     common.Address
	Token    common.Address // zero: any token
	Batch    string         // empty: any batch
	Statuses []PayoutStatus // empty: any status
}

// PayoutStore keeps payouts durable. Every method is atomic.
type PayoutStore interface {
	// PlanPayouts inserts payouts in status planned and returns how many
	// were new. A key already planned with the same recipient, amount,
	// token, chain and wallet is skipped; with anything else it is
	// ErrPayoutConflict and nothing is inserted.
	PlanPayouts(ctx context.Context, ps []Payout) (int, error)
	// Payouts lists the payouts matching f, ordered by nonce (unassigned
	// last) and then id, each with the hashes of all its attempts.
	Payouts(ctx context.Context, f PayoutFilter) ([]Payout, error)
	// AssignNonces hands consecutive nonces, starting at next, to the
	// planned payouts ids (in that order) and records next+len(ids) as the
	// wallet's next nonce. Nonces held by other planned payouts of the
	// wallet are released first. It returns ErrPayoutsInFlight when a
	// payout of the wallet is signed or broadcast.
	AssignNonces(ctx context.Context, chainID uint64, from common.Address, ids []int64, next uint64) error
	// SaveAttempts records signed transactions; see PayoutAttempt. A payout
	// not in the status (or with another nonce or attempt count) the
	// attempt needs is ErrPayoutState, and nothing is saved.
	SaveAttempts(ctx context.Context, as []PayoutAttempt) error
	// MarkBroadcast moves a signed payout to broadcast and stamps the
	// send time; ErrPayoutState unless it is signed or broadcast.
	MarkBroadcast(ctx context.Context, id int64) error
	// MarkConfirmed records the mined attempt hash and its block;
	// ErrPayoutState unless the payout is in flight and hash is one of its
	// attempts.
	MarkConfirmed(ctx context.Context, id int64, hash common.Hash, block uint64) error
	// MarkFailed records why an in-flight payout can never land;
	// ErrPayoutState unless it is in flight.
	MarkFailed(ctx context.Context, id int64, reason string) error
}

// PayoutClient is what paying needs from an RPC node; ethclient.Client and
// the simulated backend's client satisfy it. TransactionReceipt returns
// ethereum.NotFound for a transaction not mined (or unknown).
type PayoutClient interface {
	ethereum.ContractCaller // token balance
	ethereum.GasEstimator   // gas limit when none is configured
	ethereum.TransactionSender
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
}

// TxSigner signs the hot wallet's transactions.
type TxSigner interface {
	Address() common.Address
	SignTx(tx *types.Transaction, chainID *big.Int) (*types.Transaction, error)
}
