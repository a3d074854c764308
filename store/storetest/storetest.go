// Package storetest opens test stores on both backends and holds the
// conformance suite every backend must pass.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/store"
)

// EnvDatabaseURL names the PostgreSQL server tests use.
const EnvDatabaseURL = "BECKON_TEST_DATABASE_URL"

// EnvRequirePostgres makes PostgreSQL tests fail instead of skip when the
// server is not configured; CI sets it.
const EnvRequirePostgres = "BECKON_TEST_REQUIRE_POSTGRES"

// Backend opens a fresh, migrated, empty store.
type Backend struct {
	Name string
	Open func(t testing.TB) *store.DB
}

// Backends returns SQLite and, when configured, PostgreSQL.
func Backends(t testing.TB) []Backend {
	out := []Backend{{Name: "sqlite", Open: OpenSQLite}}
	if PostgresURL(t) != "" {
		out = append(out, Backend{Name: "postgres", Open: OpenPostgres})
	}
	return out
}

// PostgresURL returns the test server URL, failing the test when it is
// required but missing.
func PostgresURL(t testing.TB) string {
	u := os.Getenv(EnvDatabaseURL)
	if u == "" && os.Getenv(EnvRequirePostgres) != "" {
		t.Fatalf("%s is required (set by %s) but empty", EnvDatabaseURL, EnvRequirePostgres)
	}
	return u
}

// OpenSQLite opens a migrated SQLite store in a temp dir.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "beckon.db"))
}

// OpenPostgres opens a migrated store on a schema of its own on the test
// server; the schema is dropped afterwards.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, PostgresSchemaURL(t))
}

// PostgresSchemaURL creates an empty schema of its own on the test server
// and returns a database URL whose search_path selects it. The schema is
// dropped when the test ends.
func PostgresSchemaURL(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	if base == "" {
		t.Skipf("%s not set", EnvDatabaseURL)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	require.NoError(t, err, "connect to %s", EnvDatabaseURL)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		_ = conn.Close(context.Background())
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	if !q.Has("pool_max_conns") {
		// Many tests share one server: a small pool each, not the default.
		q.Set("pool_max_conns", "8")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	_, err = db.Migrate(ctx)
	require.NoError(t, err)
	_, err = db.MigrateJobs(ctx)
	require.NoError(t, err)
	return db
}
