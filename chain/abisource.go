package chain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// CustomEvents configures a SourceABI source: the contract's ABI and which
// of its events to index.
type CustomEvents struct {
	ABI abi.ABI
	// Events names the events to index, by name ("Deposit") or, for an
	// overloaded name, by signature ("Deposit(address,uint256)").
	Events []string
	// WalletArg names the argument holding the actor the event is about.
	// Default: the first indexed address argument, else the first address.
	WalletArg string
	// Kinds maps an event name to the kind it means (a vault's Deposit is a
	// stake); unmapped events are KindCustom.
	Kinds map[string]Kind
}

// ParseABI reads a plain ABI JSON array or a compiler artifact that holds
// one under "abi" (Foundry out/*.json, Hardhat artifacts, Truffle builds).
func ParseABI(data []byte) (abi.ABI, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return abi.ABI{}, errors.New("empty ABI file")
	}
	if trimmed[0] == '{' {
		var artifact struct {
			ABI json.RawMessage `json:"abi"`
		}
		if err := json.Unmarshal(trimmed, &artifact); err != nil {
			return abi.ABI{}, fmt.Errorf("parse artifact: %w", err)
		}
		if len(artifact.ABI) == 0 {
			return abi.ABI{}, errors.New(`artifact has no "abi" field`)
		}
		trimmed = artifact.ABI
	}
	parsed, err := abi.JSON(bytes.NewReader(trimmed))
	if err != nil {
		return abi.ABI{}, fmt.Errorf("parse abi: %w", err)
	}
	return parsed, nil
}

// customSource is a SourceABI source resolved against its ABI.
type customSource struct {
	events map[common.Hash]abi.Event
	ids    []common.Hash
	wallet map[common.Hash]string // event id -> wallet argument ("" for none)
	kinds  map[common.Hash]Kind
}

func newCustomSource(s Source) (*customSource, error) {
	c := s.Custom
	if c == nil || len(c.Events) == 0 {
		return nil, errors.New("kind abi needs an ABI and at least one event")
	}
	cs := &customSource{events: map[common.Hash]abi.Event{}, wallet: map[common.Hash]string{}, kinds: map[common.Hash]Kind{}}
	for _, want := range c.Events {
		ev, err := findEvent(c.ABI, want)
		if err != nil {
			return nil, err
		}
		if ev.Anonymous {
			return nil, fmt.Errorf("event %s is anonymous: it has no topic to filter on", ev.Sig)
		}
		if _, dup := cs.events[ev.ID]; dup {
			return nil, fmt.Errorf("event %s listed twice", ev.Sig)
		}
		wallet, err := walletArg(ev, c.WalletArg)
		if err != nil {
			return nil, err
		}
		cs.events[ev.ID] = ev
		cs.ids = append(cs.ids, ev.ID)
		cs.wallet[ev.ID] = wallet
		cs.kinds[ev.ID] = KindCustom
		if k, ok := c.Kinds[ev.RawName]; ok {
			cs.kinds[ev.ID] = k
		}
		if k, ok := c.Kinds[ev.Sig]; ok {
			cs.kinds[ev.ID] = k
		}
	}
	for name, k := range c.Kinds {
		if !slices.Contains(Kinds, k) {
			return nil, fmt.Errorf("kind of %s: unknown kind %q", name, k)
		}
		if !slices.Contains(c.Events, name) && !eventListed(c.ABI, c.Events, name) {
			return nil, fmt.Errorf("kind of %s: not one of the indexed events", name)
		}
	}
	return cs, nil
}

// eventListed reports whether name (a raw name) is the name of a listed
// signature.
func eventListed(a abi.ABI, events []string, name string) bool {
	for _, e := range events {
		if ev, err := findEvent(a, e); err == nil && (ev.RawName == name || ev.Sig == name) {
			return true
		}
	}
	return false
}

// findEvent looks an event up by signature or, when unambiguous, by name.
func findEvent(a abi.ABI, want string) (abi.Event, error) {
	want = strings.ReplaceAll(want, " ", "")
	var byName []abi.Event
	for _, ev := range a.Events {
		if ev.Sig == want {
			return ev, nil
		}
		if ev.RawName == want {
			byName = append(byName, ev)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		var have []string
		for _, ev := range a.Events {
			have = append(have, ev.Sig)
		}
		slices.Sort(have)
		return abi.Event{}, fmt.Errorf("event %q is not in the ABI (it has: %s)", want, strings.Join(have, ", "))
	default:
		var sigs []string
		for _, ev := range byName {
			sigs = append(sigs, ev.Sig)
		}
		slices.Sort(sigs)
		return abi.Event{}, fmt.Errorf("event name %q is overloaded; name one signature: %s", want, strings.Join(sigs, ", "))
	}
}

func walletArg(ev abi.Event, named string) (string, error) {
	if named != "" {
		for _, in := range ev.Inputs {
			if in.Name == named {
				if in.Type.T != abi.AddressTy {
					return "", fmt.Errorf("event %s: wallet argument %q is %s, not an address", ev.Sig, named, in.Type)
				}
				return named, nil
			}
		}
		// Another listed event may carry it; this one has no actor.
		return "", nil
	}
	for _, indexed := range []bool{true, false} {
		for _, in := range ev.Inputs {
			if in.Indexed == indexed && in.Type.T == abi.AddressTy {
				return in.Name, nil
			}
		}
	}
	return "", nil
}

func (cs *customSource) decode(chainID uint64, src Source, l types.Log) (Event, error) {
	ev, ok := cs.events[l.Topics[0]]
	if !ok {
		return Event{}, ErrUnknownLog
	}
	var indexed abi.Arguments
	for _, in := range ev.Inputs {
		if in.Indexed {
			indexed = append(indexed, in)
		}
	}
	if len(l.Topics)-1 != len(indexed) {
		return Event{}, fmt.Errorf("decode %s log %s/%d: %d topics, want %d", ev.Sig, l.TxHash.Hex(), l.Index, len(l.Topics), len(indexed)+1)
	}
	values := map[string]any{}
	if err := abi.ParseTopicsIntoMap(values, indexed, l.Topics[1:]); err != nil {
		return Event{}, fmt.Errorf("decode %s topics: %w", ev.Sig, err)
	}
	if err := ev.Inputs.UnpackIntoMap(values, l.Data); err != nil {
		return Event{}, fmt.Errorf("decode %s data: %w", ev.Sig, err)
	}
	e := Event{
		ChainID:     chainID,
		BlockNumber: l.BlockNumber,
		BlockHash:   l.BlockHash,
		TxHash:      l.TxHash,
		LogIndex:    l.Index,
		Contract:    l.Address,
		Source:      src.Name,
		Kind:        cs.kinds[ev.ID],
		Name:        ev.RawName,
		Removed:     l.Removed,
		Args:        make(map[string]string, len(values)),
	}
	for k, v := range values {
		e.Args[k] = FormatValue(v)
	}
	if w := cs.wallet[ev.ID]; w != "" {
		if addr, ok := values[w].(common.Address); ok {
			e.Wallet = addr
		}
	}
	return e, nil
}
