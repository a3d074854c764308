package email

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"
	gomail "github.com/wneessen/go-mail"
)

type received struct {
	User string
	From string
	To   []string
	Data []byte
}

// fakeSMTP is an in-process SMTP server that records what it receives.
type fakeSMTP struct {
	user, pass string
	rejectRcpt string
	block      chan struct{} // when non-nil, DATA waits until closed

	mu   sync.Mutex
	msgs []received
}

func (f *fakeSMTP) NewSession(*smtp.Conn) (smtp.Session, error) { return &fakeSession{srv: f}, nil }

func (f *fakeSMTP) received() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.msgs...)
}

type fakeSession struct {
	srv *fakeSMTP
	cur received
}

func (s *fakeSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *fakeSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.user || pass != s.srv.pass {
			return smtp.ErrAuthFailed
		}
		s.cur.User = user
		return nil
	}), nil
}

func (s *fakeSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.user != "" && s.cur.User == "" {
		return smtp.ErrAuthRequired
	}
	s.cur.From = from
	return nil
}

func (s *fakeSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.srv.rejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *fakeSession) Data(r io.Reader) error {
	if s.srv.block != nil {
		<-s.srv.block
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, s.cur)
	s.srv.mu.Unlock()
	return nil
}

func (s *fakeSession) Reset()        { s.cur = received{User: s.cur.User} }
func (s *fakeSession) Logout() error { return nil }

// startSMTP runs f on 127.0.0.1:0 and returns its port.
func startSMTP(t testing.TB, f *fakeSMTP) string {
	t.Helper()
	srv := smtp.NewServer(f)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // plain-text AUTH on loopback only
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	_, port, err := net.SplitHostPort(ln.Addr().String())
	require.NoError(t, err)
	return port
}

func TestSMTPDelivers(t *testing.T) {
	f := &fakeSMTP{user: "beckon", pass: "s3cret/pa ss"}
	port := startSMTP(t, f)

	s, err := NewSMTP("smtp://beckon:s3cret%2Fpa%20ss@127.0.0.1:" + port)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:"+port, s.Addr())

	m := testMessage("run-7:email")
	require.NoError(t, s.Send(t.Context(), m))
	require.NoError(t, s.Send(t.Context(), m), "retry of the same step")

	got := f.received()
	require.Len(t, got, 2)
	require.Equal(t, "beckon", got[0].User)
	require.Equal(t, "hello@beckon.example", got[0].From)
	require.Equal(t, []string{"holder@example.org"}, got[0].To)

	var ids []string
	for _, r := range got {
		msg, err := mail.ReadMessage(bytes.NewReader(r.Data))
		require.NoError(t, err)
		ids = append(ids, msg.Header.Get("Message-ID"))
		require.Equal(t, "<https://beckon.example/u/abc?x=1>", msg.Header.Get("List-Unsubscribe"))
		require.Equal(t, "List-Unsubscribe=One-Click", msg.Header.Get("List-Unsubscribe-Post"))
		text, html := parseParts(t, msg)
		require.Equal(t, "Hello holder", strings.TrimSpace(text))
		require.Equal(t, "<p>Hello <b>holder</b></p>", strings.TrimSpace(html))
	}
	require.Equal(t, "<"+MessageID(m)+">", ids[0])
	require.Equal(t, ids[0], ids[1], "retries carry the same Message-ID")
}

func TestSMTPConcurrentSends(t *testing.T) {
	f := &fakeSMTP{}
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://127.0.0.1:" + port + "?tls=none")
	require.NoError(t, err)

	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 4 {
		wg.Go(func() { errs <- s.Send(t.Context(), testMessage(string(rune('a'+i)))) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Len(t, f.received(), 4)
}

func TestSMTPRejectedRecipient(t *testing.T) {
	f := &fakeSMTP{rejectRcpt: "holder@example.org"}
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://127.0.0.1:" + port)
	require.NoError(t, err)

	err = s.Send(t.Context(), testMessage("run:1"))
	require.Error(t, err)
	require.Contains(t, err.Error(), "127.0.0.1:"+port)
	var reply *textproto.Error
	require.ErrorAs(t, err, &reply)
	require.Equal(t, 550, reply.Code, "the relay's reply is kept")
	require.Empty(t, f.received())
}

func TestSMTPAuthFailureDoesNotLeakPassword(t *testing.T) {
	f := &fakeSMTP{user: "beckon", pass: "right"}
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://beckon:wrong-hunter2@127.0.0.1:" + port)
	require.NoError(t, err)

	err = s.Send(t.Context(), testMessage("run:1"))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "hunter2")

	_, err = NewSMTP("smtp://beckon:hunter2@host:notaport")
	require.Error(t, err)
	require.NotContains(t, err.Error(), "hunter2")
}

func TestSMTPMandatoryTLSRefusesPlainServer(t *testing.T) {
	f := &fakeSMTP{}
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://127.0.0.1:"+port, WithTLSPolicy(gomail.TLSMandatory))
	require.NoError(t, err)
	require.ErrorContains(t, s.Send(t.Context(), testMessage("run:1")), "STARTTLS")
	require.Empty(t, f.received())
}

func TestSMTPHonoursContext(t *testing.T) {
	f := &fakeSMTP{block: make(chan struct{})}
	defer close(f.block)
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://127.0.0.1:" + port)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	err = s.Send(ctx, testMessage("run:slow"))
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestNewSMTPURLs(t *testing.T) {
	s, err := NewSMTP("smtps://u:p@mail.example")
	require.NoError(t, err)
	require.True(t, s.implicit)
	require.Equal(t, "mail.example:465", s.Addr())
	require.Equal(t, gomail.SMTPAuthPlain, s.auth)
	require.Equal(t, "mail.example", s.tlsConf.ServerName)

	s, err = NewSMTP("smtp://mail.example?tls=mandatory&auth=login", WithTimeout(time.Second))
	require.NoError(t, err)
	require.Equal(t, "mail.example:587", s.Addr())
	require.Equal(t, gomail.TLSMandatory, s.policy)
	require.Equal(t, gomail.SMTPAuthLogin, s.auth)

	s, err = NewSMTP("smtp://mail.example:2525", WithTLSPolicy(gomail.NoTLS))
	require.NoError(t, err)
	require.Equal(t, gomail.NoTLS, s.policy)
	require.Equal(t, gomail.SMTPAuthNoAuth, s.auth)

	for _, bad := range []string{"http://mail.example", "smtp://", "smtp://h?tls=maybe", "smtp://h:99999"} {
		_, err := NewSMTP(bad)
		require.Error(t, err, bad)
	}
}

func TestSMTPReplacesDroppedSession(t *testing.T) {
	f := &fakeSMTP{}
	srv := smtp.NewServer(f)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	addr := ln.Addr().String()

	s, err := NewSMTP("smtp://" + addr + "?tls=none&idle_timeout=1h")
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Send(t.Context(), testMessage("a")))

	// The relay restarts: the idle session is dead, the next send dials again.
	require.NoError(t, srv.Close())
	srv2 := smtp.NewServer(f)
	srv2.Domain = "localhost"
	ln2, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	go func() { _ = srv2.Serve(ln2) }()
	t.Cleanup(func() { _ = srv2.Close() })

	require.NoError(t, s.Send(t.Context(), testMessage("b")))
	require.Len(t, f.received(), 2)
}

func TestSMTPURLOptions(t *testing.T) {
	s, err := NewSMTP("smtp://u@mail.example?tls=starttls&timeout=5s&pool=0&idle_timeout=2m", WithPassword("from-env"))
	require.NoError(t, err)
	require.Equal(t, gomail.TLSMandatory, s.policy)
	require.Equal(t, 5*time.Second, s.timeout)
	require.Equal(t, 0, s.maxIdle)
	require.Equal(t, 2*time.Minute, s.idleTimeout)
	require.Equal(t, "u", s.user)
	require.Equal(t, "from-env", s.pass)
	require.Equal(t, gomail.SMTPAuthPlain, s.auth)

	s, err = NewSMTP("smtp://mail.example", WithCredentials("me", "pw"))
	require.NoError(t, err)
	require.Equal(t, gomail.SMTPAuthPlain, s.auth, "credentials from options enable AUTH")

	for _, bad := range []string{"smtp://h?timeout=soon", "smtp://h?timeout=-1s", "smtp://h?pool=-1", "smtp://h?pool=x", "smtp://h?idle_timeout=0s"} {
		_, err := NewSMTP(bad)
		require.Error(t, err, bad)
	}
}

func TestSMTPPoolZeroDialsPerMessage(t *testing.T) {
	f := &fakeSMTP{}
	port := startSMTP(t, f)
	s, err := NewSMTP("smtp://127.0.0.1:" + port + "?tls=none&pool=0")
	require.NoError(t, err)
	for _, id := range []string{"a", "b"} {
		require.NoError(t, s.Send(t.Context(), testMessage(id)))
	}
	require.Len(t, f.received(), 2)
	require.NoError(t, s.Close())
}

// BenchmarkSMTPSend compares session reuse with a dial per message against
// the in-process server.
func BenchmarkSMTPSend(b *testing.B) {
	for _, pool := range []string{"0", "2"} {
		b.Run("pool="+pool, func(b *testing.B) {
			f := &fakeSMTP{}
			port := startSMTP(b, f)
			s, err := NewSMTP("smtp://127.0.0.1:" + port + "?tls=none&pool=" + pool)
			require.NoError(b, err)
			defer s.Close()
			m := testMessage("bench")
			b.ResetTimer()
			for b.Loop() {
				if err := s.Send(b.Context(), m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
