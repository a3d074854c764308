package chain

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Contract kinds a source can have.
const (
	SourceERC721      = "erc721"
	SourceStaking     = "staking"
	SourceGovernor    = "governor"
	SourceDistributor = "distributor"
	SourceERC20       = "erc20"
	SourceERC1155     = "erc1155"
	// SourceABI decodes the chosen events of any contract from its ABI.
	SourceABI = "abi"
)

// SourceKinds lists the kinds the decoder understands.
var SourceKinds = []string{SourceERC721, SourceERC1155, SourceERC20, SourceStaking, SourceGovernor, SourceDistributor, SourceABI}

// ErrUnknownLog is returned for logs the source does not decode (an
// unrelated event of the same contract); callers skip them.
var ErrUnknownLog = errors.New("unknown log")

// standardEvents holds the event ABIs Beckon decodes without user input.
const standardEvents = `[
 {"type":"event","name":"Transfer","anonymous":false,"inputs":[
  {"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},{"name":"tokenId","type":"uint256","indexed":true}]},
 {"type":"event","name":"Staked","anonymous":false,"inputs":[
  {"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"Unstaked","anonymous":false,"inputs":[
  {"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"VoteCast","anonymous":false,"inputs":[
  {"name":"voter","type":"address","indexed":true},{"name":"proposalId","type":"uint256","indexed":false},
  {"name":"support","type":"uint8","indexed":false},{"name":"weight","type":"uint256","indexed":false},{"name":"reason","type":"string","indexed":false}]},
 {"type":"event","name":"ProposalCreated","anonymous":false,"inputs":[
  {"name":"proposalId","type":"uint256","indexed":false},{"name":"proposer","type":"address","indexed":false},
  {"name":"targets","type":"address[]","indexed":false},{"name":"values","type":"uint256[]","indexed":false},
  {"name":"signatures","type":"string[]","indexed":false},{"name":"calldatas","type":"bytes[]","indexed":false},
  {"name":"voteStart","type":"uint256","indexed":false},{"name":"voteEnd","type":"uint256","indexed":false},
  {"name":"description","type":"string","indexed":false}]},
 {"type":"event","name":"VoteCastWithParams","anonymous":false,"inputs":[
  {"name":"voter","type":"address","indexed":true},{"name":"proposalId","type":"uint256","indexed":false},
  {"name":"support","type":"uint8","indexed":false},{"name":"weight","type":"uint256","indexed":false},
  {"name":"reason","type":"string","indexed":false},{"name":"params","type":"bytes","indexed":false}]},
 {"type":"event","name":"TransferSingle","anonymous":false,"inputs":[
  {"name":"operator","type":"address","indexed":true},{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},
  {"name":"id","type":"uint256","indexed":false},{"name":"value","type":"uint256","indexed":false}]},
 {"type":"event","name":"TransferBatch","anonymous":false,"inputs":[
  {"name":"operator","type":"address","indexed":true},{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},
  {"name":"ids","type":"uint256[]","indexed":false},{"name":"values","type":"uint256[]","indexed":false}]},
 {"type":"event","name":"ConsecutiveTransfer","anonymous":false,"inputs":[
  {"name":"fromTokenId","type":"uint256","indexed":true},{"name":"toTokenId","type":"uint256","indexed":false},
  {"name":"fromAddress","type":"address","indexed":true},{"name":"toAddress","type":"address","indexed":true}]},
 {"type":"event","name":"Claimed","anonymous":false,"inputs":[
  {"name":"account","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false},{"name":"cumulativeAmount","type":"uint256","indexed":false}]}
]`

// erc20Transfer shares ERC-721 Transfer's signature (and so its topic) but
// indexes only from and to; it needs an ABI of its own.
const erc20Transfer = `[{"type":"event","name":"Transfer","anonymous":false,"inputs":[
  {"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},{"name":"value","type":"uint256","indexed":false}]}]`

// Decoder turns raw logs of configured sources into Events.
type Decoder struct {
	abi     abi.ABI
	erc20   abi.ABI
	sources map[common.Address]Source
	topics  map[string][]common.Hash // source kind -> event ids it watches
	custom  map[common.Address]*customSource
}

// Source is one watched contract.
type Source struct {
	Name       string
	Address    common.Address
	Kind       string
	StartBlock uint64
	// Custom holds the ABI and chosen events of a SourceABI source.
	Custom *CustomEvents
}

// NewDecoder builds a decoder for the sources.
func NewDecoder(sources []Source) (*Decoder, error) {
	parsed, err := abi.JSON(strings.NewReader(standardEvents))
	if err != nil {
		return nil, fmt.Errorf("parse standard events: %w", err)
	}
	erc20, err := abi.JSON(strings.NewReader(erc20Transfer))
	if err != nil {
		return nil, fmt.Errorf("parse erc-20 transfer: %w", err)
	}
	d := &Decoder{abi: parsed, erc20: erc20, sources: map[common.Address]Source{}, topics: map[string][]common.Hash{}, custom: map[common.Address]*customSource{}}
	id := func(name string) common.Hash { return parsed.Events[name].ID }
	// ERC-2309 ConsecutiveTransfer is how ERC721A-style collections announce batch mints.
	d.topics[SourceERC721] = []common.Hash{id("Transfer"), id("ConsecutiveTransfer")}
	d.topics[SourceERC1155] = []common.Hash{id("TransferSingle"), id("TransferBatch")}
	d.topics[SourceERC20] = []common.Hash{id("Transfer")}
	d.topics[SourceStaking] = []common.Hash{id("Staked"), id("Unstaked")}
	// OpenZeppelin and Compound Bravo governors emit the same VoteCast and
	// ProposalCreated signatures.
	d.topics[SourceGovernor] = []common.Hash{id("VoteCast"), id("VoteCastWithParams"), id("ProposalCreated")}
	d.topics[SourceDistributor] = []common.Hash{id("Claimed")}
	for _, s := range sources {
		if s.Kind == SourceABI {
			cs, err := newCustomSource(s)
			if err != nil {
				return nil, fmt.Errorf("source %s: %w", s.Name, err)
			}
			if _, dup := d.sources[s.Address]; dup {
				return nil, fmt.Errorf("source %s: address %s configured twice", s.Name, s.Address.Hex())
			}
			d.sources[s.Address] = s
			d.custom[s.Address] = cs
			continue
		}
		if _, ok := d.topics[s.Kind]; !ok {
			return nil, fmt.Errorf("source %s: unknown kind %q (valid: %s)", s.Name, s.Kind, strings.Join(SourceKinds, ", "))
		}
		if _, dup := d.sources[s.Address]; dup {
			return nil, fmt.Errorf("source %s: address %s configured twice", s.Name, s.Address.Hex())
		}
		d.sources[s.Address] = s
	}
	return d, nil
}

// Addresses returns the watched contract addresses.
func (d *Decoder) Addresses() []common.Address {
	out := make([]common.Address, 0, len(d.sources))
	for a := range d.sources {
		out = append(out, a)
	}
	return out
}

// Topics returns every watched event id, for an eth_getLogs topic filter.
func (d *Decoder) Topics() []common.Hash {
	seen := map[common.Hash]bool{}
	var out []common.Hash
	for addr, s := range d.sources {
		ids := d.topics[s.Kind]
		if cs := d.custom[addr]; cs != nil {
			ids = cs.ids
		}
		for _, t := range ids {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// Decode decodes one log. It returns ErrUnknownLog for logs of unwatched
// contracts or events, and a descriptive error for malformed ones.
func (d *Decoder) Decode(chainID uint64, l types.Log) (Event, error) {
	src, ok := d.sources[l.Address]
	if !ok || len(l.Topics) == 0 {
		return Event{}, ErrUnknownLog
	}
	if cs := d.custom[l.Address]; cs != nil {
		return cs.decode(chainID, src, l)
	}
	ev, err := d.abi.EventByID(l.Topics[0])
	if err != nil || !containsHash(d.topics[src.Kind], l.Topics[0]) {
		return Event{}, ErrUnknownLog
	}
	// ERC-20 and ERC-721 share the Transfer signature; only the latter
	// indexes the third argument, so the topic count tells them apart.
	if ev.Name == "Transfer" {
		switch {
		case src.Kind == SourceERC20 && len(l.Topics) == 3:
			ev, _ = d.erc20.EventByID(l.Topics[0])
		case src.Kind != SourceERC721 || len(l.Topics) != 4:
			return Event{}, ErrUnknownLog
		}
	}
	values := map[string]any{}
	var indexed abi.Arguments
	for _, in := range ev.Inputs {
		if in.Indexed {
			indexed = append(indexed, in)
		}
	}
	if len(l.Topics)-1 != len(indexed) {
		return Event{}, fmt.Errorf("decode %s log %s/%d: %d topics, want %d", ev.Name, l.TxHash.Hex(), l.Index, len(l.Topics), len(indexed)+1)
	}
	if err := abi.ParseTopicsIntoMap(values, indexed, l.Topics[1:]); err != nil {
		return Event{}, fmt.Errorf("decode %s topics: %w", ev.Name, err)
	}
	if err := ev.Inputs.UnpackIntoMap(values, l.Data); err != nil {
		return Event{}, fmt.Errorf("decode %s data: %w", ev.Name, err)
	}
	e := Event{
		ChainID:     chainID,
		BlockNumber: l.BlockNumber,
		BlockHash:   l.BlockHash,
		TxHash:      l.TxHash,
		LogIndex:    l.Index,
		Contract:    l.Address,
		Source:      src.Name,
		Name:        ev.Name,
		Removed:     l.Removed,
		Args:        make(map[string]string, len(values)),
	}
	for k, v := range values {
		e.Args[k] = FormatValue(v)
	}
	switch ev.Name {
	case "Transfer":
		e.Kind, e.Wallet = KindTransfer, values["to"].(common.Address)
		if values["from"].(common.Address) == (common.Address{}) {
			e.Kind = KindMint
		}
	case "Staked":
		e.Kind, e.Wallet = KindStake, values["user"].(common.Address)
	case "Unstaked":
		e.Kind, e.Wallet = KindUnstake, values["user"].(common.Address)
	case "VoteCast", "VoteCastWithParams":
		e.Kind, e.Wallet = KindVote, values["voter"].(common.Address)
	case "TransferSingle", "TransferBatch":
		e.Kind, e.Wallet = KindTransfer, values["to"].(common.Address)
		if values["from"].(common.Address) == (common.Address{}) {
			e.Kind = KindMint
		}
	case "ConsecutiveTransfer":
		e.Kind, e.Wallet = KindTransfer, values["toAddress"].(common.Address)
		if values["fromAddress"].(common.Address) == (common.Address{}) {
			e.Kind = KindMint
		}
	case "ProposalCreated":
		e.Kind, e.Wallet = KindProposal, values["proposer"].(common.Address)
	case "Claimed":
		e.Kind, e.Wallet = KindClaim, values["account"].(common.Address)
	}
	return e, nil
}

func containsHash(hs []common.Hash, h common.Hash) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

// FormatValue renders a decoded ABI value as an exact string: integers in
// decimal, addresses checksummed, bytes as 0x-hex, arrays as [a,b].
func FormatValue(v any) string {
	switch x := v.(type) {
	case *big.Int:
		return x.String()
	case common.Address:
		return x.Hex()
	case common.Hash:
		return x.Hex()
	case []byte:
		return "0x" + hex.EncodeToString(x)
	case [32]byte:
		return "0x" + hex.EncodeToString(x[:])
	case string:
		return x
	case bool, uint8, uint16, uint32, uint64, int8, int16, int32, int64:
		return fmt.Sprint(x)
	case []common.Address:
		return joinFormatted(len(x), func(i int) any { return x[i] })
	case []*big.Int:
		return joinFormatted(len(x), func(i int) any { return x[i] })
	case []string:
		return joinFormatted(len(x), func(i int) any { return x[i] })
	case [][]byte:
		return joinFormatted(len(x), func(i int) any { return x[i] })
	default:
		return formatReflect(reflect.ValueOf(v))
	}
}

// formatReflect renders what the typed cases do not cover: tuples as
// {name:value,…} with their ABI component names, fixed bytesN as 0x-hex
// and arrays of anything.
func formatReflect(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b := make([]byte, v.Len())
			reflect.Copy(reflect.ValueOf(b), v)
			return "0x" + hex.EncodeToString(b)
		}
		return joinFormatted(v.Len(), func(i int) any { return v.Index(i).Interface() })
	case reflect.Slice:
		return joinFormatted(v.Len(), func(i int) any { return v.Index(i).Interface() })
	case reflect.Struct:
		parts := make([]string, v.NumField())
		for i := range parts {
			f := v.Type().Field(i)
			name := f.Tag.Get("json")
			if name == "" {
				name = f.Name
			}
			parts[i] = name + ":" + FormatValue(v.Field(i).Interface())
		}
		return "{" + strings.Join(parts, ",") + "}"
	case reflect.Invalid:
		return ""
	default:
		return fmt.Sprint(v.Interface())
	}
}

func joinFormatted(n int, at func(int) any) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = FormatValue(at(i))
	}
	return "[" + strings.Join(parts, ",") + "]"
}
