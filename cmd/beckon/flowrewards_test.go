package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const rewardFlowYAML = `name: grant
trigger: {event: custom, name: grant}
steps:
  - reward: {allocate: 1e18}
  - reward: {payout: "500"}
  - reward: {badge: 7}
`

// TestFlowRewardStepsWired runs reward steps through serve's wiring: the
// allocation is recorded for the next epoch, the payout planned in batch
// "flows" and the badge mint queued, each exactly once although every step's
// transaction fails once after the reward was written (a crash before
// commit) and the job is retried; rewarding the same key again adds nothing.
func TestFlowRewardStepsWired(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			dir := t.TempDir()
			cfg := &Config{DatabaseURL: filepath.Join(dir, "beckon.db")}
			if b.Name == "postgres" {
				cfg.DatabaseURL = storetest.PostgresSchemaURL(t)
			}
			keystore := filepath.Join(dir, "hot.json")
			hot := common.HexToAddress("0x00000000000000000000000000000000000000aa")
			require.NoError(t, os.WriteFile(keystore, []byte(`{"address":"00000000000000000000000000000000000000aa","version":3}`), 0o600))
			cfg.Chains = []ChainConfig{{Name: "main", ChainID: 1337, RPC: []string{"http://127.0.0.1:1"}}}
			cfg.Rewards.Chain, cfg.Rewards.Token, cfg.Rewards.Keystore, cfg.Rewards.PasswordEnv = "main", "0x00000000000000000000000000000000000000bb", keystore, "HOT_PASSWORD"
			cfg.Rewards.Badge = "0x00000000000000000000000000000000000000cc"
			cfg.withDefaults()
			def, err := flow.Parse("grant.yaml", []byte(rewardFlowYAML))
			require.NoError(t, err)
			a, err := newApp(ctx, cfg, dir, []*flow.Definition{def}, noEnv, slog.New(slog.DiscardHandler))
			require.NoError(t, err)
			t.Cleanup(func() { _ = a.Close() })
			require.NotNil(t, a.engine.Rewards)

			// Fail each step's first commit after its reward was written.
			var mu sync.Mutex
			failed := map[string]bool{}
			inTx := a.engine.InTx
			a.engine.InTx = func(ctx context.Context, fn func(flow.Tx) error) error {
				return inTx(ctx, func(tx flow.Tx) error {
					if err := fn(tx); err != nil {
						return err
					}
					mu.Lock()
					defer mu.Unlock()
					for what, n := range rewardCounts(t, ctx, tx.(*store.Tx)) {
						if n > 0 && !failed[what] {
							failed[what] = true
							return errors.New("crash before commit after " + what)
						}
					}
					return nil
				})
			}

			wallet := common.HexToAddress("0x00000000000000000000000000000000000000dd")
			var contact int64
			require.NoError(t, a.db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				if contact, _, err = crm.EnsureWallet(ctx, tx, wallet); err != nil {
					return err
				}
				return a.engine.CustomEvent(ctx, tx, contact, "grant", "k1", nil)
			}))
			require.NoError(t, a.jobs.Start(ctx))
			require.Eventually(t, func() bool {
				var status string
				_ = a.db.SQL.QueryRowContext(ctx, `SELECT status FROM flow_runs WHERE flow = 'grant'`).Scan(&status)
				return status == flow.RunCompleted
			}, 60*time.Second, 50*time.Millisecond)
			mu.Lock()
			require.Len(t, failed, 3, "every reward step failed once and was retried")
			mu.Unlock()

			var counts map[string]int
			require.NoError(t, a.db.InTx(ctx, func(tx *store.Tx) error {
				counts = rewardCounts(t, ctx, tx)
				return nil
			}))
			require.Equal(t, map[string]int{"allocation": 1, "payout": 1, "badge": 1}, counts)

			var account, amount string
			var epoch *int64
			require.NoError(t, a.db.SQL.QueryRowContext(ctx, `SELECT account, amount, epoch_id FROM reward_grants`).Scan(&account, &amount, &epoch))
			require.Equal(t, wallet.Hex(), account)
			require.Equal(t, "1000000000000000000", amount)
			require.Nil(t, epoch, "pending until the next epoch")
			var batch, from, to, pamount, status string
			require.NoError(t, a.db.SQL.QueryRowContext(ctx, `SELECT batch, from_address, recipient, amount, status FROM payouts`).
				Scan(&batch, &from, &to, &pamount, &status))
			require.Equal(t, []string{"flows", addrLower(hot), addrLower(wallet), "500", "planned"}, []string{batch, from, to, pamount, status})

			// The same step key again (a duplicate job) grants nothing more.
			for _, st := range def.Steps {
				require.NoError(t, a.db.InTx(ctx, func(tx *store.Tx) error {
					_, err := a.engine.Rewards.Reward(ctx, tx, contact, st.Reward, "run:1:"+st.Path)
					return err
				}))
			}
			require.NoError(t, a.db.InTx(ctx, func(tx *store.Tx) error {
				counts = rewardCounts(t, ctx, tx)
				return nil
			}))
			require.Equal(t, map[string]int{"allocation": 1, "payout": 1, "badge": 1}, counts)
		})
	}
}

func addrLower(a common.Address) string { return strings.ToLower(a.Hex()) }

// rewardCounts counts what reward steps wrote: grants, planned payouts and
// queued badge mint jobs.
func rewardCounts(t *testing.T, ctx context.Context, tx *store.Tx) map[string]int {
	out := map[string]int{}
	for what, q := range map[string]string{
		"allocation": `SELECT COUNT(*) FROM reward_grants`,
		"payout":     `SELECT COUNT(*) FROM payouts WHERE batch = 'flows'`,
		"badge":      `SELECT COUNT(*) FROM river_job WHERE kind = 'beckon_badge_mint'`,
	} {
		var n int
		require.NoError(t, tx.QueryRowContext(ctx, q).Scan(&n))
		out[what] = n
	}
	return out
}
