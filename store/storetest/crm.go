package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/score"
	"github.com/beckonhq/beckon/store"
)

// exerciseCRM covers typed traits, profiles, external ids, holdings,
// stored facts, segment memberships and churn models.
func exerciseCRM(t *testing.T, db *store.DB) {
	ctx := context.Background()
	clock := time.UnixMilli(1_780_000_000_000)
	db.Now = func() time.Time { return clock }
	alice, bob := common.Address{0xA1}, common.Address{0xB0}
	var a, b int64
	joined := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		a, _, err = crm.EnsureWallet(ctx, tx, alice)
		require.NoError(t, err)
		b, _, err = crm.EnsureWallet(ctx, tx, bob)
		require.NoError(t, err)
		require.NoError(t, tx.SetTraits(ctx, a, map[string]string{"legacy": "x"}))
		age, err := crm.ParseTrait("age", crm.TraitNumber, "41.5")
		require.NoError(t, err)
		vip, err := crm.ParseTrait("vip", crm.TraitBool, "yes")
		require.NoError(t, err)
		since, err := crm.ParseTrait("joined", crm.TraitTime, joined.Format(time.RFC3339))
		require.NoError(t, err)
		require.NoError(t, tx.PutTraits(ctx, a, []crm.Trait{age, vip, since}))
		require.NoError(t, crm.SetProfile(ctx, tx, a, "America/New_York", "pt_br"))
		require.ErrorIs(t, crm.SetProfile(ctx, tx, a, "Nowhere/City", ""), crm.ErrInvalid)
		_, err = crm.Link(ctx, tx, a, crm.ExternalIdentity("hubspot", "501"))
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, a, crm.Identity{Kind: "ext:Bad System", Value: "1"})
		require.ErrorIs(t, err, crm.ErrInvalid)
		return nil
	})
	var c crm.Contact
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		c, err = tx.Contact(ctx, a)
		return err
	})
	require.Equal(t, map[string]any{"legacy": "x", "age": 41.5, "vip": true, "joined": joined}, c.Traits)
	require.Equal(t, "America/New_York", c.Timezone)
	require.Equal(t, "pt-BR", c.Locale)
	require.Equal(t, "501", c.Handle("ext:hubspot"))

	// Holdings move with transfers; facts and segments read them.
	mint := testEvent(1, 0x01, 0, chain.KindMint, alice)
	mint.Args = map[string]string{"from": common.Address{}.Hex(), "to": alice.Hex(), "tokenId": "1"}
	send := testEvent(2, 0x02, 0, chain.KindTransfer, bob)
	send.Args = map[string]string{"from": alice.Hex(), "to": bob.Hex(), "value": "2500"}
	send.Source = "token"
	var facts map[string]any
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.InsertEvents(ctx, []chain.Event{mint, send})
		require.NoError(t, err)
		moved, err := tx.ApplyHoldings(ctx, mint, 1)
		require.NoError(t, err)
		require.Equal(t, []common.Address{alice}, moved, "a mint has no sender")
		moved, err = tx.ApplyHoldings(ctx, send, 1)
		require.NoError(t, err)
		require.Equal(t, []common.Address{bob, alice}, moved)
		facts, _, err = tx.RefreshContactFacts(ctx, a)
		return err
	})
	require.Equal(t, map[string]any{"balance": 1.0, "tokens": int64(1)}, facts["holdings"].(map[string]any)["pass"])
	require.Equal(t, map[string]any{"balance": -2500.0, "tokens": int64(0)}, facts["holdings"].(map[string]any)["token"])
	require.Equal(t, int64(1), facts["mints"])
	require.Equal(t, 0.0, facts["last_activity_days"])
	require.Contains(t, facts["linked"], "ext:hubspot")
	sc := facts["scores"].(map[string]any)
	require.Greater(t, sc["engagement"], 0.0)

	// Memberships and their change records; merges take the loser out.
	inTx(t, db, func(tx *store.Tx) error {
		changed, err := tx.SetSegmentMember(ctx, "s", b, true, clock)
		require.NoError(t, err)
		require.True(t, changed)
		changed, err = tx.SetSegmentMember(ctx, "s", b, true, clock)
		require.NoError(t, err)
		require.False(t, changed, "already a member")
		_, err = crm.Link(ctx, tx, a, crm.Identity{Kind: crm.IdentityWallet, Value: bob.Hex()})
		require.NoError(t, err)
		segs, err := tx.ContactSegments(ctx, b)
		require.NoError(t, err)
		require.Empty(t, segs)
		changes, err := tx.SegmentChanges(ctx, "s", 0, 10)
		require.NoError(t, err)
		require.Len(t, changes, 2)
		require.True(t, changes[0].Entered)
		require.False(t, changes[1].Entered, "the merged contact exited")
		entered, exited, err := tx.RecomputeSegment(ctx, "s", store.Where{}, []int64{a}, clock)
		require.NoError(t, err)
		require.Equal(t, []int64{a}, entered)
		require.Empty(t, exited)
		n, err := tx.CountWhere(ctx, store.Where{SQL: "c.id = $1", Args: []any{a}}, clock)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)

		require.NoError(t, tx.SaveSegment(ctx, store.SavedSegment{Name: "api", Expr: "true"}))
		require.NoError(t, tx.SaveSegment(ctx, store.SavedSegment{Name: "api", Expr: "false"}))
		saved, err := tx.SavedSegments(ctx)
		require.NoError(t, err)
		require.Len(t, saved, 1)
		require.Equal(t, "false", saved[0].Expr)
		require.NoError(t, tx.DeleteSegment(ctx, "api"))
		require.ErrorIs(t, tx.DeleteSegment(ctx, "api"), store.ErrNotFound)

		_, err = tx.ChurnModel(ctx)
		require.ErrorIs(t, err, store.ErrNotFound)
		require.NoError(t, tx.SaveChurnModel(ctx, &score.Model{Features: score.FeatureNames(), AUC: 0.9}))
		m, err := tx.ChurnModel(ctx)
		require.NoError(t, err)
		require.Equal(t, 0.9, m.AUC)
		// Webhook delivery log.
		id, err := tx.AddWebhookDelivery(ctx, "bridge", "segment.entered", func(id int64) ([]byte, error) {
			return fmt.Appendf(nil, `{"delivery_id":%d}`, id), nil
		})
		require.NoError(t, err)
		require.NoError(t, tx.RecordWebhookAttempt(ctx, id, store.DeliveryFailed, 502, "bad gateway"))
		attempts, err := tx.WebhookAttempts(ctx, id)
		require.NoError(t, err)
		require.Len(t, attempts, 1)
		require.Equal(t, 502, attempts[0].HTTPStatus)
		require.Equal(t, "bad gateway", attempts[0].Error)
		require.NoError(t, tx.ResetWebhookDelivery(ctx, id))
		require.ErrorIs(t, tx.ResetWebhookDelivery(ctx, id+100), store.ErrNotFound)
		d, err := tx.WebhookDelivery(ctx, id)
		require.NoError(t, err)
		require.Equal(t, store.DeliveryPending, d.Status)
		require.Equal(t, 1, d.Attempts)
		require.Equal(t, 502, d.LastStatus)
		require.Equal(t, fmt.Sprintf(`{"delivery_id":%d}`, id), string(d.Payload))
		list, err := tx.WebhookDeliveries(ctx, store.DeliveryPending, 10)
		require.NoError(t, err)
		require.Len(t, list, 1)

		// Sync cursor and changed contacts.
		cur, err := tx.SyncCursor(ctx, "hubspot")
		require.NoError(t, err)
		require.True(t, cur.IsZero())
		changedIDs, err := tx.ChangedContacts(ctx, cur, 0, 10)
		require.NoError(t, err)
		require.Equal(t, []int64{a}, changedIDs, "the merged contact is not listed")
		require.NoError(t, tx.SetSyncCursor(ctx, "hubspot", clock))
		cur, err = tx.SyncCursor(ctx, "hubspot")
		require.NoError(t, err)
		require.True(t, cur.Equal(clock))
		changedIDs, err = tx.ChangedContacts(ctx, clock, 0, 10)
		require.NoError(t, err)
		require.Empty(t, changedIDs, "nothing changed after the cursor")

		hist, err := tx.ScoreHistories(ctx)
		require.NoError(t, err)
		require.Len(t, hist, 1, "both wallets are one contact now")
		require.Len(t, hist[0].Events, 2)
		require.Equal(t, 1, hist[0].Handles)
		return nil
	})
}
