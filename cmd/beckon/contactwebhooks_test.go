package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/webhook"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// hookReceiver records the verified bodies it is sent and answers each
// with the next queued status (200 when none is queued).
type hookReceiver struct {
	mu       sync.Mutex
	bodies   [][]byte
	statuses []int
	refused  int // requests whose signature did not verify
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	if err := webhook.Verify([]byte("shh"), r.Header.Get(webhook.SignatureHeader), b, time.Now(), time.Minute); err != nil {
		h.refused++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.bodies = append(h.bodies, b)
	if len(h.statuses) > 0 {
		w.WriteHeader(h.statuses[0])
		h.statuses = h.statuses[1:]
	}
}

func (h *hookReceiver) received() [][]byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([][]byte(nil), h.bodies...)
}

func (h *hookReceiver) failNext(statuses ...int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.statuses = append(h.statuses, statuses...)
}

func TestContactWebhooks(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dbURL := filepath.Join(t.TempDir(), "beckon.db")
			if b.Name == "postgres" {
				dbURL = storetest.PostgresSchemaURL(t)
			}
			testContactWebhooks(t, dbURL)
		})
	}
}

func testContactWebhooks(t *testing.T, dbURL string) {
	ctx := t.Context()
	recv := &hookReceiver{}
	srv := httptest.NewServer(recv)
	t.Cleanup(srv.Close)
	segRecv := &hookReceiver{}
	segSrv := httptest.NewServer(segRecv)
	t.Cleanup(segSrv.Close)
	cfg := &Config{DatabaseURL: dbURL, OutboundWebhooks: OutboundWebhooksConfig{AllowPrivate: true, Endpoints: []WebhookEndpointConfig{
		{Name: "contacts", URL: srv.URL, SecretEnv: "SECRET", Events: []string{"contact.*"}},
		{Name: "segments", URL: segSrv.URL, SecretEnv: "SECRET"}, // the default: segment.* only
	}}}
	require.NoError(t, cfg.validateWebhooks())

	db, err := store.Open(ctx, dbURL, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	_, err = db.Migrate(ctx)
	require.NoError(t, err)
	_, err = db.MigrateJobs(ctx)
	require.NoError(t, err)
	workers := river.NewWorkers()
	river.AddWorker(workers, &webhookWorker{cfg: cfg, db: db, getenv: func(string) string { return "shh" }})
	jobs, err := db.JobClient(store.JobConfig{Workers: workers, PollEvery: 50 * time.Millisecond})
	require.NoError(t, err)
	require.NoError(t, jobs.Start(ctx))
	t.Cleanup(func() { _ = jobs.Stop(context.Background()) })

	relay := func() int {
		t.Helper()
		n, err := relayContactChanges(ctx, cfg, db, jobs)
		require.NoError(t, err)
		return n
	}
	// next relays the recorded changes and waits for the receiver to have
	// n more verified bodies; it returns them decoded.
	seen := 0
	next := func(n int) []contactWebhookPayload {
		t.Helper()
		relay()
		require.Eventually(t, func() bool { return len(recv.received()) >= seen+n }, 10*time.Second, 20*time.Millisecond)
		time.Sleep(100 * time.Millisecond) // nothing more arrives
		got := recv.received()
		require.Len(t, got, seen+n, "exactly %d more deliveries", n)
		var out []contactWebhookPayload
		for _, body := range got[seen:] {
			var p contactWebhookPayload
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&p))
			out = append(out, p)
		}
		seen = len(got)
		// Deliveries run concurrently: arrival order is not change order.
		slices.SortFunc(out, func(x, y contactWebhookPayload) int { return cmp.Compare(x.ChangeID, y.ChangeID) })
		return out
	}
	tx := func(fn func(tx *store.Tx) error) {
		t.Helper()
		require.NoError(t, db.InTx(ctx, fn))
	}

	var a, b int64
	tx(func(tx *store.Tx) (err error) {
		if a, _, err = crm.EnsureWallet(ctx, tx, common.Address{0xA1}); err != nil {
			return err
		}
		b, _, err = crm.EnsureWallet(ctx, tx, common.Address{0xB0})
		return err
	})
	created := next(2)
	require.Equal(t, crm.ChangeCreated, created[0].Type)
	require.Equal(t, a, created[0].ContactID)
	require.Equal(t, b, created[1].ContactID)
	require.Less(t, created[0].ChangeID, created[1].ChangeID)

	t.Run("trait change", func(t *testing.T) {
		tx(func(tx *store.Tx) error { return tx.SetTraits(ctx, a, map[string]string{"plan": "pro"}) })
		got := next(1)[0]
		require.Equal(t, crm.ChangeTraits, got.Type)
		require.Equal(t, a, got.ContactID)
		require.Greater(t, got.ChangeID, created[1].ChangeID)
		require.NotZero(t, got.DeliveryID)
		require.WithinDuration(t, time.Now(), got.OccurredAt, time.Minute)
		require.JSONEq(t, `{"traits":{"plan":{"old":null,"new":"pro"}}}`, string(got.Data))
		var d store.WebhookDelivery
		tx(func(tx *store.Tx) (err error) { d, err = tx.WebhookDelivery(ctx, got.DeliveryID); return err })
		require.Equal(t, "contacts", d.Endpoint)
		require.Equal(t, crm.ChangeTraits, d.Event)
	})
	t.Run("link", func(t *testing.T) {
		tx(func(tx *store.Tx) error {
			_, err := crm.Link(ctx, tx, a, crm.Identity{Kind: crm.IdentityEmail, Value: "ann@example.org"})
			return err
		})
		got := next(1)[0]
		require.Equal(t, crm.ChangeIdentityLinked, got.Type)
		require.JSONEq(t, `{"kind":"email","value":"ann@example.org"}`, string(got.Data))
	})
	t.Run("merge", func(t *testing.T) {
		tx(func(tx *store.Tx) error { return tx.MergeContacts(ctx, b, a, "same person") })
		got := next(1)[0]
		require.Equal(t, crm.ChangeMerged, got.Type)
		require.Equal(t, a, got.ContactID)
		var m crm.MergeChange
		require.NoError(t, json.Unmarshal(got.Data, &m))
		require.Equal(t, crm.MergeChange{SurvivingID: a, MergedID: b, Reason: "same person"}, m)
	})
	t.Run("rolled back sends nothing", func(t *testing.T) {
		boom := errors.New("boom")
		require.ErrorIs(t, db.InTx(ctx, func(tx *store.Tx) error {
			require.NoError(t, tx.SetTraits(ctx, a, map[string]string{"plan": "free"}))
			return boom
		}), boom)
		require.Zero(t, relay())
		time.Sleep(200 * time.Millisecond)
		require.Len(t, recv.received(), seen)
	})
	var retried int64
	t.Run("retried with backoff", func(t *testing.T) {
		recv.failNext(http.StatusInternalServerError)
		tx(func(tx *store.Tx) error { return tx.SetTraits(ctx, a, map[string]string{"plan": "gold"}) })
		relay()
		var d store.WebhookDelivery
		require.Eventually(t, func() bool {
			tx(func(tx *store.Tx) (err error) {
				ds, err := tx.WebhookDeliveries(ctx, store.DeliveryDelivered, 1)
				if len(ds) > 0 {
					d = ds[0]
				}
				return err
			})
			return d.Event == crm.ChangeTraits && d.Attempts == 2
		}, 15*time.Second, 50*time.Millisecond)
		retried = d.ID
		var attempts []store.WebhookAttempt
		tx(func(tx *store.Tx) (err error) { attempts, err = tx.WebhookAttempts(ctx, d.ID); return err })
		require.Len(t, attempts, 2)
		require.Equal(t, http.StatusInternalServerError, attempts[0].HTTPStatus)
		require.Contains(t, attempts[0].Error, "500")
		require.Equal(t, http.StatusOK, attempts[1].HTTPStatus)
		require.Empty(t, attempts[1].Error)
		require.GreaterOrEqual(t, attempts[1].At.Sub(attempts[0].At), 500*time.Millisecond, "the retry waited")
		got := recv.received()
		require.Len(t, got, seen+2)
		require.Equal(t, got[seen], got[seen+1], "the retry sends the same payload")
		seen += 2
	})
	t.Run("replay", func(t *testing.T) {
		require.NotZero(t, retried)
		var out, errb bytes.Buffer
		getenv := func(k string) string {
			if k == "BECKON_DATABASE_URL" {
				return dbURL
			}
			return ""
		}
		m := &Main{Stdout: &out, Stderr: &errb, Getenv: getenv}
		id := strconv.FormatInt(retried, 10)
		require.Equal(t, exitOK, m.Run(ctx, []string{"crm", "webhooks", "replay", id}), errb.String())
		require.Eventually(t, func() bool { return len(recv.received()) == seen+1 }, 10*time.Second, 20*time.Millisecond)
		got := recv.received()
		require.Equal(t, got[seen-1], got[seen], "a replay sends the logged payload")
		seen++
		out.Reset()
		require.Eventually(t, func() bool {
			out.Reset()
			require.Equal(t, exitOK, m.Run(ctx, []string{"crm", "webhooks", "show", id}), errb.String())
			return strings.Count(out.String(), "status=") == 3
		}, 10*time.Second, 50*time.Millisecond)
		require.Contains(t, out.String(), "contact.traits_changed delivered, 3 attempts")
		require.Contains(t, out.String(), "status=500")
	})
	require.Empty(t, segRecv.received(), "the segments endpoint wants no contact events")
	require.Zero(t, recv.refused+segRecv.refused, "every signature verified")
}

func TestWebhookEventsConfig(t *testing.T) {
	t.Parallel()
	def := WebhookEndpointConfig{}
	require.True(t, def.wants("segment.entered"))
	require.False(t, def.wants(crm.ChangeTraits), "endpoints without events keep getting segment events only")
	some := WebhookEndpointConfig{Events: []string{"contact.merged", "segment.*"}}
	require.True(t, some.wants(crm.ChangeMerged))
	require.False(t, some.wants(crm.ChangeTraits))
	require.True(t, WebhookEndpointConfig{Events: []string{"*"}}.wants(crm.ChangePoints))
	hooks := OutboundWebhooksConfig{Endpoints: []WebhookEndpointConfig{def, some}}
	require.True(t, hooks.wantsEvent(crm.ChangeMerged), "the store records what some endpoint wants")
	require.False(t, hooks.wantsEvent(crm.ChangePoints), "and nothing else")
	for _, bad := range []string{"contact", "contacts.*", "contact.trait_changed", "*.merged"} {
		c := &Config{OutboundWebhooks: OutboundWebhooksConfig{Endpoints: []WebhookEndpointConfig{
			{Name: "x", URL: "https://example.org", SecretEnv: "S", Events: []string{bad}}}}}
		require.ErrorContains(t, c.validateWebhooks(), "outbound_webhooks.endpoints.0.events.0", bad)
	}
	c := &Config{OutboundWebhooks: OutboundWebhooksConfig{RelayInterval: "0s"}}
	require.ErrorContains(t, c.validateWebhooks(), "relay_interval")
}
