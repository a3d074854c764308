package webhook_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm/webhook"
)

func TestSignVerify(t *testing.T) {
	t.Parallel()
	secret, body := []byte("s3cret"), []byte(`{"type":"segment.entered"}`)
	at := time.Unix(1_780_000_000, 0)
	h := webhook.Sign(secret, at, body)
	require.Regexp(t, `^t=1780000000,v1=[0-9a-f]{64}$`, h)
	require.NoError(t, webhook.Verify(secret, h, body, at.Add(time.Minute), 5*time.Minute))
	for name, c := range map[string]struct {
		secret, body []byte
		header       string
		now          time.Time
	}{
		"tampered body": {secret, []byte(`{"type":"segment.exited"}`), h, at},
		"wrong secret":  {[]byte("other"), body, h, at},
		"too old":       {secret, body, h, at.Add(6 * time.Minute)},
		"malformed":     {secret, body, "v1=abc", at},
	} {
		require.ErrorIs(t, webhook.Verify(c.secret, c.header, c.body, c.now, 5*time.Minute), webhook.ErrBadSignature, name)
	}
}

func TestSendRefusesPrivateTargets(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var gotBody []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		gotBody, _ = io.ReadAll(r.Body)
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	body := []byte(`{"contact_id":1}`)
	ctx := context.Background()

	_, err := (&webhook.Sender{}).Send(ctx, srv.URL, []byte("k"), body)
	require.ErrorIs(t, err, webhook.ErrForbiddenTarget, "loopback refused by default")
	require.Nil(t, got, "nothing reached the server")
	_, err = (&webhook.Sender{}).Send(ctx, "ftp://example.org/x", []byte("k"), body)
	require.Error(t, err)

	s := &webhook.Sender{AllowPrivate: true}
	res, err := s.Send(ctx, srv.URL+"/hook", []byte("k"), body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.Status)
	require.Equal(t, body, gotBody)
	require.NoError(t, webhook.Verify([]byte("k"), got.Header.Get(webhook.SignatureHeader), gotBody, time.Now(), time.Minute))

	res, err = s.Send(ctx, srv.URL+"/fail", []byte("k"), body)
	require.Error(t, err)
	require.Equal(t, http.StatusServiceUnavailable, res.Status)
	require.False(t, errors.Is(err, webhook.ErrForbiddenTarget))
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pattern, event string
		want           bool
	}{
		{"*", "contact.merged", true},
		{"contact.*", "contact.merged", true},
		{"contact.*", "segment.entered", false},
		{"contact.merged", "contact.merged", true},
		{"contact.merged", "contact.created", false},
		{"contact*", "contact.merged", false},
		{"contact", "contact.merged", false},
		{"*.merged", "contact.merged", false},
	} {
		require.Equal(t, c.want, webhook.Match(c.pattern, c.event), "%s ~ %s", c.pattern, c.event)
	}
}
