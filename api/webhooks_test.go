package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestWebhooksMountedWithoutAuth(t *testing.T) {
	db := storetest.OpenSQLite(t)
	echo := func(tag string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			fmt.Fprintf(w, "%s %s %s", tag, r.URL.Query().Get("token"), b)
		})
	}
	srv := api.New(api.Config{DB: db, MaxBody: 1024, Webhooks: map[string]http.Handler{
		"POST /v1/email/webhooks/signed": echo("signed"),
		"GET /v1/email/confirm":          echo("confirm"),
		"POST /v1/email/webhooks/big":    bigBody{echo("big")},
	}})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	res, err := http.Post(ts.URL+"/v1/email/webhooks/signed", "application/json", strings.NewReader(`{"events":[]}`))
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, `signed  {"events":[]}`, string(b))

	res, err = http.Get(ts.URL + "/v1/email/confirm?token=abc")
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, "confirm abc ", string(b))

	large := strings.Repeat("x", 4096)
	res, err = http.Post(ts.URL+"/v1/email/webhooks/big", "application/json", strings.NewReader(large))
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, "big  "+large, string(b), "a handler with MaxBody gets its own limit")
	res, err = http.Post(ts.URL+"/v1/email/webhooks/signed", "application/json", strings.NewReader(large))
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.Less(t, len(b), 2048, "others keep the API's limit")

	res, err = http.Get(ts.URL + "/v1/email/webhooks/signed")
	require.NoError(t, err)
	res.Body.Close()
	require.NotEqual(t, http.StatusOK, res.StatusCode, "only the registered method is routed")
}

type bigBody struct{ http.Handler }

func (bigBody) MaxBody() int64 { return 1 << 20 }

func TestOneClickUnsubscribeSuppressesAddress(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *apiEnv) {
		var id int64
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) (err error) {
			id, _, err = tx.ContactForIdentity(e.ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "erin@example.org"})
			return err
		}))
		// What a mailbox provider sends (RFC 8058 §3.2): no cookie, no session.
		req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/v1/unsubscribe/%d?token=%s", e.url, id, crm.UnsubscribeToken(unsubscribeSecret, id)),
			strings.NewReader("List-Unsubscribe=One-Click"))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)

		st, err := e.db.EmailStatus(e.ctx, "erin@example.org")
		require.NoError(t, err)
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonUnsubscribed}, st)
	})
}
