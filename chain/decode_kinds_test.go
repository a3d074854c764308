package chain_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
)

// moreEvents are the events of token standards and governors beyond
// Beckon's own contracts, written out independently of the decoder.
const moreEvents = `[
 {"type":"event","name":"TransferSingle","inputs":[
  {"name":"operator","type":"address","indexed":true},{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},
  {"name":"id","type":"uint256","indexed":false},{"name":"value","type":"uint256","indexed":false}]},
 {"type":"event","name":"TransferBatch","inputs":[
  {"name":"operator","type":"address","indexed":true},{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},
  {"name":"ids","type":"uint256[]","indexed":false},{"name":"values","type":"uint256[]","indexed":false}]},
 {"type":"event","name":"ConsecutiveTransfer","inputs":[
  {"name":"fromTokenId","type":"uint256","indexed":true},{"name":"toTokenId","type":"uint256","indexed":false},
  {"name":"fromAddress","type":"address","indexed":true},{"name":"toAddress","type":"address","indexed":true}]},
 {"type":"event","name":"VoteCastWithParams","inputs":[
  {"name":"voter","type":"address","indexed":true},{"name":"proposalId","type":"uint256","indexed":false},
  {"name":"support","type":"uint8","indexed":false},{"name":"weight","type":"uint256","indexed":false},
  {"name":"reason","type":"string","indexed":false},{"name":"params","type":"bytes","indexed":false}]}
]`

func packLog(t *testing.T, contract common.Address, event string, indexed []any, data ...any) types.Log {
	t.Helper()
	parsed, err := abi.JSON(strings.NewReader(moreEvents))
	require.NoError(t, err)
	ev := parsed.Events[event]
	topics := []common.Hash{ev.ID}
	for _, v := range indexed {
		ts, err := abi.MakeTopics([]any{v})
		require.NoError(t, err)
		topics = append(topics, ts[0][0])
	}
	packed, err := ev.Inputs.NonIndexed().Pack(data...)
	require.NoError(t, err)
	return types.Log{Address: contract, Topics: topics, Data: packed, BlockNumber: 9, Index: 1}
}

func TestDecodeOtherStandards(t *testing.T) {
	t.Parallel()
	var (
		multi = common.HexToAddress("0x2000000000000000000000000000000000000001")
		coin  = common.HexToAddress("0x2000000000000000000000000000000000000002")
		nft   = common.HexToAddress("0x2000000000000000000000000000000000000003")
		gov   = common.HexToAddress("0x2000000000000000000000000000000000000004")
		zero  = common.Address{}
	)
	d, err := chain.NewDecoder([]chain.Source{
		{Name: "badges", Address: multi, Kind: chain.SourceERC1155},
		{Name: "coin", Address: coin, Kind: chain.SourceERC20},
		{Name: "azuki", Address: nft, Kind: chain.SourceERC721},
		{Name: "dao", Address: gov, Kind: chain.SourceGovernor},
	})
	require.NoError(t, err)
	big7, huge := big.NewInt(7), bigInt(t, maxUint256Minus1)

	for _, tc := range []struct {
		name   string
		log    types.Log
		kind   chain.Kind
		wallet string
		args   map[string]string
	}{
		{"1155 single mint", packLog(t, multi, "TransferSingle", []any{addr(carol), zero, addr(alice)}, big7, huge),
			chain.KindMint, alice, map[string]string{"id": "7", "value": maxUint256Minus1}},
		{"1155 single transfer", packLog(t, multi, "TransferSingle", []any{addr(carol), addr(bob), addr(alice)}, big7, big7),
			chain.KindTransfer, alice, nil},
		{"1155 batch mint", packLog(t, multi, "TransferBatch", []any{addr(carol), zero, addr(bob)}, []*big.Int{big7, huge}, []*big.Int{big.NewInt(1), big.NewInt(2)}),
			chain.KindMint, bob, map[string]string{"ids": "[7," + maxUint256Minus1 + "]", "values": "[1,2]"}},
		{"erc-2309 batch mint", packLog(t, nft, "ConsecutiveTransfer", []any{big.NewInt(100), zero, addr(dave)}, big.NewInt(149)),
			chain.KindMint, dave, map[string]string{"fromTokenId": "100", "toTokenId": "149"}},
		{"erc-20 mint", erc20Transfer(t, coin, zero, addr(bob), huge), chain.KindMint, bob, map[string]string{"value": maxUint256Minus1}},
		{"erc-20 transfer", erc20Transfer(t, coin, addr(alice), addr(bob), big7), chain.KindTransfer, bob, map[string]string{"from": alice}},
		{"vote with params", packLog(t, gov, "VoteCastWithParams", []any{addr(carol)}, big7, uint8(1), huge, "for", []byte{0xbe, 0xef}),
			chain.KindVote, carol, map[string]string{"weight": maxUint256Minus1, "params": "0xbeef", "support": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := d.Decode(1, tc.log)
			require.NoError(t, err)
			require.Equal(t, tc.kind, e.Kind)
			require.Equal(t, tc.wallet, e.Wallet.Hex())
			for k, v := range tc.args {
				require.Equal(t, v, e.Args[k], k)
			}
		})
	}

	// An ERC-721 Transfer from an erc20 source, and an ERC-20 Transfer
	// from an erc721 source, are not what those sources emit.
	_, err = d.Decode(1, erc20Transfer(t, nft, addr(alice), addr(bob), big7))
	require.ErrorIs(t, err, chain.ErrUnknownLog)
	_, err = d.Decode(1, packLog(t, coin, "TransferSingle", []any{addr(carol), zero, addr(alice)}, big7, big7))
	require.ErrorIs(t, err, chain.ErrUnknownLog)
}
