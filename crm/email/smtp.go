package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTP is a Sender that delivers through an SMTP relay.
type SMTP struct {
	host     string
	port     int
	implicit bool // smtps:// — TLS from the first byte
	user     string
	pass     string
	auth     gomail.SMTPAuthType
	policy   gomail.TLSPolicy
	tlsConf  *tls.Config
	timeout  time.Duration
	helo     string
}

var _ Sender = (*SMTP)(nil)

// SMTPOption configures an SMTP sender beyond what the URL expresses.
type SMTPOption func(*SMTP)

// WithTLSPolicy sets the STARTTLS policy for smtp:// URLs. The default,
// gomail.TLSOpportunistic, upgrades when the server offers STARTTLS;
// gomail.TLSMandatory refuses servers that do not. It has no effect on
// smtps://, which is always encrypted.
func WithTLSPolicy(p gomail.TLSPolicy) SMTPOption {
	return func(s *SMTP) { s.policy = p }
}

// WithTLSConfig sets the TLS configuration used for STARTTLS and smtps://,
// e.g. to trust a private CA. ServerName defaults to the URL host.
func WithTLSConfig(c *tls.Config) SMTPOption {
	return func(s *SMTP) { s.tlsConf = c }
}

// WithAuth sets the SMTP AUTH mechanism. When credentials are present the
// default is PLAIN, which go-mail only sends over TLS or to localhost.
func WithAuth(t gomail.SMTPAuthType) SMTPOption {
	return func(s *SMTP) { s.auth = t }
}

// WithTimeout bounds each network operation of a delivery (default 30s).
// A context deadline, when earlier, takes precedence.
func WithTimeout(d time.Duration) SMTPOption {
	return func(s *SMTP) { s.timeout = d }
}

// WithHELO sets the name announced in EHLO/HELO (default: the local hostname).
func WithHELO(name string) SMTPOption {
	return func(s *SMTP) { s.helo = name }
}

// NewSMTP parses an SMTP URL and returns a sender for it.
//
//	smtp://user:pass@host:587   STARTTLS when offered (port defaults to 587)
//	smtps://user:pass@host:465  implicit TLS (port defaults to 465)
//
// The query parameters tls=mandatory|opportunistic|none and
// auth=plain|login|cram-md5|scram-sha-256|none tune smtp:// URLs without code;
// options take precedence over the URL.
func NewSMTP(rawURL string, opts ...SMTPOption) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse echoes the input, which may contain a password.
		return nil, errors.New("parse smtp url: malformed url")
	}
	s := &SMTP{host: u.Hostname(), policy: gomail.TLSOpportunistic, timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port = 465
		s.implicit = true
	default:
		return nil, fmt.Errorf("parse smtp url: unsupported scheme %q", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("parse smtp url: missing host")
	}
	if p := u.Port(); p != "" {
		s.port, err = strconv.Atoi(p)
		if err != nil || s.port < 1 || s.port > 65535 {
			return nil, fmt.Errorf("parse smtp url: invalid port %q", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	s.auth = gomail.SMTPAuthNoAuth
	if s.user != "" {
		s.auth = gomail.SMTPAuthPlain
	}
	q := u.Query()
	switch strings.ToLower(q.Get("tls")) {
	case "":
	case "mandatory", "required":
		s.policy = gomail.TLSMandatory
	case "opportunistic":
		s.policy = gomail.TLSOpportunistic
	case "none", "off":
		s.policy = gomail.NoTLS
	default:
		return nil, fmt.Errorf("parse smtp url: unknown tls policy %q", q.Get("tls"))
	}
	if a := q.Get("auth"); a != "" {
		if strings.EqualFold(a, "none") {
			s.auth = gomail.SMTPAuthNoAuth
		} else {
			s.auth = gomail.SMTPAuthType(strings.ToUpper(a))
		}
	}
	for _, opt := range opts {
		opt(s)
	}
	if s.tlsConf == nil {
		s.tlsConf = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if s.tlsConf.ServerName == "" {
		s.tlsConf = s.tlsConf.Clone()
		s.tlsConf.ServerName = s.host
	}
	return s, nil
}

// Addr returns host:port of the relay; it never includes credentials.
func (s *SMTP) Addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

// Send delivers m in its own SMTP session. Each call dials afresh, which
// keeps the sender safe for concurrent use and means a cancelled context
// aborts only its own delivery: ctx governs the dial, its deadline caps the
// I/O timeout, and cancellation closes the connection mid-transaction.
func (s *SMTP) Send(ctx context.Context, m Message) (err error) {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("smtp send via %s: %w", s.Addr(), err)
	}
	msg, err := buildMsg(m)
	if err != nil {
		return fmt.Errorf("smtp build message: %w", err)
	}

	timeout := s.timeout
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < timeout {
			timeout = max(left, time.Millisecond)
		}
	}

	var stop func() bool
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var conn net.Conn
		var err error
		if s.implicit {
			conn, err = (&tls.Dialer{NetDialer: d, Config: s.tlsConf}).DialContext(dctx, network, addr)
		} else {
			conn, err = d.DialContext(dctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		stop = context.AfterFunc(ctx, func() { _ = conn.Close() })
		return conn, nil
	}

	opts := []gomail.Option{
		gomail.WithPort(s.port),
		gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(s.tlsConf),
		gomail.WithDialContextFunc(dial),
		gomail.WithSMTPAuth(s.auth),
	}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(s.policy))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	if s.helo != "" {
		opts = append(opts, gomail.WithHELO(s.helo))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client for %s: %w", s.Addr(), err)
	}

	sendErr := client.DialAndSendWithContext(ctx, msg)
	if stop != nil {
		stop()
	}
	if sendErr != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			sendErr = errors.Join(ctxErr, sendErr)
		}
		return fmt.Errorf("smtp send via %s: %w", s.Addr(), s.redact(sendErr))
	}
	return nil
}

// redact guarantees the password never reaches logs through an error string,
// whatever a server or library chooses to echo back.
func (s *SMTP) redact(err error) error {
	if s.pass == "" || !strings.Contains(err.Error(), s.pass) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), s.pass, "xxxxx"), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
