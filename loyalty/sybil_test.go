package loyalty_test

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestEligibleBoundaries(t *testing.T) {
	t.Parallel()
	rules := loyalty.SybilRules{MinWalletAge: "24h", MinHoldingTime: "48h", OneRewardPerContact: true}
	require.NoError(t, rules.Validate())
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			qb := setupQuests(t, b)
			ctx := context.Background()
			c := qb.handle(qb.store(5, 0, chain.KindVote, "dao", alice)) // first activity at t0
			qb.now = t0.Add(time.Hour)
			qb.handle(qb.store(6, 0, chain.KindMint, "pass", alice)) // first mint at t0+1h

			check := func(now time.Time, want bool, reason string) {
				t.Helper()
				qb.inTx(func(tx *store.Tx) error {
					ok, why, err := rules.Eligible(ctx, tx, c, now)
					require.NoError(t, err)
					require.Equal(t, want, ok, "at %s: %s", now.Sub(t0), why)
					require.Contains(t, why, reason)
					return nil
				})
			}
			check(t0.Add(24*time.Hour-time.Millisecond), false, "wallet age")
			check(t0.Add(24*time.Hour), false, "first mint held 23h0m0s")
			check(t0.Add(49*time.Hour-time.Millisecond), false, "first mint held")
			check(t0.Add(49*time.Hour), true, "")

			// A second wallet linked later changes neither age: the oldest counts.
			qb.now = t0.Add(48 * time.Hour)
			qb.inTx(func(tx *store.Tx) error {
				_, err := crm.Link(ctx, tx, c, crm.Identity{Kind: crm.IdentityWallet, Value: bob.Hex()})
				return err
			})
			qb.handle(qb.store(7, 0, chain.KindMint, "pass", bob))
			check(t0.Add(49*time.Hour), true, "")
			qb.inTx(func(tx *store.Tx) error {
				w, err := rules.RewardWallets(ctx, tx, c)
				require.NoError(t, err)
				require.Equal(t, []common.Address{alice}, w, "one reward per contact: the first wallet only")
				all, err := loyalty.SybilRules{}.RewardWallets(ctx, tx, c)
				require.NoError(t, err)
				require.Len(t, all, 2)
				return nil
			})

			// Orphaned events do not count: without the vote and the first
			// mint the contact's activity starts at bob's mint.
			qb.reorg(4)
			check(t0.Add(49*time.Hour), false, "no on-chain activity")

			qb.inTx(func(tx *store.Tx) error {
				email, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "ada@example.org"})
				require.NoError(t, err)
				ok, why, err := rules.Eligible(ctx, tx, email, t0.Add(1000*time.Hour))
				require.NoError(t, err)
				require.False(t, ok)
				require.Equal(t, "no wallet", why)

				// Merging the email contact into c leaves a tombstone.
				_, err = crm.Link(ctx, tx, c, crm.Identity{Kind: crm.IdentityEmail, Value: "ada@example.org"})
				require.NoError(t, err)
				ok, why, err = rules.Eligible(ctx, tx, email, t0.Add(1000*time.Hour))
				require.NoError(t, err)
				require.False(t, ok)
				require.Contains(t, why, "merged into contact")
				return nil
			})
		})
	}
}

func TestEligibleWithoutRules(t *testing.T) {
	t.Parallel()
	qb := setupQuests(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite})
	c := qb.handle(qb.store(5, 0, chain.KindVote, "dao", alice))
	qb.inTx(func(tx *store.Tx) error {
		ok, why, err := loyalty.SybilRules{}.Eligible(context.Background(), tx, c, t0)
		require.NoError(t, err)
		require.True(t, ok, why)
		return nil
	})
}

func TestSybilValidate(t *testing.T) {
	t.Parallel()
	cases := map[string]loyalty.SybilRules{
		"sybil.min_wallet_age":   {MinWalletAge: "1 day"},
		"sybil.min_holding_time": {MinHoldingTime: "-1h"},
		"sybil.cluster_size":     {ClusterSize: 1},
	}
	for field, r := range cases {
		var fe *loyalty.FieldError
		require.ErrorAs(t, r.Validate(), &fe)
		require.Equal(t, field, fe.Field)
	}
	require.NoError(t, loyalty.SybilRules{MinWalletAge: "720h", ClusterSize: 3}.Validate())
}

func TestSybilReport(t *testing.T) {
	t.Parallel()
	wallet := func(n int) crm.Identity {
		return crm.Identity{Kind: crm.IdentityWallet, Value: common.BigToAddress(big.NewInt(int64(n))).Hex()}
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			db := b.Open(t)
			ctx := context.Background()
			var farmer int64
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				// farmer: a discord handle with 5 wallets (flagged at the default size 5).
				farmer, _, _ = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityDiscord, Value: "farmer#1"})
				_, err := crm.Link(ctx, tx, farmer, crm.Identity{Kind: crm.IdentityTelegram, Value: "farmer"})
				require.NoError(t, err)
				for i := 1; i <= 5; i++ {
					_, err := crm.Link(ctx, tx, farmer, wallet(i))
					require.NoError(t, err)
				}
				// an email with 4 wallets: below the size.
				small, _, _ := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "small@example.org"})
				for i := 10; i < 14; i++ {
					_, err := crm.Link(ctx, tx, small, wallet(i))
					require.NoError(t, err)
				}
				// 6 wallets and no handle: nothing ties them to a person.
				anon, _, _ := crm.EnsureWallet(ctx, tx, common.BigToAddress(big.NewInt(20)))
				for i := 21; i < 26; i++ {
					_, err := crm.Link(ctx, tx, anon, wallet(i))
					require.NoError(t, err)
				}
				return nil
			}))
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				rep, err := loyalty.SybilRules{}.Report(ctx, tx)
				require.NoError(t, err)
				require.Equal(t, loyalty.DefaultClusterSize, rep.ClusterSize)
				require.Len(t, rep.HandleClusters, 1)
				cl := rep.HandleClusters[0]
				require.Equal(t, farmer, cl.ContactID)
				require.Len(t, cl.Wallets, 5)
				require.ElementsMatch(t, []loyalty.Handle{{Kind: "discord", Value: "farmer#1"}, {Kind: "telegram", Value: "farmer"}}, cl.Handles)
				require.Contains(t, rep.FundingAnalysis, "not available")

				rep, err = loyalty.SybilRules{ClusterSize: 4}.Report(ctx, tx)
				require.NoError(t, err)
				require.Len(t, rep.HandleClusters, 2, "the email with 4 wallets joins at size 4; handle-less wallets never do")
				require.Len(t, rep.HandleClusters[0].Wallets, 5, "most wallets first")

				rep, err = loyalty.SybilRules{ClusterSize: 6}.Report(ctx, tx)
				require.NoError(t, err)
				b, err := json.Marshal(rep)
				require.NoError(t, err)
				require.JSONEq(t, `{"cluster_size":6,"handle_clusters":[],"funding_analysis":"`+loyalty.FundingUnavailable+`"}`, string(b))
				return nil
			}))
		})
	}
}
