package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/store"
)

// Opt-in policies of email.opt_in.
const (
	optInDouble = "double"
	optInNone   = "none"
)

// emailDefaults fills the email keys an empty file leaves unset.
func (c *Config) emailDefaults() {
	if c.Email.OptIn == "" {
		c.Email.OptIn = optInDouble
	}
	if c.Email.ConfirmTTL == "" {
		c.Email.ConfirmTTL = "72h"
	}
	if c.Email.OptInInterval == "" {
		c.Email.OptInInterval = "10s"
	}
}

// validateEmail checks the email keys.
func (c *Config) validateEmail() error {
	e := c.Email
	switch {
	case e.OptIn != optInDouble && e.OptIn != optInNone:
		return c.errorf("email.opt_in", "%q is not %s or %s", e.OptIn, optInDouble, optInNone)
	case !positiveDuration(e.ConfirmTTL):
		return c.errorf("email.confirm_ttl", "%q is not a positive duration such as 72h", e.ConfirmTTL)
	case !positiveDuration(e.OptInInterval):
		return c.errorf("email.opt_in_interval", "%q is not a positive duration such as 10s", e.OptInInterval)
	case e.ConfirmURL != "" && !strings.Contains(e.ConfirmURL, "{token}"):
		return c.errorf("email.confirm_url", "%q must contain {token}", e.ConfirmURL)
	}
	if e.UnsubscribeMailto != "" {
		if _, err := email.NormalizeAddress(strings.TrimPrefix(strings.SplitN(e.UnsubscribeMailto, "?", 2)[0], "mailto:")); err != nil {
			return c.errorf("email.unsubscribe_mailto", "%q is not an email address", e.UnsubscribeMailto)
		}
	}
	if e.SendGridPublicKey != "" {
		if _, err := email.ParseSendGridPublicKey(e.SendGridPublicKey); err != nil {
			return c.errorf("email.sendgrid_public_key", "%v", err)
		}
	}
	return nil
}

// mailer is the wired email side: the guarded sender every part of
// Beckon gets, the templates, double opt-in and the signed intakes.
type mailer struct {
	sender    email.Sender // an *email.Guard
	outbox    *email.Outbox
	templates *email.Templates
	optin     *email.OptIn
	// webhooks are mounted on the API without key auth: "METHOD /path".
	webhooks map[string]http.Handler
	closers  []func() error
}

// newMailer builds the email side from the configuration; getenv reads
// the secrets the configuration names.
func newMailer(ctx context.Context, cfg *Config, db *store.DB, dataDir string, getenv func(string) string, log *slog.Logger) (*mailer, error) {
	m := &mailer{webhooks: map[string]http.Handler{}}
	var transport email.Sender
	if cfg.Email.SMTPURL != "" {
		var opts []email.SMTPOption
		if cfg.Email.SMTPPasswordEnv != "" {
			pass := getenv(cfg.Email.SMTPPasswordEnv)
			if pass == "" {
				return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf("email.smtp_password_env"), Field: "email.smtp_password_env",
					Msg: fmt.Sprintf("environment variable %s is empty", cfg.Email.SMTPPasswordEnv)}
			}
			opts = append(opts, email.WithPassword(pass))
		}
		smtp, err := email.NewSMTP(cfg.Email.SMTPURL, opts...)
		if err != nil {
			return nil, fmt.Errorf("email: %w", err)
		}
		m.closers = append(m.closers, smtp.Close)
		transport = smtp
	} else {
		dir := cfg.Email.OutboxDir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(dataDir, dir)
		}
		var err error
		if m.outbox, err = email.NewOutbox(dir); err != nil {
			return nil, fmt.Errorf("email outbox: %w", err)
		}
		transport = m.outbox
	}
	guard := email.NewGuard(transport, email.StatusFunc(db.EmailStatus), cfg.Email.OptIn == optInDouble)
	guard.UnsubscribeMailto = cfg.Email.UnsubscribeMailto
	m.sender = guard

	var tmplDirs []fs.FS
	if cfg.Email.TemplatesDir != "" {
		tmplDirs = append(tmplDirs, os.DirFS(cfg.Email.TemplatesDir))
	}
	var err error
	if m.templates, err = email.NewTemplates(tmplDirs...); err != nil {
		return nil, fmt.Errorf("email templates: %w", err)
	}

	var confirmKey []byte
	if err := db.InTx(ctx, func(tx *store.Tx) (err error) {
		confirmKey, err = tx.Secret(ctx, "email-confirm")
		return err
	}); err != nil {
		return nil, err
	}
	ttl, _ := time.ParseDuration(cfg.Email.ConfirmTTL) // validated
	confirmURL := cfg.Email.ConfirmURL
	if confirmURL == "" {
		confirmURL = strings.TrimSuffix(cfg.PublicURL, "/") + "/v1/email/confirm?token={token}"
	}
	m.optin = &email.OptIn{
		InTx: func(ctx context.Context, fn func(email.OptInStore) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		Mail: m.sender, Templates: m.templates, From: cfg.Email.From, ConfirmURL: confirmURL, Secret: confirmKey, TTL: ttl,
		Log: log.With("component", "email-optin"),
	}
	m.webhooks["GET /v1/email/confirm"] = m.optin.ConfirmHandler()

	hooks := email.WebhookConfig{
		InTx: func(ctx context.Context, fn func(email.SuppressionStore) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		Log: log.With("component", "email-webhook"),
	}
	if cfg.Email.SendGridPublicKey != "" {
		h, err := email.NewSendGridWebhook(cfg.Email.SendGridPublicKey, hooks)
		if err != nil {
			return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf("email.sendgrid_public_key"), Field: "email.sendgrid_public_key", Msg: err.Error()}
		}
		m.webhooks["POST /v1/email/webhooks/sendgrid"] = h
	}
	if cfg.Email.WebhookSecretEnv != "" {
		h, err := email.NewSignedWebhook([]byte(getenv(cfg.Email.WebhookSecretEnv)), hooks)
		if err != nil {
			return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf("email.webhook_secret_env"), Field: "email.webhook_secret_env",
				Msg: fmt.Sprintf("environment variable %s: %v", cfg.Email.WebhookSecretEnv, err)}
		}
		m.webhooks["POST /v1/email/webhooks/signed"] = h
	}
	if cfg.Email.PostmarkUser != "" || cfg.Email.PostmarkPassEnv != "" {
		h, err := email.NewPostmarkWebhook(cfg.Email.PostmarkUser, getenv(cfg.Email.PostmarkPassEnv), hooks)
		if err != nil {
			return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf("email.postmark_webhook_user"), Field: "email.postmark_webhook_user",
				Msg: fmt.Sprintf("with the password in environment variable %q: %v", cfg.Email.PostmarkPassEnv, err)}
		}
		m.webhooks["POST /v1/email/webhooks/postmark"] = h
	}
	return m, nil
}

// runOptIn sends confirmation requests to new email identities until ctx ends.
func (a *app) runOptIn(ctx context.Context) {
	every, _ := time.ParseDuration(a.cfg.Email.OptInInterval) // validated
	a.mail.optin.Run(ctx, every)
}
