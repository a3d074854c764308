package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/store"
)

func exerciseEmail(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inTx(t, db, func(tx *store.Tx) error {
		st, err := tx.EmailStatus(ctx, "nobody@example.org")
		require.NoError(t, err)
		require.Equal(t, email.Status{}, st, "unknown addresses are neither suppressed nor confirmed")

		added, err := tx.Suppress(ctx, email.Suppression{Email: "Bounce@Example.org", Reason: email.ReasonBounced, Source: "sendgrid", Detail: "550 5.1.1",
			At: time.UnixMilli(1_700_000_000_123)})
		require.NoError(t, err)
		require.True(t, added)
		added, err = tx.Suppress(ctx, email.Suppression{Email: "bounce@example.org", Reason: email.ReasonComplained})
		require.NoError(t, err)
		require.False(t, added, "first reason stays")
		s, ok, err := tx.EmailSuppression(ctx, "BOUNCE@example.org")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, email.Suppression{Email: "bounce@example.org", Reason: email.ReasonBounced, Source: "sendgrid", Detail: "550 5.1.1",
			At: time.UnixMilli(1_700_000_000_123)}, s)
		st, err = tx.EmailStatus(ctx, "bounce@example.org")
		require.NoError(t, err)
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonBounced}, st)

		_, err = tx.Suppress(ctx, email.Suppression{Email: "x@example.org", Reason: "bored"})
		require.ErrorContains(t, err, "bored")
		_, err = tx.Suppress(ctx, email.Suppression{Reason: email.ReasonBounced})
		require.Error(t, err)

		removed, err := tx.Unsuppress(ctx, "bounce@example.org")
		require.NoError(t, err)
		require.True(t, removed)
		removed, err = tx.Unsuppress(ctx, "bounce@example.org")
		require.NoError(t, err)
		require.False(t, removed)
		_, ok, err = tx.EmailSuppression(ctx, "bounce@example.org")
		require.NoError(t, err)
		require.False(t, ok)
		return nil
	})

	// Double opt-in: new email identities wait for a request, then confirm.
	var ada int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		ada, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "ada@example.org"})
		require.NoError(t, err)
		other, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityWallet, Value: "0x00000000000000000000000000000000000000B0"})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, other, crm.Identity{Kind: crm.IdentityEmail, Value: "Bob@Example.org"})
		require.NoError(t, err)

		pending, err := tx.PendingEmailOptIns(ctx, 10)
		require.NoError(t, err)
		require.Equal(t, []string{"ada@example.org", "bob@example.org"}, pending)
		pending, err = tx.PendingEmailOptIns(ctx, 1)
		require.NoError(t, err)
		require.Len(t, pending, 1)

		first, err := tx.MarkEmailOptInRequested(ctx, "ada@example.org")
		require.NoError(t, err)
		require.True(t, first)
		again, err := tx.MarkEmailOptInRequested(ctx, "ada@example.org")
		require.NoError(t, err)
		require.False(t, again, "one request per address")
		pending, err = tx.PendingEmailOptIns(ctx, 10)
		require.NoError(t, err)
		require.Equal(t, []string{"bob@example.org"}, pending)

		st, err := tx.EmailStatus(ctx, "ada@example.org")
		require.NoError(t, err)
		require.False(t, st.Confirmed, "requested is not confirmed")
		newly, err := tx.ConfirmEmail(ctx, "ADA@example.org", "link")
		require.NoError(t, err)
		require.True(t, newly)
		newly, err = tx.ConfirmEmail(ctx, "ada@example.org", "link")
		require.NoError(t, err)
		require.False(t, newly)
		st, err = tx.EmailStatus(ctx, "ada@example.org")
		require.NoError(t, err)
		require.Equal(t, email.Status{Confirmed: true}, st)

		// Confirming directly (an import with recorded consent) also works.
		newly, err = tx.ConfirmEmail(ctx, "bob@example.org", "import")
		require.NoError(t, err)
		require.True(t, newly)
		pending, err = tx.PendingEmailOptIns(ctx, 10)
		require.NoError(t, err)
		require.Empty(t, pending)
		requested, err := tx.MarkEmailOptInRequested(ctx, "bob@example.org")
		require.NoError(t, err)
		require.False(t, requested, "confirmed addresses are not asked again")
		return nil
	})

	// Unsubscribing a contact suppresses its addresses.
	inTx(t, db, func(tx *store.Tx) error {
		require.NoError(t, tx.Unsubscribe(ctx, ada))
		require.NoError(t, tx.Unsubscribe(ctx, ada))
		st, err := tx.EmailStatus(ctx, "ada@example.org")
		require.NoError(t, err)
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonUnsubscribed, Confirmed: true}, st)
		return nil
	})
}
