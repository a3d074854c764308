package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeServesAPIAndStopsGracefully runs serve in-process: the API
// answers with keys made by `beckon keys`, /metrics serves the registry,
// and cancelling (SIGTERM) drains and exits 0.
func TestServeServesAPIAndStopsGracefully(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(fmt.Sprintf("listen: %q\n", addr)), 0o600))
	data := t.TempDir()

	code, stdout, stderr := runCLI(t, "keys", "create", "--scope", "read", "--name", "prom", "--config", cfgFile, "--data-dir", data, "--json")
	require.Equal(t, exitOK, code, stderr)
	var key keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &key))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &lockedBuffer{}
	m := &Main{Stdout: io.Discard, Stderr: logs, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--config", cfgFile, "--data-dir", data}) }()

	base := "http://" + addr
	require.Eventually(t, func() bool {
		res, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 60*time.Second, 50*time.Millisecond, "serve did not come up: %s", logs.String())

	req, err := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+key.Secret)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "body: %s", body)
	require.Contains(t, string(body), "go_goroutines")
	res, err = http.Get(base + "/metrics")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)

	cancel()
	select {
	case code := <-done:
		require.Equal(t, exitOK, code, "logs: %s", logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop: %s", logs.String())
	}
	out := logs.String()
	require.Contains(t, out, "draining HTTP")
	require.Contains(t, out, "stopping jobs")
	require.NotContains(t, out, key.Secret)
	_, err = http.Get(base + "/healthz")
	require.Error(t, err, "the listener is closed")
	require.True(t, strings.HasPrefix(key.Secret, "bk_"))
}
