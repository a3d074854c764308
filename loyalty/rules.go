package loyalty

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/beckonhq/beckon/chain"
)

// RuleEvents are the event kinds a rule can award points for.
var RuleEvents = []string{"mint", "stake", "unstake", "vote", "proposal", "claim", "transfer"}

// Rule awards points for chain events. A contact earns Points (times its
// multipliers, rounded down) for every event of the kind on the contract,
// plus FirstTimeBonus for its first; DailyCap and SeasonCap cut the award
// down to what is left under them and Cooldown skips events that come too
// soon after the last award. Caps, cooldowns and first times count the
// rule's entries for the contact that have not been reversed.
type Rule struct {
	// Name identifies the rule in entry keys (rule:<name>:<event key>);
	// letters, digits, '-', '_' and '.'.
	Name string `yaml:"name"`
	// Event is the kind: mint, stake, unstake, vote, proposal, claim or transfer.
	Event string `yaml:"event"`
	// Contract is a configured contract name; "" matches any contract.
	Contract string `yaml:"contract"`
	// Points per event, positive.
	Points      int64       `yaml:"points"`
	Multipliers Multipliers `yaml:"multipliers"`
	// DailyCap is the most points the rule gives a contact per UTC day; 0 none.
	DailyCap int64 `yaml:"daily_cap"`
	// SeasonCap is the most points the rule gives a contact per season; 0 none.
	SeasonCap int64 `yaml:"season_cap"`
	// Cooldown is the least time between two awards of the rule to a
	// contact, as a Go duration ("1h"); "" none.
	Cooldown string `yaml:"cooldown"`
	// FirstTimeBonus is added to the contact's first award of the rule.
	FirstTimeBonus int64 `yaml:"first_time_bonus"`
	// ExpiresAfter makes the points expire that long after the award, as a
	// Go duration ("2160h"); "" never.
	ExpiresAfter string `yaml:"expires_after"`
}

// Multipliers scale a rule's points; all that apply are multiplied together.
type Multipliers struct {
	// Tier maps a tier name to a factor for contacts in that tier.
	Tier map[string]float64 `yaml:"tier"`
	// Stake gives the factor of the highest threshold the contact's staked
	// amount reaches (inclusive).
	Stake []StakeMultiplier `yaml:"stake"`
	// StakeDuration gives the factor of the highest threshold the time
	// since the contact's oldest still-staked position began reaches
	// (inclusive); see StakingSince.
	StakeDuration []StakeDurationMultiplier `yaml:"stake_duration"`
}

// StakeDurationMultiplier is one staking-time threshold.
type StakeDurationMultiplier struct {
	// MinDuration is the threshold, a Go duration ("720h").
	MinDuration string `yaml:"min_duration"`
	// Factor multiplies the points: an exact decimal, 0 or more, written
	// as a number or a string ("1.5").
	Factor Decimal `yaml:"factor"`
}

// Decimal is a number kept as written, so "1.1" stays exactly 11/10.
type Decimal string

// UnmarshalYAML accepts a plain (1.5) or quoted ("1.5") scalar.
func (d *Decimal) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a decimal number is expected", n.Line)
	}
	*d = Decimal(n.Value)
	return nil
}

// StakeEvent is one live stake or unstake of a contact's wallet.
type StakeEvent struct {
	Contract string     // configured contract name
	Kind     chain.Kind // stake or unstake
	Amount   *big.Int   // base units
	At       time.Time  // when Beckon stored the event
}

// StakeHistory is the RuleStore capability stake-duration multipliers need.
type StakeHistory interface {
	// StakeEvents lists the live stake and unstake events of the contact's
	// wallets in the order they were stored.
	StakeEvents(ctx context.Context, contactID int64) ([]StakeEvent, error)
}

// StakingSince returns when the contact's oldest still-staked position
// began, from its stake events in stored order: per contract, the time of
// the first stake after the last moment its staked amount was zero (or
// below); the earliest of those over the contracts it still has staked.
// ok is false when nothing is staked.
func StakingSince(events []StakeEvent) (since time.Time, ok bool) {
	type position struct {
		amount *big.Int
		start  time.Time
	}
	pos := map[string]*position{}
	for _, e := range events {
		p := pos[e.Contract]
		if p == nil {
			p = &position{amount: new(big.Int)}
			pos[e.Contract] = p
		}
		wasEmpty := p.amount.Sign() <= 0
		if e.Kind == chain.KindUnstake {
			p.amount.Sub(p.amount, e.Amount)
		} else {
			p.amount.Add(p.amount, e.Amount)
		}
		if wasEmpty && p.amount.Sign() > 0 {
			p.start = e.At
		}
	}
	for _, p := range pos {
		if p.amount.Sign() > 0 && (!ok || p.start.Before(since)) {
			since, ok = p.start, true
		}
	}
	return since, ok
}

// StakeMultiplier is one stake-size threshold.
type StakeMultiplier struct {
	// MinStaked is the threshold in token base units, a decimal integer string.
	MinStaked string `yaml:"min_staked"`
	// Factor multiplies the points, 0 or more.
	Factor float64 `yaml:"factor"`
}

// RuleUsage is what a contact has already received from one rule,
// counting only entries that were not reversed.
type RuleUsage struct {
	Count  int64     // entries
	Day    int64     // points since the start of the day asked for
	Season int64     // points in the season asked for
	Last   time.Time // latest entry, zero when none
}

// RuleStore is what rules need from the transaction. InsertEntry must
// apply the Ledger (seasons and tiers): pass Ledger.Bind(tx) or a
// transaction that does so.
type RuleStore interface {
	Store
	// LockContact serialises rule evaluation per contact, so concurrent
	// events cannot both pass a cap.
	LockContact(ctx context.Context, contactID int64) error
	RuleUsage(ctx context.Context, contactID int64, rule string, dayStart time.Time, season string) (RuleUsage, error)
	ContactTier(ctx context.Context, contactID int64) (string, error)
	// StakedAmount is the contact's net staked amount in base units.
	StakedAmount(ctx context.Context, contactID int64) (*big.Int, error)
}

// ValidateRules checks the rules section against the configured tier and
// contract names; errors name the rule and the field ("rules.2.cooldown").
func ValidateRules(rules []Rule, tiers []Tier, contracts []string) error {
	_, err := compileRules(rules, tiers, contracts)
	return err
}

type stakeStep struct {
	min    *big.Int
	factor *big.Rat
}

type durationStep struct {
	min    time.Duration
	factor *big.Rat
}

type compiledRule struct {
	Rule
	cooldown time.Duration
	expires  time.Duration
	tier     map[string]*big.Rat
	stake    []stakeStep    // ascending
	duration []durationStep // ascending
}

func ruleErr(i int, r Rule, field, format string, args ...any) error {
	name := r.Name
	if name == "" {
		name = "#" + strconv.Itoa(i)
	}
	return &FieldError{Field: fmt.Sprintf("rules.%d.%s", i, field), Msg: "rule " + name + ": " + fmt.Sprintf(format, args...)}
}

func validRuleName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// factor turns a configured float into the exact decimal it was written as.
func factor(f float64) (*big.Rat, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	return r, ok
}

func compileRules(rules []Rule, tiers []Tier, contracts []string) ([]compiledRule, error) {
	tierNames := map[string]bool{}
	for _, t := range tiers {
		tierNames[t.Name] = true
	}
	names := map[string]bool{}
	var out []compiledRule
	for i, r := range rules {
		c := compiledRule{Rule: r, tier: map[string]*big.Rat{}}
		switch {
		case r.Name == "":
			return nil, ruleErr(i, r, "name", "required")
		case !validRuleName(r.Name):
			return nil, ruleErr(i, r, "name", "use letters, digits, '-', '_' and '.' only")
		case names[r.Name]:
			return nil, ruleErr(i, r, "name", "defined twice")
		case !contains(RuleEvents, r.Event):
			return nil, ruleErr(i, r, "event", "unknown event %q (valid: %s)", r.Event, strings.Join(RuleEvents, ", "))
		case r.Contract != "" && contracts != nil && !contains(contracts, r.Contract):
			return nil, ruleErr(i, r, "contract", "unknown contract %q", r.Contract)
		case r.Points <= 0:
			return nil, ruleErr(i, r, "points", "must be positive")
		case r.DailyCap < 0:
			return nil, ruleErr(i, r, "daily_cap", "must not be negative (0: no cap)")
		case r.SeasonCap < 0:
			return nil, ruleErr(i, r, "season_cap", "must not be negative (0: no cap)")
		case r.FirstTimeBonus < 0:
			return nil, ruleErr(i, r, "first_time_bonus", "must not be negative")
		}
		names[r.Name] = true
		var err error
		if c.cooldown, err = optionalDuration(r.Cooldown); err != nil {
			return nil, ruleErr(i, r, "cooldown", "%v", err)
		}
		if c.expires, err = optionalDuration(r.ExpiresAfter); err != nil {
			return nil, ruleErr(i, r, "expires_after", "%v", err)
		}
		for name, f := range r.Multipliers.Tier {
			if !tierNames[name] {
				return nil, ruleErr(i, r, "multipliers.tier."+name, "unknown tier %q", name)
			}
			q, ok := factor(f)
			if !ok {
				return nil, ruleErr(i, r, "multipliers.tier."+name, "factor must be a number 0 or more")
			}
			c.tier[name] = q
		}
		for j, s := range r.Multipliers.Stake {
			min, ok := new(big.Int).SetString(s.MinStaked, 10)
			if !ok || min.Sign() < 0 {
				return nil, ruleErr(i, r, fmt.Sprintf("multipliers.stake.%d.min_staked", j), "%q is not a non-negative decimal integer (token base units)", s.MinStaked)
			}
			q, ok := factor(s.Factor)
			if !ok {
				return nil, ruleErr(i, r, fmt.Sprintf("multipliers.stake.%d.factor", j), "factor must be a number 0 or more")
			}
			for _, prev := range c.stake {
				if prev.min.Cmp(min) == 0 {
					return nil, ruleErr(i, r, fmt.Sprintf("multipliers.stake.%d.min_staked", j), "threshold %s given twice", min)
				}
			}
			c.stake = append(c.stake, stakeStep{min: min, factor: q})
		}
		sort.Slice(c.stake, func(a, b int) bool { return c.stake[a].min.Cmp(c.stake[b].min) < 0 })
		for j, sd := range r.Multipliers.StakeDuration {
			field := fmt.Sprintf("multipliers.stake_duration.%d.", j)
			d, err := time.ParseDuration(sd.MinDuration)
			if err != nil || d < 0 {
				return nil, ruleErr(i, r, field+"min_duration", "%q is not a non-negative duration such as 720h", sd.MinDuration)
			}
			q, ok := new(big.Rat).SetString(string(sd.Factor))
			if !ok || q.Sign() < 0 {
				return nil, ruleErr(i, r, field+"factor", "%q is not a decimal number 0 or more", sd.Factor)
			}
			for _, prev := range c.duration {
				if prev.min == d {
					return nil, ruleErr(i, r, field+"min_duration", "threshold %s given twice", d)
				}
			}
			c.duration = append(c.duration, durationStep{min: d, factor: q})
		}
		sort.Slice(c.duration, func(a, b int) bool { return c.duration[a].min < c.duration[b].min })
		out = append(out, c)
	}
	return out, nil
}

func optionalDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration such as 1h", s)
	}
	return d, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// RulesHook awards rule points for each new chain event. Every award is
// an entry with source = the event key, so a reorg reverses it with the
// event's other points, and key = rule:<name>:<event key>, so processing
// the same event again writes nothing.
type RulesHook struct {
	rules  []compiledRule
	season string
	now    func() time.Time
}

// NewRulesHook validates the rules (contracts nil skips the contract-name
// check) and returns the hook. now defaults to time.Now.
func NewRulesHook(rules []Rule, tiers []Tier, contracts []string, season string, now func() time.Time) (*RulesHook, error) {
	c, err := compileRules(rules, tiers, contracts)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &RulesHook{rules: c, season: season, now: now}, nil
}

// HandleEvent applies every matching rule to the event for the contact.
func (h *RulesHook) HandleEvent(ctx context.Context, s RuleStore, ev chain.Event, contactID int64) error {
	var matched []*compiledRule
	for i := range h.rules {
		r := &h.rules[i]
		if r.Event == string(ev.Kind) && (r.Contract == "" || r.Contract == ev.Source) {
			matched = append(matched, r)
		}
	}
	if len(matched) == 0 {
		return nil
	}
	if err := s.LockContact(ctx, contactID); err != nil {
		return fmt.Errorf("rules: %w", err)
	}
	now := h.now()
	for _, r := range matched {
		if err := h.apply(ctx, s, r, ev, contactID, now); err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
	}
	return nil
}

// Amount is what the rule would award now given the usage, tier, staked
// amount and staking start (zero: nothing staked); 0 means nothing.
func (r *compiledRule) amount(u RuleUsage, tier string, staked *big.Int, since, now time.Time) int64 {
	if r.cooldown > 0 && !u.Last.IsZero() && now.Before(u.Last.Add(r.cooldown)) {
		return 0
	}
	pts := new(big.Rat).SetInt64(r.Points)
	if f, ok := r.tier[tier]; ok {
		pts.Mul(pts, f)
	}
	if staked != nil {
		var f *big.Rat
		for _, s := range r.stake {
			if staked.Cmp(s.min) >= 0 {
				f = s.factor
			}
		}
		if f != nil {
			pts.Mul(pts, f)
		}
	}
	if !since.IsZero() {
		var f *big.Rat
		for _, d := range r.duration {
			if now.Sub(since) >= d.min {
				f = d.factor
			}
		}
		if f != nil {
			pts.Mul(pts, f)
		}
	}
	amount := new(big.Int).Quo(pts.Num(), pts.Denom()).Int64()
	if u.Count == 0 {
		amount += r.FirstTimeBonus
	}
	if r.DailyCap > 0 {
		amount = min(amount, r.DailyCap-u.Day)
	}
	if r.SeasonCap > 0 {
		amount = min(amount, r.SeasonCap-u.Season)
	}
	return max(amount, 0)
}

func (h *RulesHook) apply(ctx context.Context, s RuleStore, r *compiledRule, ev chain.Event, contactID int64, now time.Time) error {
	key := "rule:" + r.Name + ":" + ev.Key()
	day := now.UTC().Truncate(24 * time.Hour)
	u, err := s.RuleUsage(ctx, contactID, r.Name, day, h.season)
	if err != nil {
		return err
	}
	tier := ""
	if len(r.tier) > 0 {
		if tier, err = s.ContactTier(ctx, contactID); err != nil {
			return err
		}
	}
	var staked *big.Int
	if len(r.stake) > 0 {
		if staked, err = s.StakedAmount(ctx, contactID); err != nil {
			return err
		}
	}
	var since time.Time
	if len(r.duration) > 0 {
		sh, ok := s.(StakeHistory)
		if !ok {
			return fmt.Errorf("store %T has no stake history for stake_duration", s)
		}
		events, err := sh.StakeEvents(ctx, contactID)
		if err != nil {
			return err
		}
		since, _ = StakingSince(events)
	}
	amount := r.amount(u, tier, staked, since, now)
	if amount == 0 {
		return nil
	}
	e := Entry{
		ContactID: contactID, Amount: amount, Reason: "rule " + r.Name + ": " + string(ev.Kind),
		Source: ev.Key(), Key: key, Season: h.season, Rule: r.Name, At: now,
	}
	if r.expires > 0 {
		e.ExpiresAt = now.Add(r.expires)
	}
	_, err = Award(ctx, s, e)
	return err
}
