package loyalty

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Tier bases: what points a tier's threshold is compared with.
const (
	// BasisLifetime compares with the balance over all seasons (unexpired
	// entries only, like every balance).
	BasisLifetime = "lifetime"
	// BasisSeason compares with the balance of the current season.
	BasisSeason = "season"
)

// Tier is a named level reached at a points threshold.
type Tier struct {
	// Name is what contact facts (contact.tier) and tier multipliers use.
	Name string `yaml:"name"`
	// MinPoints is the threshold, inclusive.
	MinPoints int64 `yaml:"min_points"`
	// Basis is lifetime (default) or season.
	Basis string `yaml:"basis"`
}

// TierChange is one recorded change of a contact's tier. An empty tier
// means none.
type TierChange struct {
	ContactID int64
	From, To  string
	Reason    string
	At        time.Time
}

// TierStore is what keeping tiers needs besides the ledger.
type TierStore interface {
	Store
	// SeasonBalance is Balance restricted to entries of the season.
	SeasonBalance(ctx context.Context, contactID int64, season string) (int64, error)
	// ContactTier returns the contact's stored tier, "" when it has none.
	ContactTier(ctx context.Context, contactID int64) (string, error)
	// SetTier stores c.To as the contact's tier and records the change.
	SetTier(ctx context.Context, c TierChange) error
}

// ValidateTiers checks the tiers section; errors name the tier's index
// and field, as in "tiers.1.min_points".
func ValidateTiers(tiers []Tier) error {
	seen := map[string]bool{}
	for i, t := range tiers {
		p := fmt.Sprintf("tiers.%d", i)
		switch {
		case t.Name == "":
			return &FieldError{Field: p + ".name", Msg: "required"}
		case seen[t.Name]:
			return &FieldError{Field: p + ".name", Msg: fmt.Sprintf("tier %q defined twice", t.Name)}
		case t.MinPoints < 0:
			return &FieldError{Field: p + ".min_points", Msg: fmt.Sprintf("tier %s: must not be negative", t.Name)}
		case t.Basis != "" && t.Basis != BasisLifetime && t.Basis != BasisSeason:
			return &FieldError{Field: p + ".basis", Msg: fmt.Sprintf("tier %s: unknown basis %q (valid: lifetime, season)", t.Name, t.Basis)}
		}
		seen[t.Name] = true
	}
	return nil
}

// TierFor returns the tier a contact with these balances holds: of the
// tiers whose threshold its basis balance reaches, the one with the
// highest min_points (the later in the list on equal thresholds); "" when
// none is reached.
func TierFor(tiers []Tier, lifetime, season int64) string {
	sorted := make([]Tier, len(tiers))
	copy(sorted, tiers)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].MinPoints < sorted[j].MinPoints })
	name := ""
	for _, t := range sorted {
		points := lifetime
		if t.Basis == BasisSeason {
			points = season
		}
		if points >= t.MinPoints {
			name = t.Name
		}
	}
	return name
}

// FieldError is an invalid loyalty setting; Field is the path inside the
// loyalty section ("rules.0.points").
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }
