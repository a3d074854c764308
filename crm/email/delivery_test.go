package email_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/crm/email/emailtest"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// env is one store, one real SMTP server and the send path wired the way
// cmd/beckon wires it: every sender behind the Guard.
type env struct {
	ctx   context.Context
	db    *store.DB
	smtp  *emailtest.Server
	relay *email.SMTP
	mail  *email.Guard
	optin *email.OptIn
	tpl   *email.Templates
}

func forEachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			db := b.Open(t)
			srv := emailtest.Start(t)
			relay, err := email.NewSMTP(srv.URL())
			require.NoError(t, err)
			t.Cleanup(func() { _ = relay.Close() })
			tpl, err := email.NewTemplates()
			require.NoError(t, err)
			guard := email.NewGuard(relay, email.StatusFunc(db.EmailStatus), true)
			e := &env{ctx: t.Context(), db: db, smtp: srv, relay: relay, mail: guard, tpl: tpl}
			e.optin = &email.OptIn{
				InTx: func(ctx context.Context, fn func(email.OptInStore) error) error {
					return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
				},
				Mail: guard, Templates: tpl, From: "Beckon <hello@beckon.example>",
				ConfirmURL: "https://beckon.example/v1/email/confirm?token={token}", Secret: []byte("0123456789abcdef0123456789abcdef"),
			}
			fn(t, e)
		})
	}
}

func (e *env) suppressTx(ctx context.Context, fn func(email.SuppressionStore) error) error {
	return e.db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
}

func (e *env) addContact(t *testing.T, addr string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) (err error) {
		id, _, err = tx.ContactForIdentity(e.ctx, crm.Identity{Kind: crm.IdentityEmail, Value: addr})
		return err
	}))
	return id
}

func (e *env) confirm(t *testing.T, addr string) {
	t.Helper()
	require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
		_, err := tx.ConfirmEmail(e.ctx, addr, "import")
		return err
	}))
}

func (e *env) status(t *testing.T, addr string) email.Status {
	t.Helper()
	st, err := e.db.EmailStatus(e.ctx, addr)
	require.NoError(t, err)
	return st
}

// marketing renders the welcome template for addr like a flow step does.
func (e *env) marketing(t *testing.T, id, addr string) email.Message {
	t.Helper()
	unsub := "https://beckon.example/v1/unsubscribe/7?token=abc"
	subject, html, text, err := e.tpl.Render("welcome", map[string]any{
		"Contact": map[string]any{"wallet": "0x1234"}, "Points": 50, "UnsubscribeURL": unsub,
	})
	require.NoError(t, err)
	return email.Message{ID: id, From: "Beckon <hello@beckon.example>", To: addr, Subject: subject, HTML: html, Text: text,
		UnsubscribeURL: unsub, UnsubscribeMailto: "unsubscribe@beckon.example?subject=unsubscribe"}
}

func TestDeliveryHeadersAndPlainTextPart(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		e.addContact(t, "ada@example.org")
		e.confirm(t, "ada@example.org")
		require.NoError(t, e.mail.Send(e.ctx, e.marketing(t, "run:1:0", "Ada <Ada@Example.org>")))

		got := e.smtp.Messages()
		require.Len(t, got, 1)
		require.Equal(t, []string{"Ada@Example.org"}, got[0].To)
		msg := got[0].Parsed(t)
		// RFC 8058 §3.1: both headers, the https URI first, the POST body exact.
		require.Equal(t, "<https://beckon.example/v1/unsubscribe/7?token=abc>, <mailto:unsubscribe@beckon.example?subject=unsubscribe>",
			msg.Header.Get("List-Unsubscribe"))
		require.Equal(t, "List-Unsubscribe=One-Click", msg.Header.Get("List-Unsubscribe-Post"))
		require.NotEmpty(t, msg.Header.Get("Message-ID"))

		ct, text, html := got[0].Parts(t)
		require.True(t, strings.HasPrefix(ct, "multipart/alternative;"), ct)
		require.Contains(t, html, "<strong>50 points</strong>")
		require.Contains(t, text, "you have 50 points waiting")
		require.Contains(t, text, "Unsubscribe (https://beckon.example/v1/unsubscribe/7?token=abc)")
		require.NotContains(t, text, "<p>")
	})
}

func TestSuppressionHonouredForEverySend(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		for _, r := range []string{email.ReasonUnsubscribed, email.ReasonBounced, email.ReasonComplained} {
			addr := r + "@example.org"
			e.addContact(t, addr)
			e.confirm(t, addr)
			require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
				_, err := tx.Suppress(e.ctx, email.Suppression{Email: addr, Reason: r, Source: "test"})
				return err
			}))
			err := e.mail.Send(e.ctx, e.marketing(t, "m:"+r, strings.ToUpper(addr)))
			require.ErrorIs(t, err, email.ErrSuppressed, r)
			require.True(t, email.Blocked(err))

			tx := e.marketing(t, "t:"+r, addr)
			tx.Transactional = true
			require.ErrorIs(t, e.mail.Send(e.ctx, tx), email.ErrSuppressed, "transactional mail is suppressed too")
			require.ErrorIs(t, e.optin.Request(e.ctx, addr), email.ErrSuppressed)
		}
		require.Empty(t, e.smtp.Messages(), "no message reached the server")
		require.Zero(t, e.smtp.Sessions(), "not even a connection was opened")

		// Unsubscribing through the contact suppresses its address.
		id := e.addContact(t, "dana@example.org")
		e.confirm(t, "dana@example.org")
		require.NoError(t, e.mail.Send(e.ctx, e.marketing(t, "d:1", "dana@example.org")))
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error { return tx.Unsubscribe(e.ctx, id) }))
		require.ErrorIs(t, e.mail.Send(e.ctx, e.marketing(t, "d:2", "dana@example.org")), email.ErrSuppressed)
		require.Len(t, e.smtp.Messages(), 1)
	})
}

var confirmLink = regexp.MustCompile(`https://beckon\.example(/v1/email/confirm\?token=[A-Za-z0-9_.%-]+)`)

func TestDoubleOptIn(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		e.addContact(t, "new@example.org")
		require.False(t, e.status(t, "new@example.org").Confirmed, "new identities start unconfirmed")
		require.ErrorIs(t, e.mail.Send(e.ctx, e.marketing(t, "m:1", "new@example.org")), email.ErrUnconfirmed)
		require.Empty(t, e.smtp.Messages())

		n, err := e.optin.SendPending(e.ctx, 10)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		n, err = e.optin.SendPending(e.ctx, 10)
		require.NoError(t, err)
		require.Zero(t, n, "one request per address")

		got := e.smtp.Messages()
		require.Len(t, got, 1, "the confirmation mail arrives")
		require.Equal(t, []string{"new@example.org"}, got[0].To)
		msg := got[0].Parsed(t)
		require.Empty(t, msg.Header.Get("List-Unsubscribe"), "a confirmation is not a list message")
		_, text, html := got[0].Parts(t)
		require.Contains(t, html, "new@example.org")
		m := confirmLink.FindStringSubmatch(text)
		require.NotNil(t, m, "text part carries the link: %s", text)

		api := httptest.NewServer(e.optin.ConfirmHandler())
		defer api.Close()
		get := func(path string) int {
			res, err := http.Get(api.URL + path)
			require.NoError(t, err)
			res.Body.Close()
			return res.StatusCode
		}
		require.Equal(t, http.StatusBadRequest, get("/v1/email/confirm?token=forged.token"))
		forged := email.ConfirmToken([]byte("another secret, another install"), "new@example.org", time.Now().Add(time.Hour))
		require.Equal(t, http.StatusBadRequest, get("/v1/email/confirm?token="+forged))
		expired := email.ConfirmToken(e.optin.Secret, "new@example.org", time.Now().Add(-time.Second))
		require.Equal(t, http.StatusGone, get("/v1/email/confirm?token="+expired))
		require.False(t, e.status(t, "new@example.org").Confirmed, "bad links confirm nothing")
		require.Len(t, e.smtp.Messages(), 2, "an expired link brings a fresh one")
		require.Equal(t, http.StatusGone, get("/v1/email/confirm?token="+expired))
		resent := e.smtp.Messages()[1].Parsed(t)
		require.NotEqual(t, msg.Header.Get("Message-ID"), resent.Header.Get("Message-ID"))

		require.Equal(t, http.StatusOK, get(m[1]))
		require.True(t, e.status(t, "new@example.org").Confirmed)
		require.Equal(t, http.StatusOK, get(m[1]), "following the link twice is fine")

		require.NoError(t, e.mail.Send(e.ctx, e.marketing(t, "m:2", "new@example.org")))
		require.Len(t, e.smtp.Messages(), 4, "marketing mail is allowed once confirmed")
	})
}

func TestSMTPReusesConnections(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		for i := range 3 {
			addr := "r" + strconv.Itoa(i) + "@example.org"
			e.confirm(t, addr)
			require.NoError(t, e.mail.Send(e.ctx, e.marketing(t, "reuse:"+addr, addr)))
		}
		require.Len(t, e.smtp.Messages(), 3)
		require.Equal(t, 1, e.smtp.Sessions(), "one SMTP session carried all three")
	})
}

func sendGridKey(t *testing.T) (*ecdsa.PrivateKey, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	return key, base64.StdEncoding.EncodeToString(der)
}

func sendGridSign(t *testing.T, key *ecdsa.PrivateKey, ts string, body []byte) string {
	t.Helper()
	digest := sha256.Sum256(append([]byte(ts), body...))
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(sig)
}

func post(t *testing.T, h http.Handler, body []byte, headers map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/email/webhooks/x", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A SendGrid Event Webhook delivery as documented: an array of events.
const sendGridBody = `[
 {"email":"hard@example.org","timestamp":1700000000,"event":"bounce","type":"bounce","reason":"550 5.1.1 The email account that you tried to reach does not exist.","status":"5.1.1","sg_event_id":"a1","sg_message_id":"m1"},
 {"email":"soft@example.org","timestamp":1700000001,"event":"bounce","type":"blocked","reason":"421 try later","status":"4.0.0","sg_event_id":"a2"},
 {"email":"Spam@Example.org","timestamp":1700000002,"event":"spamreport","sg_event_id":"a3"},
 {"email":"opens@example.org","timestamp":1700000003,"event":"open","sg_event_id":"a4","useragent":"x","ip":"1.2.3.4"},
 {"email":"leaver@example.org","timestamp":1700000004,"event":"group_unsubscribe","asm_group_id":1,"sg_event_id":"a5"}
]`

func TestSendGridWebhookSuppresses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		key, pub := sendGridKey(t)
		h, err := email.NewSendGridWebhook(pub, email.WebhookConfig{InTx: e.suppressTx})
		require.NoError(t, err)
		body := []byte(sendGridBody)
		ts := "1700000100"

		other, _ := sendGridKey(t)
		for name, hdr := range map[string]map[string]string{
			"no headers":    {},
			"other key":     {email.SendGridSignatureHeader: sendGridSign(t, other, ts, body), email.SendGridTimestampHeader: ts},
			"other time":    {email.SendGridSignatureHeader: sendGridSign(t, key, ts, body), email.SendGridTimestampHeader: "1700000101"},
			"not base64":    {email.SendGridSignatureHeader: "!!", email.SendGridTimestampHeader: ts},
			"tampered body": {email.SendGridSignatureHeader: sendGridSign(t, key, ts, []byte(strings.Replace(sendGridBody, "hard", "hare", 1))), email.SendGridTimestampHeader: ts},
		} {
			rec := post(t, h, body, hdr)
			require.Equal(t, http.StatusUnauthorized, rec.Code, name)
		}
		for _, addr := range []string{"hard@example.org", "spam@example.org", "leaver@example.org"} {
			require.False(t, e.status(t, addr).Suppressed, "rejected deliveries change nothing")
		}

		rec := post(t, h, body, map[string]string{email.SendGridSignatureHeader: sendGridSign(t, key, ts, body), email.SendGridTimestampHeader: ts})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.JSONEq(t, `{"suppressed":3,"added":3,"ignored":2}`, rec.Body.String())
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonBounced}, e.status(t, "hard@example.org"))
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonComplained}, e.status(t, "spam@example.org"))
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonUnsubscribed}, e.status(t, "leaver@example.org"))
		require.False(t, e.status(t, "soft@example.org").Suppressed, "blocked is a temporary bounce")
		require.False(t, e.status(t, "opens@example.org").Suppressed)
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
			s, ok, err := tx.EmailSuppression(e.ctx, "hard@example.org")
			require.True(t, ok)
			require.Equal(t, "sendgrid", s.Source)
			require.Contains(t, s.Detail, "5.1.1")
			require.Equal(t, int64(1700000000), s.At.Unix())
			return err
		}))

		// The bounced address now gets nothing.
		e.confirm(t, "hard@example.org")
		require.ErrorIs(t, e.mail.Send(e.ctx, e.marketing(t, "b:1", "hard@example.org")), email.ErrSuppressed)
		require.Empty(t, e.smtp.Messages())

		// Redelivery is idempotent; malformed signed bodies are 400.
		rec = post(t, h, body, map[string]string{email.SendGridSignatureHeader: sendGridSign(t, key, ts, body), email.SendGridTimestampHeader: ts})
		require.JSONEq(t, `{"suppressed":3,"added":0,"ignored":2}`, rec.Body.String())
		bad := []byte(`{"not":"an array"}`)
		rec = post(t, h, bad, map[string]string{email.SendGridSignatureHeader: sendGridSign(t, key, ts, bad), email.SendGridTimestampHeader: ts})
		require.Equal(t, http.StatusBadRequest, rec.Code)
	})
}

func TestSignedWebhookSuppresses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		secret := []byte("webhook-secret-0123456789")
		now := time.Unix(1_800_000_000, 0)
		h, err := email.NewSignedWebhook(secret, email.WebhookConfig{InTx: e.suppressTx, Now: func() time.Time { return now }})
		require.NoError(t, err)
		body := []byte(`{"events":[{"type":"bounce","email":"gone@example.org","detail":"mailbox unknown"},
			{"type":"bounce","email":"full@example.org","permanent":false},{"type":"complaint","email":"angry@example.org"}]}`)

		for name, sig := range map[string]string{
			"missing":   "",
			"wrong key": email.Sign([]byte("not-the-secret-000000"), body, now),
			"stale":     email.Sign(secret, body, now.Add(-10*time.Minute)),
			"garbage":   "t=abc,v1=zz",
		} {
			rec := post(t, h, body, map[string]string{email.SignatureHeader: sig})
			require.Equal(t, http.StatusUnauthorized, rec.Code, name)
		}
		require.False(t, e.status(t, "gone@example.org").Suppressed, "rejected deliveries change nothing")

		rotated := email.Sign(secret, body, now) + ",v1=00ff"
		rec := post(t, h, body, map[string]string{email.SignatureHeader: rotated})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.JSONEq(t, `{"suppressed":2,"added":2,"ignored":1}`, rec.Body.String())
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonBounced}, e.status(t, "gone@example.org"))
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonComplained}, e.status(t, "angry@example.org"))
		require.False(t, e.status(t, "full@example.org").Suppressed)

		// One bad event rejects the whole delivery: nothing half-applied.
		mixed := []byte(`{"events":[{"type":"bounce","email":"x@example.org"},{"type":"bounce","email":"not an address"}]}`)
		rec = post(t, h, mixed, map[string]string{email.SignatureHeader: email.Sign(secret, mixed, now)})
		require.Equal(t, http.StatusBadRequest, rec.Code)
		require.False(t, e.status(t, "x@example.org").Suppressed)

		_, err = email.NewSignedWebhook([]byte("short"), email.WebhookConfig{InTx: e.suppressTx})
		require.Error(t, err)
	})
}

func TestPostmarkWebhookSuppresses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		h, err := email.NewPostmarkWebhook("postmark", "correct horse battery", email.WebhookConfig{InTx: e.suppressTx})
		require.NoError(t, err)
		// Postmark's documented bounce webhook record.
		bounce := []byte(`{"RecordType":"Bounce","MessageStream":"outbound","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,
			"Name":"Hard bounce","Tag":"Invitation","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Metadata":{"a_key":"a_value"},
			"ServerID":23,"Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).",
			"Details":"Test bounce details","Email":"john@example.com","From":"sender@example.com","BouncedAt":"2019-11-05T16:33:54.9070259Z",
			"DumpAvailable":true,"Inactive":true,"CanActivate":true,"Subject":"Test subject","Content":"<Full dump of bounce>"}`)
		auth := func(user, pass string) map[string]string {
			return map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}
		}
		require.Equal(t, http.StatusUnauthorized, post(t, h, bounce, nil).Code)
		require.Equal(t, http.StatusUnauthorized, post(t, h, bounce, auth("postmark", "wrong")).Code)
		require.False(t, e.status(t, "john@example.com").Suppressed, "rejected deliveries change nothing")

		rec := post(t, h, bounce, auth("postmark", "correct horse battery"))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonBounced}, e.status(t, "john@example.com"))

		complaint := []byte(`{"RecordType":"SpamComplaint","MessageStream":"outbound","ID":42,"Type":"SpamComplaint","TypeCode":512,
			"Email":"spam@example.com","BouncedAt":"2019-11-05T16:33:54Z","Inactive":true}`)
		require.Equal(t, http.StatusOK, post(t, h, complaint, auth("postmark", "correct horse battery")).Code)
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonComplained}, e.status(t, "spam@example.com"))

		soft := []byte(`{"RecordType":"Bounce","Type":"SoftBounce","TypeCode":4096,"Email":"soft@example.com","Inactive":false}`)
		rec = post(t, h, soft, auth("postmark", "correct horse battery"))
		require.JSONEq(t, `{"suppressed":0,"added":0,"ignored":1}`, rec.Body.String())
		require.False(t, e.status(t, "soft@example.com").Suppressed)

		change := []byte(`{"RecordType":"SubscriptionChange","MessageID":"x","ServerID":1,"MessageStream":"outbound",
			"ChangedAt":"2020-02-01T10:53:34.416071Z","Recipient":"bad.address@example.com","Origin":"Recipient",
			"SuppressSending":true,"SuppressionReason":"ManualSuppression","Tag":"","Metadata":{}}`)
		require.Equal(t, http.StatusOK, post(t, h, change, auth("postmark", "correct horse battery")).Code)
		require.Equal(t, email.Status{Suppressed: true, Reason: email.ReasonUnsubscribed}, e.status(t, "bad.address@example.com"))
	})
}
