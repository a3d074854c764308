package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestPointsCommands(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`loyalty:
  season: s1
  tiers:
    - { name: silver, min_points: 100 }
`), 0o600))
	run := func(args ...string) (int, map[string]any, string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, append(append([]string{"points"}, args...), "--config", cfg, "--data-dir", dir)...)
		var out map[string]any
		if code == exitOK && len(stdout) > 0 && stdout[0] == '{' {
			require.NoError(t, json.Unmarshal([]byte(stdout), &out), stdout)
		}
		return code, out, stderr
	}
	const wallet = "0x00000000000000000000000000000000000A11cE"

	for _, args := range [][]string{
		{"award", "--wallet", wallet, "--amount", "100", "--reason", "host"}, // no actor
		{"award", "--wallet", wallet, "--amount", "0", "--reason", "host", "--actor", "ops"},
		{"award", "--wallet", "0x123", "--amount", "5", "--reason", "host", "--actor", "ops"},
		{"award", "--contact", "1", "--wallet", wallet, "--amount", "5", "--reason", "r", "--actor", "ops"},
		{"revoke", "--contact", "999", "--amount", "5", "--reason", "r", "--actor", "ops"}, // unknown contact
		{"history", "--wallet", wallet, "--limit", "0"},
		{"leaderboard", "--limit", "5000"},
		{"frobnicate"},
	} {
		code, _, stderr := run(args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
	}
	code, _, stderr := run("balance", "--wallet", wallet)
	require.Equal(t, exitUsage, code, "bad input wrote nothing, not even the contact: %s", stderr)

	code, out, stderr := run("award", "--wallet", wallet, "--amount", "100", "--reason", "host", "--actor", "ops", "--key", "k1", "--json")
	require.Equal(t, exitOK, code, stderr)
	require.Equal(t, true, out["inserted"])
	require.Equal(t, float64(100), out["points"])
	require.Equal(t, "silver", out["tier"])
	contact := out["contact_id"].(float64)

	code, out, _ = run("award", "--wallet", wallet, "--amount", "100", "--reason", "host", "--actor", "ops", "--key", "k1", "--json")
	require.Equal(t, exitOK, code)
	require.Equal(t, false, out["inserted"], "same key twice")
	require.Equal(t, float64(100), out["points"])

	code, out, _ = run("revoke", "--wallet", wallet, "--amount", "30", "--reason", "dupe", "--actor", "ops", "--json")
	require.Equal(t, exitOK, code)
	require.Equal(t, float64(70), out["points"])
	require.Equal(t, "", out["tier"], "the revoke lowered the tier")

	code, out, _ = run("balance", "--wallet", wallet, "--season", "s1", "--json")
	require.Equal(t, exitOK, code)
	require.Equal(t, float64(70), out["points"])
	require.Equal(t, float64(70), out["season_points"])

	code, out, _ = run("history", "--wallet", wallet, "--limit", "1", "--json")
	require.Equal(t, exitOK, code)
	entries := out["entries"].([]any)
	require.Len(t, entries, 1)
	require.Equal(t, float64(-30), entries[0].(map[string]any)["amount"])
	require.Equal(t, "ops", entries[0].(map[string]any)["actor"])
	cursor := out["next_cursor"].(float64)
	require.NotZero(t, cursor)
	code, out, _ = run("history", "--wallet", wallet, "--limit", "1", "--cursor", jsonNumber(cursor), "--json")
	require.Equal(t, exitOK, code)
	require.Equal(t, float64(100), out["entries"].([]any)[0].(map[string]any)["amount"])
	require.Zero(t, out["next_cursor"])

	code, out, _ = run("leaderboard", "--json")
	require.Equal(t, exitOK, code)
	require.Len(t, out["standings"], 1)
	code, out, _ = run("rank", "--contact", jsonNumber(contact), "--season", "s1", "--json")
	require.Equal(t, exitOK, code)
	require.Equal(t, float64(1), out["rank"])
	require.Equal(t, float64(70), out["points"])
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(int64(f))
	return string(b)
}

func TestRulesAndTiersValidation(t *testing.T) {
	cfg, err := LoadConfig(exampleConfig, noEnv)
	require.NoError(t, err)
	require.NoError(t, cfg.validateRulesAndTiers())
	require.NotEmpty(t, cfg.Loyalty.Rules)
	require.NotEmpty(t, cfg.Loyalty.Tiers)

	bad := filepath.Join(t.TempDir(), "beckon.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(`loyalty:
  tiers:
    - { name: gold, min_points: 100 }
  rules:
    - name: mint
      event: mint
      points: 10
      cooldown: soon
`), 0o600))
	_, err = LoadConfig(bad, noEnv)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "loyalty.rules.0.cooldown", ce.Field)
	require.Equal(t, 8, ce.Line)
	require.Contains(t, ce.Msg, "rule mint")

	code, _, stderr := runCLI(t, "points", "balance", "--contact", "1", "--config", bad, "--data-dir", t.TempDir())
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "loyalty.rules.0.cooldown")
}

func TestRulesHoldingTierValidation(t *testing.T) {
	for _, tc := range []struct {
		tier, field, msg string
	}{
		{`{ name: holder, basis: holdings, contract: pass, min_holding: "1e3" }`, "loyalty.tiers.0.min_holding", "not a non-negative decimal integer"},
		{`{ name: holder, basis: holdings, contract: gov, min_holding: "1" }`, "loyalty.tiers.0.contract", "erc721 and staking"},
		{`{ name: holder, basis: holdings, contract: nope, min_holding: "1" }`, "loyalty.tiers.0.contract", `unknown contract "nope"`},
		{`{ name: holder, min_holding: "1" }`, "loyalty.tiers.0.min_holding", "only for basis holdings"},
	} {
		body := validConfig + `  - name: gov
    chain: base
    address: "0x2222222222222222222222222222222222222222"
    kind: governor
loyalty:
  tiers:
    - ` + tc.tier + "\n"
		_, err := LoadConfig(writeConfig(t, body), noEnv)
		var ce *ConfigError
		require.ErrorAs(t, err, &ce, tc.tier)
		require.Equal(t, tc.field, ce.Field, "%v", err)
		require.Equal(t, 17, ce.Line, "%v", err)
		require.Contains(t, ce.Msg, tc.msg)
	}
}

func TestRulesHooksHoldingTiers(t *testing.T) {
	ctx := context.Background()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			cfg := &Config{
				Contracts: []ContractConfig{{Name: "pass", Kind: "erc721"}},
				Loyalty:   loyalty.Config{Tiers: []loyalty.Tier{{Name: "holder", Basis: "holdings", Contract: "pass", MinHolding: "1"}}},
			}
			hooks, err := newRuleHooks(cfg, nil)
			require.NoError(t, err)
			db := b.Open(t)
			alice, bob := common.Address{0xA1}, common.Address{0xB0}
			var aliceID, bobID int64
			inTx := func(fn func(tx *store.Tx) error) {
				t.Helper()
				require.NoError(t, db.InTx(ctx, fn))
			}
			inTx(func(tx *store.Tx) (err error) {
				if aliceID, _, err = crm.EnsureWallet(ctx, tx, alice); err != nil {
					return err
				}
				bobID, _, err = crm.EnsureWallet(ctx, tx, bob)
				return err
			})
			transfer := func(block uint64, from, to common.Address) chain.Event {
				kind := chain.KindTransfer
				if from == (common.Address{}) {
					kind = chain.KindMint
				}
				return chain.Event{ChainID: 1, BlockNumber: block, BlockHash: common.Hash{byte(block)}, LogIndex: 0, Source: "pass",
					Kind: kind, Name: "Transfer", Wallet: to, Args: map[string]string{"from": from.Hex(), "to": to.Hex(), "tokenId": "7"}}
			}
			handle := func(ev chain.Event, contactID int64) {
				inTx(func(tx *store.Tx) error {
					stored, err := tx.InsertEvents(ctx, []chain.Event{ev})
					require.NoError(t, err)
					require.Len(t, stored, 1)
					// As serve wires them: holdings move first.
					require.NoError(t, holdingsHooks{}.HandleEvent(ctx, tx, stored[0], contactID))
					return hooks.HandleEvent(ctx, tx, stored[0], contactID)
				})
			}
			tiers := func() [2]string {
				var out [2]string
				inTx(func(tx *store.Tx) (err error) {
					if out[0], err = tx.ContactTier(ctx, aliceID); err != nil {
						return err
					}
					out[1], err = tx.ContactTier(ctx, bobID)
					return err
				})
				return out
			}
			handle(transfer(1, common.Address{}, alice), aliceID)
			require.Equal(t, [2]string{"holder", ""}, tiers(), "a mint reaches min_holding")
			handle(transfer(2, alice, bob), bobID)
			require.Equal(t, [2]string{"", "holder"}, tiers(), "the sender's tier follows a transfer too")
			inTx(func(tx *store.Tx) error {
				removed, err := tx.RemoveEventsAbove(ctx, 1, 1, 1)
				require.NoError(t, err)
				for _, ev := range removed {
					require.NoError(t, holdingsHooks{}.HandleRemoved(ctx, tx, ev))
					require.NoError(t, hooks.HandleRemoved(ctx, tx, ev))
				}
				return nil
			})
			require.Equal(t, [2]string{"holder", ""}, tiers(), "a reorg orphaning the transfer undoes both")
			inTx(func(tx *store.Tx) error {
				changes, err := tx.TierChanges(ctx, bobID)
				require.NoError(t, err)
				require.Len(t, changes, 2)
				require.Equal(t, "holder", changes[1].From)
				require.Contains(t, changes[1].Reason, "orphaned")
				return nil
			})
		})
	}
}
