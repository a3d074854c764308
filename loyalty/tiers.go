package loyalty

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
)

// Tier bases: what a tier's threshold is compared with.
const (
	// BasisLifetime compares with the balance over all seasons (unexpired
	// entries only, like every balance).
	BasisLifetime = "lifetime"
	// BasisSeason compares with the balance of the current season.
	BasisSeason = "season"
	// BasisHoldings compares the contact's holdings of one contract with
	// MinHolding: NFTs held for an erc721 contract, token base units
	// staked for a staking contract.
	BasisHoldings = "holdings"
)

// Tier is a named level reached at a points or holdings threshold.
type Tier struct {
	// Name is what contact facts (contact.tier) and tier multipliers use.
	Name string `yaml:"name"`
	// MinPoints is the threshold, inclusive: of the basis balance for
	// lifetime and season tiers, of the lifetime balance for holdings
	// tiers (where it defaults to 0, no points needed). It also ranks the
	// tiers.
	MinPoints int64 `yaml:"min_points"`
	// Basis is lifetime (default), season or holdings.
	Basis string `yaml:"basis"`
	// Contract is the configured contract whose holdings a holdings tier
	// counts; erc721 or staking.
	Contract string `yaml:"contract"`
	// MinHolding is a holdings tier's threshold, inclusive, a decimal
	// integer string: NFTs for erc721, token base units for staking.
	MinHolding string `yaml:"min_holding"`
	// Badge is an optional ERC-1155 token id (decimal) minted to contacts
	// who hold the tier for the settle time; see docs/loyalty.md.
	Badge string `yaml:"badge"`
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

// ValidateTiers checks the tiers section without checking contract names;
// errors name the tier's index and field, as in "tiers.1.min_points".
func ValidateTiers(tiers []Tier) error { return ValidateTiersWith(tiers, nil) }

// ValidateTiersWith checks the tiers section against the configured
// contracts (name to kind: erc721, staking, …); nil skips the contract
// check. Errors name the tier's index and field ("tiers.0.min_holding").
func ValidateTiersWith(tiers []Tier, contracts map[string]string) error {
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
		case t.Basis != "" && t.Basis != BasisLifetime && t.Basis != BasisSeason && t.Basis != BasisHoldings:
			return &FieldError{Field: p + ".basis", Msg: fmt.Sprintf("tier %s: unknown basis %q (valid: lifetime, season, holdings)", t.Name, t.Basis)}
		}
		if t.Badge != "" {
			id, ok := new(big.Int).SetString(t.Badge, 10)
			if !ok || id.Sign() < 0 || id.Cmp(maxUint256) > 0 {
				return &FieldError{Field: p + ".badge", Msg: fmt.Sprintf("tier %s: %q is not a decimal ERC-1155 token id", t.Name, t.Badge)}
			}
		}
		if t.Basis == BasisHoldings {
			kind, known := contracts[t.Contract]
			switch {
			case t.Contract == "":
				return &FieldError{Field: p + ".contract", Msg: fmt.Sprintf("tier %s: required for basis holdings", t.Name)}
			case contracts != nil && !known:
				return &FieldError{Field: p + ".contract", Msg: fmt.Sprintf("tier %s: unknown contract %q", t.Name, t.Contract)}
			case contracts != nil && kind != chain.SourceERC721 && kind != chain.SourceStaking:
				return &FieldError{Field: p + ".contract", Msg: fmt.Sprintf("tier %s: contract %s is of kind %s; holdings are counted for erc721 and staking contracts", t.Name, t.Contract, kind)}
			}
			if _, ok := minHolding(t.MinHolding); !ok {
				return &FieldError{Field: p + ".min_holding", Msg: fmt.Sprintf("tier %s: %q is not a non-negative decimal integer (NFTs held, or token base units staked)", t.Name, t.MinHolding)}
			}
		} else {
			switch {
			case t.Contract != "":
				return &FieldError{Field: p + ".contract", Msg: fmt.Sprintf("tier %s: only for basis holdings", t.Name)}
			case t.MinHolding != "":
				return &FieldError{Field: p + ".min_holding", Msg: fmt.Sprintf("tier %s: only for basis holdings", t.Name)}
			}
		}
		seen[t.Name] = true
	}
	return nil
}

func minHolding(s string) (*big.Int, bool) {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() < 0 {
		return nil, false
	}
	return n, true
}

// TierInput is what decides a contact's tier.
type TierInput struct {
	Lifetime int64 // balance over all seasons
	Season   int64 // balance of the current season
	// Holdings maps a contract name to the contact's holdings of it (NFTs
	// or base units staked); a contract missing from it counts as nothing
	// held.
	Holdings map[string]*big.Int
}

// TierFor returns the tier of a contact with these balances, holdings
// tiers never being reached; see TierOf.
func TierFor(tiers []Tier, lifetime, season int64) string {
	return TierOf(tiers, TierInput{Lifetime: lifetime, Season: season})
}

// TierOf returns the tier a contact holds: of the tiers whose conditions
// hold, the one with the highest min_points (the later in the list on
// equal min_points); "" when none holds. A lifetime or season tier holds
// when its basis balance reaches min_points; a holdings tier when the
// holdings of its contract reach min_holding and the lifetime balance
// reaches its min_points.
func TierOf(tiers []Tier, in TierInput) string {
	sorted := make([]Tier, len(tiers))
	copy(sorted, tiers)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].MinPoints < sorted[j].MinPoints })
	name := ""
	for _, t := range sorted {
		points := in.Lifetime
		if t.Basis == BasisSeason {
			points = in.Season
		}
		if points < t.MinPoints {
			continue
		}
		if t.Basis == BasisHoldings {
			min, ok := minHolding(t.MinHolding)
			held := in.Holdings[t.Contract]
			if !ok || held == nil || held.Cmp(min) < 0 {
				continue
			}
		}
		name = t.Name
	}
	return name
}

// HoldingStore is what holdings tiers need from the store besides a
// TierStore.
type HoldingStore interface {
	// Holding is the contact's holdings of the contract over its wallets,
	// from live events: for erc721, mints and transfers in minus
	// transfers out; for staking, stakes minus unstakes in base units.
	Holding(ctx context.Context, contactID int64, contract, kind string) (*big.Int, error)
	// WalletContact returns the contact owning a wallet, without creating one.
	WalletContact(ctx context.Context, wallet common.Address) (contactID int64, ok bool, err error)
}

// FieldError is an invalid loyalty setting; Field is the path inside the
// loyalty section ("rules.0.points").
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }
