package main

import (
	"bytes"
	"encoding/json"
	"math/big"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestDemoJSON runs `beckon demo --json` in-process and checks every
// count of the documented summary.
func TestDemoJSON(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := m.Run(t.Context(), []string{"demo", "--json", "--dir", t.TempDir()})
	require.Equal(t, exitOK, code, "stderr: %s", errb.String())

	var s map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &s), "stdout is one JSON object: %s", out.String())
	for _, key := range []string{"chain_id", "blocks", "contacts", "wallets_linked", "points_awarded", "points_reversed",
		"emails_sent", "discord_actions", "telegram_actions", "flow_runs_completed", "reorgs_handled", "claims_indexed"} {
		require.Contains(t, s, key)
		require.Greater(t, s[key].(float64), 0.0, key)
	}
	events := s["events"].(map[string]any)
	for _, kind := range []string{"mint", "stake", "unstake", "vote", "proposal", "claim"} {
		require.Greater(t, events[kind].(float64), 0.0, "events."+kind)
	}
	require.Regexp(t, regexp.MustCompile(`^0x[0-9a-f]{64}$`), s["merkle_root"])
}

// counts is everything a replay must not duplicate.
type counts struct {
	Events, Removed, Contacts, Identities, Ledger, Runs, Effects, Jobs int64
	Emails, Discord, Telegram                                          int
}

func (d *demo) counts(t *testing.T) counts {
	t.Helper()
	var c counts
	q := func(sql string, dst *int64) {
		require.NoError(t, d.app.db.SQL.QueryRowContext(t.Context(), sql).Scan(dst), sql)
	}
	q(`SELECT COUNT(*) FROM chain_events WHERE removed = FALSE`, &c.Events)
	q(`SELECT COUNT(*) FROM chain_events WHERE removed = TRUE`, &c.Removed)
	q(`SELECT COUNT(*) FROM contacts`, &c.Contacts)
	q(`SELECT COUNT(*) FROM identities`, &c.Identities)
	q(`SELECT COUNT(*) FROM points_ledger`, &c.Ledger)
	q(`SELECT COUNT(*) FROM flow_runs`, &c.Runs)
	q(`SELECT COUNT(*) FROM flow_effects`, &c.Effects)
	q(`SELECT COUNT(*) FROM river_job`, &c.Jobs)
	n, err := d.app.outbox.Count()
	require.NoError(t, err)
	c.Emails, c.Discord, c.Telegram = n, d.app.sink.Count("discord"), d.app.sink.Count("telegram")
	return c
}

// TestDemoReplayChangesNothing plays the demo, moves the checkpoint back
// to an early block and indexes again: nothing may be stored, sent or
// enqueued twice. It runs on SQLite and on PostgreSQL.
func TestDemoReplayChangesNothing(t *testing.T) {
	t.Parallel()
	backends := map[string]func(t *testing.T) string{"sqlite": func(*testing.T) string { return "" }}
	if storetest.PostgresURL(t) != "" {
		backends["postgres"] = func(t *testing.T) string { return storetest.PostgresSchemaURL(t) }
	}
	for name, dbURL := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			d, err := newDemo(ctx, demoOptions{Dir: t.TempDir(), DatabaseURL: dbURL(t), Wallets: 20})
			require.NoError(t, err)
			t.Cleanup(d.close)
			require.NoError(t, d.play(ctx))
			before := d.counts(t)
			require.Positive(t, before.Events)
			require.Positive(t, before.Emails)

			early, err := d.client.HeaderByNumber(ctx, big.NewInt(3))
			require.NoError(t, err)
			require.NoError(t, d.app.db.InTx(ctx, func(tx *store.Tx) error {
				return tx.SetCheckpoint(ctx, chain.Checkpoint{ChainID: demoChainID, Number: 3, Hash: early.Hash()})
			}))
			res, err := d.ix.Sync(ctx, 0)
			require.NoError(t, err)
			require.False(t, res.Reorged)
			require.Equal(t, uint64(4), res.From, "the replay starts after the old checkpoint")
			require.Positive(t, res.Events, "the replay saw the events again")

			// Give workers the chance to act on anything wrongly enqueued.
			time.Sleep(time.Second)
			require.NoError(t, d.settle(ctx))
			after := d.counts(t)
			require.Equal(t, before, after)
		})
	}
}
