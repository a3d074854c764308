package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Exercise(t, storetest.OpenSQLite)
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	if storetest.PostgresURL(t) == "" {
		t.Skipf("%s not set", storetest.EnvDatabaseURL)
	}
	storetest.Exercise(t, storetest.OpenPostgres)
}

func TestOpenRejectsUnknownScheme(t *testing.T) {
	t.Parallel()
	_, err := store.Open(context.Background(), "mysql://localhost/x", nil)
	require.Error(t, err)
	require.True(t, strings.Contains(err.Error(), "postgres://"), "error lists the valid schemes: %v", err)
}
