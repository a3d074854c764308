package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/crm/email/emailtest"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

func TestEmailConfigErrorsNameTheField(t *testing.T) {
	t.Parallel()
	cases := []struct{ yaml, field string }{
		{"email:\n  opt_in: single\n", "email.opt_in"},
		{"email:\n  confirm_ttl: forever\n", "email.confirm_ttl"},
		{"email:\n  opt_in_interval: 0s\n", "email.opt_in_interval"},
		{"email:\n  confirm_url: https://x.example/confirm\n", "email.confirm_url"},
		{"email:\n  unsubscribe_mailto: not-an-address\n", "email.unsubscribe_mailto"},
		{"email:\n  sendgrid_public_key: bm90IGEga2V5\n", "email.sendgrid_public_key"},
	}
	for _, c := range cases {
		_, err := LoadConfig(writeFile(t, "beckon.yaml", c.yaml), noEnv)
		var ce *ConfigError
		require.True(t, errors.As(err, &ce), "%s: %v", c.field, err)
		require.Equal(t, c.field, ce.Field)
		require.Equal(t, 2, ce.Line, c.field)
	}
	cfg, err := LoadConfig("", noEnv)
	require.NoError(t, err)
	require.Equal(t, "double", cfg.Email.OptIn)
	require.Equal(t, "72h", cfg.Email.ConfirmTTL)
}

func TestMailerWiring(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := storetest.OpenSQLite(t)
	srv := emailtest.Start(t)
	env := mapEnv(map[string]string{"SMTP_PASS": "unused", "HOOK_SECRET": "0123456789abcdef-secret", "PM_PASS": "postmark-password"})
	cfg, err := LoadConfig(writeFile(t, "beckon.yaml", `public_url: https://beckon.example
email:
  smtp_url: `+srv.URL()+`
  unsubscribe_mailto: leave@beckon.example
  webhook_secret_env: HOOK_SECRET
  postmark_webhook_user: pm
  postmark_webhook_password_env: PM_PASS
`), env)
	require.NoError(t, err)
	m, err := newMailer(ctx, cfg, db, t.TempDir(), env, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer func() {
		for _, c := range m.closers {
			require.NoError(t, c())
		}
	}()
	require.Nil(t, m.outbox)
	require.ElementsMatch(t, []string{"GET /v1/email/confirm", "POST /v1/email/webhooks/signed", "POST /v1/email/webhooks/postmark"}, keys(m.webhooks))

	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		_, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "fresh@example.org"})
		return err
	}))
	msg := email.Message{ID: "x", From: cfg.Email.From, To: "fresh@example.org", Text: "hi", UnsubscribeURL: "https://beckon.example/u"}
	require.ErrorIs(t, m.sender.Send(ctx, msg), email.ErrUnconfirmed, "the wired sender enforces double opt-in")

	n, err := m.optin.SendPending(ctx, 10)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, srv.Messages(), 1)
	_, text, _ := srv.Messages()[0].Parts(t)
	link := regexp.MustCompile(`https://beckon\.example(/v1/email/confirm\?token=\S+?)\)`).FindStringSubmatch(text)
	require.NotNil(t, link, text)
	rec := httptest.NewRecorder()
	m.webhooks["GET /v1/email/confirm"].ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link[1], nil))
	require.Equal(t, http.StatusOK, rec.Code)

	require.NoError(t, m.sender.Send(ctx, msg))
	got := srv.Messages()
	require.Len(t, got, 2)
	require.Equal(t, "<https://beckon.example/u>, <mailto:leave@beckon.example>", got[1].Parsed(t).Header.Get("List-Unsubscribe"))

	body := []byte(`{"events":[{"type":"complaint","email":"fresh@example.org"}]}`)
	req := httptest.NewRequest(http.MethodPost, "/v1/email/webhooks/signed", bytes.NewReader(body))
	req.Header.Set(email.SignatureHeader, email.Sign([]byte("0123456789abcdef-secret"), body, time.Now()))
	rec = httptest.NewRecorder()
	m.webhooks["POST /v1/email/webhooks/signed"].ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.ErrorIs(t, m.sender.Send(ctx, msg), email.ErrSuppressed)
	require.Len(t, srv.Messages(), 2)

	// A password variable that is named but empty is a configuration error.
	cfg.Email.SMTPPasswordEnv = "MISSING"
	_, err = newMailer(context.Background(), cfg, db, t.TempDir(), env, slog.New(slog.DiscardHandler))
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "email.smtp_password_env", ce.Field)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
