package chain_test

import (
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
)

// questABI is a contract of the kind users bring: a tuple argument, a
// fixed bytes argument, an overloaded event and one with no address.
const questABI = `[
 {"type":"event","name":"QuestCompleted","anonymous":false,"inputs":[
  {"name":"player","type":"address","indexed":true},{"name":"questId","type":"bytes4","indexed":true},
  {"name":"reward","type":"tuple","indexed":false,"components":[{"name":"token","type":"address"},{"name":"amount","type":"uint256"}]},
  {"name":"note","type":"string","indexed":false}]},
 {"type":"event","name":"Deposit","anonymous":false,"inputs":[
  {"name":"sender","type":"address","indexed":true},{"name":"owner","type":"address","indexed":true},{"name":"assets","type":"uint256","indexed":false}]},
 {"type":"event","name":"Deposit","anonymous":false,"inputs":[
  {"name":"owner","type":"address","indexed":true},{"name":"assets","type":"uint256","indexed":false}]},
 {"type":"event","name":"Paused","anonymous":false,"inputs":[{"name":"","type":"uint256","indexed":false}]},
 {"type":"event","name":"Secret","anonymous":true,"inputs":[{"name":"who","type":"address","indexed":true}]},
 {"type":"function","name":"deposit","stateMutability":"nonpayable","inputs":[{"name":"assets","type":"uint256"}],"outputs":[]}
]`

var questAddr = common.HexToAddress("0x3000000000000000000000000000000000000001")

func questLog(t *testing.T, parsed abi.ABI, sig string, indexed []any, data ...any) types.Log {
	t.Helper()
	var ev abi.Event
	for _, e := range parsed.Events {
		if e.Sig == sig {
			ev = e
		}
	}
	require.NotEmpty(t, ev.Sig, sig)
	topics := []common.Hash{ev.ID}
	for _, v := range indexed {
		ts, err := abi.MakeTopics([]any{v})
		require.NoError(t, err)
		topics = append(topics, ts[0][0])
	}
	packed, err := ev.Inputs.NonIndexed().Pack(data...)
	require.NoError(t, err)
	return types.Log{Address: questAddr, Topics: topics, Data: packed, BlockNumber: 7, Index: 2}
}

func TestParseABIFormats(t *testing.T) {
	t.Parallel()
	plain, err := chain.ParseABI([]byte(questABI))
	require.NoError(t, err)
	require.Len(t, plain.Events, 5)

	foundry, _ := json.Marshal(map[string]any{"abi": json.RawMessage(questABI), "bytecode": map[string]string{"object": "0x00"}, "methodIdentifiers": map[string]string{}})
	hardhat, _ := json.Marshal(map[string]any{"_format": "hh-sol-artifact-1", "contractName": "Quest", "abi": json.RawMessage(questABI), "bytecode": "0x00"})
	for name, data := range map[string][]byte{"foundry": foundry, "hardhat": hardhat} {
		parsed, err := chain.ParseABI(data)
		require.NoError(t, err, name)
		require.Equal(t, len(plain.Events), len(parsed.Events), name)
	}
	// Our own compiled artifact: the staking vault's ABI as committed.
	vault, err := os.ReadFile("../abi/vault/StakingVault.abi")
	require.NoError(t, err)
	parsed, err := chain.ParseABI(vault)
	require.NoError(t, err)
	require.Contains(t, parsed.Events, "Staked")

	for name, bad := range map[string]string{
		"empty":        "  ",
		"not json":     "abi",
		"artifact w/o": `{"bytecode":"0x00"}`,
		"bad type":     `[{"type":"event","name":"X","inputs":[{"name":"a","type":"notatype"}]}]`,
	} {
		_, err := chain.ParseABI([]byte(bad))
		require.Error(t, err, name)
	}
}

func TestDecodeCustomABI(t *testing.T) {
	t.Parallel()
	parsed, err := chain.ParseABI([]byte(questABI))
	require.NoError(t, err)
	custom := &chain.CustomEvents{
		ABI:    parsed,
		Events: []string{"QuestCompleted", "Deposit(address,address,uint256)", "Paused"},
		Kinds:  map[string]chain.Kind{"Deposit": chain.KindStake},
	}
	d, err := chain.NewDecoder([]chain.Source{{Name: "quests", Address: questAddr, Kind: chain.SourceABI, Custom: custom}})
	require.NoError(t, err)
	require.Len(t, d.Topics(), 3)

	player := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	token := common.HexToAddress("0x00000000000000000000000000000000000000bb")
	huge, _ := new(big.Int).SetString("115792089237316195423570985008687907853269984665640564039457584007913129639935", 10)
	reward := struct {
		Token  common.Address `json:"token"`
		Amount *big.Int       `json:"amount"`
	}{token, huge}
	ev, err := d.Decode(10, questLog(t, parsed, "QuestCompleted(address,bytes4,(address,uint256),string)", []any{player, [4]byte{0xde, 0xad, 0xbe, 0xef}}, reward, "gm"))
	require.NoError(t, err)
	require.Equal(t, chain.KindCustom, ev.Kind)
	require.Equal(t, "QuestCompleted", ev.Name)
	require.Equal(t, "quests", ev.Source)
	require.Equal(t, player, ev.Wallet)
	require.Equal(t, player.Hex(), ev.Args["player"])
	require.Equal(t, "0xdeadbeef", ev.Args["questId"])
	require.Equal(t, "{token:"+token.Hex()+",amount:"+huge.String()+"}", ev.Args["reward"])
	require.Equal(t, "gm", ev.Args["note"])

	owner := common.HexToAddress("0x00000000000000000000000000000000000000cc")
	ev, err = d.Decode(10, questLog(t, parsed, "Deposit(address,address,uint256)", []any{player, owner}, big.NewInt(5)))
	require.NoError(t, err)
	require.Equal(t, chain.KindStake, ev.Kind)
	require.Equal(t, "Deposit", ev.Name)
	require.Equal(t, player, ev.Wallet, "first indexed address is the actor by default")
	require.Equal(t, "5", ev.Args["assets"])

	// The other overload was not chosen.
	_, err = d.Decode(10, questLog(t, parsed, "Deposit(address,uint256)", []any{owner}, big.NewInt(5)))
	require.ErrorIs(t, err, chain.ErrUnknownLog)

	ev, err = d.Decode(10, questLog(t, parsed, "Paused(uint256)", nil, big.NewInt(3)))
	require.NoError(t, err)
	require.Equal(t, common.Address{}, ev.Wallet)
	require.Equal(t, "3", ev.Args["arg0"])

	// A log with the wrong topic count is malformed, not silently decoded.
	l := questLog(t, parsed, "Deposit(address,address,uint256)", []any{player, owner}, big.NewInt(5))
	l.Topics = l.Topics[:2]
	_, err = d.Decode(10, l)
	require.Error(t, err)
	require.NotErrorIs(t, err, chain.ErrUnknownLog)

	// wallet_arg picks another argument.
	custom2 := &chain.CustomEvents{ABI: parsed, Events: []string{"Deposit(address,address,uint256)"}, WalletArg: "owner"}
	d2, err := chain.NewDecoder([]chain.Source{{Name: "vault", Address: questAddr, Kind: chain.SourceABI, Custom: custom2}})
	require.NoError(t, err)
	ev, err = d2.Decode(10, questLog(t, parsed, "Deposit(address,address,uint256)", []any{player, owner}, big.NewInt(5)))
	require.NoError(t, err)
	require.Equal(t, owner, ev.Wallet)
}

func TestCustomABIConfigErrors(t *testing.T) {
	t.Parallel()
	parsed, err := chain.ParseABI([]byte(questABI))
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		custom *chain.CustomEvents
		want   string
	}{
		"no events":   {&chain.CustomEvents{ABI: parsed}, "at least one event"},
		"nil":         {nil, "at least one event"},
		"missing":     {&chain.CustomEvents{ABI: parsed, Events: []string{"Withdraw"}}, `"Withdraw" is not in the ABI`},
		"overloaded":  {&chain.CustomEvents{ABI: parsed, Events: []string{"Deposit"}}, "overloaded"},
		"anonymous":   {&chain.CustomEvents{ABI: parsed, Events: []string{"Secret"}}, "anonymous"},
		"twice":       {&chain.CustomEvents{ABI: parsed, Events: []string{"Paused", "Paused(uint256)"}}, "listed twice"},
		"wallet type": {&chain.CustomEvents{ABI: parsed, Events: []string{"Deposit(address,address,uint256)"}, WalletArg: "assets"}, "not an address"},
		"bad kind":    {&chain.CustomEvents{ABI: parsed, Events: []string{"Paused"}, Kinds: map[string]chain.Kind{"Paused": "pause"}}, "unknown kind"},
		"kind unused": {&chain.CustomEvents{ABI: parsed, Events: []string{"Paused"}, Kinds: map[string]chain.Kind{"QuestCompleted": chain.KindMint}}, "not one of the indexed events"},
	} {
		_, err := chain.NewDecoder([]chain.Source{{Name: "q", Address: questAddr, Kind: chain.SourceABI, Custom: tc.custom}})
		require.Error(t, err, name)
		require.True(t, strings.Contains(err.Error(), tc.want), "%s: %v", name, err)
	}
}

func FuzzParseABI(f *testing.F) {
	f.Add([]byte(questABI))
	f.Add([]byte(`{"abi":[]}`))
	f.Add([]byte(`{"abi":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		parsed, err := chain.ParseABI(data)
		if err != nil {
			return
		}
		for _, ev := range parsed.Events {
			if ev.Anonymous {
				continue
			}
			// Whatever parses must be usable as a source.
			_, _ = chain.NewDecoder([]chain.Source{{Name: "f", Address: questAddr, Kind: chain.SourceABI, Custom: &chain.CustomEvents{ABI: parsed, Events: []string{ev.Sig}}}})
		}
	})
}
