package flow

import (
	"math"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type stringer string

func (s stringer) String() string { return "0x" + string(s) }

func TestMatchesTrigger(t *testing.T) {
	d := mustParse(t, `name: m
trigger:
  event: transfer
  contract: genesis-pass
  where: 'event.args.value >= 1000000000000000000 && event.args.to.lowerAscii() != "0x0"'
steps: [ {wait: 1h} ]
`)
	oneEth, _ := new(big.Int).SetString("1000000000000000000", 10)
	huge, _ := new(big.Int).SetString("1000000000000000000000", 10) // 1000 ether, beyond int64
	ev := func(v any, to string) map[string]any {
		return map[string]any{"kind": "transfer", "args": map[string]any{"value": v, "to": to}}
	}
	tests := []struct {
		name     string
		kind     string
		contract string
		event    map[string]any
		want     bool
		wantErr  string
	}{
		{"match big int", "transfer", "genesis-pass", ev(oneEth, "0xABC"), true, ""},
		{"match huge big int as double", "transfer", "genesis-pass", ev(huge, "0xabc"), true, ""},
		{"below threshold", "transfer", "genesis-pass", ev(big.NewInt(5), "0xabc"), false, ""},
		{"burn address excluded", "transfer", "genesis-pass", ev(oneEth, "0X0"), false, ""},
		{"uint64 value", "transfer", "genesis-pass", ev(uint64(math.MaxUint64), "0xabc"), true, ""},
		{"wrong kind", "mint", "genesis-pass", ev(oneEth, "0xabc"), false, ""},
		{"wrong contract", "transfer", "other", ev(oneEth, "0xabc"), false, ""},
		{"missing arg is an error", "transfer", "genesis-pass", map[string]any{"args": map[string]any{}}, false, "trigger.where"},
		{"nil event is an error", "transfer", "genesis-pass", nil, false, "no such key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.MatchesTrigger(tc.kind, tc.contract, tc.event)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.ErrorContains(t, err, "flow m:")
				require.False(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}

	anyContract := mustParse(t, "name: a\ntrigger: { event: vote }\nsteps: [ {wait: 1h} ]\n")
	for _, c := range []string{"", "dao", "x"} {
		ok, err := anyContract.MatchesTrigger("vote", c, nil)
		require.NoError(t, err)
		require.True(t, ok, c)
	}
	ok, err := anyContract.MatchesTrigger("stake", "dao", nil)
	require.NoError(t, err)
	require.False(t, ok)
}

func TestAllows(t *testing.T) {
	d := mustParse(t, `name: a
trigger: { event: stake }
when: 'contact.points < 1000 && event.confirmed && "vip" in contact.segments && now > timestamp("2020-01-01T00:00:00Z")'
steps: [ {wait: 1h} ]
`)
	contact := func(points any, segments []string) map[string]any {
		return map[string]any{"points": points, "segments": segments}
	}
	tests := []struct {
		name    string
		v       Vars
		want    bool
		wantErr bool
	}{
		{"all true", Vars{Event: map[string]any{"confirmed": true}, Contact: contact(10, []string{"vip"})}, true, false},
		{"too many points", Vars{Event: map[string]any{"confirmed": true}, Contact: contact(int32(5000), []string{"vip"})}, false, false},
		{"unconfirmed", Vars{Event: map[string]any{"confirmed": false}, Contact: contact(uint8(1), []string{"vip"})}, false, false},
		{"not in segment", Vars{Event: map[string]any{"confirmed": true}, Contact: contact(big.NewInt(1), []string{"whale"})}, false, false},
		{"points as decimal string", Vars{Event: map[string]any{"confirmed": true}, Contact: contact("10", []string{"vip"})}, true, false},
		{"missing contact reads zero values", Vars{Event: map[string]any{"confirmed": true}}, false, false},
		{"missing event key", Vars{Contact: contact(10, []string{"vip"})}, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.Allows(tc.v)
			if tc.wantErr {
				require.ErrorContains(t, err, "flow a: when:")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}

	always := mustParse(t, "name: b\ntrigger: { event: stake }\nsteps: [ {wait: 1h} ]\n")
	ok, err := always.Allows(Vars{})
	require.NoError(t, err)
	require.True(t, ok)

	dyn := mustParse(t, "name: c\ntrigger: { event: stake }\nwhen: event.args.flag\nsteps: [ {wait: 1h} ]\n")
	_, err = dyn.Allows(Vars{Event: map[string]any{"args": map[string]any{"flag": "yes"}}})
	require.ErrorContains(t, err, "not bool")
	ok, err = dyn.Allows(Vars{Event: map[string]any{"args": map[string]any{"flag": true}}})
	require.NoError(t, err)
	require.True(t, ok)

	traits := mustParse(t, "name: d\ntrigger: { event: stake }\nwhen: 'contact.traits[\"plan\"] == \"pro\" && contact.holdings[\"pass\"] >= 1'\nsteps: [ {wait: 1h} ]\n")
	ok, err = traits.Allows(Vars{Contact: map[string]any{"traits": map[string]any{"plan": "pro"}, "holdings": map[string]any{"pass": int64(2)}}})
	require.NoError(t, err)
	require.True(t, ok)
}

func TestEvalIf(t *testing.T) {
	d := mustParse(t, `name: e
trigger: { event: mint }
steps:
  - wait: 1h
  - if: '!contact.staked'
    then:
      - if: 'has(contact.tier) && contact.tier == "gold" || size(event.args) > 1'
        then: [ exit ]
`)
	outer, ok := d.Step("1")
	require.True(t, ok)
	inner, ok := d.Step("1.then.0")
	require.True(t, ok)

	tests := []struct {
		name string
		step *Step
		v    Vars
		want bool
	}{
		{"not staked", outer, Vars{Contact: map[string]any{"staked": false}}, true},
		{"staked", outer, Vars{Contact: map[string]any{"staked": true}}, false},
		{"gold tier", inner, Vars{Event: map[string]any{"args": map[string]any{}}, Contact: map[string]any{"tier": "gold"}}, true},
		{"no tier, one arg", inner, Vars{Event: map[string]any{"args": map[string]any{"a": 1}}, Contact: map[string]any{}}, false},
		{"no tier, two args", inner, Vars{Event: map[string]any{"args": map[string]any{"a": 1, "b": 2}}, Contact: map[string]any{}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.EvalIf(tc.step, tc.v)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}

	_, err := d.EvalIf(inner, Vars{})
	require.ErrorContains(t, err, "flow e: step 1.then.0 if:")
	wait, _ := d.Step("0")
	_, err = d.EvalIf(wait, Vars{})
	require.ErrorContains(t, err, `step "0" is not an if step`)
	_, err = d.EvalIf(nil, Vars{})
	require.ErrorContains(t, err, "nil step")
}

func TestTypedContactRejectsUnknownFields(t *testing.T) {
	for _, expr := range []string{"contact.pionts > 1", "contact.tier + 1 > 0", "contact.segments == 1", "contact.staked_amount.foo"} {
		_, err := Parse("t.yaml", []byte("name: a\ntrigger: { event: mint }\nwhen: '"+expr+"'\nsteps: [ {wait: 1h} ]\n"))
		require.ErrorContains(t, err, "t.yaml:3: when: invalid CEL expression", expr)
	}
	_, err := Parse("t.yaml", []byte("name: a\ntrigger: { event: mint }\nwhen: 'contact.votes > 0 && contact.first_activity < now && contact.scores[\"gitcoin\"] > 0.5 && contact.identities[\"email\"] != \"\"'\nsteps: [ {wait: 1h} ]\n"))
	require.NoError(t, err)
}

func TestConcurrentEvaluation(t *testing.T) {
	d, err := Load("testdata/stake-nudge.yaml")
	require.NoError(t, err)
	s, _ := d.Step("1")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				staked := (i+j)%2 == 0
				got, err := d.EvalIf(s, Vars{Contact: map[string]any{"staked": staked}})
				require.NoError(t, err)
				require.Equal(t, !staked, got)
			}
		}()
	}
	wg.Wait()
}

func TestCELValue(t *testing.T) {
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	var nilBig *big.Int
	now := time.Now()
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"nil", nil, nil},
		{"int", 7, int64(7)},
		{"int8", int8(-7), int64(-7)},
		{"uint16", uint16(7), int64(7)},
		{"uint32", uint32(7), int64(7)},
		{"uint small", uint(7), int64(7)},
		{"uint64 small", uint64(7), int64(7)},
		{"uint64 large", uint64(math.MaxUint64), float64(math.MaxUint64)},
		{"float32", float32(1.5), float64(1.5)},
		{"big fits", big.NewInt(-42), int64(-42)},
		{"big value type", *big.NewInt(42), int64(42)},
		{"big huge", huge, 1.2345678901234568e29},
		{"big nil", nilBig, nil},
		{"stringer", stringer("abc"), "0xabc"},
		{"string", "s", "s"},
		{"bool", true, true},
		{"time", now, now},
		{"duration", time.Second, time.Second},
		{"strings", []string{"a"}, []any{"a"}},
		{"nested", map[string]any{"a": []any{1, big.NewInt(2)}, "b": map[string]any{"c": uint8(3)}},
			map[string]any{"a": []any{int64(1), int64(2)}, "b": map[string]any{"c": int64(3)}}},
		{"other passes through", struct{ X int }{1}, struct{ X int }{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, CELValue(tc.in))
		})
	}
	require.Equal(t, map[string]any{}, CELMap(nil))
	in := map[string]any{"n": 1}
	out := CELMap(in)
	out["n"] = 2
	require.Equal(t, 1, in["n"], "CELMap must not modify its input")
}
