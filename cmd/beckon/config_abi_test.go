package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
)

func abiContract(t *testing.T, extra string) string {
	t.Helper()
	abiPath, err := filepath.Abs("../../abi/vault/StakingVault.abi")
	require.NoError(t, err)
	return validConfig + `  - name: vaults
    chain: base
    addresses: ["0x2222222222222222222222222222222222222222", "0x3333333333333333333333333333333333333333"]
    kind: abi
    abi: ` + abiPath + `
` + extra
}

func TestConfigCustomABISources(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, abiContract(t, "    events: [Staked, Unstaked]\n    event_kinds: {Staked: stake}\n")), noEnv)
	require.NoError(t, err)
	srcs := cfg.Contracts[1].sources()
	require.Len(t, srcs, 2, "one source per address")
	require.Equal(t, common.HexToAddress("0x3333333333333333333333333333333333333333"), srcs[1].Address)
	var all []chain.Source
	for _, ct := range cfg.Contracts {
		all = append(all, ct.sources()...)
	}
	d, err := chain.NewDecoder(all)
	require.NoError(t, err)
	require.Len(t, d.Addresses(), 3)
}

func TestConfigCustomABIErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body, field, msg string
	}{
		{"no events", abiContract(t, ""), "contracts.1.events", "required for kind abi"},
		{"unknown event", abiContract(t, "    events: [Deposited]\n"), "contracts.1.events", `"Deposited" is not in the ABI`},
		{"bad kind", abiContract(t, "    events: [Staked]\n    event_kinds: {Staked: deposit}\n"), "contracts.1.event_kinds", `unknown kind "deposit"`},
		{"wallet not address", abiContract(t, "    events: [Staked]\n    wallet_arg: amount\n"), "contracts.1.wallet_arg", "not an address"},
		{"missing file", strings.Replace(abiContract(t, "    events: [Staked]\n"), "StakingVault.abi", "Nope.abi", 1), "contracts.1.abi", "no such file"},
		{"abi on erc721", strings.Replace(validConfig, "kind: erc721", "kind: erc721\n    abi: x.json", 1), "contracts.0.abi", "only for kind abi"},
		{"bad second address", strings.Replace(abiContract(t, "    events: [Staked]\n"), `"0x3333333333333333333333333333333333333333"`, `"0x33"`, 1), "contracts.1.addresses.1", `"0x33"`},
		{"address watched twice", strings.Replace(abiContract(t, "    events: [Staked]\n"), "0x3333333333333333333333333333333333333333", "0x1111111111111111111111111111111111111111", 1), "contracts.1.address", "already watched"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(writeConfig(t, tc.body), noEnv)
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "want *ConfigError, got %T: %v", err, err)
			require.Equal(t, tc.field, ce.Field, "%v", err)
			require.Contains(t, err.Error(), tc.msg)
		})
	}
}
