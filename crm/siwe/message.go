// Package siwe parses and verifies EIP-4361 Sign-In with Ethereum messages,
// so CRM contacts can prove control of a wallet (EOA or smart-contract
// wallet) before it is linked to their profile.
package siwe

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
)

// Sentinel errors, checkable with errors.Is.
var (
	// ErrMalformed is returned when a message does not follow the EIP-4361
	// grammar or a signature cannot be decoded.
	ErrMalformed = errors.New("malformed siwe message")
	// ErrInvalidSignature is returned when the signature does not prove that
	// the message's address signed the message.
	ErrInvalidSignature = errors.New("invalid siwe signature")
	// ErrExpired is returned when the verification time is at or after the
	// message's Expiration Time.
	ErrExpired = errors.New("siwe message expired")
	// ErrNotYetValid is returned when the verification time is before the
	// message's Not Before.
	ErrNotYetValid = errors.New("siwe message not yet valid")
	// ErrDomainMismatch is returned when the message was issued for another
	// domain, the primary phishing defence of EIP-4361.
	ErrDomainMismatch = errors.New("siwe domain mismatch")
	// ErrURIMismatch is returned when the message URI differs from the
	// expected one.
	ErrURIMismatch = errors.New("siwe uri mismatch")
	// ErrNonceMismatch is returned when the message nonce differs from the
	// one the server issued, which would allow replay.
	ErrNonceMismatch = errors.New("siwe nonce mismatch")
	// ErrChainIDMismatch is returned when the message names another chain.
	ErrChainIDMismatch = errors.New("siwe chain id mismatch")
	// ErrUnsupported is returned for signatures that are well-formed but
	// cannot be checked with the given options, such as EIP-6492 signatures
	// of undeployed wallets or smart-contract signatures without a Backend.
	ErrUnsupported = errors.New("unsupported siwe signature")
)

const (
	headerSuffix    = " wants you to sign in with your Ethereum account:"
	resourcesHeader = "Resources:"
	resourcePrefix  = "- "
	// timeLayout mirrors JavaScript's Date.toISOString, which is what most
	// wallets and the siwe library emit.
	timeLayout = "2006-01-02T15:04:05.000Z07:00"
)

// Message is a parsed EIP-4361 message. Optional fields are empty (or nil)
// when absent. A nil Resources means no "Resources:" section; a non-nil
// empty slice means the section is present with no entries.
type Message struct {
	Scheme         string
	Domain         string
	Address        common.Address
	Statement      string
	URI            string
	Version        string
	ChainID        uint64
	Nonce          string
	IssuedAt       time.Time
	ExpirationTime *time.Time
	NotBefore      *time.Time
	RequestID      string
	Resources      []string

	// The exact timestamp texts seen by Parse. Signatures cover the text, so
	// String must reproduce e.g. ".000Z" or "+02:00" byte for byte.
	issuedAtText, expirationTimeText, notBeforeText string
}

// String renders the canonical EIP-4361 text, the exact bytes a wallet
// signs. For a parsed message it reproduces the parsed input.
func (m *Message) String() string {
	var b strings.Builder
	if m.Scheme != "" {
		b.WriteString(m.Scheme + "://")
	}
	b.WriteString(m.Domain + headerSuffix + "\n")
	b.WriteString(m.Address.Hex() + "\n\n")
	if m.Statement != "" {
		b.WriteString(m.Statement + "\n")
	}
	b.WriteString("\nURI: " + m.URI)
	b.WriteString("\nVersion: " + m.Version)
	b.WriteString("\nChain ID: " + strconv.FormatUint(m.ChainID, 10))
	b.WriteString("\nNonce: " + m.Nonce)
	b.WriteString("\nIssued At: " + formatTime(m.IssuedAt, m.issuedAtText))
	if m.ExpirationTime != nil {
		b.WriteString("\nExpiration Time: " + formatTime(*m.ExpirationTime, m.expirationTimeText))
	}
	if m.NotBefore != nil {
		b.WriteString("\nNot Before: " + formatTime(*m.NotBefore, m.notBeforeText))
	}
	if m.RequestID != "" {
		b.WriteString("\nRequest ID: " + m.RequestID)
	}
	if m.Resources != nil {
		b.WriteString("\n" + resourcesHeader)
		for _, r := range m.Resources {
			b.WriteString("\n" + resourcePrefix + r)
		}
	}
	return b.String()
}

// Hash is the EIP-191 personal_sign digest of String, the value an EOA
// signs and an EIP-1271 wallet is asked about.
func (m *Message) Hash() common.Hash {
	return common.BytesToHash(accounts.TextHash([]byte(m.String())))
}

// formatTime keeps the parsed text while it still denotes t, so callers may
// change a time and get a fresh rendering without stale text.
func formatTime(t time.Time, text string) string {
	if text != "" {
		if parsed, err := parseTime(text); err == nil && parsed.Equal(t) {
			return text
		}
	}
	if t.Nanosecond()%int(time.Millisecond) == 0 {
		return t.UTC().Format(timeLayout)
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func isScheme(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	return onlyChars(s, false, func(c byte) bool { return isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.' })
}

func isNonce(s string) bool {
	return len(s) >= 8 && onlyChars(s, false, func(c byte) bool { return isAlpha(c) || isDigit(c) })
}

// isChainID accepts decimal digits without leading zeros, so that the
// rendered form is the parsed form.
func isChainID(s string) bool {
	return s != "" && (s == "0" || s[0] != '0') && onlyChars(s, false, isDigit)
}

// isRFC3339 matches the RFC 3339 date-time shape. Go's parser alone also
// accepts a comma before the fraction, which the grammar does not.
func isRFC3339(s string) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(shape) {
		return false
	}
	for i := range len(shape) {
		if shape[i] == 'd' && !isDigit(s[i]) || shape[i] != 'd' && s[i] != shape[i] {
			return false
		}
	}
	rest := s[len(shape):]
	if frac, ok := strings.CutPrefix(rest, "."); ok {
		n := 0
		for n < len(frac) && isDigit(frac[n]) {
			n++
		}
		if n == 0 {
			return false
		}
		rest = frac[n:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && isDigit(rest[1]) && isDigit(rest[2]) &&
		rest[3] == ':' && isDigit(rest[4]) && isDigit(rest[5])
}

// parser walks the message line by line so every error can name the line
// and field it concerns.
type parser struct {
	lines []string
	pos   int
}

func (p *parser) errorf(field, format string, args ...any) error {
	return fmt.Errorf("line %d (%s): %s: %w", p.pos+1, field, fmt.Sprintf(format, args...), ErrMalformed)
}

func (p *parser) done() bool { return p.pos >= len(p.lines) }

// field consumes the next line, which must be "<name>: <value>".
func (p *parser) field(name string) (string, error) {
	if p.done() {
		return "", p.errorf(name, "missing")
	}
	v, ok := strings.CutPrefix(p.lines[p.pos], name+": ")
	if !ok {
		return "", p.errorf(name, "expected %q, got %q", name+": ", p.lines[p.pos])
	}
	p.pos++
	return v, nil
}

// optional reports whether the next line is the named field.
func (p *parser) optional(name string) bool {
	return !p.done() && strings.HasPrefix(p.lines[p.pos], name+": ")
}

func (p *parser) blank(field string) error {
	if p.done() {
		return p.errorf(field, "missing blank line")
	}
	if p.lines[p.pos] != "" {
		return p.errorf(field, "expected blank line, got %q", p.lines[p.pos])
	}
	p.pos++
	return nil
}

// Parse strictly parses an EIP-4361 message. Anything the grammar does not
// allow is rejected with ErrMalformed, because the signed bytes must be
// exactly reproducible by String.
func Parse(s string) (*Message, error) {
	p := &parser{lines: strings.Split(s, "\n")}
	m := &Message{}

	header, ok := strings.CutSuffix(p.lines[0], headerSuffix)
	if !ok {
		return nil, p.errorf("header", "expected %q suffix", headerSuffix)
	}
	if scheme, rest, found := strings.Cut(header, "://"); found {
		if !isScheme(scheme) {
			return nil, p.errorf("scheme", "invalid scheme %q", scheme)
		}
		m.Scheme, header = scheme, rest
	}
	if !validAuthority(header) {
		return nil, p.errorf("domain", "invalid domain %q", header)
	}
	m.Domain = header
	p.pos++

	if p.done() {
		return nil, p.errorf("address", "missing")
	}
	addr := p.lines[p.pos]
	if !common.IsHexAddress(addr) || !strings.HasPrefix(addr, "0x") {
		return nil, p.errorf("address", "invalid address %q", addr)
	}
	m.Address = common.HexToAddress(addr)
	if m.Address.Hex() != addr {
		return nil, p.errorf("address", "address %q is not EIP-55 checksummed", addr)
	}
	p.pos++

	if err := p.blank("address"); err != nil {
		return nil, err
	}
	if p.done() {
		return nil, p.errorf("statement", "message ends after address")
	}
	if stmt := p.lines[p.pos]; stmt != "" {
		if !validStatement(stmt) {
			return nil, p.errorf("statement", "invalid characters in %q", stmt)
		}
		m.Statement = stmt
		p.pos++
	}
	if err := p.blank("statement"); err != nil {
		return nil, err
	}

	var err error
	if m.URI, err = p.field("URI"); err != nil {
		return nil, err
	}
	if !validURI(m.URI) {
		p.pos--
		return nil, p.errorf("URI", "invalid URI %q", m.URI)
	}
	if m.Version, err = p.field("Version"); err != nil {
		return nil, err
	}
	if m.Version != "1" {
		p.pos--
		return nil, p.errorf("Version", "unsupported version %q", m.Version)
	}
	chainID, err := p.field("Chain ID")
	if err != nil {
		return nil, err
	}
	if !isChainID(chainID) {
		p.pos--
		return nil, p.errorf("Chain ID", "invalid chain id %q", chainID)
	}
	if m.ChainID, err = strconv.ParseUint(chainID, 10, 64); err != nil {
		p.pos--
		return nil, p.errorf("Chain ID", "chain id %q out of range", chainID)
	}
	if m.Nonce, err = p.field("Nonce"); err != nil {
		return nil, err
	}
	if !isNonce(m.Nonce) {
		p.pos--
		return nil, p.errorf("Nonce", "nonce must be at least 8 alphanumeric characters")
	}
	if m.issuedAtText, err = p.field("Issued At"); err != nil {
		return nil, err
	}
	if m.IssuedAt, err = parseTime(m.issuedAtText); err != nil {
		p.pos--
		return nil, p.errorf("Issued At", "%v", err)
	}
	if p.optional("Expiration Time") {
		m.expirationTimeText, _ = p.field("Expiration Time")
		t, err := parseTime(m.expirationTimeText)
		if err != nil {
			p.pos--
			return nil, p.errorf("Expiration Time", "%v", err)
		}
		m.ExpirationTime = &t
	}
	if p.optional("Not Before") {
		m.notBeforeText, _ = p.field("Not Before")
		t, err := parseTime(m.notBeforeText)
		if err != nil {
			p.pos--
			return nil, p.errorf("Not Before", "%v", err)
		}
		m.NotBefore = &t
	}
	if p.optional("Request ID") {
		m.RequestID, _ = p.field("Request ID")
		if !validRequestID(m.RequestID) {
			p.pos--
			return nil, p.errorf("Request ID", "invalid request id %q", m.RequestID)
		}
	}
	if !p.done() && p.lines[p.pos] == resourcesHeader {
		p.pos++
		m.Resources = []string{}
		for !p.done() {
			r, ok := strings.CutPrefix(p.lines[p.pos], resourcePrefix)
			if !ok {
				break
			}
			if !validURI(r) {
				return nil, p.errorf("Resources", "invalid resource URI %q", r)
			}
			m.Resources = append(m.Resources, r)
			p.pos++
		}
	}
	if !p.done() {
		return nil, p.errorf("trailer", "unexpected line %q", p.lines[p.pos])
	}
	return m, nil
}

func parseTime(s string) (time.Time, error) {
	if !isRFC3339(s) {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp", s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp: %w", s, err)
	}
	return t, nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUnreserved(c byte) bool {
	return isAlpha(c) || isDigit(c) || strings.IndexByte("-._~", c) >= 0
}

func isSubDelim(c byte) bool { return strings.IndexByte("!$&'()*+,;=", c) >= 0 }

func isGenDelim(c byte) bool { return strings.IndexByte(":/?#[]@", c) >= 0 }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// onlyChars reports whether s is made of allowed bytes and well-formed
// percent-encodings (when pct is set).
func onlyChars(s string, pct bool, allowed func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && pct {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
			continue
		}
		if !allowed(c) {
			return false
		}
	}
	return true
}

// validAuthority checks the RFC 3986 authority character set; EIP-4361's
// domain is an authority (host, optional userinfo and port).
func validAuthority(s string) bool {
	return s != "" && onlyChars(s, true, func(c byte) bool {
		return isUnreserved(c) || isSubDelim(c) || strings.IndexByte(":@[]", c) >= 0
	})
}

func validStatement(s string) bool {
	return onlyChars(s, false, func(c byte) bool {
		return isUnreserved(c) || isSubDelim(c) || isGenDelim(c) || c == ' '
	})
}

func validRequestID(s string) bool {
	return s != "" && onlyChars(s, true, func(c byte) bool {
		return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@'
	})
}

// validURI accepts absolute RFC 3986 URIs.
func validURI(s string) bool {
	if !onlyChars(s, true, func(c byte) bool { return isUnreserved(c) || isSubDelim(c) || isGenDelim(c) }) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && isScheme(u.Scheme)
}

const nonceAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NewNonce returns a fresh random nonce of 17 alphanumerics (EIP-4361
// asks for at least 8), for servers to issue and consume once.
func NewNonce() string {
	b := make([]byte, 17)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = nonceAlphabet[int(b[i])%len(nonceAlphabet)]
	}
	return string(b)
}
