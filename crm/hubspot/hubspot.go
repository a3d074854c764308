// Package hubspot pushes contacts into HubSpot through its v3 CRM API:
// custom properties are created once (in a "beckon" group), contacts are
// upserted in batches of up to 100, matched by email or, for wallet-only
// contacts, by the unique beckon_wallet property. Rate limits are honoured
// (429 with Retry-After or the X-HubSpot-RateLimit-* interval; the daily
// limit stops the sync) and partial batch failures (207) are reported per
// contact.
package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is HubSpot's API.
const DefaultBaseURL = "https://api.hubapi.com"

// MaxBatch is the most inputs one batch request takes.
const MaxBatch = 100

// ErrDailyLimit means the account's daily API limit is used up; syncing
// resumes from its cursor the next day.
var ErrDailyLimit = errors.New("hubspot daily limit reached")

// Group is the property group Beckon's properties live in.
const Group = "beckon"

// Property is a HubSpot contact property definition.
type Property struct {
	Name           string `json:"name"`
	Label          string `json:"label"`
	Type           string `json:"type"`
	FieldType      string `json:"fieldType"`
	GroupName      string `json:"groupName"`
	HasUniqueValue bool   `json:"hasUniqueValue,omitempty"`
}

// Properties are the custom properties Beckon writes.
func Properties() []Property {
	p := func(name, label, typ, field string) Property {
		return Property{Name: name, Label: label, Type: typ, FieldType: field, GroupName: Group}
	}
	wallet := p("beckon_wallet", "Primary wallet", "string", "text")
	wallet.HasUniqueValue = true
	return []Property{
		wallet,
		p("beckon_wallets", "Wallets", "string", "textarea"),
		p("beckon_contact_id", "Beckon contact id", "string", "text"),
		p("beckon_points", "Points", "number", "number"),
		p("beckon_tier", "Tier", "string", "text"),
		p("beckon_segments", "Segments", "string", "textarea"),
		p("beckon_engagement_score", "Engagement score", "number", "number"),
		p("beckon_churn_risk", "Churn risk", "number", "number"),
		p("beckon_last_onchain_activity", "Last on-chain activity", "datetime", "date"),
	}
}

// Contact is what is pushed for one Beckon contact.
type Contact struct {
	ID           int64
	Email        string
	Wallets      []string
	Points       int64
	Tier         string
	Segments     []string
	Engagement   float64
	ChurnRisk    float64
	LastActivity time.Time
}

// Input is one batch upsert input.
type Input struct {
	IDProperty string            `json:"idProperty"`
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

// ToInput maps c to an upsert input; ok is false for contacts with neither
// email nor wallet, which HubSpot could not match.
func ToInput(c Contact) (Input, bool) {
	props := map[string]string{
		"beckon_contact_id":       strconv.FormatInt(c.ID, 10),
		"beckon_wallets":          strings.Join(c.Wallets, ";"),
		"beckon_points":           strconv.FormatInt(c.Points, 10),
		"beckon_tier":             c.Tier,
		"beckon_segments":         strings.Join(c.Segments, ";"),
		"beckon_engagement_score": strconv.FormatFloat(c.Engagement, 'f', -1, 64),
		"beckon_churn_risk":       strconv.FormatFloat(c.ChurnRisk, 'f', -1, 64),
	}
	if !c.LastActivity.IsZero() {
		props["beckon_last_onchain_activity"] = c.LastActivity.UTC().Format(time.RFC3339)
	}
	if len(c.Wallets) > 0 {
		props["beckon_wallet"] = c.Wallets[0]
	}
	switch {
	case c.Email != "":
		props["email"] = c.Email
		return Input{IDProperty: "email", ID: c.Email, Properties: props}, true
	case len(c.Wallets) > 0:
		return Input{IDProperty: "beckon_wallet", ID: c.Wallets[0], Properties: props}, true
	}
	return Input{}, false
}

// Client talks to HubSpot.
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
	// MaxRetries bounds retries of one request after 429 or 5xx; default 8.
	MaxRetries int
	// Sleep waits between retries; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	Log   *slog.Logger
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// APIError is an error answer from HubSpot.
type APIError struct {
	Status   int
	Category string `json:"category"`
	Message  string `json:"message"`
	Policy   string `json:"policyName"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("hubspot: %d %s: %s", e.Status, e.Category, e.Message)
}

// do sends one JSON request, retrying 429 and 5xx answers with the wait
// HubSpot asks for, and decodes a 2xx body into out.
func (c *Client) do(ctx context.Context, method, path string, body, out any) (int, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return 0, fmt.Errorf("hubspot: encode %s: %w", path, err)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	retries := c.MaxRetries
	if retries == 0 {
		retries = 8
	}
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(base, "/")+path, bytes.NewReader(payload))
		if err != nil {
			return 0, fmt.Errorf("hubspot: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+c.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, fmt.Errorf("hubspot: %s %s: %w", method, path, err)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
		resp.Body.Close()
		if err != nil {
			return resp.StatusCode, fmt.Errorf("hubspot: read %s: %w", path, err)
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			if out != nil && len(data) > 0 {
				if err := json.Unmarshal(data, out); err != nil {
					return resp.StatusCode, fmt.Errorf("hubspot: decode %s: %w", path, err)
				}
			}
			// Slow down before the window runs out rather than after.
			if rem := resp.Header.Get("X-HubSpot-RateLimit-Remaining"); rem == "0" {
				if err := c.sleep(ctx, interval(resp.Header)); err != nil {
					return resp.StatusCode, err
				}
			}
			return resp.StatusCode, nil
		}
		apiErr := &APIError{Status: resp.StatusCode}
		_ = json.Unmarshal(data, apiErr)
		if resp.StatusCode == http.StatusTooManyRequests &&
			(apiErr.Policy == "DAILY" || resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining") == "0") {
			return resp.StatusCode, fmt.Errorf("%w: %s", ErrDailyLimit, apiErr.Message)
		}
		if (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500) || attempt >= retries {
			return resp.StatusCode, apiErr
		}
		wait := retryAfter(resp.Header, attempt)
		if c.Log != nil {
			c.Log.Warn("hubspot: retrying", "status", resp.StatusCode, "path", path, "wait", wait, "attempt", attempt+1)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return resp.StatusCode, err
		}
	}
}

// retryAfter reads Retry-After (seconds), else the rate-limit interval,
// else backs off exponentially from one second, capped at a minute.
func retryAfter(h http.Header, attempt int) time.Duration {
	if s := h.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			return time.Duration(n) * time.Second
		}
	}
	if h.Get("X-HubSpot-RateLimit-Interval-Milliseconds") != "" {
		return interval(h)
	}
	return min(time.Second<<attempt, time.Minute)
}

func interval(h http.Header) time.Duration {
	ms, err := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Interval-Milliseconds"))
	if err != nil || ms <= 0 {
		return time.Second
	}
	return time.Duration(ms) * time.Millisecond
}

// EnsureProperties creates the property group and every property Beckon
// writes; ones that exist already (409 Conflict) are left alone.
func (c *Client) EnsureProperties(ctx context.Context) error {
	group := map[string]any{"name": Group, "label": "Beckon", "displayOrder": -1}
	if st, err := c.do(ctx, http.MethodPost, "/crm/v3/properties/contacts/groups", group, nil); err != nil && st != http.StatusConflict {
		return fmt.Errorf("create property group: %w", err)
	}
	for _, p := range Properties() {
		if st, err := c.do(ctx, http.MethodPost, "/crm/v3/properties/contacts", p, nil); err != nil && st != http.StatusConflict {
			return fmt.Errorf("create property %s: %w", p.Name, err)
		}
	}
	return nil
}

// Failure is one input HubSpot refused.
type Failure struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

type batchResponse struct {
	Status  string `json:"status"`
	Results []struct {
		ID string `json:"id"`
	} `json:"results"`
	NumErrors int `json:"numErrors"`
	Errors    []struct {
		Status   string `json:"status"`
		Category string `json:"category"`
		Message  string `json:"message"`
		Context  struct {
			IDs []string `json:"ids"`
		} `json:"context"`
	} `json:"errors"`
}

// Upsert sends one batch (at most MaxBatch inputs) and returns how many
// records HubSpot wrote and the inputs it refused. Inputs sharing one
// idProperty go in one request; mixed batches are split.
func (c *Client) Upsert(ctx context.Context, inputs []Input) (written int, failed []Failure, err error) {
	byProp := map[string][]Input{}
	var order []string
	for _, in := range inputs {
		if _, ok := byProp[in.IDProperty]; !ok {
			order = append(order, in.IDProperty)
		}
		byProp[in.IDProperty] = append(byProp[in.IDProperty], in)
	}
	for _, prop := range order {
		group := byProp[prop]
		var resp batchResponse
		st, err := c.do(ctx, http.MethodPost, "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": group}, &resp)
		var apiErr *APIError
		if errors.As(err, &apiErr) && st >= 400 && st < 500 && st != http.StatusTooManyRequests {
			// The whole batch was refused (400 validation): every input failed.
			for _, in := range group {
				failed = append(failed, Failure{ID: in.ID, Message: apiErr.Message})
			}
			continue
		}
		if err != nil {
			return written, failed, err
		}
		written += len(resp.Results)
		for _, e := range resp.Errors {
			if len(e.Context.IDs) == 0 {
				failed = append(failed, Failure{Message: e.Message})
			}
			for _, id := range e.Context.IDs {
				failed = append(failed, Failure{ID: id, Message: e.Message})
			}
		}
	}
	return written, failed, nil
}

// Report is what a sync did.
type Report struct {
	Contacts int       `json:"contacts"`
	Skipped  int       `json:"skipped"`
	Batches  int       `json:"batches"`
	Written  int       `json:"written"`
	Failed   []Failure `json:"failed"`
	DryRun   bool      `json:"dry_run"`
	Inputs   []Input   `json:"inputs,omitempty"`
}

// Push upserts contacts in batches. With dryRun nothing is sent and the
// inputs that would be are returned in the report.
func (c *Client) Push(ctx context.Context, contacts []Contact, dryRun bool, rep *Report) error {
	var batch []Input
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		rep.Batches++
		if dryRun {
			rep.Inputs = append(rep.Inputs, batch...)
			batch = nil
			return nil
		}
		n, failed, err := c.Upsert(ctx, batch)
		rep.Written += n
		rep.Failed = append(rep.Failed, failed...)
		batch = nil
		return err
	}
	for _, ct := range contacts {
		rep.Contacts++
		in, ok := ToInput(ct)
		if !ok {
			rep.Skipped++
			continue
		}
		batch = append(batch, in)
		if len(batch) == MaxBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
