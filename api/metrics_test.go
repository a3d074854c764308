package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestMetricsServedWhenConfigured(t *testing.T) {
	t.Parallel()
	db := storetest.OpenSQLite(t)
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "beckon_test_total", Help: "test"})
	reg.MustRegister(c)
	c.Add(3)
	get := func(cfg api.Config) (int, string) {
		ts := httptest.NewServer(api.New(cfg).Handler())
		defer ts.Close()
		res, err := http.Get(ts.URL + "/metrics")
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}
	code, body := get(api.Config{DB: db, Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{})})
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, "beckon_test_total 3")
	code, _ = get(api.Config{DB: db})
	require.Equal(t, http.StatusNotFound, code, "no handler, no route")
}
