package storetest

import (
	"context"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// exerciseAPI covers the reads and writes the HTTP API adds: keys, stored
// flows, custom events, contact search and merge, event queries, run,
// epoch and payout pages.
func exerciseAPI(t *testing.T, db *store.DB) {
	ctx := context.Background()

	// Keys: found by hash, listed, revoked by prefix (twice is fine).
	inTx(t, db, func(tx *store.Tx) error {
		k, err := tx.CreateAPIKey(ctx, store.APIKey{Name: "ci", Prefix: "bk_aaaa", Scope: "read"}, "hash-a")
		require.NoError(t, err)
		require.NotZero(t, k.ID)
		return nil
	})
	// A failed statement aborts a PostgreSQL transaction: its own.
	err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateAPIKey(ctx, store.APIKey{Name: "dup", Prefix: "bk_aaaa", Scope: "read"}, "hash-b")
		return err
	})
	require.ErrorIs(t, err, store.ErrExists)
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.CreateAPIKey(ctx, store.APIKey{Name: "ops", Prefix: "bk_bbbb", Scope: "admin"}, "hash-b")
		return err
	})
	k, err := db.APIKeyByHash(ctx, "hash-b")
	require.NoError(t, err)
	require.Equal(t, "ops", k.Name)
	require.Equal(t, "admin", k.Scope)
	require.True(t, k.RevokedAt.IsZero())
	_, err = db.APIKeyByHash(ctx, "nope")
	require.ErrorIs(t, err, store.ErrNotFound)
	inTx(t, db, func(tx *store.Tx) error {
		r, err := tx.RevokeAPIKey(ctx, "bk_bbbb")
		require.NoError(t, err)
		require.False(t, r.RevokedAt.IsZero())
		_, err = tx.RevokeAPIKey(ctx, "bk_bbbb")
		require.NoError(t, err)
		_, err = tx.RevokeAPIKey(ctx, "bk_zzzz")
		require.ErrorIs(t, err, store.ErrNotFound)
		keys, err := tx.APIKeys(ctx)
		require.NoError(t, err)
		require.Len(t, keys, 2)
		require.True(t, keys[0].RevokedAt.IsZero())
		require.False(t, keys[1].RevokedAt.IsZero())
		return nil
	})
	k, err = db.APIKeyByHash(ctx, "hash-b")
	require.NoError(t, err)
	require.False(t, k.RevokedAt.IsZero(), "revocation must be visible to lookups")

	// Stored flows: create once, update bumps the version, enable/disable.
	inTx(t, db, func(tx *store.Tx) error {
		d, err := tx.CreateFlowDefinition(ctx, "welcome", "name: welcome\n")
		require.NoError(t, err)
		require.True(t, d.Enabled)
		require.EqualValues(t, 1, d.Version)
		_, err = tx.CreateFlowDefinition(ctx, "welcome", "x")
		require.ErrorIs(t, err, store.ErrExists)
		d, err = tx.UpdateFlowDefinition(ctx, "welcome", "name: welcome\n# v2\n")
		require.NoError(t, err)
		require.EqualValues(t, 2, d.Version)
		_, err = tx.UpdateFlowDefinition(ctx, "missing", "x")
		require.ErrorIs(t, err, store.ErrNotFound)
		d, err = tx.SetFlowEnabled(ctx, "welcome", false)
		require.NoError(t, err)
		require.False(t, d.Enabled)
		all, err := tx.FlowDefinitions(ctx)
		require.NoError(t, err)
		require.Len(t, all, 1)
		require.Contains(t, all[0].YAML, "# v2")
		return nil
	})

	// Contacts: search by identity, page by cursor, merge.
	alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	var a, b, c int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		a, _, err = crm.EnsureWallet(ctx, tx, alice)
		require.NoError(t, err)
		b, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "bob@example.org"})
		require.NoError(t, err)
		c, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityDiscord, Value: "carol#1"})
		require.NoError(t, err)
		return nil
	})
	inTx(t, db, func(tx *store.Tx) error {
		got, next, err := tx.SearchContacts(ctx, store.ContactFilter{Wallet: alice.Hex(), Limit: 10})
		require.NoError(t, err)
		require.Zero(t, next)
		require.Len(t, got, 1)
		require.Equal(t, a, got[0].ID)
		got, _, err = tx.SearchContacts(ctx, store.ContactFilter{Email: "bob@example.org", Limit: 10})
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Equal(t, b, got[0].ID)
		got, _, err = tx.SearchContacts(ctx, store.ContactFilter{Handle: "carol#1", Limit: 10})
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Equal(t, c, got[0].ID)
		page, next, err := tx.SearchContacts(ctx, store.ContactFilter{Limit: 2})
		require.NoError(t, err)
		require.Len(t, page, 2)
		require.NotZero(t, next)
		rest, next2, err := tx.SearchContacts(ctx, store.ContactFilter{Limit: 2, After: next})
		require.NoError(t, err)
		require.Len(t, rest, 1)
		require.Zero(t, next2)
		require.Equal(t, c, rest[0].ID)

		require.ErrorIs(t, tx.MergeContacts(ctx, a, a, "x"), crm.ErrInvalid)
		require.ErrorIs(t, tx.MergeContacts(ctx, 999999, a, "x"), store.ErrNotFound)
		require.NoError(t, tx.MergeContacts(ctx, c, a, "api merge"))
		require.ErrorIs(t, tx.MergeContacts(ctx, c, b, "x"), crm.ErrInvalid)
		merged, err := tx.Contact(ctx, c)
		require.NoError(t, err)
		require.Equal(t, a, merged.ID)
		require.Equal(t, "carol#1", merged.Handle(crm.IdentityDiscord))
		return nil
	})

	// Custom events: one row per dedupe key.
	inTx(t, db, func(tx *store.Tx) error {
		e, ins, err := tx.InsertCustomEvent(ctx, store.CustomEvent{Name: "signup", ContactID: a, DedupeKey: "k1", Properties: `{"plan":"pro"}`})
		require.NoError(t, err)
		require.True(t, ins)
		again, ins, err := tx.InsertCustomEvent(ctx, store.CustomEvent{Name: "signup", ContactID: a, DedupeKey: "k1", Properties: `{}`})
		require.NoError(t, err)
		require.False(t, ins)
		require.Equal(t, e.ID, again.ID)
		require.JSONEq(t, `{"plan":"pro"}`, again.Properties)
		return nil
	})

	// Events by chain, contract, kind, wallet and block range, paged.
	cs := &store.ChainStore{DB: db}
	bob := common.HexToAddress("0x0000000000000000000000000000000000000b0b")
	require.NoError(t, cs.Commit(ctx, chain.Batch{ChainID: 1337,
		Events: []chain.Event{
			testEvent(5, 0x05, 0, chain.KindMint, alice), testEvent(6, 0x06, 0, chain.KindStake, alice),
			testEvent(7, 0x07, 0, chain.KindMint, bob), testEvent(8, 0x08, 0, chain.KindMint, alice),
		},
		Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 8, Hash: common.Hash{0x08}},
	}))
	inTx(t, db, func(tx *store.Tx) error {
		evs, next, err := tx.QueryEvents(ctx, store.EventQuery{ChainID: 1337, Kind: chain.KindMint, Wallet: &alice, Limit: 10})
		require.NoError(t, err)
		require.Zero(t, next)
		require.Len(t, evs, 2)
		evs, _, err = tx.QueryEvents(ctx, store.EventQuery{Contract: "pass", FromBlock: 6, ToBlock: 7, Limit: 10})
		require.NoError(t, err)
		require.Len(t, evs, 2)
		evs, _, err = tx.QueryEvents(ctx, store.EventQuery{Contract: common.Address{0xC0}.Hex(), Limit: 10})
		require.NoError(t, err)
		require.Len(t, evs, 4)
		evs, _, err = tx.QueryEvents(ctx, store.EventQuery{ChainID: 1, Limit: 10})
		require.NoError(t, err)
		require.Empty(t, evs)
		first, next, err := tx.QueryEvents(ctx, store.EventQuery{Limit: 3})
		require.NoError(t, err)
		require.Len(t, first, 3)
		rest, last, err := tx.QueryEvents(ctx, store.EventQuery{Limit: 3, After: next})
		require.NoError(t, err)
		require.Len(t, rest, 1)
		require.Zero(t, last)
		require.EqualValues(t, 8, rest[0].BlockNumber)
		return nil
	})

	// Runs of one flow newest first, by status, paged.
	inTx(t, db, func(tx *store.Tx) error {
		for i, st := range []string{"completed", "failed", "completed"} {
			_, _, err := tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: a, TriggerKey: string(rune('a' + i)), Status: st})
			require.NoError(t, err)
		}
		_, _, err := tx.CreateRun(ctx, flow.Run{Flow: "other", ContactID: a, TriggerKey: "z", Status: "completed"})
		require.NoError(t, err)
		runs, next, err := tx.FlowRuns(ctx, "welcome", "", 0, 2)
		require.NoError(t, err)
		require.Len(t, runs, 2)
		require.Greater(t, runs[0].ID, runs[1].ID)
		require.NotZero(t, next)
		more, next, err := tx.FlowRuns(ctx, "welcome", "", next, 2)
		require.NoError(t, err)
		require.Len(t, more, 1)
		require.Zero(t, next)
		failed, _, err := tx.FlowRuns(ctx, "welcome", "failed", 0, 10)
		require.NoError(t, err)
		require.Len(t, failed, 1)
		require.False(t, failed[0].CreatedAt.IsZero())
		return nil
	})

	// Epoch and payout pages on an empty store are empty, not errors.
	inTx(t, db, func(tx *store.Tx) error {
		eps, next, err := tx.EpochSummaries(ctx, 0, 0, 10)
		require.NoError(t, err)
		require.Empty(t, eps)
		require.Zero(t, next)
		ps, _, err := tx.PayoutPage(ctx, "", "", 0, 10)
		require.NoError(t, err)
		require.Empty(t, ps)
		counts, err := tx.PayoutCounts(ctx)
		require.NoError(t, err)
		require.Empty(t, counts)
		return nil
	})
}
