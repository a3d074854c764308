package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/crm/webhook"
	"github.com/beckonhq/beckon/store"
)

// OutboundWebhooksConfig lists the endpoints told about contact and
// segment changes.
type OutboundWebhooksConfig struct {
	// AllowPrivate lets endpoints resolve to loopback or private addresses.
	AllowPrivate bool                    `yaml:"allow_private"`
	Endpoints    []WebhookEndpointConfig `yaml:"endpoints"`
	// RelayInterval is how often serve turns recorded contact changes into
	// deliveries (Go duration); default 1s.
	RelayInterval string `yaml:"relay_interval"`
}

// WebhookEndpointConfig is one receiver.
type WebhookEndpointConfig struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	// SecretEnv names the variable holding the signing secret.
	SecretEnv string `yaml:"secret_env"`
	// Events are the event types sent: exact types, "contact.*",
	// "segment.*" or "*"; default segment.* (what endpoints got before
	// contact changes were sent).
	Events []string `yaml:"events"`
}

// defaultWebhookEvents keeps endpoints written before contact events
// receiving exactly what they did.
var defaultWebhookEvents = []string{"segment.*"}

// webhookEvents lists every event type an endpoint can subscribe to.
var webhookEvents = append([]string{segmentEntered, segmentExited}, crm.ChangeTypes...)

const (
	segmentEntered = "segment.entered"
	segmentExited  = "segment.exited"
)

// wants reports whether the endpoint subscribes to event.
func (e WebhookEndpointConfig) wants(event string) bool {
	patterns := e.Events
	if len(patterns) == 0 {
		patterns = defaultWebhookEvents
	}
	for _, p := range patterns {
		if webhook.Match(p, event) {
			return true
		}
	}
	return false
}

// wantsEvent reports whether some endpoint wants event; the store
// records only the contact changes some endpoint wants.
func (c OutboundWebhooksConfig) wantsEvent(event string) bool {
	return slices.ContainsFunc(c.Endpoints, func(e WebhookEndpointConfig) bool { return e.wants(event) })
}

func (c OutboundWebhooksConfig) relayInterval() time.Duration {
	d, err := time.ParseDuration(c.RelayInterval)
	if err != nil || d <= 0 {
		return time.Second
	}
	return d
}

func (c *Config) validateWebhooks() error {
	if s := c.OutboundWebhooks.RelayInterval; s != "" {
		if d, err := time.ParseDuration(s); err != nil || d <= 0 {
			return c.errorf("outbound_webhooks.relay_interval", "%q is not a positive duration such as 1s", s)
		}
	}
	names := map[string]bool{}
	for i, e := range c.OutboundWebhooks.Endpoints {
		p := fmt.Sprintf("outbound_webhooks.endpoints.%d", i)
		switch {
		case e.Name == "" || names[e.Name]:
			return c.errorf(p+".name", "required and unique")
		case e.SecretEnv == "":
			return c.errorf(p+".secret_env", "required: the variable holding the signing secret")
		}
		if _, err := webhook.CheckURL(e.URL); err != nil {
			return c.errorf(p+".url", "%v", err)
		}
		for j, pattern := range e.Events {
			if !slices.ContainsFunc(webhookEvents, func(ev string) bool { return webhook.Match(pattern, ev) }) {
				return c.errorf(fmt.Sprintf("%s.events.%d", p, j), "%q matches no event type (valid: *, contact.*, segment.*, %s)",
					pattern, strings.Join(webhookEvents, ", "))
			}
		}
		names[e.Name] = true
	}
	return nil
}

// webhookArgs is the River job delivering one recorded payload; River
// retries it with its backoff until it succeeds or runs out of attempts.
type webhookArgs struct {
	Delivery int64 `json:"delivery"`
}

func (webhookArgs) Kind() string { return "beckon_webhook" }

func (webhookArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 12} }

type webhookWorker struct {
	river.WorkerDefaults[webhookArgs]
	cfg    *Config
	db     *store.DB
	getenv func(string) string
}

func (w *webhookWorker) endpoint(name string) (WebhookEndpointConfig, bool) {
	for _, e := range w.cfg.OutboundWebhooks.Endpoints {
		if e.Name == name {
			return e, true
		}
	}
	return WebhookEndpointConfig{}, false
}

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[webhookArgs]) error {
	var d store.WebhookDelivery
	if err := w.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		d, err = tx.WebhookDelivery(ctx, job.Args.Delivery)
		return err
	}); err != nil {
		return err
	}
	if d.Status == store.DeliveryDelivered {
		return nil
	}
	ep, ok := w.endpoint(d.Endpoint)
	if !ok {
		return river.JobCancel(fmt.Errorf("webhook endpoint %q is no longer configured", d.Endpoint))
	}
	sender := &webhook.Sender{AllowPrivate: w.cfg.OutboundWebhooks.AllowPrivate}
	res, sendErr := sender.Send(ctx, ep.URL, []byte(w.getenv(ep.SecretEnv)), d.Payload)
	status, msg := store.DeliveryDelivered, ""
	if sendErr != nil {
		status, msg = store.DeliveryFailed, sendErr.Error()
	}
	if err := w.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.RecordWebhookAttempt(ctx, d.ID, status, res.Status, msg)
	}); err != nil {
		return err
	}
	if errors.Is(sendErr, webhook.ErrForbiddenTarget) {
		return river.JobCancel(sendErr) // retrying cannot help
	}
	return sendErr
}

// segmentWebhookPayload is the JSON sent for a segment change.
type segmentWebhookPayload struct {
	Type       string    `json:"type"` // segment.entered or segment.exited
	DeliveryID int64     `json:"delivery_id"`
	Segment    string    `json:"segment"`
	ContactID  int64     `json:"contact_id"`
	At         time.Time `json:"at"`
}

// contactWebhookPayload is the JSON sent for a contact change.
type contactWebhookPayload struct {
	Type       string `json:"type"` // a crm.Change* type
	DeliveryID int64  `json:"delivery_id"`
	// ChangeID increases in the order changes were recorded; a replay
	// carries the same one.
	ChangeID   int64           `json:"change_id"`
	ContactID  int64           `json:"contact_id"`
	OccurredAt time.Time       `json:"occurred_at"`
	Data       json.RawMessage `json:"data"`
}

// enqueueWebhook records a delivery of event for every endpoint wanting it
// and queues its job, all in tx; payload builds the body for a delivery id.
func enqueueWebhook(ctx context.Context, cfg *Config, jobs *river.Client[*sql.Tx], tx *store.Tx, event string, payload func(deliveryID int64) any) error {
	for _, ep := range cfg.OutboundWebhooks.Endpoints {
		if !ep.wants(event) {
			continue
		}
		id, err := tx.AddWebhookDelivery(ctx, ep.Name, event, func(id int64) ([]byte, error) { return json.Marshal(payload(id)) })
		if err != nil {
			return err
		}
		if _, err := jobs.InsertTx(ctx, tx.SQL(), webhookArgs{Delivery: id}, nil); err != nil {
			return fmt.Errorf("queue webhook %d: %w", id, err)
		}
	}
	return nil
}

// enqueueSegmentWebhooks records and queues the deliveries of a segment
// change in the transaction of the change.
func enqueueSegmentWebhooks(ctx context.Context, cfg *Config, jobs *river.Client[*sql.Tx], tx *store.Tx, c segment.Change) error {
	event := segmentExited
	if c.Entered {
		event = segmentEntered
	}
	return enqueueWebhook(ctx, cfg, jobs, tx, event, func(id int64) any {
		return segmentWebhookPayload{Type: event, DeliveryID: id, Segment: c.Segment, ContactID: c.ContactID, At: c.At.UTC()}
	})
}

// relayBatch is how many contact changes one relay transaction takes.
const relayBatch = 200

// relayContactChanges takes the recorded contact changes and turns them
// into deliveries and jobs, batch by batch, each batch in one transaction:
// a change is either still recorded or queued for every endpoint wanting
// it. Changes no endpoint wants are dropped. It returns how many it took.
func relayContactChanges(ctx context.Context, cfg *Config, db *store.DB, jobs *river.Client[*sql.Tx]) (int, error) {
	total := 0
	for {
		var n int
		err := db.InTx(ctx, func(tx *store.Tx) error {
			changes, err := tx.TakeContactChanges(ctx, relayBatch)
			if err != nil {
				return err
			}
			n = len(changes)
			for _, c := range changes {
				err := enqueueWebhook(ctx, cfg, jobs, tx, c.Type, func(id int64) any {
					return contactWebhookPayload{Type: c.Type, DeliveryID: id, ChangeID: c.ID, ContactID: c.ContactID, OccurredAt: c.At.UTC(), Data: c.Data}
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("relay contact changes: %w", err)
		}
		total += n
		if n < relayBatch {
			return total, nil
		}
	}
}

// runWebhookRelay relays contact changes every relay interval until ctx
// ends (serve). Changes written by commands while serve was down wait in
// the outbox for it.
func (a *app) runWebhookRelay(ctx context.Context) {
	t := time.NewTicker(a.cfg.OutboundWebhooks.relayInterval())
	defer t.Stop()
	for {
		if _, err := relayContactChanges(ctx, a.cfg, a.db, a.jobs); err != nil && ctx.Err() == nil {
			a.log.Error("webhook relay", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// crmWebhooks runs `beckon crm webhooks list|show|replay`.
func (m *Main) crmWebhooks(ctx context.Context, args []string) error {
	const usage = "usage: beckon crm webhooks list [--status S] | beckon crm webhooks show ID | beckon crm webhooks replay ID"
	if len(args) == 0 || (args[0] != "list" && args[0] != "show" && args[0] != "replay") {
		return &usageError{usage}
	}
	fs := m.flagSet("crm webhooks " + args[0] + " [flags]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	status := fs.String("status", "", "list: only deliveries in this status (pending, delivered, failed)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, *dataDir, m.logger(cfg.LogLevel, false))
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "list" {
		var ds []store.WebhookDelivery
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			ds, err = tx.WebhookDeliveries(ctx, *status, 100)
			return err
		}); err != nil {
			return err
		}
		for _, d := range ds {
			fmt.Fprintf(m.Stdout, "%d %s %s %s attempts=%d last=%d %s\n", d.ID, d.Endpoint, d.Event, d.Status, d.Attempts, d.LastStatus, d.LastError)
		}
		return nil
	}
	if fs.NArg() != 1 {
		return &usageError{usage}
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return &usageError{fmt.Sprintf("crm webhooks %s: %q is not a delivery id", args[0], fs.Arg(0))}
	}
	if args[0] == "show" {
		return m.showWebhookDelivery(ctx, db, id)
	}
	jobs, err := db.JobClient(store.JobConfig{InsertOnly: true})
	if err != nil {
		return err
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ResetWebhookDelivery(ctx, id); err != nil {
			return err
		}
		_, err := jobs.InsertTx(ctx, tx.SQL(), webhookArgs{Delivery: id}, nil)
		return err
	}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &usageError{err.Error()}
		}
		return err
	}
	fmt.Fprintf(m.Stdout, "delivery %d queued again\n", id)
	return nil
}

// showWebhookDelivery prints a delivery, its payload and every attempt.
func (m *Main) showWebhookDelivery(ctx context.Context, db *store.DB, id int64) error {
	var d store.WebhookDelivery
	var attempts []store.WebhookAttempt
	err := db.InTx(ctx, func(tx *store.Tx) (err error) {
		if d, err = tx.WebhookDelivery(ctx, id); err != nil {
			return err
		}
		attempts, err = tx.WebhookAttempts(ctx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return &usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "delivery %d to %s: %s %s, %d attempts\npayload: %s\n", d.ID, d.Endpoint, d.Event, d.Status, d.Attempts, d.Payload)
	for _, a := range attempts {
		fmt.Fprintf(m.Stdout, "  %s status=%d %s\n", a.At.UTC().Format(time.RFC3339), a.HTTPStatus, a.Error)
	}
	return nil
}
