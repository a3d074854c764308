package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWebhooksMounted: signed intakes are served on their own method and
// path, without the API's own auth, and nothing else is.
func TestWebhooksMounted(t *testing.T) {
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(r.Method + " " + r.URL.Path))
	})
	h := New(Config{Webhooks: map[string]http.Handler{"POST /discord/interactions": hook}}).Handler()

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/discord/interactions", nil))
	require.Equal(t, http.StatusAccepted, w.Code)
	require.Equal(t, "POST /discord/interactions", w.Body.String())

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/discord/interactions", nil))
	require.NotEqual(t, http.StatusAccepted, w.Code, "only the registered method")
}
