package hubspot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm/hubspot"
)

// fakeHubSpot follows HubSpot's documented shapes: property creation
// answers 201 then 409 CONFLICT; batch upsert answers 429 with the
// SECONDLY policy body and rate-limit headers for the first storm calls,
// then 200, or 207 with an errors array when an input is invalid.
type fakeHubSpot struct {
	mu         sync.Mutex
	storm      int // 429 answers still to give
	daily      bool
	props      map[string]bool
	groups     int
	upserts    [][]hubspot.Input
	contacts   map[string]map[string]string
	badEmails  map[string]bool
	rateLimits int
}

func (f *fakeHubSpot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer tok" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-HubSpot-RateLimit-Daily", "250000")
	w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
	w.Header().Set("X-HubSpot-RateLimit-Max", "100")
	w.Header().Set("X-HubSpot-RateLimit-Remaining", "99")
	switch r.URL.Path {
	case "/crm/v3/properties/contacts/groups":
		f.groups++
		if f.groups > 1 {
			w.WriteHeader(http.StatusConflict)
			fmt.Fprint(w, `{"status":"error","message":"A property group named 'beckon' already exists.","category":"CONFLICT"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"name":"beckon","label":"Beckon","displayOrder":-1}`)
	case "/crm/v3/properties/contacts":
		var p hubspot.Property
		_ = json.NewDecoder(r.Body).Decode(&p)
		if f.props[p.Name] {
			w.WriteHeader(http.StatusConflict)
			fmt.Fprintf(w, `{"status":"error","message":"Property named '%s' already exists.","category":"OBJECT_ALREADY_EXISTS"}`, p.Name)
			return
		}
		f.props[p.Name] = true
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(p)
	case "/crm/v3/objects/contacts/batch/upsert":
		if f.daily {
			w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c1","policyName":"DAILY"}`)
			return
		}
		if f.storm > 0 {
			f.storm--
			f.rateLimits++
			w.Header().Set("Retry-After", "1")
			w.Header().Set("X-HubSpot-RateLimit-Remaining", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c2","policyName":"SECONDLY"}`)
			return
		}
		var body struct{ Inputs []hubspot.Input }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Inputs) > hubspot.MaxBatch {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"status":"error","message":"Invalid input JSON","category":"VALIDATION_ERROR"}`)
			return
		}
		f.upserts = append(f.upserts, body.Inputs)
		type result struct {
			ID         string            `json:"id"`
			Properties map[string]string `json:"properties"`
		}
		var results []result
		var bad []string
		for _, in := range body.Inputs {
			if f.badEmails[in.ID] {
				bad = append(bad, in.ID)
				continue
			}
			f.contacts[in.ID] = in.Properties
			results = append(results, result{ID: fmt.Sprint(len(f.contacts)), Properties: in.Properties})
		}
		resp := map[string]any{"status": "COMPLETE", "results": results, "startedAt": time.Now(), "completedAt": time.Now()}
		if len(bad) > 0 {
			resp["numErrors"] = 1
			resp["errors"] = []any{map[string]any{"status": "error", "category": "VALIDATION_ERROR",
				"message": "Property values were not valid", "context": map[string]any{"ids": bad}}}
			w.WriteHeader(http.StatusMultiStatus)
		}
		_ = json.NewEncoder(w).Encode(resp)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"status":"error","message":"not found","category":"OBJECT_NOT_FOUND"}`)
	}
}

func setup(t *testing.T, f *fakeHubSpot) (*hubspot.Client, *[]time.Duration) {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	var waits []time.Duration
	return &hubspot.Client{BaseURL: srv.URL, Token: "tok", HTTP: srv.Client(), MaxRetries: 20,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}, &waits
}

func contacts(n int) []hubspot.Contact {
	var out []hubspot.Contact
	for i := 1; i <= n; i++ {
		c := hubspot.Contact{ID: int64(i), Wallets: []string{fmt.Sprintf("0x%040x", i)}, Points: int64(i), Tier: "gold",
			Segments: []string{"a", "b"}, Engagement: 12.5, ChurnRisk: 0.25, LastActivity: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		if i%2 == 0 {
			c.Email = fmt.Sprintf("u%d@example.org", i)
		}
		out = append(out, c)
	}
	return append(out, hubspot.Contact{ID: 9999}) // nothing to match on
}

func TestSyncThroughStormAndPartialFailure(t *testing.T) {
	t.Parallel()
	f := &fakeHubSpot{storm: 12, props: map[string]bool{"beckon_tier": true}, contacts: map[string]map[string]string{},
		badEmails: map[string]bool{"u4@example.org": true, "u150@example.org": true}}
	c, waits := setup(t, f)
	ctx := context.Background()
	require.NoError(t, c.EnsureProperties(ctx))
	require.NoError(t, c.EnsureProperties(ctx), "existing group and properties are fine")
	require.Len(t, f.props, len(hubspot.Properties()))

	var rep hubspot.Report
	require.NoError(t, c.Push(ctx, contacts(250), false, &rep))
	require.Equal(t, 251, rep.Contacts)
	require.Equal(t, 1, rep.Skipped)
	require.Equal(t, 248, rep.Written)
	require.ElementsMatch(t, []string{"u4@example.org", "u150@example.org"}, []string{rep.Failed[0].ID, rep.Failed[1].ID})
	require.Equal(t, "Property values were not valid", rep.Failed[0].Message)
	require.Equal(t, 12, f.rateLimits)
	require.Len(t, *waits, 12, "one wait per 429")
	for _, w := range *waits {
		require.Equal(t, time.Second, w, "Retry-After honoured")
	}
	for _, batch := range f.upserts {
		require.LessOrEqual(t, len(batch), hubspot.MaxBatch)
		for _, in := range batch {
			require.Equal(t, batch[0].IDProperty, in.IDProperty, "one idProperty per request")
		}
	}
	got := f.contacts["u2@example.org"]
	require.Equal(t, "2", got["beckon_points"])
	require.Equal(t, "a;b", got["beckon_segments"])
	require.Equal(t, "2026-01-01T00:00:00Z", got["beckon_last_onchain_activity"])
	require.Equal(t, fmt.Sprintf("0x%040x", 1), f.contacts[fmt.Sprintf("0x%040x", 1)]["beckon_wallet"], "wallet-only contacts match on beckon_wallet")
}

func TestDailyLimitStops(t *testing.T) {
	t.Parallel()
	f := &fakeHubSpot{daily: true, props: map[string]bool{}, contacts: map[string]map[string]string{}}
	c, waits := setup(t, f)
	var rep hubspot.Report
	err := c.Push(context.Background(), contacts(3), false, &rep)
	require.ErrorIs(t, err, hubspot.ErrDailyLimit)
	require.Empty(t, *waits, "no retry against the daily limit")
}

func TestDryRunSendsNothing(t *testing.T) {
	t.Parallel()
	f := &fakeHubSpot{props: map[string]bool{}, contacts: map[string]map[string]string{}}
	c, _ := setup(t, f)
	var rep hubspot.Report
	require.NoError(t, c.Push(context.Background(), contacts(150), true, &rep))
	require.Empty(t, f.upserts)
	require.Len(t, rep.Inputs, 150)
	require.Equal(t, 2, rep.Batches)
}

func TestAuthErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	f := &fakeHubSpot{props: map[string]bool{}, contacts: map[string]map[string]string{}}
	c, waits := setup(t, f)
	c.Token = "wrong"
	err := c.EnsureProperties(context.Background())
	var apiErr *hubspot.APIError
	require.True(t, errors.As(err, &apiErr))
	require.Equal(t, http.StatusUnauthorized, apiErr.Status)
	require.True(t, strings.Contains(err.Error(), "INVALID_AUTHENTICATION"))
	require.Empty(t, *waits)
}
