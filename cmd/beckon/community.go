package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/community/discord"
	"github.com/beckonhq/beckon/community/telegram"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

// CommunityConfig holds what the Discord and Telegram bots share.
type CommunityConfig struct {
	// RoleRules map on-chain standing to roles (Discord) and to gated-chat
	// access (Telegram chats name a role).
	RoleRules []community.RoleRule `yaml:"role_rules"`
	// LinkTTL is how long a /link token stays valid. Default 15m.
	LinkTTL string `yaml:"link_ttl"`
	// ReconcileEvery is how often serve reconciles every member with the
	// rules and sweeps gated chats. Default 1h; "0" turns it off.
	ReconcileEvery string `yaml:"reconcile_every"`
	// ClaimURL is where /rewards sends members. Default public_url + "/claim".
	ClaimURL string `yaml:"claim_url"`
}

// TelegramChatConfig is one token-gated Telegram chat.
type TelegramChatConfig struct {
	ChatID      string `yaml:"chat_id"`
	Role        string `yaml:"role"`
	GracePeriod string `yaml:"grace_period"`
}

// communityDefaults fills unset community keys.
func (c *Config) communityDefaults() {
	if c.Community.LinkTTL == "" {
		c.Community.LinkTTL = "15m"
	}
	if c.Community.ReconcileEvery == "" {
		c.Community.ReconcileEvery = "1h"
	}
	if c.Discord.Interactions == "" {
		c.Discord.Interactions = "gateway"
	}
	if c.Telegram.Mode == "" {
		c.Telegram.Mode = "polling"
	}
	if c.Telegram.WebhookSecretEnv == "" {
		c.Telegram.WebhookSecretEnv = "TELEGRAM_WEBHOOK_SECRET"
	}
}

func (c *Config) fieldError(field, msg string) error {
	line := c.lineOf(field)
	if line == 0 {
		line = c.lineOf(strings.SplitN(field, ".", 2)[0])
	}
	return &ConfigError{File: c.file, Line: line, Field: field, Msg: msg}
}

// durationKey parses a non-negative duration key.
func (c *Config) durationKey(field, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, c.fieldError(field, fmt.Sprintf("%q is not a non-negative duration", v))
	}
	return d, nil
}

// validateCommunity checks the community keys and compiles the rules.
func (c *Config) validateCommunity() (*community.Rules, error) {
	c.communityDefaults()
	if _, err := c.durationKey("community.link_ttl", c.Community.LinkTTL); err != nil {
		return nil, err
	}
	if _, err := c.durationKey("community.reconcile_every", c.Community.ReconcileEvery); err != nil {
		return nil, err
	}
	switch c.Discord.Interactions {
	case "gateway", "http":
	default:
		return nil, c.fieldError("discord.interactions", fmt.Sprintf("%q: want gateway or http", c.Discord.Interactions))
	}
	if c.Discord.PublicKey != "" {
		if _, err := discord.ParsePublicKey(c.Discord.PublicKey); err != nil {
			return nil, c.fieldError("discord.public_key", err.Error())
		}
	}
	switch c.Telegram.Mode {
	case "polling", "webhook":
	default:
		return nil, c.fieldError("telegram.mode", fmt.Sprintf("%q: want polling or webhook", c.Telegram.Mode))
	}
	compile := func(expr string) (community.Condition, error) { return flow.CompileContactCondition(expr) }
	rules, err := community.NewRules(c.Community.RoleRules, c.contractKinds(), compile, nil)
	if err != nil {
		var re *community.RuleError
		if errors.As(err, &re) {
			return nil, c.fieldError(fmt.Sprintf("community.role_rules.%d.%s", re.Index, re.Field), re.Msg)
		}
		return nil, err
	}
	roles := map[string]bool{}
	for _, r := range rules.Roles() {
		roles[r] = true
	}
	if len(c.Community.RoleRules) > 0 && c.Discord.GuildID == "" {
		return nil, c.fieldError("discord.guild_id", "required: community.role_rules grant Discord roles")
	}
	for i, ch := range c.Telegram.Chats {
		field := fmt.Sprintf("telegram.chats.%d", i)
		if ch.ChatID == "" {
			return nil, c.fieldError(field+".chat_id", "required")
		}
		if !roles[ch.Role] {
			return nil, c.fieldError(field+".role", fmt.Sprintf("%q is not a role of community.role_rules", ch.Role))
		}
		if ch.GracePeriod != "" {
			if _, err := c.durationKey(field+".grace_period", ch.GracePeriod); err != nil {
				return nil, err
			}
		}
	}
	return rules, nil
}

// communityApp is the bots' wiring: the role syncer, the command handler
// and the platform clients (nil without tokens).
type communityApp struct {
	cfg      *Config
	log      *slog.Logger
	db       *store.DB
	syncer   *community.Syncer
	bot      *community.Bot
	discord  *discord.Client
	telegram *telegram.Client
	// jobs is set once the job client exists (it needs the workers first).
	jobs *river.Client[*sql.Tx]
}

func syncTx(db *store.DB) func(ctx context.Context, fn func(community.SyncStore) error) error {
	return func(ctx context.Context, fn func(community.SyncStore) error) error {
		return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
	}
}

// newCommunity wires the bots on dc and tg (real clients or the log sink).
func newCommunity(cfg *Config, db *store.DB, dc community.Discord, tg community.Telegram, log *slog.Logger) (*communityApp, error) {
	rules, err := cfg.validateCommunity()
	if err != nil {
		return nil, err
	}
	c := &communityApp{cfg: cfg, log: log, db: db}
	c.discord, _ = dc.(*discord.Client)
	c.telegram, _ = tg.(*telegram.Client)
	c.syncer = &community.Syncer{
		InTx: syncTx(db), Rules: rules, Discord: dc, Guild: cfg.Discord.GuildID, RoleIDs: cfg.Discord.Roles, Log: log,
	}
	if gate, ok := tg.(community.ChatGate); ok && len(cfg.Telegram.Chats) > 0 {
		c.syncer.Gate = gate
		for _, ch := range cfg.Telegram.Chats {
			grace, _ := time.ParseDuration(ch.GracePeriod)
			c.syncer.Chats = append(c.syncer.Chats, community.GatedChat{ChatID: ch.ChatID, Role: ch.Role, Grace: grace})
		}
	}
	ttl, _ := time.ParseDuration(cfg.Community.LinkTTL)
	c.bot = &community.Bot{
		InTx: func(ctx context.Context, fn func(community.BotStore) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		PublicURL: cfg.PublicURL, ClaimURL: cfg.Community.ClaimURL, LinkTTL: ttl, Season: cfg.Loyalty.Season,
		Quests: cfg.Loyalty.Quests, Points: &pointsWriter{db: db, ledger: cfg.ledger()}, Roles: c, Log: log,
	}
	for _, ch := range cfg.Chains {
		if ch.Name == cfg.Rewards.Chain && common.IsHexAddress(cfg.Rewards.Distributor) {
			c.bot.Rewards = &rewardLookup{db: db, chainID: ch.ChainID, distributor: common.HexToAddress(cfg.Rewards.Distributor)}
		}
	}
	return c, nil
}

// hook makes roles follow events: every stored or orphaned event queues a
// role sync for the contacts it touches, in the event's transaction.
func (c *communityApp) hook(e *flow.Engine) {
	if len(c.syncer.Rules.Roles()) == 0 {
		return
	}
	e.EventHooks = append(e.EventHooks, c)
	e.RemovedHooks = append(e.RemovedHooks, c)
}

// roleSyncArgs is the job that brings one contact's (or one account's)
// roles in line with the rules.
type roleSyncArgs struct {
	ContactID int64  `json:"contact_id,omitempty"`
	Platform  string `json:"platform,omitempty"`
	UserID    string `json:"user_id,omitempty"`
}

func (roleSyncArgs) Kind() string { return "beckon_role_sync" }

type roleSyncWorker struct {
	river.WorkerDefaults[roleSyncArgs]
	c *communityApp
}

// Work is idempotent: it diffs the rules against the recorded grants, and
// Discord's role PUT/DELETE may repeat. A failed platform call fails the
// job, which River retries with backoff; Discord 429s are waited out
// inside the client first.
func (w *roleSyncWorker) Work(ctx context.Context, job *river.Job[roleSyncArgs]) error {
	key := fmt.Sprintf("rolesync:%d", job.ID)
	var err error
	if job.Args.ContactID > 0 {
		_, err = w.c.syncer.SyncContact(ctx, job.Args.ContactID, key)
	} else {
		_, err = w.c.syncer.SyncUser(ctx, job.Args.Platform, job.Args.UserID, key)
	}
	return err
}

func (c *communityApp) worker() river.Worker[roleSyncArgs] { return &roleSyncWorker{c: c} }

// HandleEvent implements flow.EventHook.
func (c *communityApp) HandleEvent(ctx context.Context, tx flow.Tx, ev chain.Event, contactID int64) error {
	ids := []int64{contactID}
	if from := ev.Args["from"]; ev.Kind == chain.KindTransfer && common.IsHexAddress(from) {
		if st, ok := tx.(*store.Tx); ok {
			id, found, err := st.WalletContact(ctx, common.HexToAddress(from))
			if err != nil {
				return err
			}
			if found {
				ids = append(ids, id)
			}
		}
	}
	return c.enqueue(ctx, tx, ids)
}

// HandleRemoved implements flow.RemovedHook.
func (c *communityApp) HandleRemoved(ctx context.Context, tx flow.Tx, ev chain.Event) error {
	st, ok := tx.(*store.Tx)
	if !ok {
		return fmt.Errorf("role sync: transaction %T is not a store transaction", tx)
	}
	var ids []int64
	for _, w := range []string{ev.Wallet.Hex(), ev.Args["from"]} {
		if !common.IsHexAddress(w) {
			continue
		}
		id, found, err := st.WalletContact(ctx, common.HexToAddress(w))
		if err != nil {
			return err
		}
		if found {
			ids = append(ids, id)
		}
	}
	return c.enqueue(ctx, tx, ids)
}

// enqueue queues a role sync for each contact with a Discord or Telegram
// account; contacts without one have no roles to sync, which keeps a
// backfill from queueing a job per event.
func (c *communityApp) enqueue(ctx context.Context, tx flow.Tx, ids []int64) error {
	if c.jobs == nil {
		return errors.New("role sync: no job client")
	}
	for _, id := range ids {
		contact, err := tx.Contact(ctx, id)
		if err != nil {
			return err
		}
		if dc, tg := community.ContactUsers(contact); len(dc) == 0 && len(tg) == 0 {
			continue
		}
		if _, err := c.jobs.InsertTx(ctx, tx.SQL(), roleSyncArgs{ContactID: id}, nil); err != nil {
			return fmt.Errorf("enqueue role sync of contact %d: %w", id, err)
		}
	}
	return nil
}

// SyncUser implements community.RoleSyncer by queueing a job.
func (c *communityApp) SyncUser(ctx context.Context, platform, userID string) error {
	if c.jobs == nil {
		return errors.New("role sync: no job client")
	}
	if _, err := c.jobs.Insert(ctx, roleSyncArgs{Platform: platform, UserID: userID}, nil); err != nil {
		return fmt.Errorf("enqueue role sync of %s %s: %w", platform, userID, err)
	}
	return nil
}

// SyncAll implements community.RoleSyncer.
func (c *communityApp) SyncAll(ctx context.Context, dryRun bool) (community.SyncReport, error) {
	return c.syncer.Reconcile(ctx, dryRun)
}

// webhooks returns the signed intakes to mount on the API.
func (c *communityApp) webhooks(getenv func(string) string) (map[string]http.Handler, error) {
	out := map[string]http.Handler{}
	if c.cfg.Discord.PublicKey != "" {
		key, err := discord.ParsePublicKey(c.cfg.Discord.PublicKey)
		if err != nil {
			return nil, c.cfg.fieldError("discord.public_key", err.Error())
		}
		out["POST /discord/interactions"] = &discord.Interactions{PublicKey: key, Commands: c.commands(), Log: c.log}
	}
	if c.telegram != nil && c.cfg.Telegram.Mode == "webhook" {
		secret := getenv(c.cfg.Telegram.WebhookSecretEnv)
		if secret == "" {
			return nil, c.cfg.fieldError("telegram.webhook_secret_env", "the variable "+c.cfg.Telegram.WebhookSecretEnv+" is empty; webhook mode needs a secret")
		}
		out["POST /telegram/webhook"] = &telegram.Webhook{Secret: secret, Updates: c.updates()}
	}
	return out, nil
}

func (c *communityApp) commands() *discord.Commands {
	cmds := &discord.Commands{Bot: c.bot, AdminRole: c.roleID(c.cfg.Discord.AdminRole)}
	if c.discord != nil {
		cmds.Session = c.discord.Session()
	}
	return cmds
}

func (c *communityApp) roleID(name string) string {
	if id := c.cfg.Discord.Roles[name]; id != "" {
		return id
	}
	return name
}

func (c *communityApp) updates() *telegram.Updates {
	u := &telegram.Updates{Client: c.telegram, Bot: c.bot, Log: c.log}
	if c.syncer.Gate != nil {
		u.Syncer = c.syncer
	}
	return u
}

// start connects the bots (when tokens are set) and runs the periodic
// reconciliation until ctx ends; it returns a closer for the gateway.
func (c *communityApp) start(ctx context.Context, getenv func(string) string, goFn func(func())) (func() error, error) {
	closer := func() error { return nil }
	if d := c.discord; d != nil {
		if c.cfg.Discord.ApplicationID != "" && c.cfg.Discord.GuildID != "" {
			if err := d.RegisterCommands(ctx, c.cfg.Discord.ApplicationID, c.cfg.Discord.GuildID); err != nil {
				return closer, err
			}
			if c.cfg.Discord.LinkedRoles {
				if err := d.RegisterRoleConnectionMetadata(ctx, c.cfg.Discord.ApplicationID); err != nil {
					return closer, err
				}
			}
		}
		if c.cfg.Discord.Interactions == "gateway" {
			cl, err := d.OpenGateway(ctx, c.commands())
			if err != nil {
				return closer, err
			}
			closer = cl
		}
	}
	if t := c.telegram; t != nil {
		if c.cfg.Telegram.Mode == "webhook" {
			url := c.cfg.Telegram.WebhookURL
			if url == "" {
				url = strings.TrimSuffix(c.cfg.PublicURL, "/") + "/telegram/webhook"
			}
			if err := t.SetWebhook(ctx, url, getenv(c.cfg.Telegram.WebhookSecretEnv)); err != nil {
				return closer, err
			}
		} else {
			u := c.updates()
			goFn(func() { _ = u.Poll(ctx, 10*time.Second) })
		}
	}
	every, _ := time.ParseDuration(c.cfg.Community.ReconcileEvery)
	if every > 0 && (len(c.syncer.Rules.Roles()) > 0 || len(c.syncer.Chats) > 0) {
		goFn(func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
				rep, err := c.syncer.Reconcile(ctx, false)
				if err != nil && ctx.Err() == nil {
					c.log.Error("role reconciliation", "err", err)
					continue
				}
				c.log.Info("role reconciliation", "summary", rep.Summary())
			}
		})
	}
	return closer, nil
}

// pointsWriter awards through the ledger, so seasons and tiers apply.
type pointsWriter struct {
	db     *store.DB
	ledger *loyalty.Ledger
}

func (p *pointsWriter) AwardManual(ctx context.Context, contactID, amount int64, reason, actor, key string) (bool, error) {
	var inserted bool
	err := p.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		inserted, err = loyalty.AwardManual(ctx, ledgerTx{Tx: tx, ledger: p.ledger}, loyalty.Entry{
			ContactID: contactID, Amount: amount, Reason: reason, Source: "manual:" + key, Key: key, Actor: actor,
		})
		return err
	})
	return inserted, err
}

// rewardLookup reads claimable amounts: the latest epoch's cumulative
// allocation of each wallet minus what it has claimed.
type rewardLookup struct {
	db          *store.DB
	chainID     uint64
	distributor common.Address
}

func (r *rewardLookup) Claimable(ctx context.Context, contactID int64) ([]community.Claimable, error) {
	var out []community.Claimable
	err := r.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.Contact(ctx, contactID)
		if err != nil {
			return err
		}
		ep, err := tx.LatestEpoch(ctx, r.chainID, r.distributor)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, w := range c.Wallets() {
			alloc := ep.Allocations[w]
			if alloc == nil {
				continue
			}
			claimed, err := tx.ClaimedCumulative(ctx, r.chainID, r.distributor, w)
			if err != nil {
				return err
			}
			if left := new(big.Int).Sub(alloc, claimed); left.Sign() > 0 {
				out = append(out, community.Claimable{Wallet: w.Hex(), Amount: left, Epoch: ep.ID})
			}
		}
		return nil
	})
	return out, err
}

const communityUsage = "community sync-roles [--config FILE] [--data-dir DIR] [--dry-run] [--json]\n" +
	"       beckon community invite-link --chat ID [--name NAME] [--config FILE] [--data-dir DIR]"

// communityCmd runs `beckon community …`.
func (m *Main) communityCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "invite-link" {
		return m.inviteLink(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "sync-roles" {
		return &usageError{"usage: beckon " + communityUsage}
	}
	fs := m.flagSet(communityUsage)
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database and community log")
	dryRun := fs.Bool("dry-run", false, "report the changes without making them")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false)
	flows, err := loadFlows(cfg)
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, *dataDir, flows, m.Getenv, log)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.comm.syncer.Reconcile(ctx, *dryRun)
	if err != nil {
		return err
	}
	if *asJSON {
		if rep.Changes == nil {
			rep.Changes = []community.RoleChange{}
		}
		return jsonEncoder(m.Stdout).Encode(rep)
	}
	for _, ch := range rep.Changes {
		op := "remove"
		if ch.Add {
			op = "add"
		}
		fmt.Fprintf(m.Stdout, "%s %s %s %s %s: %s\n", op, ch.Platform, ch.Scope, ch.UserID, ch.Role, ch.Reason)
	}
	fmt.Fprintln(m.Stdout, rep.Summary())
	return nil
}

// inviteLink creates an invite link to a gated chat whose uses become join
// requests, decided by the chat's rule.
func (m *Main) inviteLink(ctx context.Context, args []string) error {
	fs := m.flagSet("community invite-link --chat ID [--name NAME]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database and community log")
	chat := fs.String("chat", "", "id of a chat in telegram.chats")
	name := fs.String("name", "beckon", "name shown to chat admins")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	gated := false
	for _, c := range cfg.Telegram.Chats {
		gated = gated || c.ChatID == *chat
	}
	if !gated {
		return &usageError{fmt.Sprintf("--chat %q is not one of telegram.chats", *chat)}
	}
	a, err := newApp(ctx, cfg, *dataDir, nil, m.Getenv, m.logger(cfg.LogLevel, false))
	if err != nil {
		return err
	}
	defer a.Close()
	if a.comm.telegram == nil {
		return fmt.Errorf("invite link: the variable %s holds no Telegram bot token", cfg.Telegram.TokenEnv)
	}
	link, err := a.comm.telegram.CreateInviteLink(ctx, *chat, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, link)
	return nil
}
