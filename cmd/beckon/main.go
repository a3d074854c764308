// Command beckon is the Beckon binary: indexers, flow workers, bots and the
// HTTP API in one process, plus a self-contained demo.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/beckonhq/beckon/flow"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const shutdownTimeout = 15 * time.Second

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program, with its outputs and environment injected so tests
// can run commands in-process.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// usageError is bad usage: the command exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

const usage = `beckon — a self-hosted Web3 trigger and loyalty engine

Usage:
  beckon <command> [flags]

Commands:
  demo            run the whole loop on a simulated chain and print a summary
  serve           run the API, indexers, flow workers and bots
  index           run the indexers only (index status: show indexing state)
  migrate         apply database migrations
  flows validate  check flow files (also: simulate, stats, runs)
  points          award, revoke, balance, history, leaderboard, rank
  loyalty         quest progress (quests) and the sybil report (sybil-report)
  rewards         merkle reward epochs (build, publish, export), status, badges, payouts
  community       community bots (sync-roles [--dry-run], invite-link --chat ID)
  keys            API keys: create, list, revoke
  segments        list, preview, recompute, export contact segments
  crm             import contacts from CSV, sync to HubSpot, replay webhooks
  scores          train the churn model
  bench           benchmarks (bench ledger, bench index, bench flows, bench segments, bench api)
  version         print the version

Run 'beckon <command> --help' for a command's flags.
Configuration: --config FILE or BECKON_CONFIG; every key can be overridden
by a BECKON_* environment variable (see deploy/beckon.yaml).
`

// Run runs one command and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "demo":
		err = m.demo(ctx, rest)
	case "serve":
		err = m.serve(ctx, rest)
	case "index":
		err = m.index(ctx, rest)
	case "migrate":
		err = m.migrate(ctx, rest)
	case "flows":
		err = m.flows(ctx, rest)
	case "points":
		err = m.points(ctx, rest)
	case "loyalty":
		err = m.loyalty(ctx, rest)
	case "rewards":
		err = m.rewards(ctx, rest)
	case "community":
		err = m.communityCmd(ctx, rest)
	case "bench":
		err = m.bench(ctx, rest)
	case "segments":
		err = m.segments(ctx, rest)
	case "crm":
		err = m.crm(ctx, rest)
	case "scores":
		err = m.scores(ctx, rest)
	case "keys":
		err = m.keys(ctx, rest)
	case "version", "--version":
		fmt.Fprintln(m.Stdout, "beckon", version)
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
	default:
		err = &usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd, usage)}
	}
	return m.exit(err)
}

func (m *Main) exit(err error) int {
	var ue *usageError
	var ce *ConfigError
	var fe flow.ValidationErrors
	var fe1 *flow.ValidationError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue), errors.As(err, &ce), errors.As(err, &fe), errors.As(err, &fe1):
		fmt.Fprintln(m.Stderr, "beckon:", err)
		return exitUsage
	default:
		fmt.Fprintln(m.Stderr, "beckon:", err)
		return exitFailure
	}
}

// flagSet returns a flag set that reports errors as usage errors.
func (m *Main) flagSet(synopsis string) *flag.FlagSet {
	name, _, _ := strings.Cut(synopsis, " [")
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: beckon %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	return nil
}

// configFlag registers --config, defaulting to BECKON_CONFIG.
func (m *Main) configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", m.Getenv("BECKON_CONFIG"), "path of beckon.yaml (env BECKON_CONFIG); empty: defaults and environment only")
}

func (m *Main) logger(level string, verbose bool) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	if verbose {
		l = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: l}))
}

func (m *Main) migrate(ctx context.Context, args []string) error {
	fs := m.flagSet("migrate [--config FILE] [--data-dir DIR]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false)
	db, err := openStore(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer db.Close()
	all, err := db.Migrations()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "database is at schema version %d (%s)\n", all[len(all)-1].Version, db.Dialect)
	return nil
}

func (m *Main) demo(ctx context.Context, args []string) error {
	fs := m.flagSet("demo [--json] [--dir DIR] [--database-url URL] [--wallets N] [-v]")
	asJSON := fs.Bool("json", false, "print one JSON object instead of the human summary")
	dir := fs.String("dir", "", "keep the demo's files (database, outbox, logs) in DIR; default: a temp folder, removed at the end")
	dbURL := fs.String("database-url", "", "run on this PostgreSQL database instead of SQLite")
	wallets := fs.Int("wallets", 50, "number of wallets acting on the chain")
	verbose := fs.Bool("v", false, "log what happens")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *wallets < 10 {
		return &usageError{"demo: --wallets must be at least 10"}
	}
	keep := *dir != ""
	if !keep {
		tmp, err := os.MkdirTemp("", "beckon-demo-")
		if err != nil {
			return fmt.Errorf("temp dir: %w", err)
		}
		*dir = tmp
		defer os.RemoveAll(tmp)
	} else if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("demo dir: %w", err)
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = m.logger("debug", true)
	}
	var progress io.Writer = m.Stderr
	if *asJSON && !*verbose {
		progress = io.Discard
	}
	if !*asJSON {
		fmt.Fprintln(m.Stderr, "Beckon demo: simulated chain → indexer → contacts → flows → points → channels → rewards")
	}
	s, err := runDemo(ctx, demoOptions{Dir: *dir, DatabaseURL: *dbURL, Wallets: *wallets, Log: log, Progress: progress})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !keep {
		s.Dir = *dir + " (removed; use --dir to keep)"
	}
	if *asJSON {
		enc := jsonEncoder(m.Stdout)
		return enc.Encode(s)
	}
	printSummary(m.Stdout, s)
	return nil
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
