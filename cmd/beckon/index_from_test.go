package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIndexFromNeedsABoundedRange(t *testing.T) {
	cfg := writeConfig(t, validConfig)
	code, _, stderr := runCLI(t, "index", "--config", cfg, "--from", "5")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "--from needs --to")

	code, _, stderr = runCLI(t, "index", "--config", cfg, "--from", "9", "--to", "3")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "--from 9 is above --to 3")
}
