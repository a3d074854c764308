package segment

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/beckonhq/beckon/store"
)

// compileSQL turns the common shapes of segment conditions — comparisons
// of contact facts with literals, `in` lists, and bool facts, joined with
// &&, || and ! — into a SQL condition over store.FactsFrom. ok is false
// when some part needs CEL; the caller then evaluates per contact.
func compileSQL(e ast.Expr) (store.Where, bool) {
	c := &sqlCompiler{cols: store.FactColumns(), holdings: map[string]string{}}
	s, ok := c.expr(e)
	if !ok {
		return store.Where{}, false
	}
	return store.Where{Joins: c.joins, SQL: s, Args: c.args}, true
}

// prefilterSQL compiles the top-level conjuncts that can be compiled: a
// contact failing them cannot match, so only the rest need CEL.
func prefilterSQL(e ast.Expr) (store.Where, bool) {
	var parts []ast.Expr
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if e.Kind() == ast.CallKind && e.AsCall().FunctionName() == operators.LogicalAnd {
			for _, a := range e.AsCall().Args() {
				walk(a)
			}
			return
		}
		parts = append(parts, e)
	}
	walk(e)
	var conds []string
	c := &sqlCompiler{cols: store.FactColumns(), holdings: map[string]string{}}
	for _, p := range parts {
		// Each conjunct on a copy, so a failed one leaves no joins or args.
		try := &sqlCompiler{cols: c.cols, holdings: maps.Clone(c.holdings), joins: c.joins, args: slices.Clone(c.args)}
		s, ok := try.expr(p)
		if !ok {
			continue
		}
		c = try
		conds = append(conds, s)
	}
	if len(conds) == 0 {
		return store.Where{}, false
	}
	return store.Where{Joins: c.joins, SQL: strings.Join(conds, " AND "), Args: c.args}, true
}

type sqlCompiler struct {
	cols map[string]store.FactColumn
	args []any
	// holdings maps a contract name to the alias of its join.
	holdings map[string]string
	joins    string
}

func (c *sqlCompiler) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", len(c.args))
}

var sqlOps = map[string]string{
	operators.Equals: "=", operators.NotEquals: "<>",
	operators.Less: "<", operators.LessEquals: "<=",
	operators.Greater: ">", operators.GreaterEquals: ">=",
}

// flipped is the operator with its operands swapped.
var flipped = map[string]string{"=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

func (c *sqlCompiler) expr(e ast.Expr) (string, bool) {
	switch e.Kind() {
	case ast.LiteralKind:
		if b, ok := e.AsLiteral().Value().(bool); ok {
			if b {
				return "1 = 1", true
			}
			return "1 = 0", true
		}
		return "", false
	case ast.SelectKind, ast.IdentKind:
		col, ok := c.column(e)
		if !ok || col.Type != "bool" {
			return "", false
		}
		return col.SQL, true
	case ast.CallKind:
	default:
		return "", false
	}
	call := e.AsCall()
	args := call.Args()
	switch fn := call.FunctionName(); fn {
	case operators.LogicalAnd, operators.LogicalOr:
		op := " AND "
		if fn == operators.LogicalOr {
			op = " OR "
		}
		var parts []string
		for _, a := range args {
			s, ok := c.expr(a)
			if !ok {
				return "", false
			}
			parts = append(parts, "("+s+")")
		}
		return strings.Join(parts, op), true
	case operators.LogicalNot:
		s, ok := c.expr(args[0])
		if !ok {
			return "", false
		}
		return "NOT (" + s + ")", true
	case operators.In:
		col, ok := c.column(args[0])
		if !ok || args[1].Kind() != ast.ListKind {
			return "", false
		}
		var ph []string
		for _, el := range args[1].AsList().Elements() {
			if el.Kind() != ast.LiteralKind {
				return "", false
			}
			p, ok := c.literal(col, el.AsLiteral())
			if !ok {
				return "", false
			}
			ph = append(ph, p)
		}
		if len(ph) == 0 {
			return "1 = 0", true
		}
		return col.SQL + " IN (" + strings.Join(ph, ", ") + ")", true
	}
	op, ok := sqlOps[call.FunctionName()]
	if !ok || len(args) != 2 {
		return "", false
	}
	l, r := args[0], args[1]
	if l.Kind() == ast.LiteralKind {
		l, r, op = r, l, flipped[op]
	}
	if r.Kind() != ast.LiteralKind {
		return "", false
	}
	col, ok := c.column(l)
	if !ok {
		return "", false
	}
	if col.Type == "bool" {
		b, isBool := r.AsLiteral().Value().(bool)
		if !isBool || (op != "=" && op != "<>") {
			return "", false
		}
		if b == (op == "=") {
			return col.SQL, true
		}
		return "NOT " + col.SQL, true
	}
	if col.Type == "string" && op != "=" && op != "<>" {
		return "", false // string ordering differs between CEL and SQL collations
	}
	p, ok := c.literal(col, r.AsLiteral())
	if !ok {
		return "", false
	}
	return col.SQL + " " + op + " " + p, true
}

// literal binds a literal compared with col, when the types agree the way
// CEL compares them.
func (c *sqlCompiler) literal(col store.FactColumn, v interface{ Value() any }) (string, bool) {
	switch x := v.Value().(type) {
	case int64:
		if col.Type == "int" {
			return c.arg(x), true
		}
		if col.Type == "double" {
			return "CAST(" + c.arg(float64(x)) + " AS DOUBLE PRECISION)", true
		}
	case uint64:
		if col.Type == "int" || col.Type == "double" {
			return "CAST(" + c.arg(float64(x)) + " AS DOUBLE PRECISION)", true
		}
	case float64:
		if col.Type == "int" || col.Type == "double" {
			return "CAST(" + c.arg(x) + " AS DOUBLE PRECISION)", true
		}
	case string:
		if col.Type == "string" {
			return c.arg(x), true
		}
	}
	return "", false
}

// column resolves contact.<key>, contact.scores.<key> and
// contact.holdings.<contract>.<balance|tokens> (also with ["…"] indexes).
func (c *sqlCompiler) column(e ast.Expr) (store.FactColumn, bool) {
	path, ok := selectPath(e)
	if !ok || len(path) < 2 || path[0] != "contact" {
		return store.FactColumn{}, false
	}
	path = path[1:]
	switch {
	case len(path) == 1:
		col, ok := c.cols[path[0]]
		return col, ok
	case len(path) == 2 && path[0] == "scores":
		col, ok := c.cols["scores."+path[1]]
		return col, ok
	case len(path) == 3 && path[0] == "holdings":
		col, ok := c.cols["holdings."+path[2]]
		if !ok {
			return col, false
		}
		alias, ok := c.holdings[path[1]]
		if !ok {
			alias = fmt.Sprintf("h%d", len(c.holdings)+1)
			c.holdings[path[1]] = alias
			c.joins += store.HoldingsJoin(alias, c.arg(path[1]))
		}
		col.SQL = strings.ReplaceAll(col.SQL, "{h}", alias)
		return col, true
	}
	return store.FactColumn{}, false
}

// selectPath flattens a.b["c"].d into [a b c d].
func selectPath(e ast.Expr) ([]string, bool) {
	switch e.Kind() {
	case ast.IdentKind:
		return []string{e.AsIdent()}, true
	case ast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() {
			return nil, false
		}
		p, ok := selectPath(s.Operand())
		return append(p, s.FieldName()), ok
	case ast.CallKind:
		call := e.AsCall()
		if call.FunctionName() != operators.Index || len(call.Args()) != 2 || call.Args()[1].Kind() != ast.LiteralKind {
			return nil, false
		}
		key, ok := call.Args()[1].AsLiteral().(types.String)
		if !ok {
			return nil, false
		}
		p, ok := selectPath(call.Args()[0])
		return append(p, string(key)), ok
	}
	return nil, false
}
