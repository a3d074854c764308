// Package email renders and delivers the transactional mail that Beckon flows
// send. Delivery goes either to a local outbox directory (demos, development,
// air-gapped installs) or to an SMTP relay; both paths build the exact same
// RFC 5322 message so what you inspect in the outbox is what SMTP would carry.
package email

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email produced by a flow step.
type Message struct {
	// ID is the idempotency key, e.g. "flowrun:step". It determines the
	// Message-ID header and the outbox file name, so a retried step yields
	// the same message rather than a second one.
	ID      string
	From    string
	To      string
	Subject string
	HTML    string
	Text    string
	// UnsubscribeURL, when set, is advertised via List-Unsubscribe; an https
	// URL additionally enables RFC 8058 one-click unsubscribe.
	UnsubscribeURL string
	// UnsubscribeMailto, when set (a mailto: URI or a bare address), is
	// offered in List-Unsubscribe after the URL.
	UnsubscribeMailto string
	// Transactional marks mail the recipient asked for (the opt-in
	// confirmation): it may reach addresses that have not confirmed yet.
	// Suppressed addresses get nothing either way.
	Transactional bool
	// Headers are extra header fields. Fields the package manages itself
	// (addresses, Subject, Message-ID, MIME structure, List-Unsubscribe*)
	// cannot be overridden here.
	Headers map[string]string
}

// Sender delivers a Message. Implementations must be idempotent with respect
// to Message.ID as far as the transport allows.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// CommitSender is a Sender that delivers in two phases: SendCommit calls
// commit at the last moment nothing has been delivered yet, and a failing
// commit abandons the message. A caller records there that the message is
// on its way, so a crash before that point leaves it safe to send again.
type CommitSender interface {
	Sender
	SendCommit(ctx context.Context, m Message, commit func(context.Context) error) error
}

// reservedHeaders are managed by buildMsg; letting callers set them would
// break idempotency (Message-ID) or the MIME structure.
var reservedHeaders = []string{
	"bcc", "cc", "content-transfer-encoding", "content-type", "date", "from",
	"list-unsubscribe", "list-unsubscribe-post", "message-id", "mime-version",
	"reply-to", "sender", "subject", "to",
}

// hashID returns a filesystem- and header-safe digest of an idempotency key.
// Keys come from flow definitions and may contain any bytes, so they are never
// used verbatim in file names or header values.
func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// MessageID returns the Message-ID (without angle brackets) used for m. It is
// a pure function of m.ID and the sender's domain, so every retry of the same
// flow step carries the same Message-ID and receivers can de-duplicate.
func MessageID(m Message) string {
	domain := "beckon.invalid"
	if addr, err := mail.ParseAddress(m.From); err == nil {
		if at := strings.LastIndexByte(addr.Address, '@'); at >= 0 && at < len(addr.Address)-1 {
			domain = strings.ToLower(addr.Address[at+1:])
		}
	}
	return "beckon." + hashID(m.ID) + "@" + domain
}

func (m Message) validate() error {
	switch {
	case strings.TrimSpace(m.ID) == "":
		return errors.New("message id is required")
	case m.From == "":
		return errors.New("message from is required")
	case m.To == "":
		return errors.New("message to is required")
	case m.HTML == "" && m.Text == "":
		return errors.New("message needs an html or text body")
	}
	return nil
}

// buildMsg converts m into a go-mail message. Both senders use it so the
// outbox and SMTP produce identical headers and structure.
func buildMsg(m Message) (*gomail.Msg, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("invalid from address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("invalid to address: %w", err)
	}

	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := m.Headers[k]
		if k == "" || strings.ContainsAny(k, ": \t\r\n") || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("invalid header %q", k)
		}
		if slices.Contains(reservedHeaders, strings.ToLower(k)) {
			return nil, fmt.Errorf("header %q is managed by the sender", k)
		}
		msg.SetGenHeader(gomail.Header(k), v)
	}

	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(MessageID(m))
	msg.SetDate()

	if err := setUnsubscribe(msg, m); err != nil {
		return nil, err
	}

	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.HTML != "":
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	default:
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	}
	return msg, nil
}

// setUnsubscribe writes List-Unsubscribe (RFC 2369) and, for an https URL,
// List-Unsubscribe-Post (RFC 8058 one-click).
func setUnsubscribe(msg *gomail.Msg, m Message) error {
	var uris []string
	oneClick := false
	if m.UnsubscribeURL != "" {
		u, err := url.Parse(m.UnsubscribeURL)
		if err != nil || u.Scheme == "" || strings.ContainsAny(m.UnsubscribeURL, "<>\r\n ,") {
			return fmt.Errorf("invalid unsubscribe url %q", m.UnsubscribeURL)
		}
		// One-click requires https; plain http (local demos) still gets
		// the classic RFC 2369 header.
		oneClick = u.Scheme == "https" && u.Host != ""
		uris = append(uris, m.UnsubscribeURL)
	}
	if m.UnsubscribeMailto != "" {
		mailto := m.UnsubscribeMailto
		if !strings.HasPrefix(strings.ToLower(mailto), "mailto:") {
			mailto = "mailto:" + mailto
		}
		if _, err := mail.ParseAddress(strings.SplitN(mailto[len("mailto:"):], "?", 2)[0]); err != nil ||
			strings.ContainsAny(mailto, "<>\r\n ,") {
			return fmt.Errorf("invalid unsubscribe mailto %q", m.UnsubscribeMailto)
		}
		uris = append(uris, mailto)
	}
	switch {
	case oneClick:
		if err := msg.SetListUnsubscribeOneClick(uris[0], uris[1:]...); err != nil {
			return fmt.Errorf("set one-click unsubscribe: %w", err)
		}
	case len(uris) > 0:
		msg.SetListUnsubscribe(uris...)
	}
	return nil
}
