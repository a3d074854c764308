package flow

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
)

// Trigger kinds that do not come from the chain. Their entry points are
// Engine.SegmentChanged, Engine.PointsChanged, Engine.TierChanged,
// Engine.IdentityLinked and Engine.CustomEvent; schedules are River
// periodic jobs (Engine.PeriodicJobs).
const (
	EventSegmentEntered = "segment_entered"
	EventSegmentExited  = "segment_exited"
	EventPoints         = "points"
	EventTierChanged    = "tier_changed"
	EventSchedule       = "schedule"
)

// ArgFilter compares one chain event argument with a constant. Numbers are
// compared as exact big integers, so `amount: ">= 1e18"` holds for a
// uint256 of exactly 10^18 and not for 10^18-1, which a CEL double could
// not promise.
type ArgFilter struct {
	Arg string
	Op  string   // == != >= <= > <
	Num *big.Int // set when the constant is a number
	Str string   // otherwise, compared case-insensitively (addresses)
}

// ParseArgFilter parses "OP VALUE" (OP defaults to ==). VALUE is a decimal
// or 0x-hex integer, an integral scientific number such as 1e18 or 2.5e6,
// or a string (addresses, names) for == and !=.
func ParseArgFilter(arg, s string) (ArgFilter, error) {
	f := ArgFilter{Arg: arg, Op: "=="}
	s = strings.TrimSpace(s)
	for _, op := range []string{">=", "<=", "==", "!=", ">", "<"} {
		if rest, ok := strings.CutPrefix(s, op); ok {
			f.Op, s = op, strings.TrimSpace(rest)
			break
		}
	}
	if s == "" {
		return f, fmt.Errorf("missing value after %q", f.Op)
	}
	if n, ok := parseBigNumber(s); ok {
		f.Num = n
		return f, nil
	}
	if f.Op != "==" && f.Op != "!=" {
		return f, fmt.Errorf("%q is not an integer; %s needs one (write 1e18, 1000 or 0x10)", s, f.Op)
	}
	f.Str = strings.Trim(s, `"'`)
	return f, nil
}

// parseBigNumber reads an exact integer: decimal, 0x-hex, or scientific
// notation whose value is integral.
func parseBigNumber(s string) (*big.Int, bool) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		if len(s) == 42 { // an address, not a quantity
			return nil, false
		}
		n, ok := new(big.Int).SetString(s[2:], 16)
		return n, ok
	}
	if n, ok := new(big.Int).SetString(s, 10); ok {
		return n, true
	}
	if !strings.ContainsAny(s, "eE") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || !r.IsInt() {
		return nil, false
	}
	return new(big.Int).Set(r.Num()), true
}

// Match reports whether args satisfy the filter; a missing argument or a
// non-numeric value compared with a number never matches.
func (f ArgFilter) Match(args map[string]string) bool {
	v, ok := args[f.Arg]
	if !ok {
		return false
	}
	if f.Num == nil {
		eq := strings.EqualFold(v, f.Str)
		return eq == (f.Op == "==")
	}
	n, ok := parseBigNumber(v)
	if !ok {
		return false
	}
	c := n.Cmp(f.Num)
	switch f.Op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case ">=":
		return c >= 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case "<":
		return c < 0
	}
	return false
}

// MatchArgs reports whether every argument filter of the trigger holds.
func (d *Definition) MatchArgs(args map[string]string) bool {
	for _, f := range d.Trigger.Args {
		if !f.Match(args) {
			return false
		}
	}
	return true
}

// cronParser accepts standard five-field cron lines and descriptors such
// as @daily or @every 1h.
func cronParser() cron.Parser {
	return cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
}

// triggerKeys are the keys a trigger mapping may have.
func triggerKeys() []string {
	return []string{"event", "contract", "where", "args", "segment", "identity", "name", "tier", "above", "cron", "per_contact"}
}

func (p *parser) trigger(n *yaml.Node) {
	m, ok := p.mapping(n, "trigger", triggerKeys())
	if !ok {
		return
	}
	t := &p.d.Trigger
	if v, ok := m["event"]; ok {
		t.Event = p.eventKind(v, "trigger.event")
	} else {
		p.errorf(n, "trigger.event", "required")
	}
	// only reports keys that make no sense for the trigger's event.
	only := func(key string, events ...string) (*yaml.Node, bool) {
		v, ok := m[key]
		if !ok {
			return nil, false
		}
		for _, e := range events {
			if e == t.Event {
				return v, true
			}
		}
		if t.Event != "" {
			p.errorf(v, "trigger."+key, "not allowed for event %q (only for %s)", t.Event, strings.Join(events, ", "))
		}
		return nil, false
	}
	chainEvents := []string{EventMint, EventTransfer, EventStake, EventUnstake, EventVote, EventProposal, EventClaim}
	if v, ok := only("contract", chainEvents...); ok {
		t.Contract = p.str(v, "trigger.contract")
	}
	if v, ok := m["where"]; ok {
		t.Where = strings.TrimSpace(p.str(v, "trigger.where"))
		if t.Where != "" {
			p.d.where = p.compile(v, "trigger.where", t.Where, p.env(false))
		}
	}
	if v, ok := only("args", chainEvents...); ok {
		if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
			p.errorf(v, "trigger.args", "must be a mapping of argument name to condition such as \">= 1e18\"")
		} else {
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				field := "trigger.args." + k.Value
				f, err := ParseArgFilter(k.Value, p.str(val, field))
				if err != nil {
					p.errorf(val, field, "%v", err)
					continue
				}
				t.Args = append(t.Args, f)
			}
		}
	}
	if v, ok := only("segment", EventSegmentEntered, EventSegmentExited); ok {
		t.Segment = p.str(v, "trigger.segment")
	} else if t.Event == EventSegmentEntered || t.Event == EventSegmentExited {
		p.errorf(n, "trigger.segment", "required for event %q", t.Event)
	}
	if v, ok := only("identity", EventLinked); ok {
		t.Identity = p.str(v, "trigger.identity")
		if !strings.Contains(" wallet email discord telegram ", " "+t.Identity+" ") {
			p.errorf(v, "trigger.identity", "must be wallet, email, discord or telegram, got %q", t.Identity)
		}
	}
	if v, ok := only("name", EventCustom); ok {
		t.Name = p.str(v, "trigger.name")
	}
	if v, ok := only("tier", EventTierChanged); ok {
		t.Tier = p.str(v, "trigger.tier")
	}
	if v, ok := only("above", EventPoints); ok {
		if a, ok := p.integer(v, "trigger.above"); ok {
			t.Above = a
		}
	} else if t.Event == EventPoints {
		p.errorf(n, "trigger.above", "required for event %q: the threshold whose crossing starts the flow", t.Event)
	}
	if v, ok := only("cron", EventSchedule); ok {
		t.Cron = p.str(v, "trigger.cron")
		if _, err := cronParser().Parse(t.Cron); err != nil {
			p.errorf(v, "trigger.cron", "invalid cron schedule: %v", err)
		}
	} else if t.Event == EventSchedule {
		p.errorf(n, "trigger.cron", "required for event %q", t.Event)
	}
	if v, ok := only("per_contact", EventSchedule); ok {
		if v.ShortTag() != "!!bool" {
			p.errorf(v, "trigger.per_contact", "must be true or false")
		} else {
			t.PerContact = v.Value == "true"
		}
	}
}
