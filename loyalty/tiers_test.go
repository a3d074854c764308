package loyalty_test

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
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
		{[]loyalty.Tier{{Name: "a", Badge: "0x1"}}, "tiers.0.badge"},
		{[]loyalty.Tier{{Name: "a", Badge: "-1"}}, "tiers.0.badge"},
		{[]loyalty.Tier{{Name: "a"}, {Name: "b", Badge: "1" + strings.Repeat("0", 78)}}, "tiers.1.badge"},
	} {
		var fe *loyalty.FieldError
		require.ErrorAs(t, loyalty.ValidateTiers(tc.tiers), &fe)
		require.Equal(t, tc.field, fe.Field)
	}
	require.NoError(t, loyalty.ValidateTiers([]loyalty.Tier{{Name: "a"}, {Name: "b", MinPoints: 5, Basis: "season", Badge: "42"}}))
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

func TestTierOfHoldings(t *testing.T) {
	t.Parallel()
	tiers := []loyalty.Tier{
		{Name: "silver", MinPoints: 100},
		{Name: "holder", Basis: loyalty.BasisHoldings, Contract: "pass", MinHolding: "2"},
		{Name: "whale", Basis: loyalty.BasisHoldings, Contract: "vault", MinHolding: "1000", MinPoints: 500},
		{Name: "gold", MinPoints: 1000},
	}
	held := func(pass, vault int64) map[string]*big.Int {
		return map[string]*big.Int{"pass": big.NewInt(pass), "vault": big.NewInt(vault)}
	}
	for _, tc := range []struct {
		name string
		in   loyalty.TierInput
		want string
	}{
		{"nothing", loyalty.TierInput{}, ""},
		{"one below min_holding", loyalty.TierInput{Holdings: held(1, 0)}, ""},
		{"exactly min_holding", loyalty.TierInput{Holdings: held(2, 0)}, "holder"},
		{"points tier ranks above a 0-point holdings tier", loyalty.TierInput{Lifetime: 100, Holdings: held(5, 0)}, "silver"},
		{"holdings tier needs its min_points", loyalty.TierInput{Lifetime: 499, Holdings: held(0, 5000)}, "silver"},
		{"holdings tier at its min_points and min_holding", loyalty.TierInput{Lifetime: 500, Holdings: held(0, 1000)}, "whale"},
		{"one base unit short", loyalty.TierInput{Lifetime: 500, Holdings: held(0, 999)}, "silver"},
		{"a higher points tier outranks it", loyalty.TierInput{Lifetime: 1000, Holdings: held(0, 1000)}, "gold"},
		{"holdings unknown", loyalty.TierInput{Lifetime: 500}, "silver"},
	} {
		require.Equal(t, tc.want, loyalty.TierOf(tiers, tc.in), tc.name)
	}
	require.Equal(t, "silver", loyalty.TierFor(tiers, 100, 0), "TierFor never reaches holdings tiers")
}

func TestValidateHoldingTiers(t *testing.T) {
	t.Parallel()
	contracts := map[string]string{"pass": "erc721", "vault": "staking", "gov": "governor"}
	ok := loyalty.Tier{Name: "holder", Basis: loyalty.BasisHoldings, Contract: "pass", MinHolding: "1"}
	for _, tc := range []struct {
		field string
		edit  func(t *loyalty.Tier)
	}{
		{"tiers.0.contract", func(t *loyalty.Tier) { t.Contract = "" }},
		{"tiers.0.contract", func(t *loyalty.Tier) { t.Contract = "nope" }},
		{"tiers.0.contract", func(t *loyalty.Tier) { t.Contract = "gov" }},
		{"tiers.0.min_holding", func(t *loyalty.Tier) { t.MinHolding = "" }},
		{"tiers.0.min_holding", func(t *loyalty.Tier) { t.MinHolding = "-1" }},
		{"tiers.0.min_holding", func(t *loyalty.Tier) { t.MinHolding = "1e18" }},
		{"tiers.0.min_points", func(t *loyalty.Tier) { t.MinPoints = -1 }},
		{"tiers.0.contract", func(t *loyalty.Tier) { t.Basis = "" }},
		{"tiers.0.min_holding", func(t *loyalty.Tier) { t.Basis, t.Contract = loyalty.BasisSeason, "" }},
	} {
		tier := ok
		tc.edit(&tier)
		var fe *loyalty.FieldError
		require.ErrorAs(t, loyalty.ValidateTiersWith([]loyalty.Tier{tier}, contracts), &fe, "%+v", tier)
		require.Equal(t, tc.field, fe.Field, "%+v", tier)
	}
	require.NoError(t, loyalty.ValidateTiersWith([]loyalty.Tier{ok, {Name: "staker", Basis: "holdings", Contract: "vault", MinHolding: "0"}}, contracts))
	require.NoError(t, loyalty.ValidateTiers([]loyalty.Tier{{Name: "holder", Basis: "holdings", Contract: "any", MinHolding: "3"}}), "no contract list: names unchecked")
}

// holdingBundle is a rule bundle whose ledger counts holdings of the
// erc721 contract "pass" and the staking contract "vault".
func holdingBundle(t *testing.T, b storetest.Backend, tiers []loyalty.Tier) *ruleBundle {
	t.Helper()
	tb := setupRules(t, b, nil, tiers)
	tb.ledger.Contracts = map[string]string{"pass": "erc721", "vault": "staking"}
	return tb
}

// index stores the events as new, moves holdings and runs the holdings
// tier update for each, as serve's holdings and rules event hooks do.
func (tb *ruleBundle) index(t *testing.T, events ...chain.Event) {
	t.Helper()
	tb.inTx(t, func(tx ruleTx) error {
		stored, err := tx.InsertEvents(context.Background(), events)
		if err != nil {
			return err
		}
		for _, ev := range stored {
			if _, err := tx.Tx.ApplyHoldings(context.Background(), ev, 1); err != nil {
				return err
			}
			if err := tb.ledger.UpdateHoldingTiers(context.Background(), tx.Tx, ev, "holdings changed: event "+ev.Key()); err != nil {
				return err
			}
		}
		return nil
	})
}

// orphan marks every event of chain 1337 above block fork removed, moves
// holdings back and runs the holdings tier update for each, as serve's
// removed hooks do.
func (tb *ruleBundle) orphan(t *testing.T, fork uint64) {
	t.Helper()
	tb.inTx(t, func(tx ruleTx) error {
		removed, err := tx.RemoveEventsAbove(context.Background(), 1337, fork, 1)
		if err != nil {
			return err
		}
		for _, ev := range removed {
			if _, err := tx.Tx.ApplyHoldings(context.Background(), ev, -1); err != nil {
				return err
			}
			if err := tb.ledger.UpdateHoldingTiers(context.Background(), tx.Tx, ev, "reorg: event "+ev.Key()+" orphaned"); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tb *ruleBundle) tierOf(t *testing.T, contact int64) string {
	t.Helper()
	var s string
	tb.inTx(t, func(tx ruleTx) error {
		var err error
		s, err = tx.ContactTier(context.Background(), contact)
		return err
	})
	return s
}

func (tb *ruleBundle) tierPath(t *testing.T, contact int64) [][2]string {
	t.Helper()
	var path [][2]string
	tb.inTx(t, func(tx ruleTx) error {
		changes, err := tx.TierChanges(context.Background(), contact)
		for _, c := range changes {
			path = append(path, [2]string{c.From, c.To})
		}
		return err
	})
	return path
}

func nftTransfer(from, to common.Address) chain.Event {
	kind := chain.KindTransfer
	if from == (common.Address{}) {
		kind = chain.KindMint
	}
	return ruleEvent(kind, to, map[string]string{"from": from.Hex(), "to": to.Hex(), "tokenId": "1"})
}

func TestHoldingTiersFollowNFTs(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tiers := []loyalty.Tier{
				{Name: "holder", Basis: loyalty.BasisHoldings, Contract: "pass", MinHolding: "2"},
				{Name: "silver", MinPoints: 100},
			}
			tb := holdingBundle(t, b, tiers)
			other := common.Address{0xBB}
			var otherContact int64
			tb.inTx(t, func(tx ruleTx) error {
				var err error
				otherContact, _, err = crm.EnsureWallet(context.Background(), tx, other)
				return err
			})
			var zero common.Address
			tb.index(t, nftTransfer(zero, tb.wallet))
			require.Equal(t, "", tb.tierOf(t, tb.contact), "one below min_holding")
			second := nftTransfer(zero, tb.wallet)
			tb.index(t, second)
			require.Equal(t, "holder", tb.tierOf(t, tb.contact), "exactly min_holding")

			// Holdings of another contract change nothing.
			other721 := nftTransfer(zero, tb.wallet)
			other721.Source = "elsewhere"
			tb.index(t, other721)
			require.Equal(t, "holder", tb.tierOf(t, tb.contact))

			// A transfer out lowers the sender's tier; the receiver gains.
			out := nftTransfer(tb.wallet, other)
			tb.index(t, out)
			require.Equal(t, "", tb.tierOf(t, tb.contact), "transferred one away")
			require.Equal(t, "", tb.tierOf(t, otherContact), "one NFT is below min_holding")
			tb.index(t, nftTransfer(zero, other))
			require.Equal(t, "holder", tb.tierOf(t, otherContact))

			// A reorg orphaning the transfer out (and everything after it)
			// gives the NFT back to the sender and takes the receiver's.
			tb.orphan(t, out.BlockNumber-1)
			require.Equal(t, "holder", tb.tierOf(t, tb.contact))
			require.Equal(t, "", tb.tierOf(t, otherContact))
			// A reorg orphaning the qualifying mint lowers the tier again.
			tb.orphan(t, second.BlockNumber-1)
			require.Equal(t, "", tb.tierOf(t, tb.contact))
			require.Equal(t, [][2]string{{"", "holder"}, {"holder", ""}, {"", "holder"}, {"holder", ""}}, tb.tierPath(t, tb.contact))
			tb.inTx(t, func(tx ruleTx) error {
				changes, err := tx.TierChanges(context.Background(), tb.contact)
				require.Contains(t, changes[len(changes)-1].Reason, "reorg: event "+second.Key()+" orphaned")
				return err
			})

			// Points still lift the contact through the ledger.
			tb.inTx(t, func(tx ruleTx) error {
				_, err := loyalty.Award(context.Background(), tx, loyalty.Entry{ContactID: tb.contact, Amount: 100, Reason: "r", Source: "s", Key: "k"})
				return err
			})
			require.Equal(t, "silver", tb.tierOf(t, tb.contact))
		})
	}
}

func TestHoldingTiersFollowStakes(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tiers := []loyalty.Tier{
				{Name: "silver", MinPoints: 100},
				{Name: "whale", Basis: loyalty.BasisHoldings, Contract: "vault", MinHolding: "1000", MinPoints: 100},
			}
			tb := holdingBundle(t, b, tiers)
			stake := func(kind chain.Kind, amount string) chain.Event {
				ev := ruleEvent(kind, tb.wallet, map[string]string{"user": tb.wallet.Hex(), "amount": amount})
				ev.Source = "vault"
				return ev
			}
			tb.inTx(t, func(tx ruleTx) error {
				_, err := loyalty.Award(context.Background(), tx, loyalty.Entry{ContactID: tb.contact, Amount: 100, Reason: "r", Source: "s", Key: "k"})
				return err
			})
			require.Equal(t, "silver", tb.tierOf(t, tb.contact))
			tb.index(t, stake(chain.KindStake, "999"))
			require.Equal(t, "silver", tb.tierOf(t, tb.contact), "one base unit below min_holding")
			top := stake(chain.KindStake, "1")
			tb.index(t, top)
			require.Equal(t, "whale", tb.tierOf(t, tb.contact), "exactly min_holding")
			tb.index(t, stake(chain.KindUnstake, "1"))
			require.Equal(t, "silver", tb.tierOf(t, tb.contact), "unstaked below")
			tb.orphan(t, top.BlockNumber) // the unstake only
			require.Equal(t, "whale", tb.tierOf(t, tb.contact))
			tb.orphan(t, top.BlockNumber-1)
			require.Equal(t, "silver", tb.tierOf(t, tb.contact), "the qualifying stake orphaned")
			require.Equal(t, [][2]string{{"", "silver"}, {"silver", "whale"}, {"whale", "silver"}, {"silver", "whale"}, {"whale", "silver"}}, tb.tierPath(t, tb.contact))
		})
	}
}
