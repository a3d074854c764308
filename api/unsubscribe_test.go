package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/store"
)

func TestUnsubscribe(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *apiEnv) {
		var id int64
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) (err error) {
			id, _, err = tx.ContactForIdentity(e.ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "dana@example.org"})
			return err
		}))
		token := crm.UnsubscribeToken(unsubscribeSecret, id)
		path := fmt.Sprintf("/v1/unsubscribe/%d?token=%s", id, token)

		page := e.do(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, page.status)
		require.Contains(t, string(page.body), "<form method=\"post\"")
		require.False(t, e.contact(id).Unsubscribed, "following the link alone unsubscribes nobody")

		forged := fmt.Sprintf("/v1/unsubscribe/%d?token=%s", id, crm.UnsubscribeToken(unsubscribeSecret, id+1))
		requireProblem(t, e.do(http.MethodPost, forged, []byte("List-Unsubscribe=One-Click")), http.StatusForbidden)
		requireProblem(t, e.do(http.MethodPost, "/v1/unsubscribe/abc?token=x", nil), http.StatusBadRequest)
		require.False(t, e.contact(id).Unsubscribed)

		// RFC 8058 one-click: a POST with List-Unsubscribe=One-Click.
		res := e.do(http.MethodPost, path, []byte("List-Unsubscribe=One-Click"))
		require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
		require.True(t, e.contact(id).Unsubscribed)
		again := e.do(http.MethodPost, path, nil)
		require.Equal(t, http.StatusOK, again.status, "unsubscribing twice is fine")

		unknown := fmt.Sprintf("/v1/unsubscribe/%d?token=%s", id+1000, crm.UnsubscribeToken(unsubscribeSecret, id+1000))
		requireProblem(t, e.do(http.MethodPost, unknown, nil), http.StatusNotFound)
		require.True(t, strings.HasPrefix(page.contentType, "text/html"))
	})
}
