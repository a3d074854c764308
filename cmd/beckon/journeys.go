package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// JourneysConfig tunes how the flow engine delivers channel steps.
type JourneysConfig struct {
	// FrequencyCaps limit channel effects per contact across all flows,
	// written "N/DURATION" (2/24h); "" = no cap.
	FrequencyCaps CapsConfig `yaml:"frequency_caps"`
	// QuietHours "HH:MM-HH:MM" in the contact's timezone; "" = none.
	QuietHours      string `yaml:"quiet_hours"`
	DefaultTimezone string `yaml:"default_timezone"`
	// StepAttempts before a failing step dead-letters its run. Default 10.
	StepAttempts int            `yaml:"step_attempts"`
	Webhooks     WebhooksConfig `yaml:"webhooks"`
}

// CapsConfig is one cap per channel step type.
type CapsConfig struct {
	Email           string `yaml:"email"`
	DiscordMessage  string `yaml:"discord_message"`
	TelegramMessage string `yaml:"telegram_message"`
	Webhook         string `yaml:"webhook"`
}

// WebhooksConfig signs and guards webhook steps.
type WebhooksConfig struct {
	SecretEnv    string `yaml:"secret_env"`
	AllowPrivate bool   `yaml:"allow_private"`
	Timeout      string `yaml:"timeout"`
}

// engineOptions turns the journeys section into engine settings, with
// errors naming the key.
func (c *Config) engineOptions(getenv func(string) string) (caps map[string]flow.Cap, quiet *flow.QuietHours, hook flow.WebhookConfig, err error) {
	j := c.Journeys
	caps = map[string]flow.Cap{}
	for _, kv := range []struct{ key, step, v string }{
		{"email", flow.StepEmail, j.FrequencyCaps.Email},
		{"discord_message", flow.StepDiscordMessage, j.FrequencyCaps.DiscordMessage},
		{"telegram_message", flow.StepTelegramMessage, j.FrequencyCaps.TelegramMessage},
		{"webhook", flow.StepWebhook, j.FrequencyCaps.Webhook},
	} {
		if kv.v == "" {
			continue
		}
		n, per, ok := strings.Cut(kv.v, "/")
		max, nerr := strconv.Atoi(strings.TrimSpace(n))
		d, derr := flow.ParseDuration(per)
		if !ok || nerr != nil || derr != nil || max <= 0 || d <= 0 {
			return nil, nil, hook, c.errorf("journeys.frequency_caps."+kv.key, "%q is not N/DURATION such as 2/24h", kv.v)
		}
		caps[kv.step] = flow.Cap{Max: max, Per: d}
	}
	if j.QuietHours != "" {
		if quiet, err = flow.ParseQuietHours(j.QuietHours, j.DefaultTimezone); err != nil {
			return nil, nil, hook, c.errorf("journeys.quiet_hours", "%v", err)
		}
	} else if j.DefaultTimezone != "" {
		if _, err := time.LoadLocation(j.DefaultTimezone); err != nil {
			return nil, nil, hook, c.errorf("journeys.default_timezone", "unknown timezone %q", j.DefaultTimezone)
		}
	}
	if j.StepAttempts < 0 {
		return nil, nil, hook, c.errorf("journeys.step_attempts", "must not be negative")
	}
	hook.AllowPrivate = j.Webhooks.AllowPrivate
	if j.Webhooks.Timeout != "" {
		if hook.Timeout, err = time.ParseDuration(j.Webhooks.Timeout); err != nil || hook.Timeout <= 0 {
			return nil, nil, hook, c.errorf("journeys.webhooks.timeout", "%q is not a positive duration such as 10s", j.Webhooks.Timeout)
		}
	}
	if j.Webhooks.SecretEnv != "" {
		hook.Secret = []byte(getenv(j.Webhooks.SecretEnv))
	}
	return caps, quiet, hook, nil
}

// linkSignal adapts the engine's IdentityLinked to the API's hook.
func (a *app) linkSignal(ctx context.Context, tx *store.Tx, contactID int64, kind, value string) error {
	if err := a.engine.IdentityLinked(ctx, tx, contactID, kind, value); err != nil {
		return fmt.Errorf("identity linked: %w", err)
	}
	return nil
}

// customEvents starts flows' custom-event triggers from the API's signed
// intake, in the transaction that stores the event.
type customEvents struct{ engine *flow.Engine }

func (c customEvents) CustomEvent(ctx context.Context, tx *store.Tx, ev api.CustomEvent) error {
	if err := c.engine.CustomEvent(ctx, tx, ev.ContactID, ev.Name, ev.Key, ev.Properties); err != nil {
		return fmt.Errorf("custom event %s: %w", ev.Name, err)
	}
	return nil
}

// redeemLinkToken attaches the Discord or Telegram account a bot's link
// token names to the contact whose wallet just signed, starts identity
// triggers and queues the contact's role sync.
func (a *app) redeemLinkToken(ctx context.Context, tx *store.Tx, token string, contactID int64) error {
	id, err := community.RedeemLinkToken(ctx, tx, token, contactID, a.db.Now())
	if errors.Is(err, community.ErrLinkToken) {
		return fmt.Errorf("%w: %w", api.ErrLinkToken, err)
	}
	if err != nil {
		return err
	}
	if err := a.engine.IdentityLinked(ctx, tx, contactID, id.Kind, id.Value); err != nil {
		return fmt.Errorf("identity linked: %w", err)
	}
	return a.comm.enqueue(ctx, tx, []int64{contactID})
}
