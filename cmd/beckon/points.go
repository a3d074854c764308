package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

const pointsUsage = `Usage:
  beckon points award   (--contact ID | --wallet 0x…) --amount N --reason TEXT --actor WHO [--key KEY] [--season S] [--json]
  beckon points revoke  (--contact ID | --wallet 0x…) --amount N --reason TEXT --actor WHO [--key KEY] [--season S] [--json]
  beckon points balance (--contact ID | --wallet 0x…) [--season S] [--json]
  beckon points history (--contact ID | --wallet 0x…) [--limit N] [--cursor ID] [--json]
  beckon points leaderboard [--season S] [--limit N] [--json]
  beckon points rank    (--contact ID | --wallet 0x…) [--season S] [--neighbours K] [--json]

Every subcommand takes --config FILE, --data-dir DIR and --help. --season ""
(the default for leaderboard and rank) means all seasons.`

// validateRulesAndTiers checks the rules and tiers sections, reporting the
// file line of the offending key.
func (c *Config) validateRulesAndTiers() error {
	names := c.sourceNames()
	err := loyalty.ValidateTiersWith(c.Loyalty.Tiers, c.contractKinds())
	if err == nil {
		err = loyalty.ValidateRules(c.Loyalty.Rules, c.Loyalty.Tiers, names)
	}
	var fe *loyalty.FieldError
	if errors.As(err, &fe) {
		return c.errorf("loyalty."+fe.Field, "%s", fe.Msg)
	}
	return err
}

// ruleHooks connects the rules to the flow engine: points for every new
// event, and after a reorg reversed an event's points, the tiers of the
// contacts that held them recomputed. Holdings tiers are recomputed for
// the contacts whose holdings a new or orphaned event changes.
type ruleHooks struct {
	rules  *loyalty.RulesHook // nil without rules
	ledger *loyalty.Ledger
	// signals lets points and tier changes start flows (flow.Engine.Signals).
	signals func(flow.Tx, loyalty.TierStore) loyalty.TierStore
}

var (
	_ flow.EventHook   = ruleHooks{}
	_ flow.RemovedHook = ruleHooks{}
)

func newRuleHooks(cfg *Config, signals func(flow.Tx, loyalty.TierStore) loyalty.TierStore) (ruleHooks, error) {
	h := ruleHooks{ledger: cfg.ledger(), signals: signals}
	if len(cfg.Loyalty.Rules) > 0 {
		var err error
		if h.rules, err = loyalty.NewRulesHook(cfg.Loyalty.Rules, cfg.Loyalty.Tiers, nil, cfg.Loyalty.Season, nil); err != nil {
			return h, err
		}
	}
	return h, nil
}

// ledgerTx is a store transaction whose ledger writes apply the Ledger,
// through ts (the transaction, or it wrapped to signal flows).
type ledgerTx struct {
	*store.Tx
	ledger *loyalty.Ledger
	ts     loyalty.TierStore
}

func (t ledgerTx) InsertEntry(ctx context.Context, e loyalty.Entry) (bool, error) {
	if t.ts != nil {
		return t.ledger.Insert(ctx, t.ts, e)
	}
	return t.ledger.Insert(ctx, t.Tx, e)
}

// tierStore is s, wrapped to signal flows when the hooks have an engine.
func (h ruleHooks) tierStore(tx flow.Tx, s *store.Tx) loyalty.TierStore {
	if h.signals == nil {
		return s
	}
	return h.signals(tx, s)
}

func storeTx(tx flow.Tx) (*store.Tx, error) {
	s, ok := tx.(*store.Tx)
	if !ok {
		return nil, fmt.Errorf("transaction %T is not a store transaction", tx)
	}
	return s, nil
}

func (h ruleHooks) HandleEvent(ctx context.Context, tx flow.Tx, ev chain.Event, contactID int64) error {
	if h.rules == nil && !h.ledger.HoldsOn(ev.Source) {
		return nil
	}
	s, err := storeTx(tx)
	if err != nil {
		return err
	}
	if h.rules != nil {
		if err := h.rules.HandleEvent(ctx, ledgerTx{Tx: s, ledger: h.ledger, ts: h.tierStore(tx, s)}, ev, contactID); err != nil {
			return err
		}
	}
	return h.ledger.UpdateHoldingTiers(ctx, h.tierStore(tx, s), ev, "holdings changed: event "+ev.Key())
}

func (h ruleHooks) HandleRemoved(ctx context.Context, tx flow.Tx, ev chain.Event) error {
	s, err := storeTx(tx)
	if err != nil {
		return err
	}
	contacts, err := s.ContactsBySource(ctx, ev.Key())
	if err != nil {
		return err
	}
	for _, c := range contacts {
		if _, _, err := h.ledger.UpdateTier(ctx, h.tierStore(tx, s), c, "reorg: event "+ev.Key()+" orphaned", time.Time{}); err != nil {
			return err
		}
	}
	return h.ledger.UpdateHoldingTiers(ctx, h.tierStore(tx, s), ev, "reorg: event "+ev.Key()+" orphaned")
}

func (m *Main) points(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{pointsUsage}
	}
	switch sub := args[0]; sub {
	case "award", "revoke", "balance", "history", "leaderboard", "rank":
		return m.pointsCommand(ctx, sub, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, pointsUsage)
		return nil
	default:
		return &usageError{fmt.Sprintf("points: unknown subcommand %q\n\n%s", sub, pointsUsage)}
	}
}

type pointsFlags struct {
	contact    int64
	wallet     string
	amount     int64
	reason     string
	actor      string
	key        string
	season     string
	limit      int
	cursor     int64
	neighbours int
	json       bool
}

// pointsEntry is an entry as the command prints it.
type pointsEntry struct {
	ID        int64  `json:"id"`
	Amount    int64  `json:"amount"`
	Reason    string `json:"reason"`
	Source    string `json:"source"`
	Key       string `json:"key"`
	Reverses  int64  `json:"reverses,omitempty"`
	Season    string `json:"season"`
	Rule      string `json:"rule,omitempty"`
	Actor     string `json:"actor,omitempty"`
	ExpiresAt string `json:"expires_at,omitempty"`
	At        string `json:"at"`
}

func (m *Main) pointsCommand(ctx context.Context, sub string, args []string) error {
	fs := m.flagSet("points " + sub + " [flags]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	var f pointsFlags
	needContact := sub != "leaderboard"
	if needContact {
		fs.Int64Var(&f.contact, "contact", 0, "contact id")
		fs.StringVar(&f.wallet, "wallet", "", "a wallet of the contact (0x…)")
	}
	seasonSet := false
	switch sub {
	case "award", "revoke":
		fs.Int64Var(&f.amount, "amount", 0, "points, positive")
		fs.StringVar(&f.reason, "reason", "", "why, kept with the entry (required)")
		fs.StringVar(&f.actor, "actor", "", "who is awarding or revoking (required)")
		fs.StringVar(&f.key, "key", "", "idempotency key; the same key twice writes one entry (default: a new key)")
		fs.StringVar(&f.season, "season", "", "season of the entry (default: loyalty.season)")
	case "history":
		fs.IntVar(&f.limit, "limit", 50, "entries per page, 1 to 1000")
		fs.Int64Var(&f.cursor, "cursor", 0, "show entries older than this entry id (the next_cursor of the previous page)")
	case "leaderboard":
		fs.StringVar(&f.season, "season", "", `season; "" all seasons`)
		fs.IntVar(&f.limit, "limit", 10, fmt.Sprintf("standings, 1 to %d", loyalty.MaxLeaderboard))
	case "rank":
		fs.StringVar(&f.season, "season", "", `season; "" all seasons`)
		fs.IntVar(&f.neighbours, "neighbours", 0, "also show this many standings above and below")
	case "balance":
		fs.StringVar(&f.season, "season", "", `also show the balance of this season`)
	}
	fs.BoolVar(&f.json, "json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "season" {
			seasonSet = true
		}
	})
	if err := f.check(sub, needContact); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	if err := cfg.validateRulesAndTiers(); err != nil {
		return err
	}
	if (sub == "award" || sub == "revoke") && !seasonSet {
		f.season = cfg.Loyalty.Season
	}
	db, err := openStore(ctx, cfg, *dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	ledger := cfg.ledger()
	if sub == "leaderboard" || sub == "rank" {
		if err := settleExpired(ctx, db, ledger); err != nil {
			return err
		}
	}
	var out any
	var text func()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		contact := f.contact
		if needContact {
			if contact, err = f.resolve(ctx, tx, sub == "award" || sub == "revoke"); err != nil {
				return err
			}
		}
		switch sub {
		case "award", "revoke":
			amount := f.amount
			if sub == "revoke" {
				amount = -amount
			}
			key := f.key
			if key == "" {
				key = fmt.Sprintf("manual:%s:%d", f.actor, time.Now().UnixNano())
			}
			inserted, err := loyalty.AwardManual(ctx, ledgerTx{Tx: tx, ledger: ledger}, loyalty.Entry{
				ContactID: contact, Amount: amount, Reason: f.reason, Actor: f.actor,
				Source: "manual:" + f.actor, Key: key, Season: f.season,
			})
			if errors.Is(err, loyalty.ErrInvalid) {
				return &usageError{err.Error()}
			}
			if err != nil {
				return err
			}
			bal, tier, err := balanceAndTier(ctx, tx, contact)
			if err != nil {
				return err
			}
			out = map[string]any{"contact_id": contact, "amount": amount, "key": key, "inserted": inserted, "points": bal, "tier": tier}
			text = func() {
				if !inserted {
					fmt.Fprintf(m.Stdout, "key %s was already used: nothing written\n", key)
				}
				fmt.Fprintf(m.Stdout, "contact %d: %+d points (%s) by %s; balance %d, tier %q\n", contact, amount, f.reason, f.actor, bal, tier)
			}
		case "balance":
			bal, tier, err := balanceAndTier(ctx, tx, contact)
			if err != nil {
				return err
			}
			res := map[string]any{"contact_id": contact, "points": bal, "tier": tier}
			var sb int64
			if f.season != "" {
				if sb, err = tx.SeasonBalance(ctx, contact, f.season); err != nil {
					return err
				}
				res["season"], res["season_points"] = f.season, sb
			}
			out = res
			text = func() {
				fmt.Fprintf(m.Stdout, "contact %d: %d points, tier %q\n", contact, bal, tier)
				if f.season != "" {
					fmt.Fprintf(m.Stdout, "season %s: %d points\n", f.season, sb)
				}
			}
		case "history":
			entries, next, err := tx.History(ctx, contact, f.cursor, f.limit)
			if err != nil {
				return err
			}
			list := make([]pointsEntry, len(entries))
			for i, e := range entries {
				list[i] = pointsEntry{ID: e.ID, Amount: e.Amount, Reason: e.Reason, Source: e.Source, Key: e.Key, Reverses: e.Reverses,
					Season: e.Season, Rule: e.Rule, Actor: e.Actor, At: e.At.UTC().Format(time.RFC3339)}
				if !e.ExpiresAt.IsZero() {
					list[i].ExpiresAt = e.ExpiresAt.UTC().Format(time.RFC3339)
				}
			}
			out = map[string]any{"contact_id": contact, "entries": list, "next_cursor": next}
			text = func() {
				for _, e := range list {
					extra := ""
					if e.Reverses != 0 {
						extra += fmt.Sprintf(" reverses #%d", e.Reverses)
					}
					if e.ExpiresAt != "" {
						extra += " expires " + e.ExpiresAt
					}
					if e.Actor != "" {
						extra += " by " + e.Actor
					}
					fmt.Fprintf(m.Stdout, "#%d %s %+d %s [%s]%s\n", e.ID, e.At, e.Amount, e.Reason, e.Season, extra)
				}
				if next != 0 {
					fmt.Fprintf(m.Stdout, "more: --cursor %d\n", next)
				}
			}
		case "leaderboard":
			top, err := tx.Top(ctx, f.season, f.limit)
			if err != nil {
				return err
			}
			if top == nil {
				top = []loyalty.Standing{}
			}
			out = map[string]any{"season": f.season, "standings": top}
			text = func() { printStandings(m, top, 0) }
		case "rank":
			list, err := tx.Neighbours(ctx, contact, f.season, f.neighbours)
			if errors.Is(err, loyalty.ErrNotRanked) {
				return fmt.Errorf("contact %d has no points in season %q: %w", contact, f.season, err)
			}
			if err != nil {
				return err
			}
			var me loyalty.Standing
			for _, s := range list {
				if s.ContactID == contact {
					me = s
				}
			}
			out = map[string]any{"season": f.season, "rank": me.Rank, "points": me.Points, "contact_id": contact, "standings": list}
			text = func() { printStandings(m, list, contact) }
		}
		return nil
	})
	if err != nil {
		return err
	}
	if f.json {
		return jsonEncoder(m.Stdout).Encode(out)
	}
	text()
	return nil
}

func printStandings(m *Main, list []loyalty.Standing, mark int64) {
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "no standings")
	}
	for _, s := range list {
		star := " "
		if s.ContactID == mark {
			star = "*"
		}
		fmt.Fprintf(m.Stdout, "%s%6d  contact %-8d %d\n", star, s.Rank, s.ContactID, s.Points)
	}
}

func balanceAndTier(ctx context.Context, tx *store.Tx, contact int64) (int64, string, error) {
	bal, err := tx.Balance(ctx, contact)
	if err != nil {
		return 0, "", err
	}
	tier, err := tx.ContactTier(ctx, contact)
	return bal, tier, err
}

// check rejects bad flags before anything is opened.
func (f *pointsFlags) check(sub string, needContact bool) error {
	bad := func(format string, args ...any) error {
		return &usageError{"points " + sub + ": " + fmt.Sprintf(format, args...)}
	}
	if needContact {
		switch {
		case f.contact != 0 && f.wallet != "":
			return bad("give --contact or --wallet, not both")
		case f.contact == 0 && f.wallet == "":
			return bad("--contact or --wallet is required")
		case f.contact < 0:
			return bad("--contact must be a positive id")
		case f.wallet != "" && !common.IsHexAddress(f.wallet):
			return bad("--wallet %q is not a 0x-prefixed 20-byte hex address", f.wallet)
		}
	}
	switch sub {
	case "award", "revoke":
		switch {
		case f.amount <= 0:
			return bad("--amount must be a positive number of points")
		case strings.TrimSpace(f.reason) == "":
			return bad("--reason is required")
		case strings.TrimSpace(f.actor) == "":
			return bad("--actor is required")
		}
	case "history":
		if f.limit < 1 || f.limit > 1000 {
			return bad("--limit must be 1 to 1000")
		}
		if f.cursor < 0 {
			return bad("--cursor must not be negative")
		}
	case "leaderboard":
		if f.limit < 1 || f.limit > loyalty.MaxLeaderboard {
			return bad("--limit must be 1 to %d", loyalty.MaxLeaderboard)
		}
	case "rank":
		if f.neighbours < 0 || f.neighbours > loyalty.MaxLeaderboard {
			return bad("--neighbours must be 0 to %d", loyalty.MaxLeaderboard)
		}
	}
	return nil
}

// resolve finds the contact; an award to a wallet not seen yet creates its
// contact. An unknown contact is a usage error.
func (f *pointsFlags) resolve(ctx context.Context, tx *store.Tx, create bool) (int64, error) {
	if f.wallet != "" {
		w := common.HexToAddress(f.wallet)
		if create {
			id, _, err := crm.EnsureWallet(ctx, tx, w)
			return id, err
		}
		id, ok, err := tx.WalletContact(ctx, w)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, &usageError{fmt.Sprintf("no contact has wallet %s", w.Hex())}
		}
		f.contact = id
	}
	c, err := tx.Contact(ctx, f.contact)
	if errors.Is(err, store.ErrNotFound) {
		return 0, &usageError{fmt.Sprintf("contact %d does not exist", f.contact)}
	}
	if err != nil {
		return 0, err
	}
	return c.ID, nil // a merged contact resolves to its survivor
}

// settleExpired takes expired entries out of the leaderboards and updates
// the tiers of the contacts they belonged to.
func settleExpired(ctx context.Context, db *store.DB, ledger *loyalty.Ledger) error {
	for {
		var touched []int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if touched, err = tx.Settle(ctx, db.Now(), 1000); err != nil {
				return err
			}
			for _, c := range touched {
				if _, _, err := ledger.UpdateTier(ctx, tx, c, "points expired", time.Time{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || len(touched) == 0 {
			return err
		}
	}
}
