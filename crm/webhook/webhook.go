// Package webhook sends signed JSON payloads about contact and segment
// changes to configured URLs.
//
// Each request carries `Beckon-Signature: t=<unix seconds>,v1=<hex>` where
// v1 is HMAC-SHA256 over "<t>.<body>" with the endpoint's secret, so a
// receiver can check both origin and freshness. Targets resolving to
// loopback, private, link-local or unspecified addresses are refused
// unless allowed: a webhook URL must not reach into the network Beckon
// runs in.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// SignatureHeader carries the timestamp and signature.
const SignatureHeader = "Beckon-Signature"

// ErrForbiddenTarget means the URL resolves to an address webhooks may not reach.
var ErrForbiddenTarget = errors.New("webhook target not allowed")

// ErrBadSignature means a signature did not verify.
var ErrBadSignature = errors.New("bad webhook signature")

// Sign returns the header value for body sent at t.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a header value against body, refusing signatures older
// (or newer) than tolerance relative to now.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return fmt.Errorf("%w: malformed header", ErrBadSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: timestamp outside tolerance", ErrBadSignature)
	}
	want := Sign(secret, time.Unix(sec, 0), body)
	_, wantSig, _ := strings.Cut(want, ",v1=")
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(wantSig)) {
			return nil
		}
	}
	return fmt.Errorf("%w: no matching v1", ErrBadSignature)
}

// forbidden reports addresses webhooks may not reach by default.
func forbidden(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast()
}

// CheckURL validates a target URL's form (http or https with a host).
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, fmt.Errorf("webhook url %q: want http(s)://host/…", raw)
	}
	return u, nil
}

// Sender posts signed payloads.
type Sender struct {
	// AllowPrivate lets targets resolve to loopback and private addresses
	// (tests, or a receiver inside the same network on purpose).
	AllowPrivate bool
	Timeout      time.Duration
	Now          func() time.Time
	// Transport is the base transport; nil: a plain http.Transport.
	Transport *http.Transport
}

// client dials only addresses the policy allows, checking the address
// actually dialled so DNS rebinding cannot slip past a check made earlier.
func (s *Sender) client() *http.Client {
	tr := s.Transport
	if tr == nil {
		tr = &http.Transport{}
	} else {
		tr = tr.Clone()
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	allow := s.AllowPrivate
	dialer.Control = func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip := net.ParseIP(host)
		if ip == nil || (!allow && forbidden(ip)) {
			return fmt.Errorf("%w: %s", ErrForbiddenTarget, host)
		}
		return nil
	}
	tr.DialContext = dialer.DialContext
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	return &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Result is the outcome of one attempt.
type Result struct {
	Status int
	Body   string // first KiB of the answer
}

// Send posts body to target signed with secret. A non-2xx answer is an
// error (the caller retries); the result is filled when there was one.
func (s *Sender) Send(ctx context.Context, target string, secret, body []byte) (Result, error) {
	if _, err := CheckURL(target); err != nil {
		return Result{}, err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return Result{}, fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Beckon-Webhook/1")
	req.Header.Set(SignatureHeader, Sign(secret, now(), body))
	resp, err := s.client().Do(req)
	if err != nil {
		return Result{}, fmt.Errorf("webhook post: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	res := Result{Status: resp.StatusCode, Body: string(b)}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return res, fmt.Errorf("webhook answered %d", resp.StatusCode)
	}
	return res, nil
}

// Match reports whether an event type matches a subscription pattern:
// "*" (everything), a prefix ending in ".*" ("contact.*") or an exact type.
func Match(pattern, event string) bool {
	if pattern == "*" || pattern == event {
		return true
	}
	prefix, ok := strings.CutSuffix(pattern, "*")
	return ok && strings.HasSuffix(prefix, ".") && strings.HasPrefix(event, prefix)
}
