package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFlowsValidateMalformed runs `beckon flows validate` on each file of
// flow/testdata/malformed: exit 2 and the file, line and field named.
func TestFlowsValidateMalformed(t *testing.T) {
	files, err := filepath.Glob("../../flow/testdata/malformed/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 15)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		first, _, _ := strings.Cut(string(data), "\n")
		want := strings.TrimPrefix(first, "# want: ")
		code, _, stderr := runCLI(t, "flows", "validate", f)
		require.Equal(t, exitUsage, code, f)
		require.Contains(t, stderr, f+":", f)
		require.Contains(t, stderr, want, f)
	}
	code, stdout, _ := runCLI(t, "flows", "validate", "../../examples/flows/welcome-on-mint.yaml", "../../examples/flows/unstake-win-back.yaml")
	require.Equal(t, exitOK, code)
	require.Contains(t, stdout, "unstake-win-back.yaml: ok")
}

// TestFlowsStatsAndSimulateCLI runs simulate, stats and runs --failed on
// an empty store: zero counts, valid JSON, no error.
func TestFlowsStatsAndSimulateCLI(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "flows", "simulate", "../../examples/flows/welcome-on-mint.yaml", "--from-block", "1", "--to-block", "100", "--data-dir", dir, "--json")
	require.Equal(t, exitOK, code, stderr)
	var sim map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &sim))
	require.Equal(t, "welcome-on-mint", sim["flow"])

	code, stdout, stderr = runCLI(t, "flows", "stats", "welcome-on-mint", "--data-dir", dir, "--json")
	require.Equal(t, exitOK, code, stderr)
	var st map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &st))
	require.EqualValues(t, 0, st["entered"])

	code, stdout, stderr = runCLI(t, "flows", "runs", "welcome-on-mint", "--failed", "--data-dir", dir)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "RUN")

	for _, bad := range [][]string{
		{"flows", "simulate"},
		{"flows", "simulate", "x.yaml", "--since", "yesterday"},
		{"flows", "simulate", "x.yaml", "--from-block", "10", "--to-block", "5"},
		{"flows", "stats"},
		{"flows", "runs", "x"},
	} {
		code, _, _ := runCLI(t, bad...)
		require.Equal(t, exitUsage, code, bad)
	}
}
