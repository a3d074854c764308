package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/crm/webhook"
	"github.com/beckonhq/beckon/store"
)

func TestSegmentWebhookDeliveryAndReplay(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var bodies [][]byte
	fail := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		b, _ := io.ReadAll(r.Body)
		if err := webhook.Verify([]byte("shh"), r.Header.Get(webhook.SignatureHeader), b, time.Now(), time.Minute); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		bodies = append(bodies, b)
		if fail {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := &Config{OutboundWebhooks: OutboundWebhooksConfig{AllowPrivate: true,
		Endpoints: []WebhookEndpointConfig{{Name: "bridge", URL: srv.URL, SecretEnv: "SECRET"}}}}
	db, err := store.Open(ctx, filepath.Join(dir, "beckon.db"), nil)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	require.NoError(t, err)
	_, err = db.MigrateJobs(ctx)
	require.NoError(t, err)
	jobs, err := db.JobClient(store.JobConfig{InsertOnly: true})
	require.NoError(t, err)
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		return enqueueSegmentWebhooks(ctx, cfg, jobs, tx, segment.Change{Segment: "vip", ContactID: 7, Entered: true, At: time.Now()})
	}))
	w := &webhookWorker{cfg: cfg, db: db, getenv: func(string) string { return "shh" }}
	job := &river.Job[webhookArgs]{Args: webhookArgs{Delivery: 1}}
	require.Error(t, w.Work(ctx, job), "a 502 is retried")
	var d store.WebhookDelivery
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error { d, err = tx.WebhookDelivery(ctx, 1); return err }))
	require.Equal(t, store.DeliveryFailed, d.Status)
	require.Equal(t, http.StatusBadGateway, d.LastStatus)
	var p segmentWebhookPayload
	require.NoError(t, json.Unmarshal(d.Payload, &p))
	require.Equal(t, segmentWebhookPayload{Type: "segment.entered", DeliveryID: 1, Segment: "vip", ContactID: 7, At: p.At}, p)
	require.False(t, p.At.IsZero())

	fail = false
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	require.Equal(t, exitOK, m.Run(ctx, []string{"crm", "webhooks", "replay", "--data-dir", dir, "1"}), errb.String())
	require.NoError(t, w.Work(ctx, job))
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error { d, err = tx.WebhookDelivery(ctx, 1); return err }))
	require.Equal(t, store.DeliveryDelivered, d.Status)
	require.Equal(t, 2, d.Attempts)
	require.Len(t, bodies, 2)
	require.Equal(t, bodies[0], bodies[1], "a replay sends the same payload")
	require.Equal(t, exitUsage, m.Run(ctx, []string{"crm", "webhooks", "replay", "--data-dir", dir, "99"}))
}
