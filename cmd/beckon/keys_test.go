package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/store"
)

func TestCLIKeys(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	code, stdout, stderr := runCLI(t, "keys", "create", "--scope", "write", "--name", "dashboard", "--data-dir", data, "--json")
	require.Equal(t, exitOK, code, stderr)
	var created keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &created))
	require.True(t, strings.HasPrefix(created.Secret, created.Prefix))
	require.Equal(t, "write", created.Scope)

	// The secret is never shown again: list shows the prefix only.
	code, stdout, stderr = runCLI(t, "keys", "list", "--data-dir", data)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, created.Prefix)
	require.NotContains(t, stdout, created.Secret)

	db, err := store.Open(context.Background(), data+"/beckon.db", nil)
	require.NoError(t, err)
	keys := &api.Keys{DB: db}
	scope, err := keys.Check(context.Background(), created.Secret)
	require.NoError(t, err)
	require.Equal(t, "write", scope)

	code, stdout, stderr = runCLI(t, "keys", "revoke", created.Prefix, "--data-dir", data)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "revoked "+created.Prefix)
	_, err = keys.Check(context.Background(), created.Secret)
	require.ErrorIs(t, err, api.ErrUnauthorized)
	require.NoError(t, db.Close())

	for _, args := range [][]string{
		{"keys"},
		{"keys", "rotate"},
		{"keys", "create", "--scope", "root", "--name", "x"},
		{"keys", "create", "--scope", "read"},
		{"keys", "revoke"},
		{"keys", "revoke", "bk_nope0000", "--data-dir", data},
	} {
		code, _, _ := runCLI(t, args...)
		require.Equal(t, exitUsage, code, "%v", args)
	}
}
