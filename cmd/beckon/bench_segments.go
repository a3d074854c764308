package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	mrand "math/rand/v2"
	"runtime"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/jackc/pgx/v5"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/store"
)

// benchSegmentCondition is the three-condition segment the bench times.
const benchSegmentCondition = `contact.points > 500 && contact.holdings.pass.tokens >= 1 && contact.last_activity_days < 30`

// segmentsBenchResult is what bench segments prints.
type segmentsBenchResult struct {
	Contacts         int     `json:"contacts"`
	Segment          string  `json:"segment"`
	SQL              bool    `json:"sql"`
	SeedSeconds      float64 `json:"seed_s"`
	PreviewSeconds   float64 `json:"preview_s"`
	RecomputeSeconds float64 `json:"recompute_s"`
	Members          int64   `json:"members"`
	Entered          int     `json:"entered"`
	RecomputeAgainS  float64 `json:"recompute_again_s"`
	Events           int     `json:"events"`
	IncrementalP50MS float64 `json:"incremental_p50_ms"`
	IncrementalP99MS float64 `json:"incremental_p99_ms"`
	IncrementalMoves int     `json:"incremental_membership_changes"`
	Postgres         string  `json:"postgres"`
	CPUs             int     `json:"cpus"`
}

func (m *Main) benchSegments(ctx context.Context, args []string) error {
	fs := m.flagSet("bench segments [flags]")
	contacts := fs.Int("contacts", 1_000_000, "contacts to seed")
	events := fs.Int("events", 2000, "events processed one by one for the incremental timing")
	dbURL := fs.String("database-url", m.Getenv("BECKON_DATABASE_URL"), "PostgreSQL URL (env BECKON_DATABASE_URL)")
	keep := fs.Bool("keep", false, "keep the bench schema")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("bench segments: unexpected argument %q", fs.Arg(0))}
	case postgresURLProblem(*dbURL) != "":
		return &usageError{"bench segments: " + postgresURLProblem(*dbURL)}
	case *contacts < 100 || *events < 100:
		return &usageError{"bench segments: need --contacts ≥ 100 and --events ≥ 100"}
	}
	progress := func(format string, args ...any) { fmt.Fprintf(m.Stderr, "bench: "+format+"\n", args...) }
	res, err := runSegmentsBench(ctx, *dbURL, *contacts, *events, *keep, progress)
	if err != nil {
		return fmt.Errorf("bench segments: %w", err)
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(res)
	}
	printSegmentsBench(m.Stdout, res)
	return nil
}

func printSegmentsBench(w io.Writer, r segmentsBenchResult) {
	fmt.Fprintf(w, "contacts %d (seeded in %.1fs), segment %s (sql=%t)\n", r.Contacts, r.SeedSeconds, r.Segment, r.SQL)
	fmt.Fprintf(w, "full recompute:  %.2fs (%d members, %d entered); again %.2fs\n", r.RecomputeSeconds, r.Members, r.Entered, r.RecomputeAgainS)
	fmt.Fprintf(w, "incremental:     p50 %.2f ms, p99 %.2f ms over %d events\n", r.IncrementalP50MS, r.IncrementalP99MS, r.Events)
}

func runSegmentsBench(ctx context.Context, rawURL string, contacts, events int, keep bool, progress func(string, ...any)) (segmentsBenchResult, error) {
	res := segmentsBenchResult{Contacts: contacts, Segment: benchSegmentCondition, Events: events, CPUs: runtime.NumCPU()}
	schemaURL, schema, version, drop, err := benchSchema(ctx, rawURL, keep, progress)
	if err != nil {
		return res, err
	}
	defer drop()
	res.Postgres = version
	db, err := store.Open(ctx, schemaURL, slog.New(slog.DiscardHandler))
	if err != nil {
		return res, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return res, err
	}
	start := time.Now()
	if err := seedSegments(ctx, db, schema, contacts, progress); err != nil {
		return res, err
	}
	res.SeedSeconds = time.Since(start).Seconds()
	progress("seeded in %.1fs", res.SeedSeconds)

	segs, err := segment.CompileAll([]segment.Definition{{Name: "bench", When: benchSegmentCondition}})
	if err != nil {
		return res, err
	}
	eng := &segment.Engine{Segments: segs, Now: db.Now}
	res.SQL = segs[0].SQL()
	// The preview evaluates the condition (count and a sample) and writes
	// nothing: the read side of a recompute.
	start = time.Now()
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := eng.Preview(ctx, tx, segs[0], 10)
		return err
	}); err != nil {
		return res, err
	}
	res.PreviewSeconds = time.Since(start).Seconds()
	progress("preview: %.2fs", res.PreviewSeconds)
	start = time.Now()
	var r segment.Result
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		r, err = eng.Recompute(ctx, tx, segs[0])
		return err
	}); err != nil {
		return res, err
	}
	res.RecomputeSeconds = time.Since(start).Seconds()
	res.Members, res.Entered = r.Members, r.Entered
	progress("full recompute: %.2fs, %d members", res.RecomputeSeconds, r.Members)
	start = time.Now()
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err = eng.Recompute(ctx, tx, segs[0])
		return err
	}); err != nil {
		return res, err
	}
	res.RecomputeAgainS = time.Since(start).Seconds()

	// Incremental: one event at a time for random contacts, each in its own
	// transaction as the flow engine processes it; the hook is timed.
	rng := mrand.New(mrand.NewPCG(5, 6))
	d := make([]time.Duration, 0, events)
	for i := range events {
		id := 1 + rng.Int64N(int64(contacts))
		w := benchWallet(id)
		ev := chain.Event{ChainID: 1, BlockNumber: uint64(i + 1), BlockHash: common.BigToHash(big.NewInt(int64(i + 1))), TxHash: common.Hash{1},
			Contract: common.Address{0xC0}, Source: "pass", Kind: chain.KindMint, Name: "Transfer", Wallet: w,
			Args: map[string]string{"from": common.Address{}.Hex(), "to": w.Hex(), "tokenId": fmt.Sprint(i)}}
		if rng.IntN(2) == 0 {
			ev.Source, ev.Kind, ev.Name, ev.Args = "vault", chain.KindStake, "Staked", map[string]string{"user": w.Hex(), "amount": "1000"}
		}
		var changed bool
		err := db.InTx(ctx, func(tx *store.Tx) error {
			ins, err := tx.InsertEvents(ctx, []chain.Event{ev})
			if err != nil {
				return err
			}
			before, err := tx.ContactSegments(ctx, id)
			if err != nil {
				return err
			}
			t := time.Now()
			if err := eng.HandleEvent(ctx, tx, ins[0], id); err != nil {
				return err
			}
			d = append(d, time.Since(t))
			after, err := tx.ContactSegments(ctx, id)
			changed = len(after) != len(before)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("incremental: %w", err)
		}
		if changed {
			res.IncrementalMoves++
		}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000 }
	res.IncrementalP50MS, res.IncrementalP99MS = ms(0.5), ms(0.99)
	progress("incremental: p50 %.2f ms, p99 %.2f ms", res.IncrementalP50MS, res.IncrementalP99MS)
	return res, nil
}

func benchWallet(id int64) common.Address { return common.BigToAddress(big.NewInt(0x1_0000_0000 + id)) }

// seedSegments fills contacts, wallets, stored facts, balances, tiers and
// holdings with COPY: about half the contacts have over 500 points, 40%
// hold a pass and activity is spread over the last 60 days.
func seedSegments(ctx context.Context, db *store.DB, schema string, n int, progress func(string, ...any)) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer conn.Release()
	c := conn.Conn()
	now := time.Now().UnixMilli()
	rng := mrand.New(mrand.NewPCG(1, 2))
	copyN := func(table string, cols []string, rows int, row func(i int) []any) error {
		progress("seeding %s", table)
		i := 0
		src := pgx.CopyFromFunc(func() ([]any, error) {
			for i < rows {
				r := row(i)
				i++
				if r != nil {
					return r, nil
				}
			}
			return nil, nil
		})
		if _, err := c.CopyFrom(ctx, pgx.Identifier{schema, table}, cols, src); err != nil {
			return fmt.Errorf("seed %s: %w", table, err)
		}
		return nil
	}
	steps := []struct {
		table string
		cols  []string
		row   func(i int) []any
	}{
		{"contacts", []string{"id", "created_at", "updated_at"}, func(i int) []any { return []any{int64(i + 1), now, now} }},
		{"identities", []string{"kind", "value", "contact_id", "created_at"}, func(i int) []any {
			return []any{"wallet", benchWallet(int64(i + 1)).Hex(), int64(i + 1), now}
		}},
		{"contact_facts", []string{"contact_id", "mints", "events", "events_90d", "staked_value", "first_activity", "last_activity", "engagement", "churn_risk", "updated_at"}, func(i int) []any {
			last := now - rng.Int64N(60*86_400_000)
			return []any{int64(i + 1), int64(rng.IntN(3)), int64(1 + rng.IntN(20)), int64(rng.IntN(10)), float64(rng.IntN(2) * 1000),
				last - rng.Int64N(300*86_400_000), last, rng.Float64() * 100, rng.Float64(), now}
		}},
		{"point_balances", []string{"contact_id", "season", "points"}, func(i int) []any { return []any{int64(i + 1), "", rng.Int64N(1000)} }},
		{"contact_tiers", []string{"contact_id", "tier", "updated_at"}, func(i int) []any {
			if i%3 != 0 {
				return nil
			}
			return []any{int64(i + 1), "gold", now}
		}},
		{"contact_holdings", []string{"contact_id", "contract", "balance", "tokens"}, func(i int) []any {
			if rng.IntN(10) >= 4 {
				return nil
			}
			t := int64(1 + rng.IntN(3))
			return []any{int64(i + 1), "pass", float64(t), t}
		}},
		{"wallet_holdings", []string{"wallet", "contract", "balance", "tokens"}, func(i int) []any {
			if i%10 >= 4 {
				return nil
			}
			return []any{benchWallet(int64(i + 1)).Hex(), "pass", 1.0, int64(1)}
		}},
	}
	for _, s := range steps {
		if err := copyN(s.table, s.cols, n, s.row); err != nil {
			return err
		}
	}
	progress("vacuuming")
	for _, s := range []string{
		`SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT MAX(id) FROM contacts))`,
		`VACUUM ANALYZE contacts`, `VACUUM ANALYZE identities`, `VACUUM ANALYZE contact_facts`,
		`VACUUM ANALYZE point_balances`, `VACUUM ANALYZE contact_tiers`, `VACUUM ANALYZE contact_holdings`, `VACUUM ANALYZE wallet_holdings`,
	} {
		if _, err := c.Exec(ctx, s); err != nil {
			return fmt.Errorf("seed: %s: %w", s, err)
		}
	}
	return nil
}
