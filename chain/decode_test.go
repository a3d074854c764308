package chain_test

import (
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
)

// eventsABI declares the events the tests emit, written independently of
// the decoder's own declaration so that a mismatch between the two shows.
const eventsABI = `[
 {"type":"event","name":"Transfer","inputs":[
  {"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},{"name":"tokenId","type":"uint256","indexed":true}]},
 {"type":"event","name":"Approval","inputs":[
  {"name":"owner","type":"address","indexed":true},{"name":"approved","type":"address","indexed":true},{"name":"tokenId","type":"uint256","indexed":true}]},
 {"type":"event","name":"Staked","inputs":[
  {"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"Unstaked","inputs":[
  {"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"VoteCast","inputs":[
  {"name":"voter","type":"address","indexed":true},{"name":"proposalId","type":"uint256","indexed":false},
  {"name":"support","type":"uint8","indexed":false},{"name":"weight","type":"uint256","indexed":false},{"name":"reason","type":"string","indexed":false}]},
 {"type":"event","name":"ProposalCreated","inputs":[
  {"name":"proposalId","type":"uint256","indexed":false},{"name":"proposer","type":"address","indexed":false},
  {"name":"targets","type":"address[]","indexed":false},{"name":"values","type":"uint256[]","indexed":false},
  {"name":"signatures","type":"string[]","indexed":false},{"name":"calldatas","type":"bytes[]","indexed":false},
  {"name":"voteStart","type":"uint256","indexed":false},{"name":"voteEnd","type":"uint256","indexed":false},
  {"name":"description","type":"string","indexed":false}]},
 {"type":"event","name":"Claimed","inputs":[
  {"name":"account","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false},{"name":"cumulativeAmount","type":"uint256","indexed":false}]}
]`

var testEvents = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(eventsABI))
	if err != nil {
		panic(err)
	}
	return a
}()

// EIP-55 test vectors: the expected strings are the checksummed spelling.
const (
	alice = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	bob   = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
	carol = "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"
	dave  = "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"

	// maxUint256Minus1 is 2^256 - 2, written out so that any rounding shows.
	maxUint256Minus1 = "115792089237316195423570985008687907853269984665640564039457584007913129639934"
)

var (
	passAddr        = common.HexToAddress("0x1000000000000000000000000000000000000001")
	vaultAddr       = common.HexToAddress("0x1000000000000000000000000000000000000002")
	governorAddr    = common.HexToAddress("0x1000000000000000000000000000000000000003")
	distributorAddr = common.HexToAddress("0x1000000000000000000000000000000000000004")
	strangerAddr    = common.HexToAddress("0x1000000000000000000000000000000000000005")

	testSources = []chain.Source{
		{Name: "pass", Address: passAddr, Kind: chain.SourceERC721},
		{Name: "vault", Address: vaultAddr, Kind: chain.SourceStaking},
		{Name: "governor", Address: governorAddr, Kind: chain.SourceGovernor},
		{Name: "distributor", Address: distributorAddr, Kind: chain.SourceDistributor},
	}
)

func addr(s string) common.Address { return common.HexToAddress(strings.ToLower(s)) }

func bigInt(t testing.TB, s string) *big.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok, s)
	return n
}

// buildLog packs an event of eventsABI the way the EVM logs it: indexed
// arguments as topics after the event id, the others ABI-encoded in data.
func buildLog(t testing.TB, contract common.Address, event string, indexed []any, data ...any) types.Log {
	t.Helper()
	ev, ok := testEvents.Events[event]
	require.True(t, ok, event)
	topics := []common.Hash{ev.ID}
	if len(indexed) > 0 {
		query := make([][]any, len(indexed))
		for i, v := range indexed {
			query[i] = []any{v}
		}
		ts, err := abi.MakeTopics(query...)
		require.NoError(t, err)
		for _, t := range ts {
			topics = append(topics, t[0])
		}
	}
	packed, err := ev.Inputs.NonIndexed().Pack(data...)
	require.NoError(t, err)
	return types.Log{
		Address:     contract,
		Topics:      topics,
		Data:        packed,
		BlockNumber: 4242,
		BlockHash:   common.HexToHash("0xb10c"),
		TxHash:      common.HexToHash("0x7a"),
		Index:       7,
	}
}

// erc20Transfer is an ERC-20 Transfer: same signature as ERC-721's, but the
// amount is not indexed, so the log has three topics.
func erc20Transfer(t testing.TB, contract common.Address, from, to common.Address, amount *big.Int) types.Log {
	t.Helper()
	amountArg, err := abi.NewType("uint256", "", nil)
	require.NoError(t, err)
	data, err := abi.Arguments{{Type: amountArg}}.Pack(amount)
	require.NoError(t, err)
	return types.Log{
		Address: contract,
		Topics: []common.Hash{
			crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)")),
			common.BytesToHash(from.Bytes()),
			common.BytesToHash(to.Bytes()),
		},
		Data: data,
	}
}

func newTestDecoder(t testing.TB) *chain.Decoder {
	t.Helper()
	d, err := chain.NewDecoder(testSources)
	require.NoError(t, err)
	return d
}

// validLogs are well-formed logs of every watched event, keyed by a name.
func validLogs(t testing.TB) map[string]types.Log {
	t.Helper()
	huge := bigInt(t, maxUint256Minus1)
	return map[string]types.Log{
		"mint":     buildLog(t, passAddr, "Transfer", []any{common.Address{}, addr(alice), huge}),
		"transfer": buildLog(t, passAddr, "Transfer", []any{addr(alice), addr(bob), big.NewInt(17)}),
		"stake":    buildLog(t, vaultAddr, "Staked", []any{addr(carol)}, huge),
		"unstake":  buildLog(t, vaultAddr, "Unstaked", []any{addr(carol)}, big.NewInt(1)),
		"vote": buildLog(t, governorAddr, "VoteCast", []any{addr(dave)},
			huge, uint8(2), bigInt(t, "1000000000000000000000001"), "abstaining, with ünïcode"),
		"proposal": buildLog(t, governorAddr, "ProposalCreated", nil,
			big.NewInt(99), addr(bob),
			[]common.Address{addr(carol), addr(dave)}, []*big.Int{big.NewInt(0), huge},
			[]string{"", "transfer(address,uint256)"}, [][]byte{{}, {0xde, 0xad, 0xbe, 0xef}},
			big.NewInt(100), big.NewInt(120), "Fund the garden"),
		"claim": buildLog(t, distributorAddr, "Claimed", []any{addr(alice)}, big.NewInt(5), huge),
	}
}

func TestDecodeValid(t *testing.T) {
	t.Parallel()
	d := newTestDecoder(t)
	logs := validLogs(t)
	tests := []struct {
		log    string
		kind   chain.Kind
		name   string
		source string
		wallet string
		args   map[string]string
	}{
		{log: "mint", kind: chain.KindMint, name: "Transfer", source: "pass", wallet: alice, args: map[string]string{
			"from": "0x0000000000000000000000000000000000000000", "to": alice, "tokenId": maxUint256Minus1}},
		{log: "transfer", kind: chain.KindTransfer, name: "Transfer", source: "pass", wallet: bob, args: map[string]string{
			"from": alice, "to": bob, "tokenId": "17"}},
		{log: "stake", kind: chain.KindStake, name: "Staked", source: "vault", wallet: carol, args: map[string]string{
			"user": carol, "amount": maxUint256Minus1}},
		{log: "unstake", kind: chain.KindUnstake, name: "Unstaked", source: "vault", wallet: carol, args: map[string]string{
			"user": carol, "amount": "1"}},
		{log: "vote", kind: chain.KindVote, name: "VoteCast", source: "governor", wallet: dave, args: map[string]string{
			"voter": dave, "proposalId": maxUint256Minus1, "support": "2",
			"weight": "1000000000000000000000001", "reason": "abstaining, with ünïcode"}},
		{log: "proposal", kind: chain.KindProposal, name: "ProposalCreated", source: "governor", wallet: bob, args: map[string]string{
			"proposalId": "99", "proposer": bob,
			"targets":    "[" + carol + "," + dave + "]",
			"values":     "[0," + maxUint256Minus1 + "]",
			"signatures": "[,transfer(address,uint256)]",
			"calldatas":  "[0x,0xdeadbeef]",
			"voteStart":  "100", "voteEnd": "120", "description": "Fund the garden"}},
		{log: "claim", kind: chain.KindClaim, name: "Claimed", source: "distributor", wallet: alice, args: map[string]string{
			"account": alice, "amount": "5", "cumulativeAmount": maxUint256Minus1}},
	}
	for _, tc := range tests {
		t.Run(tc.log, func(t *testing.T) {
			l := logs[tc.log]
			l.Removed = tc.log == "claim" // the removed flag is carried over
			ev, err := d.Decode(31337, l)
			require.NoError(t, err)
			require.Equal(t, tc.kind, ev.Kind)
			require.Equal(t, tc.name, ev.Name)
			require.Equal(t, tc.source, ev.Source)
			require.Equal(t, tc.wallet, ev.Wallet.Hex())
			require.Equal(t, tc.args, ev.Args)
			require.Equal(t, uint64(31337), ev.ChainID)
			require.Equal(t, l.BlockNumber, ev.BlockNumber)
			require.Equal(t, l.BlockHash, ev.BlockHash)
			require.Equal(t, l.TxHash, ev.TxHash)
			require.Equal(t, l.Index, ev.LogIndex)
			require.Equal(t, l.Address, ev.Contract)
			require.Equal(t, l.Removed, ev.Removed)
			require.Zero(t, ev.ID)
		})
	}
}

func TestDecodeUnknown(t *testing.T) {
	t.Parallel()
	d := newTestDecoder(t)
	logs := validLogs(t)
	moved := func(name string, to common.Address) types.Log {
		l := logs[name]
		l.Address = to
		return l
	}
	tests := map[string]types.Log{
		"erc20 transfer of a watched erc721 address": erc20Transfer(t, passAddr, addr(alice), addr(bob), big.NewInt(10)),
		"erc20 mint of a watched erc721 address":     erc20Transfer(t, passAddr, common.Address{}, addr(bob), big.NewInt(10)),
		"unwatched address":                          moved("mint", strangerAddr),
		"unwatched address, staking event":           moved("stake", strangerAddr),
		"stake from an erc721 source":                moved("stake", passAddr),
		"transfer from a staking source":             moved("transfer", vaultAddr),
		"vote from a distributor source":             moved("vote", distributorAddr),
		"claim from a governor source":               moved("claim", governorAddr),
		"proposal from a staking source":             moved("proposal", vaultAddr),
		"unwatched event of a watched contract":      buildLog(t, passAddr, "Approval", []any{addr(alice), addr(bob), big.NewInt(1)}),
		"anonymous log":                              {Address: passAddr, Data: []byte{1, 2, 3}},
	}
	for name, l := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := d.Decode(1, l)
			require.ErrorIs(t, err, chain.ErrUnknownLog)
			require.Empty(t, ev.Kind)
		})
	}
}

func TestDecodeMalformed(t *testing.T) {
	t.Parallel()
	d := newTestDecoder(t)
	logs := validLogs(t)
	edit := func(name string, f func(l *types.Log)) types.Log {
		l := logs[name]
		l.Topics = slices.Clone(l.Topics)
		l.Data = slices.Clone(l.Data)
		f(&l)
		return l
	}
	word := func(n uint64) []byte { return common.BigToHash(new(big.Int).SetUint64(n)).Bytes() }
	tests := map[string]types.Log{
		"stake without data":          edit("stake", func(l *types.Log) { l.Data = nil }),
		"stake with truncated data":   edit("stake", func(l *types.Log) { l.Data = l.Data[:16] }),
		"stake without its user":      edit("stake", func(l *types.Log) { l.Topics = l.Topics[:1] }),
		"stake with an extra topic":   edit("stake", func(l *types.Log) { l.Topics = append(l.Topics, common.Hash{1}) }),
		"unstake with truncated data": edit("unstake", func(l *types.Log) { l.Data = l.Data[:31] }),
		"claim missing cumulative":    edit("claim", func(l *types.Log) { l.Data = l.Data[:32] }),
		"claim with two extra topics": edit("claim", func(l *types.Log) {
			l.Topics = append(l.Topics, common.Hash{1}, common.Hash{2})
		}),
		"vote with truncated data":             edit("vote", func(l *types.Log) { l.Data = l.Data[:len(l.Data)-32] }),
		"vote with support over uint8":         edit("vote", func(l *types.Log) { copy(l.Data[32:64], word(256)) }),
		"vote with reason offset out of range": edit("vote", func(l *types.Log) { copy(l.Data[96:128], word(1<<40)) }),
		"vote with reason length out of range": edit("vote", func(l *types.Log) { copy(l.Data[128:160], word(1<<62)) }),
		"vote with huge reason offset":         edit("vote", func(l *types.Log) { l.Data[96] = 0xff }),
		"proposal with a topic":                edit("proposal", func(l *types.Log) { l.Topics = append(l.Topics, common.Hash{}) }),
		"proposal with huge targets length": edit("proposal", func(l *types.Log) {
			off := new(big.Int).SetBytes(l.Data[64:96]).Uint64()
			copy(l.Data[off:off+32], word(1<<50))
		}),
		"proposal cut in half": edit("proposal", func(l *types.Log) { l.Data = l.Data[:len(l.Data)/2] }),
	}
	for name, l := range tests {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = d.Decode(1, l) })
			require.Error(t, err)
			require.NotErrorIs(t, err, chain.ErrUnknownLog)
		})
	}
}

func TestNewDecoder(t *testing.T) {
	t.Parallel()

	_, err := chain.NewDecoder([]chain.Source{{Name: "x", Address: passAddr, Kind: "erc4626"}})
	require.ErrorContains(t, err, `unknown kind "erc4626"`)

	_, err = chain.NewDecoder([]chain.Source{{Name: "x", Address: passAddr, Kind: ""}})
	require.Error(t, err)

	_, err = chain.NewDecoder([]chain.Source{
		{Name: "a", Address: passAddr, Kind: chain.SourceERC721},
		{Name: "b", Address: passAddr, Kind: chain.SourceStaking},
	})
	require.ErrorContains(t, err, "configured twice")

	d, err := chain.NewDecoder(testSources)
	require.NoError(t, err)
	require.ElementsMatch(t, []common.Address{passAddr, vaultAddr, governorAddr, distributorAddr}, d.Addresses())
	want := []common.Hash{}
	for _, name := range []string{"Transfer", "Staked", "Unstaked", "VoteCast", "ProposalCreated", "Claimed"} {
		want = append(want, testEvents.Events[name].ID)
	}
	for _, sig := range []string{"ConsecutiveTransfer(uint256,uint256,address,address)", "VoteCastWithParams(address,uint256,uint8,uint256,string,bytes)"} {
		want = append(want, crypto.Keccak256Hash([]byte(sig)))
	}
	require.ElementsMatch(t, want, d.Topics())

	// Topics only cover the kinds of configured sources.
	d, err = chain.NewDecoder(testSources[1:2])
	require.NoError(t, err)
	require.ElementsMatch(t, []common.Hash{testEvents.Events["Staked"].ID, testEvents.Events["Unstaked"].ID}, d.Topics())
}

// FuzzDecode feeds mutated logs of watched contracts to the decoder: it must
// never panic, and whatever it accepts must be a well-formed event.
func FuzzDecode(f *testing.F) {
	logs := validLogs(f)
	addrs := []common.Address{passAddr, vaultAddr, governorAddr, distributorAddr, strangerAddr}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range logs {
			if !yield(k) {
				return
			}
		}
	}) {
		l := logs[name]
		f.Add(uint8(slices.Index(addrs, l.Address)), flatTopics(l.Topics), l.Data)
	}
	l := erc20Transfer(f, passAddr, addr(alice), addr(bob), big.NewInt(3))
	f.Add(uint8(0), flatTopics(l.Topics), l.Data)

	d := newTestDecoder(f)
	kinds := map[chain.Kind]bool{}
	for _, k := range chain.Kinds {
		kinds[k] = true
	}
	// Arguments of type string may legitimately decode to "".
	stringArgs := map[string]bool{"reason": true, "description": true}

	f.Fuzz(func(t *testing.T, which uint8, topics, data []byte) {
		l := types.Log{Address: addrs[int(which)%len(addrs)], Data: data}
		for len(topics) >= 32 {
			l.Topics = append(l.Topics, common.BytesToHash(topics[:32]))
			topics = topics[32:]
		}
		ev, err := d.Decode(1, l)
		if errors.Is(err, chain.ErrUnknownLog) {
			return
		}
		if err != nil {
			require.NotEmpty(t, err.Error())
			return
		}
		require.True(t, kinds[ev.Kind], "kind %q", ev.Kind)
		require.NotEqual(t, l.Address, strangerAddr)
		require.NotEmpty(t, ev.Name)
		require.NotEmpty(t, ev.Args)
		for k, v := range ev.Args {
			if !stringArgs[k] {
				require.NotEmpty(t, v, "arg %s", k)
			}
		}
		require.Equal(t, ev.Wallet.Hex(), walletArg(ev))
	})
}

// walletArg returns the argument the event's wallet must come from.
func walletArg(ev chain.Event) string {
	switch ev.Kind {
	case chain.KindMint, chain.KindTransfer:
		return ev.Args["to"]
	case chain.KindStake, chain.KindUnstake:
		return ev.Args["user"]
	case chain.KindVote:
		return ev.Args["voter"]
	case chain.KindProposal:
		return ev.Args["proposer"]
	case chain.KindClaim:
		return ev.Args["account"]
	}
	return ""
}

func flatTopics(ts []common.Hash) []byte {
	var out []byte
	for _, t := range ts {
		out = append(out, t.Bytes()...)
	}
	return out
}
