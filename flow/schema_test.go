package flow

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	require.NoError(t, json.Unmarshal(Schema(), &s))
	return s
}

func TestSchemaIsACopy(t *testing.T) {
	a := Schema()
	a[0] = 'x'
	require.Equal(t, byte('{'), Schema()[0])
}

func TestSchemaCoversParser(t *testing.T) {
	s := loadSchema(t)
	require.Equal(t, "https://json-schema.org/draft/2020-12/schema", s["$schema"])
	defs := s["$defs"].(map[string]any)

	// Every step type has a definition and is an alternative of "step".
	var refs []string
	for _, alt := range defs["step"].(map[string]any)["oneOf"].([]any) {
		refs = append(refs, alt.(map[string]any)["$ref"].(string))
	}
	for _, typ := range StepTypes() {
		require.Contains(t, defs, typ)
		require.Contains(t, refs, "#/$defs/"+typ)
	}
	require.Len(t, refs, len(StepTypes()))

	// Event kinds and top-level keys agree with the parser.
	var events []string
	for _, e := range defs["event"].(map[string]any)["enum"].([]any) {
		events = append(events, e.(string))
	}
	require.ElementsMatch(t, EventKinds(), events)
	var keys []string
	for k := range s["properties"].(map[string]any) {
		keys = append(keys, k)
	}
	require.ElementsMatch(t, topKeys(), keys)
	var tkeys []string
	for k := range s["properties"].(map[string]any)["trigger"].(map[string]any)["properties"].(map[string]any) {
		tkeys = append(tkeys, k)
	}
	require.ElementsMatch(t, triggerKeys(), tkeys)
	require.Equal(t, namePattern, s["properties"].(map[string]any)["name"].(map[string]any)["pattern"])
}

func TestSchemaDurationPatternMatchesParser(t *testing.T) {
	pattern := loadSchema(t)["$defs"].(map[string]any)["duration"].(map[string]any)["pattern"].(string)
	re := regexp.MustCompile(pattern)
	for _, in := range []string{"30m", "72h", "3d", "1d12h", "1.5h", "1h30m", "250ms"} {
		require.True(t, re.MatchString(in), in)
		_, err := ParseDuration(in)
		require.NoError(t, err, in)
	}
	for _, in := range []string{"", "d", "-5m", "3x", "1d-2h", "soon", "60"} {
		require.False(t, re.MatchString(in), in)
	}
}

func TestSchemaAcceptsExamples(t *testing.T) {
	s := loadSchema(t)
	files, err := filepath.Glob("testdata/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = Parse(f, data)
		require.NoError(t, err, f)
		require.NoError(t, validateYAML(s, data), f)
	}
}

// TestSchemaAgreesWithParser checks structural documents on which the
// schema and the parser must give the same verdict.
func TestSchemaAgreesWithParser(t *testing.T) {
	s := loadSchema(t)
	const head = "name: x\ntrigger: { event: stake }\n"
	docs := []string{
		head + "steps: [ {wait: 1h} ]\n",
		head + "reentry: {once_per: 30d}\nsteps: [ exit, {exit: }, {exit: {}}, {exit: true} ]\n",
		head + "steps: [ {crm_update: {a: b, n: 1}} ]\n",
		head + "steps: [ {if: contact.staked, then: [ {wait: 1m} ], else: [ {revoke_points: {amount: 1}} ]} ]\n",
		head + "steps: [ {discord_role: {add: A, remove: B}}, {webhook: {url: 'https://x.example', body: b}} ]\n",
		head + "steps: [ {telegram_message: {channel: '1', text: hi}}, {discord_message: {text: hi}} ]\n",
		head + "goal: {event: claim, within: 2d}\nconfirmations: 0\nsteps: [ {email: {template: w}} ]\n",
		// invalid
		"trigger: { event: stake }\nsteps: [ {wait: 1h} ]\n",
		"name: Bad\ntrigger: { event: stake }\nsteps: [ {wait: 1h} ]\n",
		"name: x\ntrigger: { event: burn }\nsteps: [ {wait: 1h} ]\n",
		head + "steps: []\n",
		head + "steps: [ {wait: -1h} ]\n",
		head + "steps: [ {wait: soon} ]\n",
		head + "steps: [ {award_points: {amount: 0}} ]\n",
		head + "steps: [ {award_points: {amount: 1}, wait: 1h} ]\n",
		head + "steps: [ {if: contact.staked} ]\n",
		head + "steps: [ {email: {templat: w}} ]\n",
		head + "steps: [ {email: {template: ''}} ]\n",
		head + "steps: [ {discord_role: {}} ]\n",
		head + "steps: [ {crm_update: {}} ]\n",
		head + "steps: [ {exit: now} ]\n",
		head + "steps: [ {wait: 1h, then: [ exit ]} ]\n",
		head + "reentry: twice\nsteps: [ {wait: 1h} ]\n",
		head + "confirmations: -1\nsteps: [ {wait: 1h} ]\n",
		head + "goal: {event: stake}\nsteps: [ {wait: 1h} ]\n",
		head + "extra: 1\nsteps: [ {wait: 1h} ]\n",
	}
	for i, doc := range docs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			_, parseErr := Parse("f.yaml", []byte(doc))
			schemaErr := validateYAML(s, []byte(doc))
			require.Equal(t, parseErr == nil, schemaErr == nil,
				"doc:\n%s\nparser: %v\nschema: %v", doc, parseErr, schemaErr)
		})
	}
}

func validateYAML(schema map[string]any, data []byte) error {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("decode yaml: %w", err)
	}
	v := &validator{root: schema}
	return v.validate(schema, doc, "$")
}

// validator implements the subset of JSON Schema 2020-12 that schema.json
// uses, and fails on any other keyword so the subset cannot silently drift.
type validator struct{ root map[string]any }

func (v *validator) validate(s map[string]any, x any, at string) error {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := v.keyword(s, k, x, at); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) keyword(s map[string]any, k string, x any, at string) error {
	val := s[k]
	switch k {
	case "$ref":
		ref := strings.TrimPrefix(val.(string), "#/$defs/")
		def, ok := v.root["$defs"].(map[string]any)[ref].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unresolved $ref %v", at, val)
		}
		return v.validate(def, x, at)
	case "type":
		types, ok := val.([]any)
		if !ok {
			types = []any{val}
		}
		for _, t := range types {
			if hasType(x, t.(string)) {
				return nil
			}
		}
		return fmt.Errorf("%s: %T is not %v", at, x, val)
	case "properties":
		m, ok := x.(map[string]any)
		if !ok {
			return nil
		}
		for name, sub := range val.(map[string]any) {
			if xv, ok := m[name]; ok {
				if err := v.validate(sub.(map[string]any), xv, at+"."+name); err != nil {
					return err
				}
			}
		}
	case "additionalProperties":
		m, ok := x.(map[string]any)
		if !ok {
			return nil
		}
		props, _ := s["properties"].(map[string]any)
		for name, xv := range m {
			if _, known := props[name]; known {
				continue
			}
			switch ap := val.(type) {
			case bool:
				if !ap {
					return fmt.Errorf("%s: unexpected property %q", at, name)
				}
			case map[string]any:
				if err := v.validate(ap, xv, at+"."+name); err != nil {
					return err
				}
			}
		}
	case "required":
		m, ok := x.(map[string]any)
		if !ok {
			return nil
		}
		for _, r := range val.([]any) {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s: missing %q", at, r)
			}
		}
	case "items":
		l, ok := x.([]any)
		if !ok {
			return nil
		}
		for i, e := range l {
			if err := v.validate(val.(map[string]any), e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "oneOf":
		var matched int
		var errs []string
		for _, alt := range val.([]any) {
			if err := v.validate(alt.(map[string]any), x, at); err != nil {
				errs = append(errs, err.Error())
			} else {
				matched++
			}
		}
		if matched != 1 {
			return fmt.Errorf("%s: matches %d alternatives of oneOf, want 1 (%s)", at, matched, strings.Join(errs, "; "))
		}
	case "enum":
		if !slices.ContainsFunc(val.([]any), func(e any) bool { return e == x }) {
			return fmt.Errorf("%s: %v not in %v", at, x, val)
		}
	case "const":
		if val != x {
			return fmt.Errorf("%s: %v is not %v", at, x, val)
		}
	case "pattern":
		if str, ok := x.(string); ok && !regexp.MustCompile(val.(string)).MatchString(str) {
			return fmt.Errorf("%s: %q does not match %s", at, str, val)
		}
	case "minLength":
		if str, ok := x.(string); ok && float64(len(str)) < val.(float64) {
			return fmt.Errorf("%s: too short", at)
		}
	case "minItems":
		if l, ok := x.([]any); ok && float64(len(l)) < val.(float64) {
			return fmt.Errorf("%s: too few items", at)
		}
	case "minProperties":
		if m, ok := x.(map[string]any); ok && float64(len(m)) < val.(float64) {
			return fmt.Errorf("%s: too few properties", at)
		}
	case "maxProperties":
		if m, ok := x.(map[string]any); ok && float64(len(m)) > val.(float64) {
			return fmt.Errorf("%s: too many properties", at)
		}
	case "minimum", "exclusiveMinimum":
		n, ok := number(x)
		if !ok {
			return nil
		}
		limit := val.(float64)
		if n < limit || (k == "exclusiveMinimum" && n == limit) {
			return fmt.Errorf("%s: %v below %s %v", at, x, k, limit)
		}
	default:
		if !slices.Contains([]string{"$schema", "$id", "$defs", "title", "description"}, k) {
			return fmt.Errorf("schema keyword %q not supported by the test validator", k)
		}
	}
	return nil
}

func number(x any) (float64, bool) {
	switch n := x.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func hasType(x any, t string) bool {
	switch t {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "null":
		return x == nil
	case "integer":
		switch x.(type) {
		case int, int64, uint64:
			return true
		}
		return false
	case "number":
		_, ok := number(x)
		return ok
	}
	return false
}
