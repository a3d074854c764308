package rewards

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"

	"github.com/ethereum/go-ethereum/common"
)

// Allocate turns per-account points into cumulative token allocations at
// unit tokens (in base units) per point, sorted by account for stable trees.
// Accounts with no positive points get nothing.
func Allocate(points map[common.Address]int64, unit *big.Int) ([]Allocation, error) {
	if unit == nil || unit.Sign() <= 0 {
		return nil, fmt.Errorf("allocate: %w: unit must be positive", ErrInvalidAmount)
	}
	out := make([]Allocation, 0, len(points))
	for acct, p := range points {
		if p <= 0 {
			continue
		}
		out = append(out, Allocation{Account: acct, Amount: new(big.Int).Mul(big.NewInt(p), unit)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.Cmp(out[j].Account) < 0 })
	return out, nil
}

// Cumulate returns the next epoch's cumulative allocations: every account of
// prev keeps its cumulative amount, and each allocation of add is added on
// top. Amounts in add must be positive and accounts unique, so a cumulative
// amount never goes down: the distributor pays the difference to what an
// account claimed, and a lower amount would strand what it was owed. The
// result is sorted by account.
func Cumulate(prev map[common.Address]*big.Int, add []Allocation) ([]Allocation, error) {
	next := make(map[common.Address]*big.Int, len(prev)+len(add))
	for acct, amt := range prev {
		if amt == nil || amt.Sign() <= 0 {
			return nil, fmt.Errorf("cumulate: previous amount of %s is %v: %w", acct.Hex(), amt, ErrInvalidAmount)
		}
		next[acct] = new(big.Int).Set(amt)
	}
	seen := make(map[common.Address]bool, len(add))
	for i, a := range add {
		if seen[a.Account] {
			return nil, fmt.Errorf("cumulate: allocation %d for %s: %w", i, a.Account.Hex(), ErrDuplicateAccount)
		}
		seen[a.Account] = true
		if a.Amount == nil || a.Amount.Sign() <= 0 {
			return nil, fmt.Errorf("cumulate: allocation %d for %s: amount %v: %w", i, a.Account.Hex(), a.Amount, ErrInvalidAmount)
		}
		if cur, ok := next[a.Account]; ok {
			cur.Add(cur, a.Amount)
		} else {
			next[a.Account] = new(big.Int).Set(a.Amount)
		}
		if next[a.Account].BitLen() > 256 {
			return nil, fmt.Errorf("cumulate: cumulative amount of %s exceeds uint256: %w", a.Account.Hex(), ErrInvalidAmount)
		}
	}
	out := make([]Allocation, 0, len(next))
	for acct, amt := range next {
		out = append(out, Allocation{Account: acct, Amount: amt})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.Cmp(out[j].Account) < 0 })
	return out, nil
}

// Total sums the amounts of allocs.
func Total(allocs []Allocation) *big.Int {
	total := new(big.Int)
	for _, a := range allocs {
		if a.Amount != nil {
			total.Add(total, a.Amount)
		}
	}
	return total
}

// Built is an allocation tree ready to store or print.
type Built struct {
	Tree        *Tree
	Allocations []Allocation // sorted by account
	Total       *big.Int
}

// Build makes the tree of allocs (cumulative amounts, one per account).
func Build(allocs []Allocation) (*Built, error) {
	sorted := slices.Clone(allocs)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Account.Cmp(sorted[j].Account) < 0 })
	tree, err := NewAllocationTree(sorted)
	if err != nil {
		return nil, err
	}
	return &Built{Tree: tree, Allocations: sorted, Total: Total(sorted)}, nil
}

// Proofs returns every account's proof, keyed by checksummed address.
func (b *Built) Proofs() (map[string][]common.Hash, error) {
	out := make(map[string][]common.Hash, len(b.Allocations))
	for _, a := range b.Allocations {
		_, proof, err := b.Tree.ProofFor(a.Account)
		if err != nil {
			return nil, err
		}
		out[a.Account.Hex()] = proof
	}
	return out, nil
}

// DumpJSON is the tree's standard-v1 dump, as stored and exported.
func (b *Built) DumpJSON() ([]byte, error) {
	raw, err := json.Marshal(b.Tree.Dump())
	if err != nil {
		return nil, fmt.Errorf("encode reward tree: %w", err)
	}
	return raw, nil
}

// Amounts returns the allocations as a map.
func (b *Built) Amounts() map[common.Address]*big.Int {
	out := make(map[common.Address]*big.Int, len(b.Allocations))
	for _, a := range b.Allocations {
		out[a.Account] = new(big.Int).Set(a.Amount)
	}
	return out
}

// LoadDump parses and checks a stored standard-v1 dump.
func LoadDump(raw []byte) (*Tree, error) {
	var d Dump
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("decode reward tree: %w", errors.Join(ErrInvalidDump, err))
	}
	return Load(d)
}

// PointsGrant is one contact's points-based entitlement: its balance and
// the wallets it owns, the first of which is paid.
type PointsGrant struct {
	ContactID int64
	Points    int64
	Wallets   []common.Address
}

// PointsDeltas turns point balances into this epoch's new allocations at
// unit base units per point. Points are paid once: a contact's entitlement
// is Points × unit, minus what earlier epochs already allocated from points
// to any of its wallets (paidFromPoints), so a balance that did not grow
// earns nothing new, and reversed points are never clawed back. The delta
// goes to the contact's first wallet. Contacts for which eligible returns
// false are skipped (nil eligible: everyone). The result is sorted by
// account; an account owned by two contacts is paid once per contact.
func PointsDeltas(grants []PointsGrant, unit *big.Int, paidFromPoints map[common.Address]*big.Int, eligible func(PointsGrant) (bool, error)) ([]Allocation, error) {
	if unit == nil || unit.Sign() <= 0 {
		return nil, fmt.Errorf("points allocation: %w: unit must be positive", ErrInvalidAmount)
	}
	byAccount := map[common.Address]*big.Int{}
	for _, g := range grants {
		if g.Points <= 0 || len(g.Wallets) == 0 {
			continue
		}
		if eligible != nil {
			ok, err := eligible(g)
			if err != nil {
				return nil, fmt.Errorf("eligibility of contact %d: %w", g.ContactID, err)
			}
			if !ok {
				continue
			}
		}
		owed := new(big.Int).Mul(big.NewInt(g.Points), unit)
		for _, w := range g.Wallets {
			if paid := paidFromPoints[w]; paid != nil {
				owed.Sub(owed, paid)
			}
		}
		if owed.Sign() <= 0 {
			continue
		}
		if cur, ok := byAccount[g.Wallets[0]]; ok {
			cur.Add(cur, owed)
		} else {
			byAccount[g.Wallets[0]] = owed
		}
	}
	out := make([]Allocation, 0, len(byAccount))
	for acct, amt := range byAccount {
		out = append(out, Allocation{Account: acct, Amount: amt})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.Cmp(out[j].Account) < 0 })
	return out, nil
}
