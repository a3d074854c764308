package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
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
	// maxIdle connections are kept open for the next sends; idleTimeout
	// bounds how long one may sit unused (relays drop idle sessions).
	maxIdle     int
	idleTimeout time.Duration

	client *gomail.Client
	idle   chan *smtpConn
	mu     sync.Mutex
	closed bool
}

// smtpConn is one open SMTP session that can carry several messages.
type smtpConn struct {
	sc   *gosmtp.Client
	raw  net.Conn
	used time.Time
}

var _ CommitSender = (*SMTP)(nil)

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

// WithCredentials sets the AUTH user and password, e.g. with the password
// read from the environment; they replace any in the URL.
func WithCredentials(user, pass string) SMTPOption {
	return func(s *SMTP) { s.user, s.pass = user, pass }
}

// WithPassword sets the AUTH password, e.g. read from the environment,
// keeping the user of the URL.
func WithPassword(pass string) SMTPOption {
	return func(s *SMTP) { s.pass = pass }
}

// WithPool keeps up to maxIdle connections open for reuse, each for at
// most idleTimeout unused (defaults 2 and 30s). maxIdle 0 dials afresh for
// every message.
func WithPool(maxIdle int, idleTimeout time.Duration) SMTPOption {
	return func(s *SMTP) { s.maxIdle, s.idleTimeout = maxIdle, idleTimeout }
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
// Query parameters tune it without code: tls=starttls|mandatory (refuse a
// relay without STARTTLS), tls=opportunistic (default), tls=none;
// auth=plain|login|cram-md5|scram-sha-256|none; timeout=30s (each network
// operation); pool=2 (idle connections kept for reuse, 0 = none);
// idle_timeout=30s. Options take precedence over the URL.
func NewSMTP(rawURL string, opts ...SMTPOption) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse echoes the input, which may contain a password.
		return nil, errors.New("parse smtp url: malformed url")
	}
	s := &SMTP{host: u.Hostname(), policy: gomail.TLSOpportunistic, timeout: 30 * time.Second, maxIdle: 2, idleTimeout: 30 * time.Second}
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
	case "mandatory", "required", "starttls":
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
	for key, dst := range map[string]*time.Duration{"timeout": &s.timeout, "idle_timeout": &s.idleTimeout} {
		if v := q.Get(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("parse smtp url: %s %q is not a positive duration", key, v)
			}
			*dst = d
		}
	}
	if v := q.Get("pool"); v != "" {
		if s.maxIdle, err = strconv.Atoi(v); err != nil || s.maxIdle < 0 || s.maxIdle > 100 {
			return nil, fmt.Errorf("parse smtp url: pool %q is not a number from 0 to 100", v)
		}
	}
	for _, opt := range opts {
		opt(s)
	}
	if s.user != "" && s.auth == gomail.SMTPAuthNoAuth && q.Get("auth") == "" {
		s.auth = gomail.SMTPAuthPlain
	}
	if s.tlsConf == nil {
		s.tlsConf = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if s.tlsConf.ServerName == "" {
		s.tlsConf = s.tlsConf.Clone()
		s.tlsConf.ServerName = s.host
	}
	if s.maxIdle < 0 {
		s.maxIdle = 0
	}
	s.idle = make(chan *smtpConn, s.maxIdle)
	if s.client, err = s.newClient(); err != nil {
		return nil, fmt.Errorf("smtp client for %s: %w", s.Addr(), s.redact(err))
	}
	return s, nil
}

// Addr returns host:port of the relay; it never includes credentials.
func (s *SMTP) Addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

// connSlot carries, through the dial context, where the dial function
// leaves the raw connection, so a session can be bound to each later
// send's context.
type connSlot struct{}

func (s *SMTP) newClient() (*gomail.Client, error) {
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
		if slot, ok := dctx.Value(connSlot{}).(*net.Conn); ok {
			*slot = conn
		}
		return conn, nil
	}
	opts := []gomail.Option{
		gomail.WithPort(s.port),
		gomail.WithTimeout(s.timeout),
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
	return gomail.NewClient(s.host, opts...)
}

// Send delivers m, reusing an idle session when one is open (checked with
// NOOP first) and dialling otherwise; it is safe for concurrent use. ctx
// governs the dial and cancellation closes the connection mid-transaction,
// so a cancelled context aborts only its own delivery. A reused session
// that turns out dead is closed and another one taken or dialled.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	return s.SendCommit(ctx, m, nil)
}

// SendCommit delivers m like Send, calling commit at the last moment
// nothing has been delivered: the whole message is written, only the final
// "." that ends DATA is held back. RFC 5321 (4.1.1.4) forbids a relay to
// deliver a message whose connection closes before that line, so when
// commit fails the connection is dropped without it, the relay discards
// the message, and commit's error is returned. A failure after commit that
// is not the relay's reply to the message wraps ErrMaybeDelivered.
func (s *SMTP) SendCommit(ctx context.Context, m Message, commit func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("smtp send via %s: %w", s.Addr(), err)
	}
	msg, err := buildMsg(m)
	if err != nil {
		return fmt.Errorf("smtp build message: %w", err)
	}
	from, err := msg.GetSender(false)
	if err != nil {
		return fmt.Errorf("smtp build message: %w", err)
	}
	rcpts, err := msg.GetRecipients()
	if err != nil {
		return fmt.Errorf("smtp build message: %w", err)
	}
	for {
		c, reused := s.take(), true
		if c == nil {
			reused = false
			if c, err = s.dial(ctx); err != nil {
				return s.sendError(ctx, err)
			}
		}
		stop := context.AfterFunc(ctx, func() { _ = c.raw.Close() })
		err = c.sc.UpdateDeadline(s.timeout)
		if err == nil && reused {
			err = c.sc.Noop()
		}
		if err != nil {
			stop()
			_ = c.raw.Close()
			if reused && ctx.Err() == nil {
				continue // the relay dropped the idle session
			}
			return s.sendError(ctx, err)
		}
		keep, err := s.transact(ctx, c, msg, from, rcpts, commit)
		// A message the relay accepted counts as sent even if ctx ended
		// meanwhile; only the session is not kept then.
		if intact := stop(); keep && intact && err == nil {
			s.put(c)
		} else {
			_ = c.raw.Close()
		}
		if err != nil {
			return s.sendError(ctx, err)
		}
		return nil
	}
}

// ErrMaybeDelivered is wrapped by a two-phase send whose connection failed
// after commit and before the relay's reply: the message may have been
// accepted, so sending it again risks a duplicate.
var ErrMaybeDelivered = errors.New("message may have been delivered")

// errCommit marks a send abandoned because its commit failed.
var errCommit = errors.New("send abandoned before delivery")

// transact runs one mail transaction on c; keep says whether the session
// can carry another message.
func (s *SMTP) transact(ctx context.Context, c *smtpConn, msg *gomail.Msg, from string, rcpts []string,
	commit func(context.Context) error) (keep bool, err error) {
	if err := c.sc.Mail(from); err != nil {
		return false, err
	}
	for _, r := range rcpts {
		if err := c.sc.Rcpt(r); err != nil {
			return false, err
		}
	}
	w, err := c.sc.Data()
	if err != nil {
		return false, err
	}
	if _, err := msg.WriteTo(w); err != nil {
		return false, err
	}
	if commit != nil {
		if err := commit(ctx); err != nil {
			// Dropped without the final dot: the relay discards the message.
			return false, fmt.Errorf("%w: %w", errCommit, err)
		}
		if err := c.sc.UpdateDeadline(s.timeout); err != nil {
			return false, err // the dot was not sent
		}
	}
	if err := w.Close(); err != nil {
		var reply *textproto.Error
		if commit != nil && !errors.As(err, &reply) {
			err = fmt.Errorf("%w: %w", ErrMaybeDelivered, err)
		}
		return false, err
	}
	// Delivered. The reply to the dot ends the mail transaction (RFC 5321
	// 4.1.4), so no RSET: the caller records the delivery a round trip
	// sooner, and a crash has that much less time to leave it unrecorded.
	return true, nil
}

func (s *SMTP) sendError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = errors.Join(ctxErr, err)
	}
	return fmt.Errorf("smtp send via %s: %w", s.Addr(), s.redact(err))
}

func (s *SMTP) dial(ctx context.Context) (*smtpConn, error) {
	var raw net.Conn
	sc, err := s.client.DialToSMTPClientWithContext(context.WithValue(ctx, connSlot{}, &raw))
	if err != nil {
		if raw != nil {
			_ = raw.Close()
		}
		return nil, err
	}
	if raw == nil {
		_ = sc.Close()
		return nil, errors.New("smtp dial: no connection")
	}
	return &smtpConn{sc: sc, raw: raw}, nil
}

// take returns a fresh enough idle session, closing stale ones, or nil.
func (s *SMTP) take() *smtpConn {
	for {
		select {
		case c := <-s.idle:
			if time.Since(c.used) < s.idleTimeout {
				return c
			}
			s.quit(c)
		default:
			return nil
		}
	}
}

// put keeps c for reuse, or closes it when the pool is full or closed.
func (s *SMTP) put(c *smtpConn) {
	c.used = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		select {
		case s.idle <- c:
			return
		default:
		}
	}
	go s.quit(c)
}

func (s *SMTP) quit(c *smtpConn) {
	_ = c.raw.SetDeadline(time.Now().Add(5 * time.Second))
	_ = s.client.CloseWithSMTPClient(c.sc)
	_ = c.raw.Close()
}

// Close ends the idle sessions; sends still running finish normally and
// then close their own.
func (s *SMTP) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	for {
		select {
		case c := <-s.idle:
			s.quit(c)
		default:
			return nil
		}
	}
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
