package store_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestMigrateGlobalRunsKeepsRuns upgrades a store holding runs and their
// effects to 0019, which makes flow_runs.contact_id nullable (SQLite
// rebuilds the table): the rows survive, foreign keys still hold, and a run
// for no contact can be stored.
func TestMigrateGlobalRunsKeepsRuns(t *testing.T) {
	urls := map[string]string{"sqlite": filepath.Join(t.TempDir(), "beckon.db")}
	if storetest.PostgresURL(t) != "" {
		urls["postgres"] = storetest.PostgresSchemaURL(t)
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, url, slog.New(slog.DiscardHandler))
			require.NoError(t, err)
			defer db.Close()
			all, err := db.Migrations()
			require.NoError(t, err)
			_, err = db.SQL.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS beckon_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
			require.NoError(t, err)
			for _, m := range all {
				if m.Version >= 19 {
					break
				}
				_, err := db.SQL.ExecContext(ctx, m.SQL)
				require.NoError(t, err, m.Name)
				_, err = db.SQL.ExecContext(ctx, `INSERT INTO beckon_migrations (version, name, applied_at) VALUES ($1, $2, 0)`, m.Version, m.Name)
				require.NoError(t, err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				_, err := db.SQL.ExecContext(ctx, q, args...)
				require.NoError(t, err, q)
			}
			exec(`INSERT INTO contacts (id, created_at, updated_at) VALUES (5, 0, 0)`)
			exec(`INSERT INTO flow_runs (id, flow, contact_id, trigger_key, status, created_at, updated_at, wait_event) VALUES (9, 'f', 5, 'k', 'waiting', 0, 0, 'vote')`)
			exec(`INSERT INTO flow_effects (run_id, step, kind, status, created_at, updated_at) VALUES (9, '0', 'email', 'done', 0, 0)`)

			applied, err := db.Migrate(ctx)
			require.NoError(t, err)
			require.NotEmpty(t, applied)
			var contact int64
			var wait string
			require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT r.contact_id, r.wait_event FROM flow_effects e JOIN flow_runs r ON r.id = e.run_id`).Scan(&contact, &wait))
			require.Equal(t, []any{int64(5), "vote"}, []any{contact, wait})
			_, err = db.SQL.ExecContext(ctx, `INSERT INTO flow_effects (run_id, step, kind, status, created_at, updated_at) VALUES (99, '0', 'email', 'done', 0, 0)`)
			require.Error(t, err, "flow_effects still references flow_runs")
			exec(`INSERT INTO flow_runs (flow, trigger_key, status, created_at, updated_at) VALUES ('g', 'schedule:1', 'running', 0, 0)`)
		})
	}
}
