package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/beckonhq/beckon/crm/contactcsv"
	"github.com/beckonhq/beckon/store"
)

var errBadRows = errors.New("some rows were not imported")

const crmUsage = `Usage:
  beckon crm import FILE.csv [--dry-run] [--json]
  beckon crm sync [--dry-run] [--json]
  beckon crm webhooks list [--status S]
  beckon crm webhooks show ID
  beckon crm webhooks replay ID

sync pushes contacts changed since the last sync to HubSpot (token from the
variable named by hubspot.token_env).

Columns: email, wallet (several separated by ;), discord, telegram,
timezone, locale, ext:<system> (external CRM id), trait:<name>[:<type>]
(type string, number, bool or time). Bad rows are reported by line and
skipped; the good rows are imported in one transaction. The command exits 1
when any row was bad.
Every subcommand takes --config FILE, --data-dir DIR and --help.`

func (m *Main) crm(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{crmUsage}
	}
	switch args[0] {
	case "import":
	case "sync":
		return m.crmSync(ctx, args[1:])
	case "webhooks":
		return m.crmWebhooks(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, crmUsage)
		return nil
	default:
		return &usageError{fmt.Sprintf("crm: unknown subcommand %q\n\n%s", args[0], crmUsage)}
	}
	fs := m.flagSet("crm import FILE.csv [flags]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	dryRun := fs.Bool("dry-run", false, "validate only; change nothing")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &usageError{"crm import: name one CSV file"}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return &usageError{fmt.Sprintf("crm import: %v", err)}
	}
	defer f.Close()
	rows, bad, err := contactcsv.Parse(f)
	if errors.Is(err, contactcsv.ErrHeader) {
		return &usageError{fmt.Sprintf("crm import: %s: %v", fs.Arg(0), err)}
	}
	if err != nil {
		return err
	}
	rep := contactcsv.Report{Rows: len(rows) + len(bad), Bad: bad}
	if rep.Bad == nil {
		rep.Bad = []contactcsv.BadRow{}
	}
	if !*dryRun && len(rows) > 0 {
		cfg, err := LoadConfig(*cfgPath, m.Getenv)
		if err != nil {
			return err
		}
		db, err := openStore(ctx, cfg, *dataDir, m.logger(cfg.LogLevel, false))
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.InTx(ctx, func(tx *store.Tx) error { return contactcsv.Import(ctx, tx, rows, &rep) }); err != nil {
			return fmt.Errorf("crm import: %w", err)
		}
	}
	if *asJSON {
		if err := jsonEncoder(m.Stdout).Encode(rep); err != nil {
			return err
		}
	} else {
		verb := "imported"
		if *dryRun {
			verb, rep.Imported = "valid (dry run)", len(rows)
		}
		fmt.Fprintf(m.Stdout, "%d rows: %d %s (%d new contacts, %d merges), %d bad\n", rep.Rows, rep.Imported, verb, rep.Created, rep.Merged, len(rep.Bad))
		for _, b := range rep.Bad {
			fmt.Fprintf(m.Stdout, "  %s:%d: %s\n", fs.Arg(0), b.Line, b.Reason)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("crm import: %d of %d rows: %w", len(bad), rep.Rows, errBadRows)
	}
	return nil
}
