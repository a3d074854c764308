package chain

import (
	"fmt"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
)

// Kind names what an on-chain event means to Beckon, independent of the
// contract's own event name.
type Kind string

// Event kinds the decoders produce.
const (
	KindMint     Kind = "mint"
	KindTransfer Kind = "transfer"
	KindStake    Kind = "stake"
	KindUnstake  Kind = "unstake"
	KindVote     Kind = "vote"
	KindProposal Kind = "proposal"
	KindClaim    Kind = "claim"
	KindCustom   Kind = "custom"
)

// Kinds lists every kind in a stable order, for reports.
var Kinds = []Kind{KindMint, KindTransfer, KindStake, KindUnstake, KindVote, KindProposal, KindClaim, KindCustom}

// OffChainID is the chain id of events from off-chain sources (Snapshot
// governance): they have no blocks, are never reorganised and count as
// confirmed at once.
const OffChainID uint64 = 0

// Event is one decoded log. Args hold every decoded argument as a string:
// addresses EIP-55 checksummed, integers in exact decimal, bytes as 0x-hex,
// so no precision is lost between chain, store and conditions.
type Event struct {
	ID          int64 // store id, 0 until stored
	ChainID     uint64
	BlockNumber uint64
	BlockHash   common.Hash
	TxHash      common.Hash
	LogIndex    uint
	Contract    common.Address
	Source      string // configured contract name
	Kind        Kind
	Name        string         // the contract's event name, e.g. "Transfer"
	Wallet      common.Address // the actor the event is about
	Args        map[string]string
	Removed     bool // true once a reorg orphaned the block
	// Provisional marks an event not yet at the chain's confirmation depth
	// (or above its safe/finalized block); it is promoted when deep enough.
	Provisional bool
	// Revision counts revivals: a log orphaned by a reorg whose block
	// becomes canonical again is stored once more under the next revision.
	Revision int
}

// Key identifies the event across replays: the same log in the same block
// always has the same key, a re-included log in another block does not,
// and a revived log gets a new key per revision.
func (e Event) Key() string {
	k := strconv.FormatUint(e.ChainID, 10) + ":" + e.BlockHash.Hex() + ":" + strconv.FormatUint(uint64(e.LogIndex), 10)
	if e.Revision > 0 {
		k += ":r" + strconv.Itoa(e.Revision)
	}
	return k
}

func (e Event) String() string {
	return fmt.Sprintf("%s %s #%d log %d wallet %s", e.Kind, e.Source, e.BlockNumber, e.LogIndex, e.Wallet.Hex())
}

// Header is the part of a block header needed to notice reorgs.
type Header struct {
	Number     uint64
	Hash       common.Hash
	ParentHash common.Hash
}

// Checkpoint is the last block whose events are fully stored.
type Checkpoint struct {
	ChainID uint64
	Number  uint64
	Hash    common.Hash
	// Head is the node's head when the checkpoint was written; Head -
	// Number is the indexer's lag.
	Head uint64
}
