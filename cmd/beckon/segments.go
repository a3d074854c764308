package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/contactcsv"
	"github.com/beckonhq/beckon/crm/facts"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

const segmentsUsage = `Usage:
  beckon segments list      [--json]
  beckon segments preview   (NAME | --when EXPR) [--sample N] [--json]
  beckon segments recompute [NAME...] [--refresh-facts] [--json]
  beckon segments export    NAME [--out FILE]

Segments come from the config (segments, segment_files) and from the API.
Every subcommand takes --config FILE, --data-dir DIR and --help.`

// holdingsHooks move wallet holdings for each processed transfer and mint
// (and back for one a reorg removed), before the hooks that read them:
// holdings tiers, roles and segments.
type holdingsHooks struct{}

var (
	_ flow.EventHook   = holdingsHooks{}
	_ flow.RemovedHook = holdingsHooks{}
)

func (holdingsHooks) HandleEvent(ctx context.Context, tx flow.Tx, ev chain.Event, _ int64) error {
	stx, err := storeTx(tx)
	if err != nil {
		return err
	}
	_, err = stx.ApplyHoldings(ctx, ev, 1)
	return err
}

func (holdingsHooks) HandleRemoved(ctx context.Context, tx flow.Tx, ev chain.Event) error {
	stx, err := storeTx(tx)
	if err != nil {
		return err
	}
	_, err = stx.ApplyHoldings(ctx, ev, -1)
	return err
}

// segmentHooks keeps contact facts and segment memberships current as the
// flow engine processes events, after holdingsHooks moved the holdings.
type segmentHooks struct{ seg *segment.Engine }

var (
	_ flow.EventHook   = segmentHooks{}
	_ flow.RemovedHook = segmentHooks{}
)

func (h segmentHooks) HandleEvent(ctx context.Context, tx flow.Tx, ev chain.Event, contactID int64) error {
	stx, err := storeTx(tx)
	if err != nil {
		return err
	}
	return h.seg.Touched(ctx, stx, ev, contactID)
}

func (h segmentHooks) HandleRemoved(ctx context.Context, tx flow.Tx, ev chain.Event) error {
	stx, err := storeTx(tx)
	if err != nil {
		return err
	}
	return h.seg.Touched(ctx, stx, ev, 0)
}

// newSegmentEngine compiles the configured and saved segments.
func newSegmentEngine(ctx context.Context, cfg *Config, db *store.DB) (*segment.Engine, error) {
	defs, err := cfg.segmentDefinitions()
	if err != nil {
		return nil, err
	}
	var saved []store.SavedSegment
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		saved, err = tx.SavedSegments(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	for _, s := range saved {
		defs = append(defs, segment.Definition{Name: s.Name, Description: s.Description, When: s.Expr})
	}
	segs, err := segment.CompileAll(defs)
	if err != nil {
		return nil, err
	}
	return &segment.Engine{Segments: segs, Now: db.Now}, nil
}

func (m *Main) segments(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{segmentsUsage}
	}
	sub := args[0]
	switch sub {
	case "list", "preview", "recompute", "export":
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, segmentsUsage)
		return nil
	default:
		return &usageError{fmt.Sprintf("segments: unknown subcommand %q\n\n%s", sub, segmentsUsage)}
	}
	fs := m.flagSet("segments " + sub + " [flags]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	asJSON := fs.Bool("json", false, "print JSON")
	when := fs.String("when", "", "preview: a CEL condition to try instead of a named segment")
	sample := fs.Int("sample", 10, "preview: contacts to show")
	refresh := fs.Bool("refresh-facts", false, "recompute: refresh every contact's stored facts first")
	out := fs.String("out", "", "export: write to FILE instead of stdout")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *sample < 0 || *sample > 10000 {
		return &usageError{"segments preview: --sample must be 0–10000"}
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
	eng, err := newSegmentEngine(ctx, cfg, db)
	if err != nil {
		return err
	}
	pick := func(name string) (*segment.Segment, error) {
		s := eng.Segment(name)
		if s == nil {
			var names []string
			for _, s := range eng.Segments {
				names = append(names, s.Name)
			}
			return nil, &usageError{fmt.Sprintf("segments %s: unknown segment %q (defined: %s)", sub, name, strings.Join(names, ", "))}
		}
		return s, nil
	}
	switch sub {
	case "list":
		type row struct {
			Name        string `json:"name"`
			Description string `json:"description,omitempty"`
			When        string `json:"when"`
			SQL         bool   `json:"sql"`
			Members     int64  `json:"members"`
		}
		rows := []row{}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for _, s := range eng.Segments {
				n, err := tx.SegmentSize(ctx, s.Name)
				if err != nil {
					return err
				}
				rows = append(rows, row{s.Name, s.Description, s.When, s.SQL(), n})
			}
			return nil
		})
		if err != nil {
			return err
		}
		if *asJSON {
			return jsonEncoder(m.Stdout).Encode(rows)
		}
		for _, r := range rows {
			fmt.Fprintf(m.Stdout, "%-24s %8d members  sql=%-5t %s\n", r.Name, r.Members, r.SQL, r.When)
		}
		return nil
	case "preview":
		var s *segment.Segment
		switch {
		case *when != "" && fs.NArg() > 0:
			return &usageError{"segments preview: name a segment or give --when, not both"}
		case *when != "":
			env, err := facts.NewContactEnv()
			if err != nil {
				return err
			}
			if s, err = segment.Compile(env, segment.Definition{Name: "preview", When: *when}); err != nil {
				return &usageError{err.Error()}
			}
		case fs.NArg() == 1:
			if s, err = pick(fs.Arg(0)); err != nil {
				return err
			}
		default:
			return &usageError{"segments preview: name one segment or give --when"}
		}
		var p segment.Preview
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			p, err = eng.Preview(ctx, tx, s, *sample)
			return err
		}); err != nil {
			return err
		}
		if *asJSON {
			return jsonEncoder(m.Stdout).Encode(p)
		}
		fmt.Fprintf(m.Stdout, "%s: %d contacts (sql=%t)\nsample: %v\n", p.Segment, p.Size, p.SQL, p.Sample)
		return nil
	case "recompute":
		segs := eng.Segments
		if fs.NArg() > 0 {
			segs = nil
			for _, name := range fs.Args() {
				s, err := pick(name)
				if err != nil {
					return err
				}
				segs = append(segs, s)
			}
		}
		if *refresh {
			n, err := segment.RefreshFacts(ctx, db, func(n int) { fmt.Fprintf(m.Stderr, "refreshed facts of %d contacts\r", n) })
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stderr, "refreshed facts of %d contacts\n", n)
		}
		results := []segment.Result{}
		for _, s := range segs {
			var res segment.Result
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				res, err = eng.Recompute(ctx, tx, s)
				return err
			}); err != nil {
				return err
			}
			results = append(results, res)
		}
		if *asJSON {
			return jsonEncoder(m.Stdout).Encode(results)
		}
		for _, r := range results {
			fmt.Fprintf(m.Stdout, "%-24s %8d members (+%d −%d) sql=%t\n", r.Segment, r.Members, r.Entered, r.Exited, r.SQL)
		}
		return nil
	default: // export
		if fs.NArg() != 1 {
			return &usageError{"segments export: name one segment"}
		}
		s, err := pick(fs.Arg(0))
		if err != nil {
			return err
		}
		w := io.Writer(m.Stdout)
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return fmt.Errorf("segments export: %w", err)
			}
			defer f.Close()
			w = f
		}
		if err := exportSegment(ctx, db, s.Name, w); err != nil {
			return err
		}
		if *out != "" {
			if c, ok := w.(io.Closer); ok {
				return c.Close()
			}
		}
		return nil
	}
}

// exportSegment writes the segment's members as CSV, in id order.
func exportSegment(ctx context.Context, db *store.DB, name string, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(contactcsv.ExportHeader); err != nil {
		return fmt.Errorf("export segment %s: %w", name, err)
	}
	var after int64
	for {
		var ids []int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if ids, err = tx.SegmentMembers(ctx, name, after, 1000); err != nil {
				return err
			}
			for _, id := range ids {
				f, err := tx.ContactFacts(ctx, id)
				if err != nil {
					return err
				}
				c, err := tx.Contact(ctx, id)
				if err != nil {
					return err
				}
				row := contactcsv.ExportRow{Contact: c}
				row.Points, _ = f[facts.KeyPoints].(int64)
				row.Tier, _ = f[facts.KeyTier].(string)
				if sc, ok := f[facts.KeyScores].(map[string]any); ok {
					row.Engagement, _ = sc["engagement"].(float64)
					row.ChurnRisk, _ = sc["churn_risk"].(float64)
				}
				if err := contactcsv.WriteRow(cw, row); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("export segment %s: %w", name, err)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export segment %s: %w", name, err)
		}
		if len(ids) < 1000 {
			return nil
		}
		after = ids[len(ids)-1]
	}
}
