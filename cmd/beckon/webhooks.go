package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/crm/webhook"
	"github.com/beckonhq/beckon/store"
)

// OutboundWebhooksConfig lists the endpoints told about segment changes.
type OutboundWebhooksConfig struct {
	// AllowPrivate lets endpoints resolve to loopback or private addresses.
	AllowPrivate bool                    `yaml:"allow_private"`
	Endpoints    []WebhookEndpointConfig `yaml:"endpoints"`
}

// WebhookEndpointConfig is one receiver.
type WebhookEndpointConfig struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	// SecretEnv names the variable holding the signing secret.
	SecretEnv string `yaml:"secret_env"`
}

func (c *Config) validateWebhooks() error {
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
	Type      string    `json:"type"` // segment.entered or segment.exited
	Segment   string    `json:"segment"`
	ContactID int64     `json:"contact_id"`
	At        time.Time `json:"at"`
}

// enqueueSegmentWebhooks records a delivery per endpoint and queues its job
// in the transaction of the change.
func enqueueSegmentWebhooks(ctx context.Context, cfg *Config, jobs *river.Client[*sql.Tx], tx *store.Tx, c segment.Change) error {
	if len(cfg.OutboundWebhooks.Endpoints) == 0 {
		return nil
	}
	p := segmentWebhookPayload{Type: "segment.exited", Segment: c.Segment, ContactID: c.ContactID, At: c.At.UTC()}
	if c.Entered {
		p.Type = "segment.entered"
	}
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode webhook: %w", err)
	}
	for _, ep := range cfg.OutboundWebhooks.Endpoints {
		id, err := tx.AddWebhookDelivery(ctx, ep.Name, p.Type, body)
		if err != nil {
			return err
		}
		if _, err := jobs.InsertTx(ctx, tx.SQL(), webhookArgs{Delivery: id}, nil); err != nil {
			return fmt.Errorf("queue webhook %d: %w", id, err)
		}
	}
	return nil
}

// crmWebhooks runs `beckon crm webhooks list|replay`.
func (m *Main) crmWebhooks(ctx context.Context, args []string) error {
	const usage = "usage: beckon crm webhooks list [--status S] | beckon crm webhooks replay ID"
	if len(args) == 0 || (args[0] != "list" && args[0] != "replay") {
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
		return &usageError{fmt.Sprintf("crm webhooks replay: %q is not a delivery id", fs.Arg(0))}
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
