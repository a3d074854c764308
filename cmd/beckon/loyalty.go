package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

const loyaltyUsage = `Usage:
  beckon loyalty quests [--contact ID | --wallet 0x…] [--json]
  beckon loyalty sybil-report [--json]

Every subcommand takes --config FILE, --data-dir DIR and --help.`

func (m *Main) loyalty(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{loyaltyUsage}
	}
	switch args[0] {
	case "quests":
		return m.loyaltyQuests(ctx, args[1:])
	case "sybil-report":
		return m.loyaltySybilReport(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, loyaltyUsage)
		return nil
	default:
		return &usageError{fmt.Sprintf("loyalty: unknown subcommand %q\n\n%s", args[0], loyaltyUsage)}
	}
}

// validateQuestsAndSybil checks the quests and sybil sections, reporting
// the file line of the offending key.
func (c *Config) validateQuestsAndSybil() error {
	names := c.sourceNames()
	err := loyalty.ValidateQuests(c.Loyalty.Quests, names)
	if err == nil {
		err = c.Loyalty.Sybil.Validate()
	}
	var fe *loyalty.FieldError
	if errors.As(err, &fe) {
		return c.errorf("loyalty."+fe.Field, "%s", fe.Msg)
	}
	return err
}

// questContact is one contact's standing on every quest.
type questContact struct {
	ContactID int64                 `json:"contact_id"`
	Wallets   []string              `json:"wallets"`
	Quests    []loyalty.QuestStatus `json:"quests"`
}

func (m *Main) loyaltyQuests(ctx context.Context, args []string) error {
	fs := m.flagSet("loyalty quests [--contact ID | --wallet 0x…] [--json] [--config FILE] [--data-dir DIR]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	contact := fs.Int64("contact", 0, "show this contact only")
	wallet := fs.String("wallet", "", "show the contact owning this wallet only")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("loyalty quests: unexpected argument %q", fs.Arg(0))}
	case *contact != 0 && *wallet != "":
		return &usageError{"loyalty quests: give --contact or --wallet, not both"}
	case *contact < 0:
		return &usageError{"loyalty quests: --contact must be a positive id"}
	case *wallet != "" && !common.IsHexAddress(*wallet):
		return &usageError{fmt.Sprintf("loyalty quests: --wallet %q is not a 0x-prefixed 20-byte hex address", *wallet)}
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	if err := cfg.validateQuestsAndSybil(); err != nil {
		return err
	}
	quests := cfg.Loyalty.Quests
	db, err := openStore(ctx, cfg, *dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	var out []questContact
	err = db.InTx(ctx, func(tx *store.Tx) error {
		ids := []int64{*contact}
		switch {
		case *wallet != "":
			id, ok, err := tx.WalletContact(ctx, common.HexToAddress(*wallet))
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("wallet %s: no contact has it: %w", common.HexToAddress(*wallet).Hex(), store.ErrNotFound)
			}
			ids[0] = id
		case *contact == 0:
			if ids, err = tx.QuestProgressContacts(ctx); err != nil {
				return err
			}
		}
		for _, id := range ids {
			survivor, st, err := loyalty.Progress(ctx, tx, quests, id)
			if err != nil {
				return err
			}
			c, err := tx.Contact(ctx, survivor)
			if err != nil {
				return err
			}
			qc := questContact{ContactID: survivor, Wallets: []string{}, Quests: st}
			for _, w := range c.Wallets() {
				qc.Wallets = append(qc.Wallets, w.Hex())
			}
			out = append(out, qc)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if *asJSON {
		if out == nil {
			out = []questContact{}
		}
		return jsonEncoder(m.Stdout).Encode(map[string]any{"quests": len(quests), "contacts": out})
	}
	if len(quests) == 0 {
		fmt.Fprintln(m.Stdout, "no quests configured (loyalty.quests)")
		return nil
	}
	if len(out) == 0 {
		fmt.Fprintln(m.Stdout, "no contact has made progress on a quest yet")
		return nil
	}
	for _, qc := range out {
		fmt.Fprintf(m.Stdout, "contact %d (%s)\n", qc.ContactID, strings.Join(qc.Wallets, ", "))
		for _, st := range qc.Quests {
			state := "in progress"
			if st.Completed {
				state = "completed " + st.CompletedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(m.Stdout, "  %s: %s, bonus %d\n", st.Quest, state, st.Bonus)
			for _, c := range st.Conditions {
				fmt.Fprintf(m.Stdout, "    %-28s %d/%d\n", c.Label, min(c.Done, c.Needed), c.Needed)
			}
		}
	}
	return nil
}

func (m *Main) loyaltySybilReport(ctx context.Context, args []string) error {
	fs := m.flagSet("loyalty sybil-report [--json] [--config FILE] [--data-dir DIR]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("loyalty sybil-report: unexpected argument %q", fs.Arg(0))}
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	if err := cfg.validateQuestsAndSybil(); err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, *dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	var rep loyalty.SybilReport
	if err := db.InTx(ctx, func(tx *store.Tx) (err error) {
		rep, err = cfg.Loyalty.Sybil.Report(ctx, tx)
		return err
	}); err != nil {
		return err
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(rep)
	}
	fmt.Fprintf(m.Stdout, "handle clusters (%d or more wallets behind one email, Discord or Telegram handle): %d\n", rep.ClusterSize, len(rep.HandleClusters))
	for _, c := range rep.HandleClusters {
		handles := make([]string, len(c.Handles))
		for i, h := range c.Handles {
			handles[i] = h.Kind + " " + h.Value
		}
		fmt.Fprintf(m.Stdout, "  contact %d: %s, %d wallets\n", c.ContactID, strings.Join(handles, ", "), len(c.Wallets))
		for _, w := range c.Wallets {
			fmt.Fprintf(m.Stdout, "    %s\n", w)
		}
	}
	fmt.Fprintf(m.Stdout, "funding-address clusters: %s\n", rep.FundingAnalysis)
	return nil
}

// questHooks connects the quest tracker to the flow engine: progress for
// every new event, recomputation for every orphaned one. Bonuses go
// through the ledger, so they carry the season and move tiers.
type questHooks struct {
	tracker *loyalty.QuestTracker
	ledger  *loyalty.Ledger
}

var (
	_ flow.EventHook   = questHooks{}
	_ flow.RemovedHook = questHooks{}
)

func newQuestHooks(cfg *Config) (questHooks, error) {
	tr, err := loyalty.NewQuestTracker(cfg.Loyalty.Quests)
	if err != nil {
		return questHooks{}, err
	}
	return questHooks{tracker: tr, ledger: cfg.ledger()}, nil
}

// questTx is a store transaction whose ledger writes apply the Ledger.
type questTx struct {
	*store.Tx
	entries loyalty.Store
}

func (q questTx) InsertEntry(ctx context.Context, e loyalty.Entry) (bool, error) {
	return q.entries.InsertEntry(ctx, e)
}

func (h questHooks) store(tx flow.Tx) (loyalty.QuestStore, error) {
	s, ok := tx.(*store.Tx)
	if !ok {
		return nil, fmt.Errorf("quests: transaction %T is not a store transaction", tx)
	}
	return questTx{Tx: s, entries: h.ledger.Bind(s)}, nil
}

func (h questHooks) HandleEvent(ctx context.Context, tx flow.Tx, ev chain.Event, contactID int64) error {
	s, err := h.store(tx)
	if err != nil {
		return err
	}
	return h.tracker.HandleEvent(ctx, s, ev.Key(), contactID)
}

func (h questHooks) HandleRemoved(ctx context.Context, tx flow.Tx, ev chain.Event) error {
	s, err := h.store(tx)
	if err != nil {
		return err
	}
	return h.tracker.HandleRemoved(ctx, s, ev.Key(), ev.Wallet)
}
