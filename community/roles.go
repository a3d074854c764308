package community

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"
)

// RoleRule grants Role to a contact for whom every condition that is set
// holds. Several rules may name the same role: any one of them grants it.
type RoleRule struct {
	// Role is the role's name in discord.roles (or a raw role id).
	Role string `yaml:"role"`
	// Holds: the contact's wallets hold at least Min of Contract
	// (erc721: tokens; staking: staked base units).
	Holds *Threshold `yaml:"holds"`
	// Staked: at least Min base units staked, on Contract or, when empty,
	// over every staking contract.
	Staked *Threshold `yaml:"staked"`
	// Tier: the contact's current loyalty tier is this one.
	Tier string `yaml:"tier"`
	// Segment: the contact is a member of this segment.
	Segment string `yaml:"segment"`
	// When is a CEL condition over contact facts (the same `contact` map
	// flow conditions see).
	When string `yaml:"when"`
}

// Threshold is a minimum amount of a contract, as a decimal string so
// token amounts beyond int64 are exact.
type Threshold struct {
	Contract string `yaml:"contract"`
	Min      string `yaml:"min"`
}

// Condition is a compiled CEL condition over contact facts; the flow
// package compiles them (flow.CompileContactCondition) so the language
// and the fact names stay the same everywhere.
type Condition interface {
	Eval(contact map[string]any) (bool, error)
}

// SegmentMembers answers segment membership; nil when segments are not
// configured.
type SegmentMembers interface {
	InSegment(ctx context.Context, segment string, contactID int64) (bool, error)
}

// SegmentSizer answers /segment size; nil when segments are not configured.
type SegmentSizer interface {
	SegmentSize(ctx context.Context, segment string) (int64, error)
}

// RuleStore is what evaluating role rules reads.
type RuleStore interface {
	Holding(ctx context.Context, contactID int64, contract, kind string) (*big.Int, error)
	StakedAmount(ctx context.Context, contactID int64) (*big.Int, error)
	ContactFacts(ctx context.Context, contactID int64) (map[string]any, error)
}

// Rules evaluates role rules. Build it with NewRules.
type Rules struct {
	rules     []compiledRule
	contracts map[string]string // contract name -> kind
	segments  SegmentMembers
}

type compiledRule struct {
	RoleRule
	holdsMin, stakedMin *big.Int
	when                Condition
}

// RuleError names the rule (by index) and field that is wrong.
type RuleError struct {
	Index int
	Field string
	Msg   string
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("role_rules.%d.%s: %s", e.Index, e.Field, e.Msg)
}

// NewRules validates and compiles rules. contracts maps each configured
// contract name to its kind; compile compiles CEL conditions (nil is an
// error only when a rule has one); segments may be nil.
func NewRules(rules []RoleRule, contracts map[string]string, compile func(string) (Condition, error), segments SegmentMembers) (*Rules, error) {
	r := &Rules{contracts: contracts, segments: segments}
	for i, rule := range rules {
		c := compiledRule{RoleRule: rule}
		if rule.Role == "" {
			return nil, &RuleError{i, "role", "required"}
		}
		if rule.Holds == nil && rule.Staked == nil && rule.Tier == "" && rule.Segment == "" && rule.When == "" {
			return nil, &RuleError{i, "role", "a rule needs at least one condition (holds, staked, tier, segment, when)"}
		}
		var err error
		if rule.Holds != nil {
			if _, ok := contracts[rule.Holds.Contract]; !ok {
				return nil, &RuleError{i, "holds.contract", fmt.Sprintf("%q is not a configured contract", rule.Holds.Contract)}
			}
			if c.holdsMin, err = parseMin(rule.Holds.Min); err != nil {
				return nil, &RuleError{i, "holds.min", err.Error()}
			}
		}
		if rule.Staked != nil {
			if rule.Staked.Contract != "" {
				if kind, ok := contracts[rule.Staked.Contract]; !ok || kind != "staking" {
					return nil, &RuleError{i, "staked.contract", fmt.Sprintf("%q is not a configured staking contract", rule.Staked.Contract)}
				}
			}
			if c.stakedMin, err = parseMin(rule.Staked.Min); err != nil {
				return nil, &RuleError{i, "staked.min", err.Error()}
			}
		}
		if rule.Segment != "" && segments == nil {
			return nil, &RuleError{i, "segment", "segments are not configured"}
		}
		if rule.When != "" {
			if compile == nil {
				return nil, &RuleError{i, "when", "CEL conditions are not available"}
			}
			if c.when, err = compile(rule.When); err != nil {
				return nil, &RuleError{i, "when", err.Error()}
			}
		}
		r.rules = append(r.rules, c)
	}
	return r, nil
}

func parseMin(s string) (*big.Int, error) {
	if s == "" {
		return big.NewInt(1), nil
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() < 0 {
		return nil, fmt.Errorf("%q is not a non-negative integer", s)
	}
	return n, nil
}

// Roles lists every role some rule can grant, sorted: the roles Beckon
// manages. Roles outside this list are never touched.
func (r *Rules) Roles() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range r.rules {
		if !seen[c.Role] {
			seen[c.Role] = true
			out = append(out, c.Role)
		}
	}
	sort.Strings(out)
	return out
}

// Qualifies returns the roles the contact qualifies for, sorted.
func (r *Rules) Qualifies(ctx context.Context, s RuleStore, contactID int64) ([]string, error) {
	var facts map[string]any
	granted := map[string]bool{}
	for _, c := range r.rules {
		if granted[c.Role] {
			continue
		}
		ok, err := r.holds(ctx, s, contactID, c, &facts)
		if err != nil {
			return nil, fmt.Errorf("role rule %s: %w", c.Role, err)
		}
		if ok {
			granted[c.Role] = true
		}
	}
	out := make([]string, 0, len(granted))
	for role := range granted {
		out = append(out, role)
	}
	sort.Strings(out)
	return out, nil
}

// Qualify reports whether the contact qualifies for role.
func (r *Rules) Qualify(ctx context.Context, s RuleStore, contactID int64, role string) (bool, error) {
	roles, err := r.Qualifies(ctx, s, contactID)
	if err != nil {
		return false, err
	}
	for _, got := range roles {
		if got == role {
			return true, nil
		}
	}
	return false, nil
}

func (r *Rules) holds(ctx context.Context, s RuleStore, contactID int64, c compiledRule, facts *map[string]any) (bool, error) {
	loadFacts := func() (map[string]any, error) {
		if *facts == nil {
			f, err := s.ContactFacts(ctx, contactID)
			if err != nil {
				return nil, err
			}
			*facts = f
		}
		return *facts, nil
	}
	if c.Holds != nil {
		held, err := s.Holding(ctx, contactID, c.Holds.Contract, r.contracts[c.Holds.Contract])
		if err != nil {
			return false, err
		}
		if held.Cmp(c.holdsMin) < 0 {
			return false, nil
		}
	}
	if c.Staked != nil {
		var staked *big.Int
		var err error
		if c.Staked.Contract != "" {
			staked, err = s.Holding(ctx, contactID, c.Staked.Contract, "staking")
		} else {
			staked, err = s.StakedAmount(ctx, contactID)
		}
		if err != nil {
			return false, err
		}
		if staked.Cmp(c.stakedMin) < 0 {
			return false, nil
		}
	}
	if c.Tier != "" {
		f, err := loadFacts()
		if err != nil {
			return false, err
		}
		if tier, _ := f["tier"].(string); tier != c.Tier {
			return false, nil
		}
	}
	if c.Segment != "" {
		if r.segments == nil {
			return false, errors.New("segments are not configured")
		}
		in, err := r.segments.InSegment(ctx, c.Segment, contactID)
		if err != nil {
			return false, err
		}
		if !in {
			return false, nil
		}
	}
	if c.when != nil {
		f, err := loadFacts()
		if err != nil {
			return false, err
		}
		ok, err := c.when.Eval(f)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}
