package flow

import (
	"fmt"
	"time"

	"cel.dev/cel-go/cel"
)

// ContactCondition is a compiled CEL condition over a contact's facts,
// with the same environment as flow conditions (`contact`, `now`; `event`
// is an empty map). Community role rules use it.
type ContactCondition struct {
	expr string
	prg  cel.Program
}

// CompileContactCondition parses and type-checks expr.
func CompileContactCondition(expr string) (*ContactCondition, error) {
	env, err := newEnv(true)
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return nil, fmt.Errorf("compile %q: %w", expr, iss.Err())
	}
	if t := ast.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
		return nil, fmt.Errorf("compile %q: must evaluate to bool, got %s", expr, t)
	}
	prg, err := env.Program(ast)
	if err != nil {
		return nil, fmt.Errorf("build CEL program %q: %w", expr, err)
	}
	return &ContactCondition{expr: expr, prg: prg}, nil
}

// Eval evaluates the condition over contact facts (as from ContactFacts).
func (c *ContactCondition) Eval(contact map[string]any) (bool, error) {
	ok, err := evalBool(c.prg, map[string]any{
		"event":   map[string]any{},
		"contact": ContactFromFacts(contact),
		"now":     time.Now(),
	})
	if err != nil {
		return false, fmt.Errorf("%s: %w", c.expr, err)
	}
	return ok, nil
}
