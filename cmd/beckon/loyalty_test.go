package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

const loyaltyTestConfig = `
chains:
  - { name: local, chain_id: 1337, rpc: ["http://127.0.0.1:8545"] }
contracts:
  - { name: pass, chain: local, address: "0x1111111111111111111111111111111111111111", kind: erc721 }
loyalty:
  quests:
    - name: first-mint
      conditions: [ { event: mint, contract: pass } ]
      bonus: 25
    - name: social
      conditions: [ { event: mint }, { linked: discord } ]
  sybil:
    cluster_size: 2
`

// runLoyalty runs `beckon loyalty ARGS…` in-process like runCLI.
func runLoyalty(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = m.exit(m.loyalty(t.Context(), args))
	return code, out.String(), errb.String()
}

func TestLoyaltyCommands(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(loyaltyTestConfig), 0o600))
	cfg, err := LoadConfig(cfgFile, noEnv)
	require.NoError(t, err)
	require.NoError(t, cfg.validateQuestsAndSybil())
	hooks, err := newQuestHooks(cfg)
	require.NoError(t, err)

	ctx := context.Background()
	db, err := openStore(ctx, cfg, dir, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	wallet := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	var contact int64
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		evs, err := tx.InsertEvents(ctx, []chain.Event{{
			ChainID: 1337, BlockNumber: 5, BlockHash: common.Hash{5}, Contract: common.Address{0x11}, Source: "pass",
			Kind: chain.KindMint, Name: "Transfer", Wallet: wallet, Args: map[string]string{},
		}})
		require.NoError(t, err)
		contact, _, err = crm.EnsureWallet(ctx, tx, wallet)
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, contact, crm.Identity{Kind: crm.IdentityWallet, Value: common.Address{0xB0}.Hex()})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, contact, crm.Identity{Kind: crm.IdentityTelegram, Value: "ada"})
		require.NoError(t, err)
		return hooks.HandleEvent(ctx, tx, evs[0], contact)
	}))
	require.NoError(t, db.Close())

	code, stdout, stderr := runLoyalty(t, "quests", "--config", cfgFile, "--data-dir", dir, "--wallet", wallet.Hex(), "--json")
	require.Equal(t, exitOK, code, stderr)
	var got struct {
		Contacts []questContact `json:"contacts"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Len(t, got.Contacts, 1)
	qc := got.Contacts[0]
	require.Equal(t, contact, qc.ContactID)
	require.Len(t, qc.Quests, 2)
	require.True(t, qc.Quests[0].Completed)
	require.Equal(t, []loyalty.ConditionProgress{{Label: "mint on pass", Done: 1, Needed: 1}}, qc.Quests[0].Conditions)
	require.False(t, qc.Quests[1].Completed)
	require.Equal(t, int64(0), qc.Quests[1].Conditions[1].Done)

	code, stdout, stderr = runLoyalty(t, "quests", "--config", cfgFile, "--data-dir", dir)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "first-mint: completed")
	require.Contains(t, stdout, "linked discord")

	code, stdout, stderr = runLoyalty(t, "sybil-report", "--config", cfgFile, "--data-dir", dir, "--json")
	require.Equal(t, exitOK, code, stderr)
	var rep loyalty.SybilReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.Len(t, rep.HandleClusters, 1)
	require.Equal(t, contact, rep.HandleClusters[0].ContactID)
	require.Len(t, rep.HandleClusters[0].Wallets, 2)
	require.NotEmpty(t, rep.FundingAnalysis)

	code, _, stderr = runLoyalty(t, "quests", "--config", cfgFile, "--data-dir", dir, "--wallet", common.Address{0xEE}.Hex())
	require.Equal(t, exitFailure, code)
	require.Contains(t, stderr, "no contact")

	for _, args := range [][]string{
		{},
		{"badges"},
		{"quests", "--contact", "1", "--wallet", wallet.Hex()},
		{"quests", "--wallet", "0xnope"},
		{"sybil-report", "extra"},
	} {
		code, _, stderr := runLoyalty(t, args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
	}
}

func TestLoyaltyConfigErrorsNameField(t *testing.T) {
	example, err := LoadConfig(exampleConfig, noEnv)
	require.NoError(t, err)
	require.NoError(t, example.validateQuestsAndSybil(), "the example's quests and sybil rules are valid")
	require.Len(t, example.Loyalty.Quests, 1)
	require.Equal(t, 5, example.Loyalty.Sybil.ClusterSize)

	cases := map[string]string{
		"loyalty:\n  quests:\n    - name: q\n      conditions:\n        - event: transfer\n":                   "beckon.yaml:5: loyalty.quests.0.conditions.0.event: quest q: unknown event",
		"loyalty:\n  quests:\n    - name: q\n      conditions:\n        - { event: mint, contract: nope }\n":   "loyalty.quests.0.conditions.0.contract: quest q: unknown contract",
		"loyalty:\n  quests:\n    - name: q\n      conditions: [ { vote: 1 } ]\n":                              "field vote not found",
		"loyalty:\n  quests:\n    - name: q\n      expires: tomorrow\n      conditions: [ { event: vote } ]\n": "beckon.yaml:4: loyalty.quests.0.expires: quest q:",
		"loyalty:\n  sybil:\n    min_wallet_age: 30d\n":                                                        "beckon.yaml:3: loyalty.sybil.min_wallet_age:",
	}
	for body, want := range cases {
		dir := t.TempDir()
		f := filepath.Join(dir, "beckon.yaml")
		require.NoError(t, os.WriteFile(f, []byte(body), 0o600))
		code, _, stderr := runLoyalty(t, "sybil-report", "--config", f, "--data-dir", dir)
		require.Equal(t, exitUsage, code, stderr)
		require.Contains(t, stderr, want)
	}
}
