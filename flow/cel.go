package flow

import (
	"fmt"
	"math/big"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
	"gopkg.in/yaml.v3"

	"github.com/beckonhq/beckon/crm/facts"
)

// Vars are the values CEL conditions see. Both maps go through CELMap
// before evaluation, so callers may put *big.Int, uint64 or other Go
// integer types in them directly.
type Vars struct {
	Event   map[string]any // kind, contract, wallet, block, tx, args (map[string]any), confirmed (bool)
	Contact map[string]any // id, points, tier, staked, wallets, email, traits, segments, ...
}

// newEnv builds the CEL environment. withContact=false is used for
// trigger.where, which runs before the contact is resolved and therefore
// must not reference it; declaring fewer variables turns that mistake into
// a compile error.
func newEnv(withContact bool) (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.Variable("event", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("now", cel.TimestampType),
		ext.Strings(),
	}
	if withContact {
		opts = append(opts,
			ext.NativeTypes(contactType(), ext.ParseStructTags(true)),
			cel.Variable("contact", cel.ObjectType("flow.Contact")))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("create cel environment: %w", err)
	}
	return env, nil
}

// env returns the parser's environment, built on first use so files
// without expressions pay nothing.
func (p *parser) env(withContact bool) *cel.Env {
	slot := &p.eventEnv
	if withContact {
		slot = &p.fullEnv
	}
	if *slot == nil && !p.envErr {
		env, err := newEnv(withContact)
		if err != nil {
			p.envErr = true
			p.errorAt(1, "", err.Error())
			return nil
		}
		*slot = env
	}
	return *slot
}

// compile parses and type-checks expr, reporting problems at the line of
// the YAML node holding it, and returns a program or nil.
func (p *parser) compile(n *yaml.Node, field, expr string, env *cel.Env) cel.Program {
	if env == nil {
		return nil
	}
	ast, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			line := n.Line
			if e.Location != nil && e.Location.Line() > 0 {
				line += e.Location.Line() - 1
				if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
					line++ // block scalar text starts below the indicator
				}
			}
			col := 0
			if e.Location != nil {
				col = e.Location.Column() + 1
			}
			p.errorAt(line, field, fmt.Sprintf("invalid CEL expression (column %d): %s", col, e.Message))
		}
		return nil
	}
	if t := ast.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
		p.errorf(n, field, "CEL expression must evaluate to bool, got %s", t)
		return nil
	}
	prg, err := env.Program(ast)
	if err != nil {
		p.errorf(n, field, "build CEL program: %v", err)
		return nil
	}
	return prg
}

// MatchesTrigger reports whether an event of kind from contract starts this
// flow: kind must equal Trigger.Event, contract must equal Trigger.Contract
// unless that is empty, and Trigger.Where must hold.
func (d *Definition) MatchesTrigger(kind, contract string, event map[string]any) (bool, error) {
	if kind != d.Trigger.Event {
		return false, nil
	}
	if d.Trigger.Contract != "" && contract != d.Trigger.Contract {
		return false, nil
	}
	if len(d.Trigger.Args) > 0 {
		args := map[string]string{}
		for k, v := range asMap(event["args"]) {
			if b, ok := v.(*big.Int); ok && b != nil {
				args[k] = b.String() // exact, unlike CELValue's double
				continue
			}
			args[k] = asString(v)
		}
		if !d.MatchArgs(args) {
			return false, nil
		}
	}
	if d.where == nil {
		return true, nil
	}
	ok, err := evalBool(d.where, map[string]any{
		"event": CELMap(event),
		"now":   time.Now(),
	})
	if err != nil {
		return false, fmt.Errorf("flow %s: trigger.where: %w", d.Name, err)
	}
	return ok, nil
}

// Allows evaluates When; an empty condition always allows.
func (d *Definition) Allows(v Vars) (bool, error) {
	if d.when == nil {
		return true, nil
	}
	ok, err := evalBool(d.when, v.activation())
	if err != nil {
		return false, fmt.Errorf("flow %s: when: %w", d.Name, err)
	}
	return ok, nil
}

// EvalIf evaluates the condition compiled for the "if" step at s.Path.
func (d *Definition) EvalIf(s *Step, v Vars) (bool, error) {
	if s == nil {
		return false, fmt.Errorf("flow %s: evaluate if: nil step", d.Name)
	}
	prg, ok := d.ifs[s.Path]
	if !ok || s.Type != StepIf {
		return false, fmt.Errorf("flow %s: step %q is not an if step", d.Name, s.Path)
	}
	res, err := evalBool(prg, v.activation())
	if err != nil {
		return false, fmt.Errorf("flow %s: step %s if: %w", d.Name, s.Path, err)
	}
	return res, nil
}

func (v Vars) activation() map[string]any {
	return map[string]any{
		"event":   CELMap(v.Event),
		"contact": ContactFromFacts(v.Contact),
		"now":     time.Now(),
	}
}

// evalBool runs prg and insists on a bool, since dyn-typed expressions can
// only be checked at run time.
func evalBool(prg cel.Program, act map[string]any) (bool, error) {
	out, _, err := prg.Eval(act)
	if err != nil {
		return false, fmt.Errorf("evaluate: %w", err)
	}
	b, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("evaluate: result is %s, not bool", out.Type().TypeName())
	}
	return b, nil
}

// CELMap returns a copy of m with every value converted by CELValue. A nil
// map becomes an empty one so that `has(event.x)` works on missing data.
func CELMap(m map[string]any) map[string]any { return facts.CELMap(m) }

// CELValue converts a Go value decoded from chain logs or storage into one
// CEL's type adapter understands; see facts.CELValue.
func CELValue(v any) any { return facts.CELValue(v) }
