package flow

import (
	"fmt"
	"hash/fnv"
	"math/big"
	"regexp"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// topKeys are the keys of a flow file.
func topKeys() []string {
	return []string{"name", "description", "trigger", "confirmations", "when", "reentry", "steps", "goal", "exit_when"}
}

// wait accepts a duration, {until: TIME} or {event: KIND, timeout: DURATION}.
func (p *parser) wait(n *yaml.Node, field string, s *Step) {
	if n.Kind != yaml.MappingNode {
		s.Wait, _ = p.duration(n, field)
		return
	}
	m, ok := p.mapping(n, field, []string{"until", "event", "timeout"})
	if !ok {
		return
	}
	if v, ok := m["until"]; ok {
		t, err := time.Parse(time.RFC3339, p.str(v, join(field, "until")))
		if err != nil {
			p.errorf(v, join(field, "until"), "must be an RFC 3339 time like 2026-12-01T09:00:00Z")
		}
		s.WaitUntil = t
		if _, ok := m["event"]; ok {
			p.errorf(v, field, "takes either until or event, not both")
		}
		return
	}
	v, ok := m["event"]
	if !ok {
		p.errorf(n, field, "needs a duration, {until: TIME} or {event: KIND, timeout: DURATION}")
		return
	}
	s.WaitEvent = p.eventKind(v, join(field, "event"))
	if t, ok := m["timeout"]; ok {
		s.Wait, _ = p.duration(t, join(field, "timeout"))
	} else {
		p.errorf(n, join(field, "timeout"), "required: how long to wait for the event")
	}
}

const variantPattern = `^[a-z][a-z0-9_-]{0,30}$`

func (p *parser) split(n *yaml.Node, field, path string) *SplitStep {
	m, ok := p.mapping(n, field, []string{"variants", "holdout"})
	if !ok {
		return nil
	}
	sp := &SplitStep{}
	if v, ok := m["holdout"]; ok {
		if h, ok := p.integer(v, join(field, "holdout")); ok {
			if h < 0 || h > 1_000_000 {
				p.errorf(v, join(field, "holdout"), "must be a weight between 0 and 1000000")
			}
			sp.Holdout = int(h)
		}
	}
	vs, ok := m["variants"]
	if !ok {
		p.errorf(n, join(field, "variants"), "required")
		return sp
	}
	if vs.Kind != yaml.SequenceNode || len(vs.Content) == 0 {
		p.errorf(vs, join(field, "variants"), "must be a non-empty list of {name, weight, steps}")
		return sp
	}
	seen := map[string]bool{"holdout": true}
	for i, vn := range vs.Content {
		f := fmt.Sprintf("%s.variants[%d]", field, i)
		vm, ok := p.mapping(vn, f, []string{"name", "weight", "steps"})
		if !ok {
			continue
		}
		var vr Variant
		vr.Name = p.requiredStr(vm, vn, f, "name")
		if vr.Name != "" && !regexp.MustCompile(variantPattern).MatchString(vr.Name) {
			p.errorf(vm["name"], join(f, "name"), "%q must match %s", vr.Name, variantPattern)
		} else if seen[vr.Name] {
			p.errorf(vm["name"], join(f, "name"), "duplicate or reserved variant name %q", vr.Name)
		}
		seen[vr.Name] = true
		if w, ok := vm["weight"]; ok {
			if x, ok := p.integer(w, join(f, "weight")); ok {
				if x <= 0 || x > 1_000_000 {
					p.errorf(w, join(f, "weight"), "must be between 1 and 1000000")
				}
				vr.Weight = int(x)
			}
		} else {
			vr.Weight = 1
		}
		if st, ok := vm["steps"]; ok {
			vr.Steps = p.steps(st, join(f, "steps"), path+"."+vr.Name)
		} else {
			p.errorf(vn, join(f, "steps"), "required")
		}
		sp.Variants = append(sp.Variants, vr)
	}
	return sp
}

func (p *parser) reward(n *yaml.Node, field string) *RewardStep {
	m, ok := p.mapping(n, field, []string{"badge", "allocate", "payout"})
	if !ok {
		return nil
	}
	r := &RewardStep{}
	if len(m) != 1 {
		p.errorf(n, field, "needs exactly one of badge, allocate or payout")
		return r
	}
	if v, ok := m["badge"]; ok {
		if id, ok := p.integer(v, join(field, "badge")); ok && id >= 0 {
			r.Badge = id
		} else if ok {
			p.errorf(v, join(field, "badge"), "must be a token id of 0 or more")
		}
	}
	amount := func(key string) string {
		v, ok := m[key]
		if !ok {
			return ""
		}
		s := p.str(v, join(field, key))
		if n, ok := parseBigNumber(s); !ok || n.Sign() <= 0 {
			p.errorf(v, join(field, key), "must be a positive integer amount in base units, like 1e18")
			return ""
		} else {
			return n.String()
		}
	}
	r.Allocate = amount("allocate")
	r.Payout = amount("payout")
	return r
}

// Variant picks the split variant for a contact: "holdout" or a variant
// name. The choice is a pure function of flow, step and contact, so a
// retried or simulated step picks the same one.
func (d *Definition) Variant(s *Step, contactID int64) (string, []Step) {
	sp := s.Split
	total := sp.Holdout
	for _, v := range sp.Variants {
		total += v.Weight
	}
	h := fnv.New64a()
	h.Write([]byte(d.Name + "\x00" + s.Path + "\x00" + strconv.FormatInt(contactID, 10)))
	bucket := int(new(big.Int).Mod(new(big.Int).SetUint64(h.Sum64()), big.NewInt(int64(total))).Int64())
	if bucket < sp.Holdout {
		return "holdout", nil
	}
	bucket -= sp.Holdout
	for _, v := range sp.Variants {
		if bucket < v.Weight {
			return v.Name, v.Steps
		}
		bucket -= v.Weight
	}
	last := sp.Variants[len(sp.Variants)-1]
	return last.Name, last.Steps
}

// ShouldExit evaluates exit_when; an empty condition never exits.
func (d *Definition) ShouldExit(v Vars) (bool, error) {
	if d.exitWhen == nil {
		return false, nil
	}
	ok, err := evalBool(d.exitWhen, v.activation())
	if err != nil {
		return false, fmt.Errorf("flow %s: exit_when: %w", d.Name, err)
	}
	return ok, nil
}
