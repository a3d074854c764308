package api_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestShutdownDrainsInFlight: a request in flight when Shutdown starts
// completes; new connections are refused afterwards.
func TestShutdownDrainsInFlight(t *testing.T) {
	db := storetest.OpenSQLite(t)
	entered, release := make(chan struct{}), make(chan struct{})
	srv := api.New(api.Config{DB: db, Webhooks: map[string]http.Handler{
		"GET /slow": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			close(entered)
			<-release
			_, _ = io.WriteString(w, "done")
		}),
	}})
	addr, err := srv.Listen("127.0.0.1:0")
	require.NoError(t, err)
	type reply struct {
		status int
		body   string
		err    error
	}
	got := make(chan reply, 1)
	go func() {
		res, err := http.Get("http://" + addr.String() + "/slow")
		if err != nil {
			got <- reply{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		got <- reply{status: res.StatusCode, body: string(b)}
	}()
	<-entered
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		shut <- srv.Shutdown(ctx)
	}()
	// Shutdown waits for the request: it has not returned yet.
	select {
	case err := <-shut:
		t.Fatalf("shutdown returned before the request finished: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	r := <-got
	require.NoError(t, r.err)
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, "done", r.body)
	require.NoError(t, <-shut)
	_, err = http.Get("http://" + addr.String() + "/healthz")
	require.Error(t, err, "a stopped server accepts no connections")
}
