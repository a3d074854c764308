package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

const benchUsage = `Usage:
  beckon bench index [--events N] [--json]   (see beckon bench index --help)
  beckon bench api [--rate R] [--duration D] [--contacts N] [--json]
  beckon bench ledger [--contacts N] [--entries M] [--database-url URL] [--duration D] [--concurrency C] [--samples S] [--keep] [--json]
  beckon bench flows [--runs N] [--samples S] [--database-url URL] [--keep] [--json]
  beckon bench segments [--contacts N] [--events E] [--database-url URL] [--keep] [--json]

Runs on PostgreSQL only (--database-url or BECKON_DATABASE_URL), in a schema
of its own that is dropped at the end (--keep keeps it).`

// benchResult is what bench ledger prints.
type benchResult struct {
	Contacts         int     `json:"contacts"`
	Entries          int     `json:"entries"`
	SeedSeconds      float64 `json:"seed_s"`
	Concurrency      int     `json:"concurrency"`
	AwardSeconds     float64 `json:"award_s"`
	Awards           int64   `json:"awards"`
	EntriesPerS      float64 `json:"entries_per_s"`
	Samples          int     `json:"samples"`
	BalanceP50MS     float64 `json:"balance_p50_ms"`
	BalanceP99MS     float64 `json:"balance_p99_ms"`
	LeaderboardP50MS float64 `json:"leaderboard_p50_ms"`
	LeaderboardP99MS float64 `json:"leaderboard_p99_ms"`
	RankP50MS        float64 `json:"rank_p50_ms"`
	RankP99MS        float64 `json:"rank_p99_ms"`
	RankUsesIndex    bool    `json:"rank_uses_index"`
	RankPlan         string  `json:"rank_plan"`
	Postgres         string  `json:"postgres"`
	CPUs             int     `json:"cpus"`
}

func (m *Main) bench(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "flows" {
		return m.benchFlows(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "index" {
		return m.benchIndex(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "segments" {
		return m.benchSegments(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "api" {
		return m.benchAPI(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "ledger" {
		return &usageError{benchUsage}
	}
	fs := m.flagSet("bench ledger [flags]")
	contacts := fs.Int("contacts", 100_000, "contacts to seed")
	entries := fs.Int("entries", 1_000_000, "ledger entries to seed, spread over the contacts")
	dbURL := fs.String("database-url", m.Getenv("BECKON_DATABASE_URL"), "PostgreSQL URL (env BECKON_DATABASE_URL)")
	duration := fs.Duration("duration", 5*time.Second, "how long to award points")
	concurrency := fs.Int("concurrency", 8, "concurrent awarding transactions")
	samples := fs.Int("samples", 2000, "lookups timed per query")
	keep := fs.Bool("keep", false, "keep the bench schema")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("bench ledger: unexpected argument %q", fs.Arg(0))}
	case postgresURLProblem(*dbURL) != "":
		return &usageError{"bench ledger: " + postgresURLProblem(*dbURL)}
	case *contacts < 1 || *entries < *contacts:
		return &usageError{"bench ledger: need --contacts ≥ 1 and --entries ≥ --contacts"}
	case *duration <= 0 || *concurrency < 1 || *samples < 100:
		return &usageError{"bench ledger: need --duration > 0, --concurrency ≥ 1 and --samples ≥ 100"}
	}
	progress := func(format string, args ...any) {
		fmt.Fprintf(m.Stderr, "bench: "+format+"\n", args...)
	}
	res, err := runLedgerBench(ctx, ledgerBench{
		url: *dbURL, contacts: *contacts, entries: *entries, duration: *duration,
		concurrency: *concurrency, samples: *samples, keep: *keep, progress: progress,
	})
	if err != nil {
		return fmt.Errorf("bench ledger: %w", err)
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(res)
	}
	printBench(m.Stdout, res)
	return nil
}

func printBench(w io.Writer, r benchResult) {
	fmt.Fprintf(w, "contacts %d, entries %d (seeded in %.1fs)\n", r.Contacts, r.Entries, r.SeedSeconds)
	fmt.Fprintf(w, "awards:      %.0f entries/s (%d in %.1fs, %d concurrent)\n", r.EntriesPerS, r.Awards, r.AwardSeconds, r.Concurrency)
	fmt.Fprintf(w, "balance:     p50 %.2f ms, p99 %.2f ms\n", r.BalanceP50MS, r.BalanceP99MS)
	fmt.Fprintf(w, "leaderboard: p50 %.2f ms, p99 %.2f ms (top 100)\n", r.LeaderboardP50MS, r.LeaderboardP99MS)
	fmt.Fprintf(w, "rank:        p50 %.2f ms, p99 %.2f ms (index-only: %t)\n", r.RankP50MS, r.RankP99MS, r.RankUsesIndex)
}

type ledgerBench struct {
	url                  string
	contacts, entries    int
	duration             time.Duration
	concurrency, samples int
	keep                 bool
	progress             func(format string, args ...any)
}

// benchTiers make every award recompute a tier, as a configured install does.
var benchTiers = []loyalty.Tier{{Name: "bronze", MinPoints: 100}, {Name: "silver", MinPoints: 500}, {Name: "gold", MinPoints: 2000}}

func runLedgerBench(ctx context.Context, b ledgerBench) (benchResult, error) {
	res := benchResult{Contacts: b.contacts, Entries: b.entries, Concurrency: b.concurrency, Samples: b.samples, CPUs: runtime.NumCPU()}
	schemaURL, schema, version, drop, err := benchSchema(ctx, b.url, b.keep, b.progress)
	if err != nil {
		return res, err
	}
	defer drop()
	res.Postgres = version
	u, err := url.Parse(schemaURL)
	if err != nil {
		return res, fmt.Errorf("parse database url: %w", err)
	}
	q := u.Query()
	q.Set("pool_max_conns", fmt.Sprint(max(4, b.concurrency+1)))
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String(), slog.New(slog.DiscardHandler))
	if err != nil {
		return res, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return res, err
	}

	start := time.Now()
	if err := seedLedger(ctx, db, schema, b); err != nil {
		return res, err
	}
	res.SeedSeconds = time.Since(start).Seconds()
	b.progress("seeded in %.1fs", res.SeedSeconds)

	var plan strings.Builder
	rows, err := db.SQL.QueryContext(ctx, `EXPLAIN SELECT
		(SELECT COALESCE(SUM(n), 0) FROM point_counts WHERE season = '' AND points > 500),
		(SELECT COUNT(*) FROM point_balances WHERE season = '' AND points = 500 AND contact_id < 12345)`)
	if err != nil {
		return res, fmt.Errorf("explain rank: %w", err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return res, err
		}
		plan.WriteString(line + "\n")
	}
	rows.Close()
	b.progress("rank plan:\n%s", plan.String())
	// The tie count is the part that grows with contacts; point_counts has
	// one row per distinct points value, which PostgreSQL may read whole.
	res.RankUsesIndex = strings.Contains(plan.String(), "Index Only Scan using point_balances_rank")
	res.RankPlan = plan.String()

	pick := func(r *mrand.Rand) int64 { return 1 + r.Int64N(int64(b.contacts)) }
	r := mrand.New(mrand.NewPCG(1, 2))
	timeIt := func(name string, fn func(tx *store.Tx) error) (p50, p99 float64, err error) {
		d := make([]time.Duration, 0, b.samples)
		for i := 0; i < b.samples; i++ {
			t := time.Now()
			if err := db.InTx(ctx, fn); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", name, err)
			}
			d = append(d, time.Since(t))
		}
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		ms := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000 }
		b.progress("%s: p50 %.2f ms, p99 %.2f ms", name, ms(0.5), ms(0.99))
		return ms(0.5), ms(0.99), nil
	}
	if res.BalanceP50MS, res.BalanceP99MS, err = timeIt("balance", func(tx *store.Tx) error {
		_, err := tx.Balance(ctx, pick(r))
		return err
	}); err != nil {
		return res, err
	}
	if res.LeaderboardP50MS, res.LeaderboardP99MS, err = timeIt("leaderboard top 100", func(tx *store.Tx) error {
		_, err := tx.Top(ctx, "", 100)
		return err
	}); err != nil {
		return res, err
	}
	if res.RankP50MS, res.RankP99MS, err = timeIt("rank", func(tx *store.Tx) error {
		_, err := tx.Rank(ctx, pick(r), "")
		return err
	}); err != nil {
		return res, err
	}

	ledger := &loyalty.Ledger{Season: "s1", Tiers: benchTiers}
	b.progress("awarding for %s with %d concurrent transactions", b.duration, b.concurrency)
	var awards atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, b.concurrency)
	deadline := time.Now().Add(b.duration)
	start = time.Now()
	for w := 0; w < b.concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := mrand.New(mrand.NewPCG(uint64(w), 7))
			for i := 0; time.Now().Before(deadline); i++ {
				e := loyalty.Entry{ContactID: pick(r), Amount: 1 + r.Int64N(100), Reason: "bench", Actor: "bench",
					Source: "bench", Key: fmt.Sprintf("bench:%d:%d", w, i)}
				err := db.InTx(ctx, func(tx *store.Tx) error {
					_, err := loyalty.AwardManual(ctx, ledgerTx{Tx: tx, ledger: ledger}, e)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				awards.Add(1)
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return res, fmt.Errorf("award: %w", err)
	}
	res.AwardSeconds = time.Since(start).Seconds()
	res.Awards = awards.Load()
	res.EntriesPerS = float64(res.Awards) / res.AwardSeconds
	b.progress("awards: %.0f entries/s", res.EntriesPerS)
	return res, nil
}

// seedLedger fills contacts, points_ledger and point_balances with COPY.
// Secondary indexes of the ledger are dropped during the copy and built
// again after it, from their own definitions.
func seedLedger(ctx context.Context, db *store.DB, schema string, b ledgerBench) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer conn.Release()
	c := conn.Conn()
	now := time.Now().UnixMilli()

	b.progress("seeding %d contacts", b.contacts)
	n, err := c.CopyFrom(ctx, pgx.Identifier{schema, "contacts"}, []string{"id", "created_at", "updated_at"},
		pgx.CopyFromSlice(b.contacts, func(i int) ([]any, error) { return []any{int64(i + 1), now, now}, nil }))
	if err != nil {
		return fmt.Errorf("seed contacts: %w", err)
	}
	if n != int64(b.contacts) {
		return fmt.Errorf("seed contacts: copied %d of %d", n, b.contacts)
	}

	var defs []string
	rows, err := c.Query(ctx, `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = $1 AND i.tablename = 'points_ledger'
		AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.connamespace = $1::regnamespace)`, schema)
	if err != nil {
		return fmt.Errorf("seed: list indexes: %w", err)
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	for _, name := range names {
		if _, err := c.Exec(ctx, "DROP INDEX "+pgx.Identifier{schema, name}.Sanitize()); err != nil {
			return fmt.Errorf("seed: drop index %s: %w", name, err)
		}
	}

	b.progress("seeding %d ledger entries", b.entries)
	r := mrand.New(mrand.NewPCG(3, 4))
	i := 0
	expires := time.Now().Add(90 * 24 * time.Hour).UnixMilli()
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == b.entries {
			return nil, nil
		}
		i++
		if i%1_000_000 == 0 {
			b.progress("  %d entries", i)
		}
		contact := int64((i-1)%b.contacts + 1) // every contact gets entries
		if i > b.contacts {
			contact = 1 + r.Int64N(int64(b.contacts))
		}
		season := ""
		if i%2 == 0 {
			season = "s1"
		}
		var exp any
		if i%10 == 0 {
			exp = expires
		}
		return []any{int64(i), contact, 1 + r.Int64N(100), "seed", "seed", fmt.Sprintf("seed:%d", i), now, season, exp}, nil
	})
	if _, err := c.CopyFrom(ctx, pgx.Identifier{schema, "points_ledger"},
		[]string{"id", "contact_id", "amount", "reason", "source", "idem_key", "created_at", "season", "expires_at"}, src); err != nil {
		return fmt.Errorf("seed ledger: %w", err)
	}
	b.progress("building indexes")
	for _, def := range defs {
		if _, err := c.Exec(ctx, def); err != nil {
			return fmt.Errorf("seed: %s: %w", def, err)
		}
	}
	stmts := []string{
		`SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT MAX(id) FROM contacts))`,
		`SELECT setval(pg_get_serial_sequence('points_ledger', 'id'), (SELECT MAX(id) FROM points_ledger))`,
		`INSERT INTO point_balances (contact_id, season, points)
			SELECT contact_id, '', SUM(amount) FROM points_ledger GROUP BY contact_id
			UNION ALL SELECT contact_id, season, SUM(amount) FROM points_ledger WHERE season <> '' GROUP BY contact_id, season`,
		`INSERT INTO point_counts (season, points, n) SELECT season, points, COUNT(*) FROM point_balances GROUP BY season, points`,
		`VACUUM ANALYZE contacts`, `VACUUM ANALYZE points_ledger`, `VACUUM ANALYZE point_balances`, `VACUUM ANALYZE point_counts`,
	}
	b.progress("building balances and vacuuming")
	for _, s := range stmts {
		if _, err := c.Exec(ctx, s); err != nil {
			return fmt.Errorf("seed: %s: %w", strings.SplitN(s, "\n", 2)[0], err)
		}
	}
	return nil
}

// benchSchema creates a schema of its own on the PostgreSQL server at raw
// and returns a URL selecting it, its name, the server's version and a
// function that drops it again (with keep, it is left for inspection).
func benchSchema(ctx context.Context, raw string, keep bool, progress func(string, ...any)) (schemaURL, schema, version string, drop func(), err error) {
	admin, err := pgx.Connect(ctx, raw)
	if err != nil {
		return "", "", "", nil, fmt.Errorf("connect: %w", err)
	}
	if err := admin.QueryRow(ctx, `SHOW server_version`).Scan(&version); err != nil {
		admin.Close(context.Background())
		return "", "", "", nil, fmt.Errorf("server version: %w", err)
	}
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	schema = "beckon_bench_" + hex.EncodeToString(suffix)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close(context.Background())
		return "", "", "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop = func() {
		if keep {
			progress("schema %s (kept)", schema)
		} else if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			progress("drop schema %s: %v", schema, err)
		}
		admin.Close(context.Background())
	}
	u, err := url.Parse(raw)
	if err != nil {
		drop()
		return "", "", "", nil, fmt.Errorf("parse database url: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema, version, drop, nil
}

// postgresURLProblem says what is wrong with a benchmark's --database-url,
// which must name a PostgreSQL database; "" when nothing is.
func postgresURLProblem(url string) string {
	switch {
	case url == "":
		return "a PostgreSQL database is required: --database-url or BECKON_DATABASE_URL"
	case !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://"):
		return "--database-url must be a postgres:// URL"
	}
	return ""
}
