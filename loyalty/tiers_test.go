package loyalty_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestTierFor(t *testing.T) {
	t.Parallel()
	tiers := []loyalty.Tier{
		{Name: "gold", MinPoints: 1000},
		{Name: "silver", MinPoints: 100},
		{Name: "season-star", MinPoints: 500, Basis: loyalty.BasisSeason},
	}
	for _, tc := range []struct {
		lifetime, season int64
		want             string
	}{
		{0, 0, ""},
		{99, 99, ""},
		{100, 0, "silver"}, // at the threshold
		{999, 499, "silver"},
		{999, 500, "season-star"},
		{1000, 0, "gold"},
		{1000, 500, "gold"},
	} {
		require.Equal(t, tc.want, loyalty.TierFor(tiers, tc.lifetime, tc.season), "lifetime %d season %d", tc.lifetime, tc.season)
	}
}

func TestValidateTiers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tiers []loyalty.Tier
		field string
	}{
		{[]loyalty.Tier{{MinPoints: 1}}, "tiers.0.name"},
		{[]loyalty.Tier{{Name: "a"}, {Name: "a", MinPoints: 2}}, "tiers.1.name"},
		{[]loyalty.Tier{{Name: "a", MinPoints: -1}}, "tiers.0.min_points"},
		{[]loyalty.Tier{{Name: "a", Basis: "weekly"}}, "tiers.0.basis"},
	} {
		var fe *loyalty.FieldError
		require.ErrorAs(t, loyalty.ValidateTiers(tc.tiers), &fe)
		require.Equal(t, tc.field, fe.Field)
	}
	require.NoError(t, loyalty.ValidateTiers([]loyalty.Tier{{Name: "a"}, {Name: "b", MinPoints: 5, Basis: "season"}}))
}

func TestTiersFollowTheLedger(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tiers := []loyalty.Tier{{Name: "silver", MinPoints: 100}, {Name: "gold", MinPoints: 300}}
			tb := setupRules(t, b, nil, tiers)
			ctx := context.Background()
			award := func(key string, amount int64, source string) {
				tb.inTx(t, func(tx ruleTx) error {
					_, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: tb.contact, Amount: amount, Reason: key, Source: source, Key: key})
					return err
				})
			}
			tier := func() string {
				var s string
				tb.inTx(t, func(tx ruleTx) error {
					var err error
					s, err = tx.ContactTier(ctx, tb.contact)
					return err
				})
				return s
			}
			award("a", 99, "ev1")
			require.Equal(t, "", tier())
			award("b", 1, "ev2")
			require.Equal(t, "silver", tier(), "at the threshold")
			award("c", 250, "ev3")
			require.Equal(t, "gold", tier())
			tb.reverse(t, ruleEventWithKey("ev3"))
			require.Equal(t, "silver", tier(), "a reversal lowers the tier")
			tb.inTx(t, func(tx ruleTx) error {
				changes, err := tx.TierChanges(ctx, tb.contact)
				require.NoError(t, err)
				var path [][2]string
				for _, c := range changes {
					path = append(path, [2]string{c.From, c.To})
				}
				require.Equal(t, [][2]string{{"", "silver"}, {"silver", "gold"}, {"gold", "silver"}}, path)
				// Entries without a season get the ledger's.
				hist, _, err := tx.History(ctx, tb.contact, 0, 10)
				require.NoError(t, err)
				for _, e := range hist {
					require.Equal(t, "s1", e.Season)
				}
				return nil
			})
		})
	}
}

func TestAwardManualNeedsActor(t *testing.T) {
	t.Parallel()
	b := storetest.Backends(t)[0]
	tb := setupRules(t, b, nil, nil)
	ctx := context.Background()
	tb.inTx(t, func(tx ruleTx) error {
		_, err := loyalty.AwardManual(ctx, tx, loyalty.Entry{ContactID: tb.contact, Amount: 5, Reason: "event host", Key: "m1", Source: "manual"})
		require.ErrorIs(t, err, loyalty.ErrInvalid)
		ok, err := loyalty.AwardManual(ctx, tx, loyalty.Entry{ContactID: tb.contact, Amount: -5, Reason: "abuse", Key: "m2", Source: "manual", Actor: "ops"})
		require.NoError(t, err)
		require.True(t, ok)
		hist, _, err := tx.History(ctx, tb.contact, 0, 10)
		require.NoError(t, err)
		require.Len(t, hist, 1)
		require.Equal(t, "ops", hist[0].Actor)
		return nil
	})
}
