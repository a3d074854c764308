package flow

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestArgFilterExactBigInt(t *testing.T) {
	d := mustParse(t, "name: a\ntrigger: { event: stake, args: { amount: '>= 1e18', to: '0xAbC0000000000000000000000000000000000001' } }\nsteps: [ {wait: 1h} ]\n")
	to := "0xabc0000000000000000000000000000000000001"
	tests := []struct {
		amount string
		want   bool
	}{
		{"1000000000000000000", true},
		{"999999999999999999", false},
		{"1000000000000000001", true},
		{"115792089237316195423570985008687907853269984665640564039457584007913129639935", true},
		{"0xde0b6b3a7640000", true}, // 1e18 in hex
		{"not-a-number", false},
	}
	for _, tc := range tests {
		ok, err := d.MatchesTrigger("stake", "vault", map[string]any{"args": map[string]any{"amount": tc.amount, "to": to}})
		require.NoError(t, err)
		require.Equal(t, tc.want, ok, tc.amount)
	}
	ok, err := d.MatchesTrigger("stake", "vault", map[string]any{"args": map[string]any{"amount": "2000000000000000000", "to": "0x01"}})
	require.NoError(t, err)
	require.False(t, ok, "address mismatch")
	ok, err = d.MatchesTrigger("stake", "vault", map[string]any{"args": map[string]any{"to": to}})
	require.NoError(t, err)
	require.False(t, ok, "missing argument")

	// A difference of one unit at 10^30 is invisible to a double, not here.
	exact, err := ParseArgFilter("v", "> 1000000000000000000000000000000")
	require.NoError(t, err)
	require.False(t, exact.Match(map[string]string{"v": "1000000000000000000000000000000"}))
	require.True(t, exact.Match(map[string]string{"v": "1000000000000000000000000000001"}))

	for _, bad := range []string{">= lots", ">", "< 1.5"} {
		_, err := ParseArgFilter("v", bad)
		require.Error(t, err, bad)
	}
}

func FuzzParseArgFilter(f *testing.F) {
	for _, s := range []string{">= 1e18", "== 0xabc", "!= foo", "< 2.5e3", "1", ""} {
		f.Add(s, "12345")
	}
	f.Fuzz(func(t *testing.T, filter, value string) {
		af, err := ParseArgFilter("x", filter)
		if err != nil {
			return
		}
		// Match never panics, and == and != disagree on every value.
		eq := ArgFilter{Arg: "x", Op: "==", Num: af.Num, Str: af.Str}
		ne := ArgFilter{Arg: "x", Op: "!=", Num: af.Num, Str: af.Str}
		args := map[string]string{"x": value}
		if _, isNum := parseBigNumber(value); af.Num == nil || isNum {
			require.NotEqual(t, eq.Match(args), ne.Match(args))
		}
	})
}

func TestSplitIsDeterministicAndWeighted(t *testing.T) {
	d := mustParse(t, `name: ab
trigger: { event: mint }
steps:
  - split:
      holdout: 10
      variants:
        - { name: a, weight: 45, steps: [ { email: { template: a } } ] }
        - { name: b, weight: 45, steps: [ { email: { template: b } }, { wait: 1h } ] }
  - exit
`)
	s, _ := d.Step("0")
	counts := map[string]int{}
	for id := int64(1); id <= 20000; id++ {
		v, steps := d.Variant(s, id)
		again, _ := d.Variant(s, id)
		require.Equal(t, v, again)
		counts[v]++
		switch v {
		case "a":
			require.Equal(t, "0.a.0", steps[0].Path)
		case "b":
			require.Equal(t, "0.b.0", steps[0].Path)
			require.Equal(t, "0.b.1", d.NextAfter("0.b.0"))
		default:
			require.Equal(t, "holdout", v)
			require.Nil(t, steps)
		}
	}
	require.Equal(t, "1", d.NextAfter("0.a.0"))
	require.Equal(t, "1", d.NextAfter("0.b.1"))
	// Within a few percent of the weights on 20000 contacts.
	require.InDelta(t, 2000, counts["holdout"], 300)
	require.InDelta(t, 9000, counts["a"], 500)
	require.InDelta(t, 9000, counts["b"], 500)
}

func TestQuietHoursDelayInContactTimezone(t *testing.T) {
	q, err := ParseQuietHours("22:00-08:00", "Europe/Berlin")
	require.NoError(t, err)
	// 23:30 in New York is 04:30 UTC: quiet there until 08:00 local.
	now := time.Date(2026, 1, 10, 4, 30, 0, 0, time.UTC)
	require.Equal(t, 8*time.Hour+30*time.Minute, q.Delay(now, "America/New_York"))
	// The same instant is 13:30 in Tokyo: not quiet.
	require.Zero(t, q.Delay(now, "Asia/Tokyo"))
	// No or unknown timezone: the default (Berlin, 05:30) applies.
	require.Equal(t, 2*time.Hour+30*time.Minute, q.Delay(now, ""))
	require.Equal(t, 2*time.Hour+30*time.Minute, q.Delay(now, "Mars/Olympus"))
	day, err := ParseQuietHours("12:00-13:00", "")
	require.NoError(t, err)
	require.Equal(t, 30*time.Minute, day.Delay(time.Date(2026, 1, 1, 12, 30, 0, 0, time.UTC), ""))
	require.Zero(t, (*QuietHours)(nil).Delay(now, ""))
	for _, bad := range []string{"22-08", "25:00-01:00", "10:61-11:00"} {
		_, err := ParseQuietHours(bad, "")
		require.Error(t, err, bad)
	}
	_, err = ParseQuietHours("22:00-08:00", "Nowhere/Land")
	require.Error(t, err)
}

// TestWebhookRefusesPrivateTargets checks the dialed address, so a public
// looking name resolving to loopback is refused as well as a literal IP.
func TestWebhookRefusesPrivateTargets(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	ctx := context.Background()
	e := &Engine{Webhook: WebhookConfig{Secret: []byte("s")}}
	for _, target := range []string{
		srv.URL,                             // 127.0.0.1
		"http://localhost:" + port,          // a name resolving to loopback
		"http://[::1]:" + port,              // IPv6 loopback
		"http://10.0.0.1:" + port,           // private
		"http://169.254.169.254/latest",     // link-local metadata endpoint
		"http://[::ffff:127.0.0.1]:" + port, // IPv4-mapped loopback
	} {
		err := e.deliverWebhook(ctx, &webhookRequest{url: target, host: target, body: []byte("{}"), key: "k"})
		require.ErrorContains(t, err, "loopback, private or link-local", target)
	}
	require.Zero(t, hits)

	e.Webhook.AllowPrivate = true
	require.NoError(t, e.deliverWebhook(ctx, &webhookRequest{url: srv.URL, host: "x", body: []byte("{}"), key: "k"}))
	require.Equal(t, 1, hits)
}

func TestWebhookSignature(t *testing.T) {
	var got http.Header
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		b := make([]byte, 1024)
		n, _ := r.Body.Read(b)
		body = string(b[:n])
		if r.Header.Get("Idempotency-Key") == "fail" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	now := time.Unix(1_800_000_000, 0)
	e := &Engine{Webhook: WebhookConfig{Secret: []byte("topsecret"), AllowPrivate: true}, Now: func() time.Time { return now }}
	require.NoError(t, e.deliverWebhook(context.Background(), &webhookRequest{url: srv.URL, host: "x", body: []byte(`{"a":1}`), key: "run:1:0"}))
	require.Equal(t, `{"a":1}`, body)
	require.Equal(t, "1800000000", got.Get("X-Beckon-Timestamp"))
	require.Equal(t, "run:1:0", got.Get("Idempotency-Key"))
	require.Equal(t, SignWebhook([]byte("topsecret"), 1_800_000_000, []byte(`{"a":1}`)), got.Get("X-Beckon-Signature"))
	require.NotEqual(t, SignWebhook([]byte("other"), 1_800_000_000, []byte(`{"a":1}`)), got.Get("X-Beckon-Signature"))
	err := e.deliverWebhook(context.Background(), &webhookRequest{url: srv.URL, host: "x", body: []byte(`{}`), key: "fail"})
	require.ErrorContains(t, err, "status 503")
}

func TestTwoProportionPValue(t *testing.T) {
	// 200/1000 vs 250/1000: z ≈ 2.68, two-sided p ≈ 0.0074.
	p := TwoProportionP(200, 1000, 250, 1000)
	require.InDelta(t, 0.0074, p, 0.0005)
	require.InDelta(t, 1.0, TwoProportionP(10, 100, 10, 100), 1e-9)
	require.True(t, math.IsNaN(TwoProportionP(0, 0, 1, 10)))
	require.Equal(t, "p=0.0074", fmt.Sprintf("p=%.4f", p))
}
