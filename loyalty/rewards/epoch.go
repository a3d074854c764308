package rewards

import (
	"fmt"
	"math/big"
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
