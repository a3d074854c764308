package flow

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// WebhookConfig signs and delivers webhook steps.
type WebhookConfig struct {
	// Secret keys the HMAC-SHA256 signature sent as
	// X-Beckon-Signature: sha256=HEX over "TIMESTAMP.BODY".
	Secret []byte
	// AllowPrivate lets webhooks reach loopback, private and link-local
	// addresses (for a receiver on the same network). Off by default so a
	// flow file cannot probe the internal network.
	AllowPrivate bool
	// Timeout per attempt; default 10s.
	Timeout time.Duration
}

type webhookRequest struct {
	url, host string
	body      []byte
	key       string
}

func (e *Engine) webhookRequest(run Run, def *Definition, step *Step, facts, event map[string]any) (*webhookRequest, error) {
	data := map[string]any{"Contact": facts, "Event": event, "Flow": def.Name}
	target, err := renderText(step.Path, step.Webhook.URL, data)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("step %s: webhook url %q is not an absolute http(s) URL", step.Path, target)
	}
	var body []byte
	if step.Webhook.Body != "" {
		text, err := renderText(step.Path, step.Webhook.Body, data)
		if err != nil {
			return nil, err
		}
		body = []byte(text)
	} else {
		body, err = json.Marshal(map[string]any{
			"flow": def.Name, "run": run.ID, "step": step.Path, "contact": facts, "event": event,
		})
		if err != nil {
			return nil, fmt.Errorf("step %s: encode webhook body: %w", step.Path, err)
		}
	}
	return &webhookRequest{url: target, host: u.Host, body: body, key: effectKey(run, step)}, nil
}

// SignWebhook returns the X-Beckon-Signature value for body sent at ts.
func SignWebhook(secret []byte, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func (e *Engine) deliverWebhook(ctx context.Context, r *webhookRequest) error {
	timeout := e.Webhook.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(r.body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	ts := e.now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", r.key)
	req.Header.Set("X-Beckon-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Beckon-Signature", SignWebhook(e.Webhook.Secret, ts, r.body))
	res, err := webhookClient(timeout, e.Webhook.AllowPrivate).Do(req)
	if err != nil {
		return fmt.Errorf("webhook %s: %w", r.host, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("webhook %s: status %d", r.host, res.StatusCode)
	}
	return nil
}

// webhookClient checks the address actually dialed, after DNS, so a name
// that resolves (or re-resolves) to an internal address is refused too.
// Redirects are not followed: each would need the same check and a
// webhook receiver has no reason to redirect.
func webhookClient(timeout time.Duration, allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return fmt.Errorf("webhook target %s: %w", address, err)
			}
			ip, err := netip.ParseAddr(host)
			if err != nil {
				return fmt.Errorf("webhook target %s: %w", address, err)
			}
			if forbiddenIP(ip) {
				return fmt.Errorf("webhook target %s is a loopback, private or link-local address (set journeys.webhooks.allow_private to allow)", ip)
			}
			return nil
		}
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			Proxy:               nil,
			TLSHandshakeTimeout: timeout,
			DisableKeepAlives:   true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func forbiddenIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() ||
		netip.MustParsePrefix("100.64.0.0/10").Contains(ip) || // carrier-grade NAT
		netip.MustParsePrefix("fc00::/7").Contains(ip)
}
