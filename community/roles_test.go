package community

import (
	"context"
	"errors"
	"math/big"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

type factsStore struct {
	holdings map[string]*big.Int // contract -> amount
	staked   *big.Int
	facts    map[string]any
	calls    int
}

func (s *factsStore) Holding(_ context.Context, _ int64, contract, _ string) (*big.Int, error) {
	s.calls++
	if h := s.holdings[contract]; h != nil {
		return h, nil
	}
	return new(big.Int), nil
}

func (s *factsStore) StakedAmount(context.Context, int64) (*big.Int, error) { return s.staked, nil }
func (s *factsStore) ContactFacts(context.Context, int64) (map[string]any, error) {
	return s.facts, nil
}

// boolCondition stands in for a compiled CEL condition.
type boolCondition func(map[string]any) bool

func (c boolCondition) Eval(f map[string]any) (bool, error) { return c(f), nil }

type segments map[string]bool

func (s segments) InSegment(_ context.Context, seg string, _ int64) (bool, error) { return s[seg], nil }

func TestRulesQualify(t *testing.T) {
	contracts := map[string]string{"pass": "erc721", "vault": "staking"}
	compile := func(expr string) (Condition, error) {
		if expr == "bad" {
			return nil, errors.New("syntax error")
		}
		return boolCondition(func(f map[string]any) bool { return f["points"].(int64) >= 100 }), nil
	}
	rules, err := NewRules([]RoleRule{
		{Role: "Holder", Holds: &Threshold{Contract: "pass", Min: "2"}},
		{Role: "Staker", Staked: &Threshold{Min: "1000000000000000000000"}}, // 1e21: beyond int64
		{Role: "Staker", Tier: "gold"},
		{Role: "Active", When: "contact.points >= 100", Segment: "whales"},
	}, contracts, compile, segments{"whales": true})
	require.NoError(t, err)
	require.Equal(t, []string{"Active", "Holder", "Staker"}, rules.Roles())

	big21, _ := new(big.Int).SetString("1000000000000000000000", 10)
	s := &factsStore{holdings: map[string]*big.Int{"pass": big.NewInt(1)}, staked: new(big.Int).Sub(big21, big.NewInt(1)),
		facts: map[string]any{"tier": "silver", "points": int64(99)}}
	got, err := rules.Qualifies(t.Context(), s, 1)
	require.NoError(t, err)
	require.Empty(t, got, "one token short, one wei short, wrong tier, too few points")

	s.holdings["pass"] = big.NewInt(2)
	s.staked = big21
	s.facts["points"] = int64(100)
	got, err = rules.Qualifies(t.Context(), s, 1)
	require.NoError(t, err)
	require.Equal(t, []string{"Active", "Holder", "Staker"}, got)

	ok, err := rules.Qualify(t.Context(), s, 1, "Staker")
	require.NoError(t, err)
	require.True(t, ok)

	for _, tc := range []struct {
		rule  RoleRule
		field string
	}{
		{RoleRule{Holds: &Threshold{Contract: "pass"}}, "role"},
		{RoleRule{Role: "x"}, "role"},
		{RoleRule{Role: "x", Holds: &Threshold{Contract: "nope"}}, "holds.contract"},
		{RoleRule{Role: "x", Holds: &Threshold{Contract: "pass", Min: "1.5"}}, "holds.min"},
		{RoleRule{Role: "x", Staked: &Threshold{Contract: "pass"}}, "staked.contract"},
		{RoleRule{Role: "x", When: "bad"}, "when"},
	} {
		_, err := NewRules([]RoleRule{tc.rule}, contracts, compile, nil)
		var re *RuleError
		require.ErrorAs(t, err, &re)
		require.Equal(t, tc.field, re.Field)
	}
	_, err = NewRules([]RoleRule{{Role: "x", Segment: "whales"}}, contracts, compile, nil)
	require.ErrorContains(t, err, "segments are not configured")
}

func TestLogTelegramGate(t *testing.T) {
	s := newSink(t, filepath.Join(t.TempDir(), "c.jsonl"))
	tg := NewLogTelegram(s)
	ctx := t.Context()
	require.NoError(t, tg.ApproveJoinRequest(ctx, "-100", "7"))
	require.NoError(t, tg.DeclineJoinRequest(ctx, "-100", "8"))
	require.NoError(t, tg.RemoveMember(ctx, "-100", "7"))
	require.Error(t, tg.RemoveMember(ctx, "", "7"))
	require.NoError(t, NewLogDiscord(s).SendDirectMessage(ctx, "811", "gm", "k"))
	var kinds []string
	for _, a := range readLines(t, s.path) {
		kinds = append(kinds, a.Kind)
	}
	require.Equal(t, []string{KindJoinApprove, KindJoinDecline, KindMemberRemove, KindDM}, kinds)
}
