// Package contactcsv imports contacts from CSV files and exports segments
// to CSV.
//
// Import columns (header names, any order, case-insensitive): email,
// wallet (several separated by ; or space), discord, telegram, timezone,
// locale, ext:<system> for external CRM ids, and trait:<name>[:<type>] for
// custom traits with type string (default), number, bool or time. Every
// row is validated before anything is written; bad rows are reported by
// line and reason and skipped, good rows are imported.
package contactcsv

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beckonhq/beckon/crm"
)

// ErrHeader means the header row cannot be used; nothing was imported.
var ErrHeader = errors.New("bad csv header")

// Store is what importing needs.
type Store interface {
	crm.Store
	crm.ProfileStore
}

// Row is one validated contact row.
type Row struct {
	Line       int
	Identities []crm.Identity
	Traits     []crm.Trait
	Timezone   string
	Locale     string
	hasProfile bool
}

// BadRow names a rejected row.
type BadRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Report is the outcome of an import.
type Report struct {
	Rows     int      `json:"rows"`
	Imported int      `json:"imported"`
	Created  int      `json:"created"`
	Merged   int      `json:"merged"`
	Bad      []BadRow `json:"bad"`
}

type column struct {
	kind  string // identity kind, "wallet", "trait", "timezone", "locale"
	trait string
	typ   crm.TraitType
}

func parseHeader(h []string) ([]column, error) {
	cols := make([]column, len(h))
	seen := map[string]bool{}
	anyIdentity := false
	for i, raw := range h {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(raw, "\ufeff")))
		if seen[name] {
			return nil, fmt.Errorf("%w: column %q appears twice", ErrHeader, name)
		}
		seen[name] = true
		switch {
		case name == "email", name == crm.IdentityDiscord, name == crm.IdentityTelegram:
			cols[i], anyIdentity = column{kind: name}, true
		case name == "wallet", name == "wallets":
			cols[i], anyIdentity = column{kind: crm.IdentityWallet}, true
		case name == "timezone", name == "locale":
			cols[i] = column{kind: name}
		case strings.HasPrefix(name, crm.IdentityExternalPrefix):
			cols[i], anyIdentity = column{kind: name}, true
		case strings.HasPrefix(name, "trait:"):
			parts := strings.Split(strings.TrimPrefix(name, "trait:"), ":")
			if len(parts) > 2 {
				return nil, fmt.Errorf("%w: column %q: want trait:<name> or trait:<name>:<type>", ErrHeader, name)
			}
			c := column{kind: "trait", trait: parts[0]}
			if len(parts) == 2 {
				c.typ = crm.TraitType(parts[1])
			}
			if _, err := crm.ParseTrait(c.trait, crm.TraitString, ""); err != nil {
				return nil, fmt.Errorf("%w: column %q: %v", ErrHeader, name, err)
			}
			switch c.typ {
			case "", crm.TraitString, crm.TraitNumber, crm.TraitBool, crm.TraitTime:
			default:
				return nil, fmt.Errorf("%w: column %q: unknown trait type %q (valid: string, number, bool, time)", ErrHeader, name, c.typ)
			}
			cols[i] = c
		default:
			return nil, fmt.Errorf("%w: unknown column %q (valid: email, wallet, discord, telegram, timezone, locale, ext:<system>, trait:<name>[:<type>])", ErrHeader, name)
		}
	}
	if !anyIdentity {
		return nil, fmt.Errorf("%w: no identity column (email, wallet, discord, telegram or ext:<system>)", ErrHeader)
	}
	return cols, nil
}

// Parse reads and validates every row. A header problem is an error; row
// problems are returned as bad rows with their line numbers (the header
// is line 1).
func Parse(r io.Reader) ([]Row, []BadRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	cols, err := parseHeader(header)
	if err != nil {
		return nil, nil, err
	}
	var rows []Row
	var bad []BadRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, bad, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, BadRow{Line: pe.StartLine, Reason: pe.Err.Error()})
				continue
			}
			return rows, bad, fmt.Errorf("read csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row, err := parseRow(cols, rec)
		if err != nil {
			bad = append(bad, BadRow{Line: line, Reason: err.Error()})
			continue
		}
		row.Line = line
		rows = append(rows, row)
	}
}

func parseRow(cols []column, rec []string) (Row, error) {
	var row Row
	if len(rec) != len(cols) {
		return row, fmt.Errorf("%d fields, header has %d", len(rec), len(cols))
	}
	seen := map[crm.Identity]bool{}
	for i, c := range cols {
		v := strings.TrimSpace(rec[i])
		switch c.kind {
		case "timezone":
			tz, err := crm.NormalizeTimezone(v)
			if err != nil {
				return row, err
			}
			row.Timezone, row.hasProfile = tz, row.hasProfile || tz != ""
			continue
		case "locale":
			loc, err := crm.NormalizeLocale(v)
			if err != nil {
				return row, err
			}
			row.Locale, row.hasProfile = loc, row.hasProfile || loc != ""
			continue
		case "trait":
			if v == "" {
				continue
			}
			t, err := crm.ParseTrait(c.trait, c.typ, v)
			if err != nil {
				return row, err
			}
			row.Traits = append(row.Traits, t)
			continue
		}
		if v == "" {
			continue
		}
		values := []string{v}
		if c.kind == crm.IdentityWallet {
			values = strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ' ' || r == ',' })
		}
		for _, val := range values {
			id, err := crm.NormalizeIdentity(crm.Identity{Kind: c.kind, Value: val})
			if err != nil {
				return row, err
			}
			if !seen[id] {
				seen[id] = true
				row.Identities = append(row.Identities, id)
			}
		}
	}
	if len(row.Identities) == 0 {
		return row, errors.New("no identity (email, wallet, discord, telegram or ext:<system>)")
	}
	return row, nil
}

// Import writes validated rows: each row's first identity finds or
// creates the contact, the others are linked to it (merging contacts that
// already own them), then traits and profile are set.
func Import(ctx context.Context, s Store, rows []Row, rep *Report) error {
	for _, row := range rows {
		id, created, err := s.ContactForIdentity(ctx, row.Identities[0])
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		if created {
			rep.Created++
		}
		for _, other := range row.Identities[1:] {
			merged, err := s.LinkIdentity(ctx, id, other)
			if err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			if merged {
				rep.Merged++
			}
		}
		if len(row.Traits) > 0 {
			if err := s.PutTraits(ctx, id, row.Traits); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
		}
		if row.hasProfile {
			if err := s.SetProfile(ctx, id, row.Timezone, row.Locale); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
		}
		rep.Imported++
	}
	return nil
}

// ExportRow is one contact in a segment export.
type ExportRow struct {
	Contact    crm.Contact
	Points     int64
	Tier       string
	Engagement float64
	ChurnRisk  float64
}

// ExportHeader is the header of segment exports.
var ExportHeader = []string{"contact_id", "email", "wallets", "discord", "telegram", "timezone", "locale", "tier", "points", "engagement", "churn_risk"}

// WriteRow writes one export row.
func WriteRow(w *csv.Writer, r ExportRow) error {
	var wallets []string
	for _, a := range r.Contact.Wallets() {
		wallets = append(wallets, a.Hex())
	}
	return w.Write([]string{
		fmt.Sprint(r.Contact.ID), r.Contact.Email, strings.Join(wallets, ";"),
		r.Contact.Handle(crm.IdentityDiscord), r.Contact.Handle(crm.IdentityTelegram),
		r.Contact.Timezone, r.Contact.Locale, r.Tier, fmt.Sprint(r.Points),
		fmt.Sprint(r.Engagement), fmt.Sprint(r.ChurnRisk),
	})
}
