package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// runCLI runs one command in-process with an empty environment and returns
// its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = m.Run(t.Context(), args)
	return code, out.String(), errb.String()
}

func TestCLIUsage(t *testing.T) {
	code, _, stderr := runCLI(t)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "Usage:")
	require.Contains(t, stderr, "beckon <command>")

	code, _, stderr = runCLI(t, "frobnicate")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `unknown command "frobnicate"`)
	require.Contains(t, stderr, "Usage:")

	code, stdout, _ := runCLI(t, "help")
	require.Equal(t, exitOK, code)
	require.Contains(t, stdout, "Commands:")

	for _, args := range [][]string{
		{"flows"},                        // missing subcommand
		{"flows", "lint"},                // unknown subcommand
		{"flows", "validate"},            // no file
		{"migrate", "--no-such-flag"},    // unknown flag
		{"serve", "--config"},            // flag without its value
		{"demo", "--wallets", "3"},       // out of range
		{"index", "--to", "not-a-block"}, // bad flag value
	} {
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
		require.NotEmpty(t, stderr, "%v", args)
	}
}

func TestCLIVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		code, stdout, _ := runCLI(t, arg)
		require.Equal(t, exitOK, code)
		require.True(t, strings.HasPrefix(stdout, "beckon "), "%q", stdout)
		require.Contains(t, stdout, version)
	}
}

func TestCLIHelp(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		flags []string
	}{
		{[]string{"demo", "--help"}, []string{"-json", "-dir", "-database-url", "-wallets"}},
		{[]string{"serve", "--help"}, []string{"-config", "-data-dir"}},
		{[]string{"index", "--help"}, []string{"-config", "-data-dir", "-to"}},
		{[]string{"index", "status", "--help"}, []string{"-config", "-json"}},
		{[]string{"migrate", "--help"}, []string{"-config", "-data-dir"}},
		{[]string{"flows", "validate", "--help"}, nil},
		{[]string{"serve", "-h"}, []string{"-config"}},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		require.Equal(t, exitOK, code, "%v: %s", tc.args, stderr)
		require.Contains(t, stderr, "Usage: beckon", "%v", tc.args)
		for _, f := range tc.flags {
			require.Contains(t, stderr, f, "%v", tc.args)
		}
	}
}

var schemaVersion = regexp.MustCompile(`schema version (\d+) \(sqlite\)`)

func TestCLIMigrateTwice(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "data", "beckon.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(dbPath), 0o755))
	cfg := writeConfig(t, fmt.Sprintf("database_url: %q\n", dbPath))

	code, stdout, stderr := runCLI(t, "migrate", "--config", cfg)
	require.Equal(t, exitOK, code, stderr)
	first := schemaVersion.FindStringSubmatch(stdout)
	require.NotNil(t, first, stdout)
	require.FileExists(t, dbPath)

	// Migrating an up-to-date database changes nothing and succeeds.
	code, stdout, stderr = runCLI(t, "migrate", "--config", cfg)
	require.Equal(t, exitOK, code, stderr)
	second := schemaVersion.FindStringSubmatch(stdout)
	require.NotNil(t, second, stdout)
	require.Equal(t, first[1], second[1])
}

func TestCLIFlowsValidate(t *testing.T) {
	code, stdout, stderr := runCLI(t, "flows", "validate", "demoflows/welcome.yaml")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "demoflows/welcome.yaml: ok (flow welcome, 4 steps)")

	// The flow shipped with the compose setup is valid too.
	code, _, stderr = runCLI(t, "flows", "validate", "../../deploy/flows/welcome.yaml")
	require.Equal(t, exitOK, code, stderr)

	bad := filepath.Join(t.TempDir(), "broken.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(`name: broken
trigger: { event: mint, contract: genesis-pass }
when: 'contct.points < 1000'
steps:
  - award_points: { amount: 100, reason: mint }
  - emial: { template: welcome }
`), 0o600))
	code, stdout, stderr = runCLI(t, "flows", "validate", "demoflows/welcome.yaml", bad)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stdout, "demoflows/welcome.yaml: ok")
	require.Contains(t, stderr, bad+":3: when: ")
	require.Contains(t, stderr, "contct")
	require.Contains(t, stderr, bad+":6: steps[1].emial: ")
	require.NotContains(t, stdout, "broken.yaml: ok")

	// A file that does not exist is a runtime failure, not a usage error.
	code, _, stderr = runCLI(t, "flows", "validate", filepath.Join(t.TempDir(), "missing.yaml"))
	require.Equal(t, exitFailure, code, stderr)
}

func requireEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "%s must stay empty", dir)
}

func TestCLIServeInvalidConfig(t *testing.T) {
	cfg := writeConfig(t, strings.Replace(validConfig, "kind: erc721", "kind: erc4626", 1))
	data := t.TempDir()
	code, stdout, stderr := runCLI(t, "serve", "--config", cfg, "--data-dir", data)
	require.Equal(t, exitUsage, code)
	require.Empty(t, stdout)
	require.Contains(t, stderr, cfg+":10: contracts.0.kind: ")
	requireEmptyDir(t, data)

	// index and migrate reject it the same way, before touching anything.
	for _, cmd := range []string{"index", "migrate"} {
		code, _, stderr = runCLI(t, cmd, "--config", cfg, "--data-dir", data)
		require.Equal(t, exitUsage, code, cmd)
		require.Contains(t, stderr, cfg+":10: ", cmd)
		requireEmptyDir(t, data)
	}
}

func TestCLIServeInvalidFlow(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: bad\ntrigger: { event: burn }\nsteps:\n  - wait: 1h\n"), 0o600))
	cfg := writeConfig(t, fmt.Sprintf("flows: [%q]\n", filepath.Join(dir, "*.yaml")))
	data := t.TempDir()
	code, _, stderr := runCLI(t, "serve", "--config", cfg, "--data-dir", data)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, bad+":2: trigger.event: ")
	requireEmptyDir(t, data)
}

func TestCLIRoleStepNeedsGuild(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	flowFile := filepath.Join(dir, "roles.yaml")
	require.NoError(t, os.WriteFile(flowFile, []byte("name: roles\ntrigger: { event: mint }\nsteps:\n  - discord_role: { add: Holder }\n"), 0o644))
	cfgFile := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte("flows: ["+flowFile+"]\n"), 0o644))
	data := t.TempDir()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(t.Context(), []string{"serve", "--config", cfgFile, "--data-dir", data})
	require.Equal(t, exitUsage, code, "stderr: %s", errb.String())
	require.Contains(t, errb.String(), "discord.guild_id")
	entries, err := os.ReadDir(data)
	require.NoError(t, err)
	require.Empty(t, entries, "nothing is created before the config is known to be good")
}

func TestCLIIndexStatusReadsTheStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(`chains:
  - { name: local, chain_id: 31337, rpc: ["http://127.0.0.1:1"] }
contracts:
  - { name: pass, chain: local, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", kind: erc721 }
`), 0o644))
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(t.Context(), []string{"index", "status", "--json", "--config", cfgFile, "--data-dir", dir})
	require.Equal(t, exitOK, code, "no node is needed: %s", errb.String())
	var status struct {
		Chains map[string]struct {
			Head, Checkpoint, Lag uint64
			Sources               map[string]struct{ Events map[string]int64 }
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &status))
	local, ok := status.Chains["local"]
	require.True(t, ok)
	require.Zero(t, local.Checkpoint)
	require.Contains(t, local.Sources, "pass")
}
