package email

import (
	"context"
	"errors"
	"net/mail"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGuardAddsMailtoAndRefuses(t *testing.T) {
	ob, err := NewOutbox(t.TempDir())
	require.NoError(t, err)
	statuses := map[string]Status{"holder@example.org": {Confirmed: true}, "new@example.org": {}}
	var looked []string
	g := NewGuard(ob, StatusFunc(func(_ context.Context, addr string) (Status, error) {
		looked = append(looked, addr)
		if addr == "broken@example.org" {
			return Status{}, errors.New("db down")
		}
		return statuses[addr], nil
	}), true)
	g.UnsubscribeMailto = "unsubscribe@beckon.example"

	require.NoError(t, g.Send(t.Context(), testMessage("m:1")))
	f, err := os.Open(ob.Path("m:1"))
	require.NoError(t, err)
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	require.NoError(t, err)
	require.Equal(t, "<https://beckon.example/u/abc?x=1>, <mailto:unsubscribe@beckon.example>", msg.Header.Get("List-Unsubscribe"))
	require.Equal(t, "List-Unsubscribe=One-Click", msg.Header.Get("List-Unsubscribe-Post"))

	m := testMessage("m:2")
	m.To = "New <NEW@example.org>"
	require.ErrorIs(t, g.Send(t.Context(), m), ErrUnconfirmed)
	m.Transactional, m.UnsubscribeURL = true, ""
	require.NoError(t, g.Send(t.Context(), m), "transactional mail reaches unconfirmed addresses")

	m = testMessage("m:3")
	m.To = "broken@example.org"
	err = g.Send(t.Context(), m)
	require.ErrorContains(t, err, "db down")
	require.False(t, Blocked(err), "a failed lookup is retried, not skipped")
	m.To = "not an address"
	require.Error(t, g.Send(t.Context(), m))

	require.Equal(t, []string{"holder@example.org", "new@example.org", "new@example.org", "broken@example.org"}, looked)
	n, err := ob.Count()
	require.NoError(t, err)
	require.Equal(t, 2, n)

	open := NewGuard(ob, StatusFunc(func(context.Context, string) (Status, error) { return Status{}, nil }), false)
	require.NoError(t, open.Send(t.Context(), testMessage("m:4")), "opt_in none lets unconfirmed addresses receive")
}
