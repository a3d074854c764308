package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/deployment"
)

// runPayout runs rewards payout in-process with env as the environment.
func runPayout(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}
	code = m.exit(m.rewardsPayout(context.Background(), args))
	return code, out.String(), errOut.String()
}

func writePayoutFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestRewardsPayoutDryRunTouchesNothing(t *testing.T) {
	t.Parallel()
	csv := writePayoutFile(t, "a.csv", "address,amount\n0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n0XF550ADE614232B9780DEEFE2271913DA14C15074,25\n")
	dir := t.TempDir()
	code, stdout, stderr := runPayout(t, nil, "--allocations", csv, "--batch", "june", "--dry-run", "--json", "--data-dir", dir)
	require.Equal(t, exitOK, code, stderr)
	var out payoutOutput
	require.NoError(t, json.Unmarshal([]byte(stdout), &out), stdout)
	require.True(t, out.DryRun)
	require.Equal(t, "125", out.Total)
	require.Len(t, out.Payouts, 2)
	require.Equal(t, "batch:june:0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f", out.Payouts[0].Key)
	require.Equal(t, "0xf550ADe614232b9780DeEFE2271913DA14c15074", out.Payouts[1].To)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "a dry run creates no database")

	code, stdout, _ = runPayout(t, nil, "--allocations", csv, "--batch", "june", "--dry-run")
	require.Equal(t, exitOK, code)
	require.Contains(t, stdout, "would pay 2 transfers, 125 base units")
}

func TestRewardsPayoutUsage(t *testing.T) {
	t.Parallel()
	csv := writePayoutFile(t, "a.csv", "address,amount\n0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n")
	for name, args := range map[string][]string{
		"no allocations": {"--batch", "b"},
		"no batch":       {"--allocations", csv},
		"bad batch":      {"--allocations", csv, "--batch", "a b"},
		"bad csv":        {"--allocations", writePayoutFile(t, "bad.csv", "address,amount\nnope,1\n"), "--batch", "b"},
		"bad token":      {"--allocations", csv, "--batch", "b", "--config", writePayoutFile(t, "c.yaml", "chains: [{name: c, chain_id: 1, rpc: [\"http://127.0.0.1:1\"]}]\nrewards: {chain: c, token: \"0xaa\", keystore: k.json, password_env: PW}\n")},
		"no keystore":    {"--allocations", csv, "--batch", "b", "--config", writePayoutFile(t, "d.yaml", "chains: [{name: c, chain_id: 1, rpc: [\"http://127.0.0.1:1\"]}]\nrewards: {chain: c, token: \"0x00000000000000000000000000000000000000aa\", password_env: PW}\n")},
	} {
		code, _, stderr := runPayout(t, nil, args...)
		require.Equal(t, exitUsage, code, "%s: %s", name, stderr)
	}
}

// TestRewardsPayoutEndToEnd pays a file from a keystore wallet on a
// simulated chain served over HTTP, then runs the same command again: the
// second run pays nothing more.
func TestRewardsPayoutEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ownerKey, err := crypto.GenerateKey()
	require.NoError(t, err)
	owner := crypto.PubkeyToAddress(ownerKey.PublicKey)

	dir := t.TempDir()
	const password = "payout end to end"
	acct, err := keystore.StoreKey(dir, password, keystore.LightScryptN, keystore.LightScryptP)
	require.NoError(t, err)
	hot := acct.Address

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	eth := new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	backend := simulated.NewBackend(types.GenesisAlloc{owner: {Balance: eth}, hot: {Balance: eth}}, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", port, []string{"eth", "net", "web3"}
	})
	t.Cleanup(func() { _ = backend.Close() })
	client := backend.Client()
	ownerOpts := bind.NewKeyedTransactor(ownerKey, big.NewInt(1337))
	addrs, err := deployment.Deploy(ctx, client, ownerOpts, func() { backend.Commit() }, deployment.Options{})
	require.NoError(t, err)
	c := deployment.New(client, addrs)
	o := *ownerOpts
	o.GasLimit = 1_000_000
	mint, err := c.MintToken(&o, hot, big.NewInt(1_000_000))
	require.NoError(t, err)
	for i := 0; ; i++ {
		require.Less(t, i, 200)
		backend.Commit()
		if _, err := client.TransactionReceipt(ctx, mint.Hash()); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
				backend.Commit()
			}
		}
	}()
	t.Cleanup(func() { close(done); <-stopped })

	cfg := writePayoutFile(t, "beckon.yaml", fmt.Sprintf(`chains:
  - name: sim
    chain_id: 1337
    rpc: ["http://127.0.0.1:%d"]
    confirmations: 1
    poll_interval: 20ms
rewards:
  chain: sim
  token: "%s"
  keystore: "%s"
  password_env: HOT_PASSWORD
  max_fee_gwei: "50"
  batch_size: 2
`, port, addrs.Token.Hex(), acct.URL.Path))
	a, b, d := common.Address{0xA1}, common.Address{0xB2}, common.Address{0xD3}
	csv := writePayoutFile(t, "a.csv", fmt.Sprintf("address,amount\n%s,100\n%s,250\n%s,7\n", a.Hex(), b.Hex(), d.Hex()))
	env := map[string]string{"HOT_PASSWORD": password}
	args := []string{"--config", cfg, "--data-dir", dir, "--allocations", csv, "--batch", "june", "--json", "--gas-limit", "200000"}

	code, stdout, stderr := runPayout(t, env, args...)
	require.Equal(t, exitOK, code, stderr)
	var out payoutOutput
	require.NoError(t, json.Unmarshal([]byte(stdout), &out), stdout)
	require.Equal(t, 3, out.New)
	require.Equal(t, 3, out.Confirmed)
	require.Equal(t, "357", out.Paid)
	require.Equal(t, hot.Hex(), out.From)
	for _, l := range out.Payouts {
		require.Equal(t, "confirmed", l.Status)
		require.NotEmpty(t, l.Tx)
	}
	require.NotContains(t, stdout+stderr, password)

	code, stdout, stderr = runPayout(t, env, args...)
	require.Equal(t, exitOK, code, stderr)
	out = payoutOutput{}
	require.NoError(t, json.Unmarshal([]byte(stdout), &out), stdout)
	require.Zero(t, out.New, "nothing new to plan")
	require.Equal(t, 3, out.Confirmed)
	for addr, want := range map[common.Address]int64{a: 100, b: 250, d: 7, hot: 1_000_000 - 357} {
		got, err := c.TokenBalance(nil, addr)
		require.NoError(t, err)
		require.Equal(t, want, got.Int64(), "balance of %s", addr.Hex())
	}

	// The same key with another amount is refused.
	edited := writePayoutFile(t, "b.csv", fmt.Sprintf("address,amount\n%s,101\n", a.Hex()))
	code, _, stderr = runPayout(t, env, "--config", cfg, "--data-dir", dir, "--allocations", edited, "--batch", "june")
	require.Equal(t, exitFailure, code)
	require.Contains(t, stderr, "conflicts")
	require.True(t, strings.Contains(stderr, "batch:june:"), stderr)
}
