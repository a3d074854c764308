package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/store"
)

func exerciseCommunity(t *testing.T, db *store.DB) {
	ctx := context.Background()
	t0 := time.UnixMilli(1_800_000_000_000)
	setClock(db, t0)
	var contact int64
	var token, contactToken string
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		contact, _, err = crm.EnsureWallet(ctx, tx, common.Address{0xC1})
		require.NoError(t, err)
		token, err = community.IssueLinkToken(ctx, tx, community.PlatformDiscord, "811", time.Minute, t0)
		require.NoError(t, err)
		contactToken, err = community.IssueContactToken(ctx, tx, contact, time.Minute, t0)
		require.NoError(t, err)
		expired, err := community.IssueLinkToken(ctx, tx, community.PlatformTelegram, "700", time.Minute, t0)
		require.NoError(t, err)

		_, err = community.RedeemLinkToken(ctx, tx, expired, contact, t0.Add(time.Minute))
		require.ErrorIs(t, err, community.ErrLinkToken, "expired at exactly its expiry")
		_, err = community.RedeemLinkToken(ctx, tx, "guess", contact, t0)
		require.ErrorIs(t, err, community.ErrLinkToken)
		_, err = community.RedeemLinkToken(ctx, tx, contactToken, contact, t0)
		require.ErrorIs(t, err, community.ErrLinkToken, "a contact token cannot be redeemed as an account token")
		return nil
	})
	inTx(t, db, func(tx *store.Tx) error {
		id, err := community.RedeemLinkToken(ctx, tx, token, contact, t0.Add(30*time.Second))
		require.NoError(t, err)
		require.Equal(t, crm.Identity{Kind: crm.IdentityDiscord, Value: "811"}, id)
		_, err = community.RedeemLinkToken(ctx, tx, token, contact, t0.Add(30*time.Second))
		require.ErrorIs(t, err, community.ErrLinkToken, "single use")

		got, ok, err := tx.IdentityContact(ctx, crm.IdentityDiscord, "811")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, contact, got)

		c, err := community.RedeemContactToken(ctx, tx, contactToken, community.PlatformTelegram, "700", t0)
		require.NoError(t, err)
		require.Equal(t, contact, c)
		ids, err := tx.IdentityContacts(ctx, crm.IdentityTelegram)
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"700": contact}, ids)

		owner, ok, err := tx.UnlinkIdentity(ctx, crm.IdentityTelegram, "700")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, contact, owner)
		_, ok, err = tx.UnlinkIdentity(ctx, crm.IdentityTelegram, "700")
		require.NoError(t, err)
		require.False(t, ok)
		_, ok, err = tx.IdentityContact(ctx, crm.IdentityTelegram, "700")
		require.NoError(t, err)
		require.False(t, ok)

		// Grants: upsert, failing marks, per-user listing, delete.
		g := community.Grant{Platform: community.PlatformDiscord, Scope: "g1", UserID: "811", Name: "r1", ContactID: contact}
		require.NoError(t, tx.PutGrant(ctx, g))
		require.NoError(t, tx.PutGrant(ctx, g), "putting twice is an upsert")
		require.NoError(t, tx.PutGrant(ctx, community.Grant{Platform: community.PlatformDiscord, Scope: "g1", UserID: "812", Name: "r1", ContactID: contact}))
		g.FailingSince = t0.Add(time.Hour)
		g.Name = "r2"
		require.NoError(t, tx.PutGrant(ctx, g))
		all, err := tx.Grants(ctx, community.PlatformDiscord, "g1")
		require.NoError(t, err)
		require.Len(t, all, 3)
		mine, err := tx.UserGrants(ctx, community.PlatformDiscord, "g1", "811")
		require.NoError(t, err)
		require.Len(t, mine, 2)
		require.Equal(t, "r1", mine[0].Name)
		require.True(t, mine[0].FailingSince.IsZero())
		require.Equal(t, t0, mine[0].GrantedAt)
		require.Equal(t, t0.Add(time.Hour), mine[1].FailingSince)

		g.FailingSince = time.Time{}
		require.NoError(t, tx.PutGrant(ctx, g))
		mine, err = tx.UserGrants(ctx, community.PlatformDiscord, "g1", "811")
		require.NoError(t, err)
		require.True(t, mine[1].FailingSince.IsZero(), "clearing the failing mark")

		require.NoError(t, tx.DeleteGrant(ctx, community.PlatformDiscord, "g1", "811", "r1"))
		require.NoError(t, tx.DeleteGrant(ctx, community.PlatformDiscord, "g1", "811", "r1"), "deleting a missing grant is no error")
		other, err := tx.Grants(ctx, community.PlatformTelegram, "g1")
		require.NoError(t, err)
		require.Empty(t, other)
		return nil
	})
	// Two transactions redeeming the same token: exactly one wins.
	var tok string
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		tok, err = community.IssueLinkToken(ctx, tx, community.PlatformDiscord, "900", time.Minute, t0)
		return err
	})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			errs <- db.InTx(ctx, func(tx *store.Tx) error {
				_, err := community.RedeemLinkToken(ctx, tx, tok, contact, t0)
				return err
			})
		}()
	}
	var wins int
	for range 2 {
		err := <-errs
		if err == nil {
			wins++
		} else {
			require.True(t, errors.Is(err, community.ErrLinkToken) || err != nil)
		}
	}
	require.Equal(t, 1, wins)
}
