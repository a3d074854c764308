package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestServeRunsFlowsCreatedThroughTheAPI creates a flow through the HTTP
// API of a running serve: a custom event then starts a run of it; once
// disabled, another event starts none; enabled again, it runs again.
func TestServeRunsFlowsCreatedThroughTheAPI(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			addr := ln.Addr().String()
			require.NoError(t, ln.Close())
			dir := t.TempDir()
			conf := fmt.Sprintf("listen: %q\napi:\n  custom_event_secret_env: EVENT_SECRET\n", addr)
			if b.Name == "postgres" {
				conf += fmt.Sprintf("database_url: %q\n", storetest.PostgresSchemaURL(t))
			}
			cfgFile := filepath.Join(dir, "beckon.yaml")
			require.NoError(t, os.WriteFile(cfgFile, []byte(conf), 0o600))
			data := t.TempDir()
			secret := "0123456789abcdef0123"
			env := func(k string) string {
				if k == "EVENT_SECRET" {
					return secret
				}
				return ""
			}
			m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: env}
			var out bytes.Buffer
			m.Stdout = &out
			require.Equal(t, exitOK, m.Run(t.Context(), []string{"keys", "create", "--scope", "write", "--name", "t", "--config", cfgFile, "--data-dir", data, "--json"}))
			var key keyJSON
			require.NoError(t, json.Unmarshal(out.Bytes(), &key))

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			logs := &lockedBuffer{}
			serve := &Main{Stdout: io.Discard, Stderr: logs, Getenv: env}
			done := make(chan int, 1)
			go func() { done <- serve.Run(ctx, []string{"serve", "--config", cfgFile, "--data-dir", data}) }()
			defer func() {
				cancel()
				select {
				case code := <-done:
					require.Equal(t, exitOK, code, "logs: %s", logs.String())
				case <-time.After(60 * time.Second):
					t.Fatalf("serve did not stop: %s", logs.String())
				}
			}()
			base := "http://" + addr
			require.Eventually(t, func() bool {
				res, err := http.Get(base + "/healthz")
				if err != nil {
					return false
				}
				res.Body.Close()
				return res.StatusCode == http.StatusOK
			}, 60*time.Second, 50*time.Millisecond, "serve did not come up: %s", logs.String())

			call := func(method, path, ctype, body string) (int, string) {
				req, err := http.NewRequest(method, base+path, strings.NewReader(body))
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+key.Secret)
				if ctype != "" {
					req.Header.Set("Content-Type", ctype)
				}
				res, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res.StatusCode, string(b)
			}
			event := func(key string) {
				body := []byte(`{"name":"hello","contact":{"email":"ada@example.com"},"key":"` + key + `"}`)
				ts := time.Now().Unix()
				req, err := http.NewRequest(http.MethodPost, base+"/v1/events/custom", bytes.NewReader(body))
				require.NoError(t, err)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(api.TimestampHeader, strconv.FormatInt(ts, 10))
				req.Header.Set(api.SignatureHeader, api.SignCustomEvent([]byte(secret), ts, body))
				res, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				require.Less(t, res.StatusCode, 300, "custom event: %s", b)
			}
			runs := func() int {
				code, body := call(http.MethodGet, "/v1/flows/hello/runs", "", "")
				require.Equal(t, http.StatusOK, code, body)
				var page struct {
					Items []struct {
						Status string `json:"status"`
					} `json:"items"`
				}
				require.NoError(t, json.Unmarshal([]byte(body), &page))
				return len(page.Items)
			}

			code, body := call(http.MethodPost, "/v1/flows", "application/yaml",
				"name: hello\ntrigger: {event: custom, name: hello}\nreentry: always\nsteps:\n  - crm_update: {greeted: \"yes\"}\n")
			require.Equal(t, http.StatusCreated, code, body)
			event("e1")
			require.Eventually(t, func() bool { return runs() == 1 }, 30*time.Second, 50*time.Millisecond, "logs: %s", logs.String())

			code, body = call(http.MethodPost, "/v1/flows/hello/disable", "", "")
			require.Equal(t, http.StatusOK, code, body)
			event("e2")
			time.Sleep(500 * time.Millisecond)
			require.Equal(t, 1, runs(), "a disabled flow starts nothing")

			code, body = call(http.MethodPost, "/v1/flows/hello/enable", "", "")
			require.Equal(t, http.StatusOK, code, body)
			event("e3")
			require.Eventually(t, func() bool { return runs() == 2 }, 30*time.Second, 50*time.Millisecond)
		})
	}
}

// TestFlowCatalogReload loads stored flows beside file flows: the poll
// sees updates and disables made elsewhere, and a stored flow named like a
// file flow loses to the file, with a warning naming both.
func TestFlowCatalogReload(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := b.Open(t)
			file, err := flow.Parse("same.yaml", []byte("name: same\ntrigger: {event: custom}\nsteps:\n  - exit: true\n"))
			require.NoError(t, err)
			logs := &lockedBuffer{}
			e := &flow.Engine{}
			c := newFlowCatalog(&Config{}, db, e, []*flow.Definition{file}, slog.New(slog.NewTextHandler(logs, nil)))
			names := func() []string {
				var out []string
				for _, d := range e.Definitions() {
					out = append(out, d.Name+":"+d.File)
				}
				return out
			}
			inTx := func(fn func(tx *store.Tx) error) { require.NoError(t, db.InTx(ctx, fn)) }
			inTx(func(tx *store.Tx) error {
				if _, err := tx.CreateFlowDefinition(ctx, "same", "name: same\ntrigger: {event: custom}\nsteps:\n  - exit: true\n"); err != nil {
					return err
				}
				_, err := tx.CreateFlowDefinition(ctx, "api", "name: api\ntrigger: {event: custom}\nsteps:\n  - exit: true\n")
				return err
			})
			require.NoError(t, c.reload(ctx))
			require.Equal(t, []string{"same:same.yaml", "api:api:api@v1"}, names())
			require.Contains(t, logs.String(), "a flow file of the same name wins")
			require.Contains(t, logs.String(), "file=same.yaml")

			inTx(func(tx *store.Tx) error {
				_, err := tx.UpdateFlowDefinition(ctx, "api", "name: api\ntrigger: {event: custom, name: x}\nsteps:\n  - exit: true\n")
				return err
			})
			pollCtx, stop := context.WithCancel(ctx)
			defer stop()
			go c.follow(pollCtx, 20*time.Millisecond)
			require.Eventually(t, func() bool { return names()[1] == "api:api:api@v2" }, 5*time.Second, 10*time.Millisecond)

			inTx(func(tx *store.Tx) error {
				_, err := tx.SetFlowEnabled(ctx, "api", false)
				return err
			})
			require.Eventually(t, func() bool { return len(names()) == 1 }, 5*time.Second, 10*time.Millisecond)
			stop()
			require.Len(t, e.Definitions(), 1, "disabled: starts nothing")
		})
	}
}

// TestFlowCatalogSchedules registers a stored schedule flow's periodic job
// with the job client, replaces it when its cron changes and removes it
// when the flow is disabled.
func TestFlowCatalogSchedules(t *testing.T) {
	ctx := t.Context()
	db := storetest.OpenSQLite(t)
	e := &flow.Engine{}
	workers := river.NewWorkers()
	e.Workers(workers)
	c := newFlowCatalog(&Config{}, db, e, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, c.reload(ctx))
	jobs, err := db.JobClient(store.JobConfig{Workers: workers, Logger: slog.New(slog.DiscardHandler), PeriodicJobs: e.PeriodicJobs()})
	require.NoError(t, err)
	c.setJobs(jobs)
	e.Jobs = jobs

	yaml := func(cron string) string {
		return "name: post\ntrigger: {event: schedule, cron: '" + cron + "'}\nsteps:\n  - webhook: {url: 'https://example.org/x'}\n"
	}
	inTx := func(fn func(tx *store.Tx) error) { require.NoError(t, db.InTx(ctx, fn)) }
	inTx(func(tx *store.Tx) error { _, err := tx.CreateFlowDefinition(ctx, "post", yaml("@daily")); return err })
	require.NoError(t, c.reload(ctx))
	require.Equal(t, map[string]string{"post": "@daily"}, c.crons)
	// Registered under its ID: adding it again would fail.
	_, err = jobs.PeriodicJobs().AddSafely(e.PeriodicJob(e.Definitions()[0]))
	require.Error(t, err)

	inTx(func(tx *store.Tx) error { _, err := tx.UpdateFlowDefinition(ctx, "post", yaml("@hourly")); return err })
	require.NoError(t, c.reload(ctx))
	require.Equal(t, map[string]string{"post": "@hourly"}, c.crons)

	inTx(func(tx *store.Tx) error { _, err := tx.SetFlowEnabled(ctx, "post", false); return err })
	require.NoError(t, c.reload(ctx))
	require.Empty(t, c.crons)
	require.False(t, jobs.PeriodicJobs().RemoveByID(flow.PeriodicJobID("post")), "already removed")
}
