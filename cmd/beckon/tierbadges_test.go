package main

import (
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const tierBadgeTestConfig = `database_url: %q
chains:
  - { name: sim, chain_id: 1337, rpc: [%q], confirmations: 3, poll_interval: 20ms }
contracts:
  - { name: pass, chain: sim, address: "0x00000000000000000000000000000000000000C0", kind: erc721 }
loyalty:
  tiers:
    - { name: silver, min_points: 50 }
    - { name: gold, min_points: 100, badge: "9" }
rewards:
  chain: sim
  badge: %q
  keystore: %q
  password_env: HOT_WALLET_PASSWORD
`

func TestTierBadgeMint(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			dbURL := filepath.Join(t.TempDir(), "beckon.db")
			if b.Name == "postgres" {
				dbURL = storetest.PostgresSchemaURL(t)
			}
			hot, alice, bob := newKey(t), newKey(t), newKey(t)
			rc := newRewardsChain(t, hot, alice)
			ksPath := filepath.Join(t.TempDir(), "hot.json")
			blob, err := keystore.EncryptKey(&keystore.Key{Address: hot.addr, PrivateKey: hot.key}, "correct horse", keystore.LightScryptN, keystore.LightScryptP)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(ksPath, blob, 0o600))
			getenv := mapEnv(map[string]string{"HOT_WALLET_PASSWORD": "correct horse"})
			cfgPath := writeFile(t, "beckon.yaml", fmt.Sprintf(tierBadgeTestConfig, dbURL, rc.rpc, rc.addrs.Badge.Hex(), ksPath))
			cfg, err := LoadConfig(cfgPath, getenv)
			require.NoError(t, err)
			require.Equal(t, "10m", cfg.Rewards.BadgeSettle)

			log := slog.New(slog.DiscardHandler)
			db, err := openStore(ctx, cfg, t.TempDir(), log)
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			worker, err := newBadgeWorker(cfg, db, getenv, log)
			require.NoError(t, err)
			require.NotNil(t, worker.minter, worker.disabled)
			worker.minter.Backend = rc.client
			worker.minter.Poll = 10 * time.Millisecond
			m, err := newTierBadgeMinter(cfg, db, worker, log)
			require.NoError(t, err)
			require.NotNil(t, m)
			require.Equal(t, 10*time.Minute, m.settle)

			ledger := cfg.ledger()
			contacts := map[common.Address]int64{}
			award := func(wallet common.Address, key string, amount int64) {
				t.Helper()
				require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
					id, _, err := crm.EnsureWallet(ctx, tx, wallet)
					if err != nil {
						return err
					}
					contacts[wallet] = id
					_, err = loyalty.AwardManual(ctx, ledger.Bind(tx), loyalty.Entry{ContactID: id, Amount: amount, Reason: "test", Key: key, Source: key, Actor: "ops"})
					return err
				}))
			}
			balance := func(wallet common.Address) int64 {
				t.Helper()
				n, err := rc.c.BadgeBalance(nil, wallet, big.NewInt(9))
				require.NoError(t, err)
				return n.Int64()
			}
			run := func(at time.Time) int {
				t.Helper()
				stop := rc.mineInBackground()
				defer stop()
				m.now = func() time.Time { return at }
				n, err := m.run(ctx)
				require.NoError(t, err)
				return n
			}

			award(alice.addr, "a1", 120) // gold
			award(bob.addr, "b1", 150)   // gold, then back to silver before settling
			award(bob.addr, "b2", -90)

			require.Zero(t, run(time.Now()), "not settled yet")
			require.Zero(t, balance(alice.addr))

			later := time.Now().Add(11 * time.Minute)
			// A failed attempt leaves a pending record that the next run retries.
			signer := worker.minter.Signer
			worker.minter.Signer = func() (*bind.TransactOpts, error) { return nil, errors.New("keystore locked") }
			m.now = func() time.Time { return later }
			_, err = m.run(ctx)
			require.ErrorContains(t, err, "keystore locked")
			worker.minter.Signer = signer
			nonce, err := rc.client.NonceAt(ctx, rc.owner.From, nil)
			require.NoError(t, err)
			require.Equal(t, 1, run(later))
			require.Zero(t, run(later), "the second run mints nothing")
			require.EqualValues(t, 1, balance(alice.addr))
			require.Zero(t, balance(bob.addr))
			after, err := rc.client.NonceAt(ctx, rc.owner.From, nil)
			require.NoError(t, err)
			require.Equal(t, nonce+1, after, "exactly one mint transaction")

			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				mints, err := tx.BadgeMints(ctx)
				require.NoError(t, err)
				require.Len(t, mints, 1)
				require.Equal(t, contacts[alice.addr], mints[0].ContactID)
				require.Equal(t, "minted", string(mints[0].Status))
				require.Equal(t, "tier:gold", mints[0].Reason)
				require.Equal(t, alice.addr, mints[0].Wallet)
				return nil
			}))

			// Dropping out of gold and reaching it again mints nothing more.
			award(alice.addr, "a2", -100)
			award(alice.addr, "a3", 100)
			require.Zero(t, run(time.Now().Add(time.Hour)))
			require.EqualValues(t, 1, balance(alice.addr))
		})
	}
}

func TestTierBadgeMinterOff(t *testing.T) {
	cfg := &Config{}
	cfg.Loyalty.Tiers = []loyalty.Tier{{Name: "gold", Badge: "1"}}
	m, err := newTierBadgeMinter(cfg, nil, &badgeWorker{disabled: "rewards.badge is not set"}, nil)
	require.NoError(t, err)
	require.Nil(t, m, "no minter: no reconciliation")
	w, err := newBadgeWorker(&Config{}, nil, noEnv, nil)
	require.NoError(t, err)
	require.Equal(t, "no quest or tier names a badge", w.disabled)
	w, err = newBadgeWorker(cfg, nil, noEnv, nil)
	require.NoError(t, err)
	require.Equal(t, "rewards.badge is not set", w.disabled)
}
