package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// badgeEnv is a store, a simulated chain with the badge deployed, and the
// quest hooks and badge worker wired from one configuration.
type badgeEnv struct {
	rc     *rewardsChain
	db     *store.DB
	hooks  questHooks
	worker *badgeWorker
	alice  common.Address
	// cfgPath and getenv are the configuration the env was built from.
	cfgPath string
	getenv  func(string) string
}

const badgeTestConfig = `database_url: %q
chains:
  - { name: sim, chain_id: 1337, rpc: [%q], confirmations: 3, poll_interval: 20ms }
contracts:
  - { name: pass, chain: sim, address: "0x00000000000000000000000000000000000000C0", kind: erc721 }
loyalty:
  quests:
    - name: first-mint
      conditions: [ { event: mint, contract: pass } ]
      bonus: 10
      badge: "7"
%s`

func newBadgeEnv(t *testing.T, dbURL string, withRewards bool) *badgeEnv {
	t.Helper()
	ctx := t.Context()
	hot, alice := newKey(t), newKey(t)
	rc := newRewardsChain(t, hot, alice)
	rewardsSection := ""
	env := map[string]string{}
	if withRewards {
		ksPath := filepath.Join(t.TempDir(), "hot.json")
		blob, err := keystore.EncryptKey(&keystore.Key{Address: hot.addr, PrivateKey: hot.key}, "correct horse", keystore.LightScryptN, keystore.LightScryptP)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(ksPath, blob, 0o600))
		env["HOT_WALLET_PASSWORD"] = "correct horse"
		rewardsSection = fmt.Sprintf("rewards:\n  chain: sim\n  badge: %q\n  keystore: %q\n  password_env: HOT_WALLET_PASSWORD\n", rc.addrs.Badge.Hex(), ksPath)
	}
	cfgPath := writeFile(t, "beckon.yaml", fmt.Sprintf(badgeTestConfig, dbURL, rc.rpc, rewardsSection))
	getenv := func(k string) string { return env[k] }
	cfg, err := LoadConfig(cfgPath, getenv)
	require.NoError(t, err)
	require.NoError(t, cfg.validateQuestsAndSybil())

	log := slog.New(slog.DiscardHandler)
	db, err := openStore(ctx, cfg, t.TempDir(), log)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	jobs, err := db.JobClient(store.JobConfig{InsertOnly: true, Logger: log})
	require.NoError(t, err)

	hooks, err := newQuestHooks(cfg)
	require.NoError(t, err)
	hooks.tracker.Badges = &badgeQueue{jobs: jobs}
	worker, err := newBadgeWorker(cfg, db, getenv, log)
	require.NoError(t, err)
	require.Equal(t, withRewards, worker.minter != nil, worker.disabled)
	if worker.minter != nil {
		worker.minter.Backend = rc.client
		worker.minter.Poll = 10 * time.Millisecond
	}
	return &badgeEnv{rc: rc, db: db, hooks: hooks, worker: worker, alice: alice.addr, cfgPath: cfgPath, getenv: getenv}
}

// complete stores a mint by alice at block and runs the quest hook on it,
// as the event job does.
func (e *badgeEnv) complete(t *testing.T, block uint64) chain.Event {
	t.Helper()
	ctx := t.Context()
	ev := e.event(block)
	require.NoError(t, e.db.InTx(ctx, func(tx *store.Tx) error {
		ins, err := tx.InsertEvents(ctx, []chain.Event{ev})
		if err != nil {
			return err
		}
		ev = ins[0]
		return nil
	}))
	e.handle(t, ev)
	return ev
}

// handle runs the quest hook on a stored event.
func (e *badgeEnv) handle(t *testing.T, ev chain.Event) {
	t.Helper()
	ctx := t.Context()
	require.NoError(t, e.db.InTx(ctx, func(tx *store.Tx) error {
		contactID, _, err := crm.EnsureWallet(ctx, tx, ev.Wallet)
		if err != nil {
			return err
		}
		return e.hooks.HandleEvent(ctx, tx, ev, contactID)
	}))
}

// event is alice's mint of a pass at block.
func (e *badgeEnv) event(block uint64) chain.Event {
	return chain.Event{
		ChainID: 1337, BlockNumber: block, BlockHash: common.Hash{byte(block)}, TxHash: common.Hash{byte(block), 1},
		Contract: common.HexToAddress("0x00000000000000000000000000000000000000C0"), Source: "pass", Kind: chain.KindMint,
		Name: "Transfer", Wallet: e.alice, Args: map[string]string{"tokenId": "1"},
	}
}

func (e *badgeEnv) checkpoint(t *testing.T, number uint64) {
	t.Helper()
	require.NoError(t, e.db.InTx(t.Context(), func(tx *store.Tx) error {
		return tx.SetCheckpoint(t.Context(), chain.Checkpoint{ChainID: 1337, Number: number, Hash: common.Hash{byte(number)}, Head: number})
	}))
}

// badgeJobs returns the queued badge jobs' arguments.
func (e *badgeEnv) badgeJobs(t *testing.T) []badgeMintArgs {
	t.Helper()
	args := "CAST(args AS TEXT)"
	if e.db.Dialect == store.SQLite {
		args = "json(args)" // stored as JSONB
	}
	rows, err := e.db.SQL.QueryContext(t.Context(), `SELECT `+args+` FROM river_job WHERE kind = 'beckon_badge_mint' ORDER BY id`)
	require.NoError(t, err)
	defer rows.Close()
	var out []badgeMintArgs
	for rows.Next() {
		var raw string
		require.NoError(t, rows.Scan(&raw))
		var a badgeMintArgs
		require.NoError(t, json.Unmarshal([]byte(raw), &a))
		out = append(out, a)
	}
	require.NoError(t, rows.Err())
	return out
}

func (e *badgeEnv) work(t *testing.T, args badgeMintArgs) error {
	t.Helper()
	stop := e.rc.mineInBackground()
	defer stop()
	return e.worker.Work(t.Context(), &river.Job[badgeMintArgs]{Args: args})
}

func (e *badgeEnv) balance(t *testing.T, id int64) int64 {
	t.Helper()
	n, err := e.rc.c.BadgeBalance(nil, e.alice, big.NewInt(id))
	require.NoError(t, err)
	return n.Int64()
}

func requireSnoozed(t *testing.T, err error) {
	t.Helper()
	var snooze *river.JobSnoozeError
	require.True(t, errors.As(err, &snooze), "want a snooze, got %v", err)
}

func TestQuestBadgeMint(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dbURL := func(t *testing.T) string {
				if b.Name == "postgres" {
					return storetest.PostgresSchemaURL(t)
				}
				return filepath.Join(t.TempDir(), "beckon.db")
			}

			t.Run("minted once after confirmation", func(t *testing.T) {
				e := newBadgeEnv(t, dbURL(t), true)
				ctx := t.Context()
				ev := e.complete(t, 10)
				e.handle(t, ev) // the event handled again: no second job
				jobs := e.badgeJobs(t)
				require.Len(t, jobs, 1)
				require.Equal(t, badgeMintArgs{ContactID: jobs[0].ContactID, BadgeID: "7", Reason: "quest:first-mint",
					Quest: "first-mint", EventID: ev.ID, EventKey: ev.Key()}, jobs[0])

				e.checkpoint(t, 12) // 2 of 3 confirmations
				requireSnoozed(t, e.work(t, jobs[0]))
				require.Zero(t, e.balance(t, 7))

				e.checkpoint(t, 13)
				nonce, err := e.rc.client.NonceAt(ctx, e.rc.owner.From, nil)
				require.NoError(t, err)
				require.NoError(t, e.work(t, jobs[0]))
				require.NoError(t, e.work(t, jobs[0])) // the job runs twice
				require.EqualValues(t, 1, e.balance(t, 7))
				after, err := e.rc.client.NonceAt(ctx, e.rc.owner.From, nil)
				require.NoError(t, err)
				require.Equal(t, nonce+1, after, "exactly one mint transaction")
				require.NoError(t, e.db.InTx(ctx, func(tx *store.Tx) error {
					mints, err := tx.BadgeMints(ctx)
					require.NoError(t, err)
					require.Len(t, mints, 1)
					require.Equal(t, "minted", string(mints[0].Status))
					require.Equal(t, "quest:first-mint", mints[0].Reason)
					require.Equal(t, e.alice, mints[0].Wallet)
					return nil
				}))
			})

			t.Run("orphaned before confirmation mints nothing", func(t *testing.T) {
				e := newBadgeEnv(t, dbURL(t), true)
				ctx := t.Context()
				ev := e.complete(t, 20)
				jobs := e.badgeJobs(t)
				require.Len(t, jobs, 1)
				e.checkpoint(t, 20)
				requireSnoozed(t, e.work(t, jobs[0]))

				require.NoError(t, e.db.InTx(ctx, func(tx *store.Tx) error {
					removed, err := tx.RemoveEventsAbove(ctx, 1337, 19, 1)
					if err != nil {
						return err
					}
					require.Len(t, removed, 1)
					require.Equal(t, ev.ID, removed[0].ID)
					return e.hooks.HandleRemoved(ctx, tx, removed[0])
				}))
				e.checkpoint(t, 30)
				require.NoError(t, e.work(t, jobs[0]))
				require.Zero(t, e.balance(t, 7))
				require.Len(t, e.badgeJobs(t), 1)
				require.NoError(t, e.db.InTx(ctx, func(tx *store.Tx) error {
					mints, err := tx.BadgeMints(ctx)
					require.NoError(t, err)
					require.Empty(t, mints)
					return nil
				}))
			})

			t.Run("not configured is skipped", func(t *testing.T) {
				e := newBadgeEnv(t, dbURL(t), false)
				e.complete(t, 40)
				jobs := e.badgeJobs(t)
				require.Len(t, jobs, 1)
				e.checkpoint(t, 50)
				var cancel *river.JobCancelError
				err := e.work(t, jobs[0])
				require.True(t, errors.As(err, &cancel), "want a cancel, got %v", err)
				require.ErrorContains(t, err, "rewards.badge is not set")
				require.Zero(t, e.balance(t, 7))
			})
		})
	}
}

// TestQuestBadgeMintWired runs the wired app: an indexed mint completes the
// quest, the badge job waits for the event's confirmations and then mints.
func TestQuestBadgeMintWired(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			dbURL := filepath.Join(t.TempDir(), "beckon.db")
			if b.Name == "postgres" {
				dbURL = storetest.PostgresSchemaURL(t)
			}
			e := newBadgeEnv(t, dbURL, true) // deploys and writes the config
			cfg, err := LoadConfig(e.cfgPath, e.getenv)
			require.NoError(t, err)
			a, err := newApp(ctx, cfg, t.TempDir(), nil, e.getenv, slog.New(slog.DiscardHandler))
			require.NoError(t, err)
			t.Cleanup(func() { _ = a.Close() })
			require.NotNil(t, a.badges.minter)
			a.badges.wait = 50 * time.Millisecond
			require.NoError(t, a.connectBadges(ctx))
			require.NoError(t, a.jobs.Start(ctx))
			stop := e.rc.mineInBackground()
			defer stop()

			ev := e.event(10)
			require.NoError(t, a.chains.Commit(ctx, chain.Batch{ChainID: 1337, Events: []chain.Event{ev},
				Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 10, Hash: common.Hash{10}, Head: 10}}))
			require.Eventually(t, func() bool { return len(e.badgeJobs(t)) == 1 }, 10*time.Second, 20*time.Millisecond)
			time.Sleep(300 * time.Millisecond) // a few snoozes: not confirmed yet
			require.Zero(t, e.balance(t, 7))

			require.NoError(t, a.chains.Commit(ctx, chain.Batch{ChainID: 1337,
				Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 13, Hash: common.Hash{13}, Head: 13}}))
			require.Eventually(t, func() bool { return e.balance(t, 7) == 1 }, 20*time.Second, 50*time.Millisecond)
		})
	}
}
