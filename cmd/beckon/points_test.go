package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
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
