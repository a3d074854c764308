package loyalty_test

import (
	"context"
	"math/big"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// ruleT0 is noon UTC, far from a day boundary.
var ruleT0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// ruleTx applies the ledger to every entry written through the
// transaction, as cmd/beckon does.
type ruleTx struct {
	*store.Tx
	l *loyalty.Ledger
}

func (t ruleTx) InsertEntry(ctx context.Context, e loyalty.Entry) (bool, error) {
	return t.l.Insert(ctx, t.Tx, e)
}

type ruleBundle struct {
	db     *store.DB
	now    time.Time
	ledger *loyalty.Ledger
	hook   *loyalty.RulesHook
	wallet common.Address
	// contact is the wallet's contact.
	contact int64
}

func setupRules(t *testing.T, b storetest.Backend, rules []loyalty.Rule, tiers []loyalty.Tier) *ruleBundle {
	t.Helper()
	tb := &ruleBundle{db: b.Open(t), now: ruleT0, wallet: common.Address{0xAA}}
	tb.db.Now = func() time.Time { return tb.now }
	tb.ledger = &loyalty.Ledger{Season: "s1", Tiers: tiers}
	var err error
	tb.hook, err = loyalty.NewRulesHook(rules, tiers, nil, "s1", func() time.Time { return tb.now })
	require.NoError(t, err)
	tb.inTx(t, func(tx ruleTx) error {
		tb.contact, _, err = crm.EnsureWallet(context.Background(), tx, tb.wallet)
		return err
	})
	return tb
}

func (tb *ruleBundle) inTx(t *testing.T, fn func(tx ruleTx) error) {
	t.Helper()
	require.NoError(t, tb.db.InTx(context.Background(), func(tx *store.Tx) error { return fn(ruleTx{tx, tb.ledger}) }))
}

var ruleLogIndex atomic.Uint32

func ruleEvent(kind chain.Kind, wallet common.Address, args map[string]string) chain.Event {
	logIndex := uint(ruleLogIndex.Add(1))
	return chain.Event{ChainID: 1337, BlockNumber: uint64(logIndex), BlockHash: common.Hash{byte(logIndex), byte(logIndex >> 8), 0x01},
		TxHash: common.Hash{byte(logIndex), 0x02}, LogIndex: logIndex, Contract: common.Address{0xC0}, Source: "pass",
		Kind: kind, Name: string(kind), Wallet: wallet, Args: args}
}

// handle runs the hook for ev at the bundle's time and returns the balance.
func (tb *ruleBundle) handle(t *testing.T, ev chain.Event) int64 {
	t.Helper()
	var bal int64
	tb.inTx(t, func(tx ruleTx) error {
		if err := tb.hook.HandleEvent(context.Background(), tx, ev, tb.contact); err != nil {
			return err
		}
		var err error
		bal, err = tx.Balance(context.Background(), tb.contact)
		return err
	})
	return bal
}

func (tb *ruleBundle) reverse(t *testing.T, ev interface{ Key() string }) {
	t.Helper()
	tb.inTx(t, func(tx ruleTx) error {
		_, err := loyalty.ReverseSource(context.Background(), tx, ev.Key(), "reorg: event orphaned")
		return err
	})
}

func TestRuleCaps(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				name string
				rule loyalty.Rule
				want []int64 // balance after each event
			}{
				{"daily cap reached exactly", loyalty.Rule{DailyCap: 30}, []int64{10, 20, 30, 30}},
				{"daily cap cuts the award", loyalty.Rule{DailyCap: 25}, []int64{10, 20, 25, 25}},
				{"season cap", loyalty.Rule{SeasonCap: 20}, []int64{10, 20, 20}},
				{"cap includes the first-time bonus", loyalty.Rule{DailyCap: 30, FirstTimeBonus: 15}, []int64{25, 30, 30}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					r := tc.rule
					r.Name, r.Event, r.Points = "mint", "mint", 10
					tb := setupRules(t, b, []loyalty.Rule{r}, nil)
					for i, want := range tc.want {
						tb.now = tb.now.Add(time.Minute)
						require.Equal(t, want, tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)), "after event %d", i+1)
					}
				})
			}
			t.Run("daily cap restarts the next UTC day", func(t *testing.T) {
				t.Parallel()
				tb := setupRules(t, b, []loyalty.Rule{{Name: "m", Event: "mint", Points: 10, DailyCap: 10}}, nil)
				require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)))
				require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)))
				tb.now = time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
				require.Equal(t, int64(20), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)))
			})
			t.Run("reversed entries leave the cap", func(t *testing.T) {
				t.Parallel()
				tb := setupRules(t, b, []loyalty.Rule{{Name: "m", Event: "mint", Points: 10, DailyCap: 10}}, nil)
				first := ruleEvent(chain.KindMint, tb.wallet, nil)
				require.Equal(t, int64(10), tb.handle(t, first))
				tb.reverse(t, first)
				require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)))
			})
		})
	}
}

func TestRuleCooldown(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tb := setupRules(t, b, []loyalty.Rule{{Name: "vote", Event: "vote", Points: 5, Cooldown: "1h"}}, nil)
			require.Equal(t, int64(5), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)))
			tb.now = ruleT0.Add(time.Hour - time.Millisecond)
			require.Equal(t, int64(5), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)), "just before the cooldown ends")
			tb.now = ruleT0.Add(time.Hour)
			require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)), "when the cooldown ends")
			require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)), "a new cooldown started")
			require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)), "other kinds match no rule")
		})
	}
}

func TestRuleMultipliers(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			t.Run("stake thresholds are inclusive", func(t *testing.T) {
				t.Parallel()
				rule := loyalty.Rule{Name: "vote", Event: "vote", Points: 10, Multipliers: loyalty.Multipliers{
					Stake: []loyalty.StakeMultiplier{{MinStaked: "5000", Factor: 3}, {MinStaked: "1000", Factor: 1.5}}}}
				for _, tc := range []struct {
					staked string
					want   int64
				}{{"0", 10}, {"999", 10}, {"1000", 15}, {"4999", 15}, {"5000", 30}} {
					tb := setupRules(t, b, []loyalty.Rule{rule}, nil)
					tb.inTx(t, func(tx ruleTx) error {
						_, err := tx.InsertEvents(context.Background(), []chain.Event{ruleEvent(chain.KindStake, tb.wallet, map[string]string{"amount": tc.staked})})
						return err
					})
					require.Equal(t, tc.want, tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)), "staked %s", tc.staked)
				}
			})
			t.Run("tier factor applies from the threshold", func(t *testing.T) {
				t.Parallel()
				tiers := []loyalty.Tier{{Name: "gold", MinPoints: 30}}
				rule := loyalty.Rule{Name: "mint", Event: "mint", Points: 10, Multipliers: loyalty.Multipliers{Tier: map[string]float64{"gold": 1.5}}}
				tb := setupRules(t, b, []loyalty.Rule{rule}, tiers)
				want := []int64{10, 20, 30, 45, 60} // gold reached at exactly 30
				for i, w := range want {
					require.Equal(t, w, tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)), "event %d", i+1)
				}
			})
		})
	}
}

func TestRuleFirstTimeBonus(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tb := setupRules(t, b, []loyalty.Rule{{Name: "mint", Event: "mint", Points: 10, FirstTimeBonus: 50}}, nil)
			first := ruleEvent(chain.KindMint, tb.wallet, nil)
			require.Equal(t, int64(60), tb.handle(t, first))
			require.Equal(t, int64(70), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)), "only the first")
			other := common.Address{0xBB}
			var c2 int64
			tb.inTx(t, func(tx ruleTx) error {
				var err error
				c2, _, err = crm.EnsureWallet(context.Background(), tx, other)
				if err != nil {
					return err
				}
				return tb.hook.HandleEvent(context.Background(), tx, ruleEvent(chain.KindMint, other, nil), c2)
			})
			tb.inTx(t, func(tx ruleTx) error {
				bal, err := tx.Balance(context.Background(), c2)
				require.Equal(t, int64(60), bal, "per contact")
				return err
			})
		})
	}
}

func TestRuleExpiry(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			tb := setupRules(t, b, []loyalty.Rule{{Name: "mint", Event: "mint", Points: 10, ExpiresAfter: "24h"}}, nil)
			require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindMint, tb.wallet, nil)))
			for _, tc := range []struct {
				at   time.Time
				want int64
			}{{ruleT0.Add(24*time.Hour - time.Millisecond), 10}, {ruleT0.Add(24 * time.Hour), 0}} {
				tb.inTx(t, func(tx ruleTx) error {
					got, err := tx.BalanceAt(context.Background(), tb.contact, "", tc.at)
					require.Equal(t, tc.want, got, "at %v", tc.at)
					return err
				})
			}
		})
	}
}

// ledgerSnapshot is the ledger as comparable data: keys and amounts of every
// entry, and the balance, season balance and tier of each contact.
type ledgerSnapshot struct {
	Entries []string
	Points  map[int64][3]any
}

func snapLedger(t *testing.T, tb *ruleBundle, contacts []int64, effectiveOnly bool) ledgerSnapshot {
	s := ledgerSnapshot{Points: map[int64][3]any{}}
	tb.inTx(t, func(tx ruleTx) error {
		ctx := context.Background()
		for _, c := range contacts {
			hist, _, err := tx.History(ctx, c, 0, 1000)
			require.NoError(t, err)
			reversed := map[int64]bool{}
			for _, e := range hist {
				reversed[e.Reverses] = true
			}
			for _, e := range hist {
				if effectiveOnly && (e.Reverses != 0 || reversed[e.ID]) {
					continue
				}
				s.Entries = append(s.Entries, e.Key+"="+strconv.FormatInt(e.Amount, 10))
			}
			bal, err := tx.Balance(ctx, c)
			require.NoError(t, err)
			season, err := tx.SeasonBalance(ctx, c, "s1")
			require.NoError(t, err)
			tier, err := tx.ContactTier(ctx, c)
			require.NoError(t, err)
			s.Points[c] = [3]any{bal, season, tier}
		}
		return nil
	})
	sort.Strings(s.Entries)
	return s
}

func replayRules() ([]loyalty.Rule, []loyalty.Tier) {
	tiers := []loyalty.Tier{{Name: "silver", MinPoints: 40}, {Name: "gold", MinPoints: 80, Basis: loyalty.BasisSeason}}
	return []loyalty.Rule{
		{Name: "mint", Event: "mint", Points: 10, FirstTimeBonus: 25, DailyCap: 100, Multipliers: loyalty.Multipliers{Tier: map[string]float64{"silver": 2}}},
		{Name: "vote", Event: "vote", Points: 7, Cooldown: "10m", SeasonCap: 20},
	}, tiers
}

func TestRulesReplayChangesNothing(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			rules, tiers := replayRules()
			tb := setupRules(t, b, rules, tiers)
			var events []chain.Event
			for i := 0; i < 8; i++ {
				kind := chain.KindMint
				if i%2 == 1 {
					kind = chain.KindVote
				}
				events = append(events, ruleEvent(kind, tb.wallet, nil))
			}
			for _, ev := range events {
				tb.now = tb.now.Add(11 * time.Minute)
				tb.handle(t, ev)
			}
			before := snapLedger(t, tb, []int64{tb.contact}, false)
			require.NotEmpty(t, before.Entries)
			for _, ev := range events {
				tb.now = tb.now.Add(11 * time.Minute)
				tb.handle(t, ev)
			}
			require.Equal(t, before, snapLedger(t, tb, []int64{tb.contact}, false))
		})
	}
}

func TestRulesReorgEqualsRemainingEvents(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			rules, tiers := replayRules()
			var events []chain.Event
			for i := 0; i < 9; i++ {
				kind := chain.KindMint
				if i%3 == 2 {
					kind = chain.KindVote
				}
				events = append(events, ruleEvent(kind, common.Address{0xAA}, nil))
			}
			// A reorg orphans the newest blocks: here the last four events.
			const kept = 4
			full := setupRules(t, b, rules, tiers)
			for _, ev := range events {
				full.now = full.now.Add(11 * time.Minute)
				full.handle(t, ev)
			}
			var changes int
			full.inTx(t, func(tx ruleTx) error {
				c, err := tx.TierChanges(context.Background(), full.contact)
				changes = len(c)
				return err
			})
			for _, ev := range events[kept:] {
				full.reverse(t, ev)
			}
			remaining := setupRules(t, b, rules, tiers)
			for _, ev := range events[:kept] {
				remaining.now = remaining.now.Add(11 * time.Minute)
				remaining.handle(t, ev)
			}
			got := snapLedger(t, full, []int64{full.contact}, true)
			want := snapLedger(t, remaining, []int64{remaining.contact}, true)
			require.Equal(t, want.Entries, got.Entries)
			require.Equal(t, want.Points[remaining.contact], got.Points[full.contact])
			require.Equal(t, "silver", got.Points[full.contact][2])
			full.inTx(t, func(tx ruleTx) error {
				c, err := tx.TierChanges(context.Background(), full.contact)
				require.Greater(t, len(c), changes, "the reversal lowered the tier and recorded it")
				require.Equal(t, "gold", c[len(c)-1].From)
				require.Equal(t, "silver", c[len(c)-1].To)
				require.Contains(t, c[len(c)-1].Reason, "reversal of entry")
				return err
			})
		})
	}
}

func TestValidateRules(t *testing.T) {
	t.Parallel()
	tiers := []loyalty.Tier{{Name: "gold", MinPoints: 100}}
	ok := loyalty.Rule{Name: "mint", Event: "mint", Contract: "pass", Points: 10}
	for _, tc := range []struct {
		field string
		edit  func(r *loyalty.Rule)
	}{
		{"rules.0.name", func(r *loyalty.Rule) { r.Name = "" }},
		{"rules.0.name", func(r *loyalty.Rule) { r.Name = "a:b" }},
		{"rules.0.event", func(r *loyalty.Rule) { r.Event = "burn" }},
		{"rules.0.contract", func(r *loyalty.Rule) { r.Contract = "nope" }},
		{"rules.0.points", func(r *loyalty.Rule) { r.Points = 0 }},
		{"rules.0.daily_cap", func(r *loyalty.Rule) { r.DailyCap = -1 }},
		{"rules.0.season_cap", func(r *loyalty.Rule) { r.SeasonCap = -1 }},
		{"rules.0.cooldown", func(r *loyalty.Rule) { r.Cooldown = "soon" }},
		{"rules.0.cooldown", func(r *loyalty.Rule) { r.Cooldown = "-1h" }},
		{"rules.0.expires_after", func(r *loyalty.Rule) { r.ExpiresAfter = "1 day" }},
		{"rules.0.first_time_bonus", func(r *loyalty.Rule) { r.FirstTimeBonus = -5 }},
		{"rules.0.multipliers.tier.platinum", func(r *loyalty.Rule) { r.Multipliers.Tier = map[string]float64{"platinum": 2} }},
		{"rules.0.multipliers.tier.gold", func(r *loyalty.Rule) { r.Multipliers.Tier = map[string]float64{"gold": -1} }},
		{"rules.0.multipliers.stake.0.min_staked", func(r *loyalty.Rule) {
			r.Multipliers.Stake = []loyalty.StakeMultiplier{{MinStaked: "1e18", Factor: 2}}
		}},
		{"rules.0.multipliers.stake.1.min_staked", func(r *loyalty.Rule) {
			r.Multipliers.Stake = []loyalty.StakeMultiplier{{MinStaked: "10", Factor: 2}, {MinStaked: "10", Factor: 3}}
		}},
	} {
		t.Run(tc.field, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			err := loyalty.ValidateRules([]loyalty.Rule{r}, tiers, []string{"pass"})
			var fe *loyalty.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tc.field, fe.Field)
			require.Contains(t, fe.Msg, "rule ")
		})
	}
	require.NoError(t, loyalty.ValidateRules([]loyalty.Rule{ok}, tiers, []string{"pass"}))
	err := loyalty.ValidateRules([]loyalty.Rule{ok, ok}, tiers, nil)
	require.ErrorContains(t, err, "rules.1.name: rule mint: defined twice")
}

// ruleEventWithKey stands for an event whose Key() is source, for reversing
// entries written with that source.
type keyedEvent string

func ruleEventWithKey(source string) keyedEvent { return keyedEvent(source) }

func (k keyedEvent) Key() string { return string(k) }

func TestStakingSince(t *testing.T) {
	t.Parallel()
	at := func(h int) time.Time { return ruleT0.Add(time.Duration(h) * time.Hour) }
	ev := func(contract string, kind chain.Kind, amount int64, h int) loyalty.StakeEvent {
		return loyalty.StakeEvent{Contract: contract, Kind: kind, Amount: big.NewInt(amount), At: at(h)}
	}
	for _, tc := range []struct {
		name   string
		events []loyalty.StakeEvent
		want   time.Time // zero: nothing staked
	}{
		{"nothing", nil, time.Time{}},
		{"one stake", []loyalty.StakeEvent{ev("v", chain.KindStake, 10, 1)}, at(1)},
		{"topping up keeps the start", []loyalty.StakeEvent{ev("v", chain.KindStake, 10, 1), ev("v", chain.KindStake, 5, 2)}, at(1)},
		{"a partial unstake keeps the start", []loyalty.StakeEvent{ev("v", chain.KindStake, 10, 1), ev("v", chain.KindUnstake, 9, 2)}, at(1)},
		{"unstaked to zero restarts", []loyalty.StakeEvent{ev("v", chain.KindStake, 10, 1), ev("v", chain.KindUnstake, 10, 2), ev("v", chain.KindStake, 3, 3), ev("v", chain.KindStake, 3, 4)}, at(3)},
		{"all unstaked", []loyalty.StakeEvent{ev("v", chain.KindStake, 10, 1), ev("v", chain.KindUnstake, 10, 2)}, time.Time{}},
		{"below zero counts as zero", []loyalty.StakeEvent{ev("v", chain.KindUnstake, 5, 1), ev("v", chain.KindStake, 5, 2), ev("v", chain.KindStake, 1, 3)}, at(3)},
		{"oldest position over contracts", []loyalty.StakeEvent{ev("a", chain.KindStake, 1, 1), ev("b", chain.KindStake, 1, 2), ev("a", chain.KindUnstake, 1, 3)}, at(2)},
	} {
		since, ok := loyalty.StakingSince(tc.events)
		require.Equal(t, !tc.want.IsZero(), ok, tc.name)
		require.True(t, tc.want.Equal(since), "%s: since %v, want %v", tc.name, since, tc.want)
	}
}

func TestRuleStakeDuration(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			rule := loyalty.Rule{Name: "vote", Event: "vote", Points: 10, Multipliers: loyalty.Multipliers{
				StakeDuration: []loyalty.StakeDurationMultiplier{{MinDuration: "2160h", Factor: "2"}, {MinDuration: "720h", Factor: "1.5"}}}}
			const month = 720 * time.Hour
			for _, tc := range []struct {
				name    string
				elapsed time.Duration // from the first stake to the vote
				want    int64
			}{
				{"just staked", 0, 10},
				{"a millisecond short", month - time.Millisecond, 10},
				{"exactly at the threshold", month, 15},
				{"just short of the next", 3*month - time.Millisecond, 15},
				{"exactly at the next", 3 * month, 20},
			} {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tb := setupRules(t, b, []loyalty.Rule{rule}, nil)
					stake := func(kind chain.Kind, amount string) {
						tb.inTx(t, func(tx ruleTx) error {
							_, err := tx.InsertEvents(context.Background(), []chain.Event{ruleEvent(kind, tb.wallet, map[string]string{"amount": amount})})
							return err
						})
					}
					stake(chain.KindStake, "100") // at ruleT0, the events' stored time
					tb.now = ruleT0.Add(time.Hour)
					stake(chain.KindStake, "50") // a top-up keeps the period's start
					tb.now = ruleT0.Add(tc.elapsed)
					require.Equal(t, tc.want, tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)))
				})
			}
			t.Run("unstaking to zero restarts the clock", func(t *testing.T) {
				t.Parallel()
				tb := setupRules(t, b, []loyalty.Rule{rule}, nil)
				stake := func(kind chain.Kind, amount string) {
					tb.inTx(t, func(tx ruleTx) error {
						_, err := tx.InsertEvents(context.Background(), []chain.Event{ruleEvent(kind, tb.wallet, map[string]string{"amount": amount})})
						return err
					})
				}
				stake(chain.KindStake, "100")
				tb.now = ruleT0.Add(10 * time.Hour)
				stake(chain.KindUnstake, "100")
				tb.now = ruleT0.Add(20 * time.Hour)
				stake(chain.KindStake, "100")
				tb.now = ruleT0.Add(month + 10*time.Hour)
				require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)), "the new period is 710h old")
				tb.now = ruleT0.Add(month + 20*time.Hour)
				require.Equal(t, int64(25), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)), "the new period is 720h old")
			})
			t.Run("nothing staked", func(t *testing.T) {
				t.Parallel()
				tb := setupRules(t, b, []loyalty.Rule{rule}, nil)
				tb.now = ruleT0.Add(10 * month)
				require.Equal(t, int64(10), tb.handle(t, ruleEvent(chain.KindVote, tb.wallet, nil)))
			})
		})
	}
}

func TestValidateStakeDuration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		steps []loyalty.StakeDurationMultiplier
	}{
		{"rules.0.multipliers.stake_duration.0.min_duration", []loyalty.StakeDurationMultiplier{{MinDuration: "a month", Factor: "2"}}},
		{"rules.0.multipliers.stake_duration.0.min_duration", []loyalty.StakeDurationMultiplier{{MinDuration: "-1h", Factor: "2"}}},
		{"rules.0.multipliers.stake_duration.0.factor", []loyalty.StakeDurationMultiplier{{MinDuration: "720h", Factor: "x"}}},
		{"rules.0.multipliers.stake_duration.0.factor", []loyalty.StakeDurationMultiplier{{MinDuration: "720h", Factor: "-1"}}},
		{"rules.0.multipliers.stake_duration.1.min_duration", []loyalty.StakeDurationMultiplier{{MinDuration: "720h", Factor: "2"}, {MinDuration: "30d", Factor: "3"}}},
		{"rules.0.multipliers.stake_duration.1.min_duration", []loyalty.StakeDurationMultiplier{{MinDuration: "720h", Factor: "2"}, {MinDuration: "43200m", Factor: "3"}}},
	} {
		r := loyalty.Rule{Name: "vote", Event: "vote", Points: 1, Multipliers: loyalty.Multipliers{StakeDuration: tc.steps}}
		var fe *loyalty.FieldError
		require.ErrorAs(t, loyalty.ValidateRules([]loyalty.Rule{r}, nil, nil), &fe, "%v", tc.steps)
		require.Equal(t, tc.field, fe.Field, "%v", tc.steps)
	}
	var m loyalty.Multipliers
	require.NoError(t, yaml.Unmarshal([]byte(`stake_duration: [{min_duration: 720h, factor: "1.5"}, {min_duration: 1440h, factor: 2}]`), &m))
	require.Equal(t, []loyalty.StakeDurationMultiplier{{MinDuration: "720h", Factor: "1.5"}, {MinDuration: "1440h", Factor: "2"}}, m.StakeDuration)
	r := loyalty.Rule{Name: "vote", Event: "vote", Points: 1, Multipliers: m}
	require.NoError(t, loyalty.ValidateRules([]loyalty.Rule{r}, nil, nil))
}
