package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

// exerciseContactChanges checks that every contact mutation records one
// change in its own transaction, and nothing when it rolls back.
func exerciseContactChanges(t *testing.T, db *store.DB) {
	ctx := context.Background()
	clock := time.UnixMilli(1_780_000_000_000)
	db.Now = func() time.Time { return clock }
	var lastID int64
	// take returns the changes recorded since the previous take, checking
	// that ids keep increasing and that a take removes them.
	take := func() []store.ContactChange {
		t.Helper()
		var got []store.ContactChange
		inTx(t, db, func(tx *store.Tx) (err error) {
			got, err = tx.TakeContactChanges(ctx, 100)
			return err
		})
		for _, c := range got {
			require.Greater(t, c.ID, lastID, "change ids increase")
			require.Equal(t, clock.UnixMilli(), c.At.UnixMilli())
			lastID = c.ID
		}
		inTx(t, db, func(tx *store.Tx) error {
			again, err := tx.TakeContactChanges(ctx, 100)
			require.Empty(t, again, "taken changes are gone")
			return err
		})
		return got
	}
	one := func(contactID int64, typ string, data any) {
		t.Helper()
		got := take()
		require.Len(t, got, 1, "one change: %+v", got)
		require.Equal(t, contactID, got[0].ContactID)
		require.Equal(t, typ, got[0].Type)
		want, err := json.Marshal(data)
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got[0].Data))
	}

	alice, bob := common.Address{0xA1}, common.Address{0xB0}
	var a, b int64
	inTx(t, db, func(tx *store.Tx) (err error) {
		a, _, err = crm.EnsureWallet(ctx, tx, alice)
		return err
	})
	one(a, crm.ChangeCreated, map[string]any{"identity": map[string]string{"kind": "wallet", "value": alice.Hex()}})
	inTx(t, db, func(tx *store.Tx) (err error) {
		_, _, err = crm.EnsureWallet(ctx, tx, alice)
		return err
	})
	require.Empty(t, take(), "finding a contact changes nothing")

	// A rolled-back change leaves nothing to send.
	boom := errors.New("boom")
	require.ErrorIs(t, db.InTx(ctx, func(tx *store.Tx) error {
		require.NoError(t, tx.SetTraits(ctx, a, map[string]string{"plan": "pro"}))
		return boom
	}), boom)
	require.Empty(t, take(), "rolled back")

	inTx(t, db, func(tx *store.Tx) error { return tx.SetTraits(ctx, a, map[string]string{"plan": "pro"}) })
	one(a, crm.ChangeTraits, crm.TraitsChange{Traits: map[string]crm.ValueChange{"plan": {Old: nil, New: "pro"}}})
	inTx(t, db, func(tx *store.Tx) error { return tx.SetTraits(ctx, a, map[string]string{"plan": "pro"}) })
	require.Empty(t, take(), "setting a trait to its value changes nothing")
	inTx(t, db, func(tx *store.Tx) error {
		gold, err := crm.ParseTrait("plan", crm.TraitString, "gold")
		require.NoError(t, err)
		seats, err := crm.ParseTrait("seats", crm.TraitNumber, "3")
		require.NoError(t, err)
		return tx.PutTraits(ctx, a, []crm.Trait{gold, seats})
	})
	one(a, crm.ChangeTraits, crm.TraitsChange{Traits: map[string]crm.ValueChange{
		"plan": {Old: "pro", New: "gold"}, "seats": {Old: nil, New: 3.0}}})
	inTx(t, db, func(tx *store.Tx) error { return crm.SetProfile(ctx, tx, a, "Europe/Paris", "") })
	one(a, crm.ChangeProfile, map[string]crm.ValueChange{"timezone": {Old: "", New: "Europe/Paris"}})

	inTx(t, db, func(tx *store.Tx) error {
		_, err := crm.Link(ctx, tx, a, crm.Identity{Kind: crm.IdentityEmail, Value: "Alice@Example.org"})
		return err
	})
	one(a, crm.ChangeIdentityLinked, crm.IdentityChange{Kind: "email", Value: "alice@example.org"})

	inTx(t, db, func(tx *store.Tx) (err error) {
		b, _, err = crm.EnsureWallet(ctx, tx, bob)
		return err
	})
	require.Len(t, take(), 1)
	inTx(t, db, func(tx *store.Tx) error {
		merged, err := crm.Link(ctx, tx, a, crm.Identity{Kind: crm.IdentityWallet, Value: bob.Hex()})
		require.True(t, merged)
		return err
	})
	one(a, crm.ChangeMerged, crm.MergeChange{SurvivingID: a, MergedID: b, Reason: "linked wallet"})

	inTx(t, db, func(tx *store.Tx) error {
		_, err := crm.Link(ctx, tx, a, crm.Identity{Kind: crm.IdentityTelegram, Value: "700"})
		return err
	})
	require.Len(t, take(), 1)
	inTx(t, db, func(tx *store.Tx) error {
		_, ok, err := tx.UnlinkIdentity(ctx, crm.IdentityTelegram, "700")
		require.True(t, ok)
		return err
	})
	one(a, crm.ChangeIdentityUnlinked, crm.IdentityChange{Kind: "telegram", Value: "700"})

	// Points: one change per contact per transaction, however many entries.
	inTx(t, db, func(tx *store.Tx) error {
		for i, amount := range []int64{10, 25, -5} {
			_, err := tx.InsertEntry(ctx, loyalty.Entry{ContactID: a, Amount: amount, Reason: "test", Source: "s",
				Key: "k" + string(rune('0'+i)), Season: "s1"})
			require.NoError(t, err)
		}
		return nil
	})
	one(a, crm.ChangePoints, crm.PointsChange{Points: crm.ValueChange{Old: 0, New: 30},
		Seasons: map[string]crm.ValueChange{"s1": {Old: 0, New: 30}}})
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.InsertEntry(ctx, loyalty.Entry{ContactID: a, Amount: 5, Reason: "test", Source: "s", Key: "k9"})
		return err
	})
	one(a, crm.ChangePoints, crm.PointsChange{Points: crm.ValueChange{Old: 30, New: 35}})
	inTx(t, db, func(tx *store.Tx) error {
		return tx.SetTier(ctx, loyalty.TierChange{ContactID: a, From: "", To: "gold", Reason: "points"})
	})
	one(a, crm.ChangeTier, crm.TierChangeData{From: "", To: "gold", Reason: "points"})

	// Email subscription: opt-in, unsubscribe (one change, not one per
	// address), an operator's unsuppress, a bounce.
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.ConfirmEmail(ctx, "alice@example.org", "link")
		return err
	})
	one(a, crm.ChangeEmailSubscription, crm.EmailSubscriptionChange{Email: "alice@example.org", Change: crm.EmailOptInConfirmed, Source: "link"})
	inTx(t, db, func(tx *store.Tx) error { return tx.Unsubscribe(ctx, a) })
	one(a, crm.ChangeEmailSubscription, crm.EmailSubscriptionChange{Email: "alice@example.org", Change: crm.EmailUnsubscribed, Source: "unsubscribe"})
	inTx(t, db, func(tx *store.Tx) error { return tx.Unsubscribe(ctx, a) })
	require.Empty(t, take(), "unsubscribing twice changes nothing")
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.Unsuppress(ctx, "alice@example.org")
		return err
	})
	one(a, crm.ChangeEmailSubscription, crm.EmailSubscriptionChange{Email: "alice@example.org", Change: crm.EmailUnsuppressed})
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.Suppress(ctx, email.Suppression{Email: "alice@example.org", Reason: email.ReasonBounced, Source: "postmark"})
		return err
	})
	one(a, crm.ChangeEmailSubscription, crm.EmailSubscriptionChange{Email: "alice@example.org", Change: crm.EmailSuppressed, Reason: "bounced", Source: "postmark"})
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.Suppress(ctx, email.Suppression{Email: "nobody@example.org", Reason: email.ReasonBounced})
		return err
	})
	require.Empty(t, take(), "an address of no contact is no contact change")

	// Types nobody wants are not written.
	db.RecordChange = func(typ string) bool { return typ == crm.ChangeTier }
	inTx(t, db, func(tx *store.Tx) error {
		if _, err := tx.InsertEntry(ctx, loyalty.Entry{ContactID: a, Amount: 5, Reason: "test", Source: "s", Key: "k10"}); err != nil {
			return err
		}
		if err := tx.SetTraits(ctx, a, map[string]string{"plan": "free"}); err != nil {
			return err
		}
		return tx.SetTier(ctx, loyalty.TierChange{ContactID: a, From: "gold", To: "silver", Reason: "points"})
	})
	one(a, crm.ChangeTier, crm.TierChangeData{From: "gold", To: "silver", Reason: "points"})
}
