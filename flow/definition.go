package flow

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
	"time"

	"cel.dev/cel-go/cel"
	"gopkg.in/yaml.v3"
)

// Trigger event kinds. They are the vocabulary shared by the chain watchers
// and the flow files, so a typo in a file is caught at load time instead of
// silently never firing.
const (
	EventMint     = "mint"
	EventTransfer = "transfer"
	EventStake    = "stake"
	EventUnstake  = "unstake"
	EventVote     = "vote"
	EventProposal = "proposal"
	EventClaim    = "claim"
	EventCustom   = "custom"
	EventLinked   = "linked"
)

// Step types, i.e. the single key that names what a step does.
const (
	StepAwardPoints     = "award_points"
	StepRevokePoints    = "revoke_points"
	StepEmail           = "email"
	StepDiscordRole     = "discord_role"
	StepDiscordMessage  = "discord_message"
	StepTelegramMessage = "telegram_message"
	StepCRMUpdate       = "crm_update"
	StepWebhook         = "webhook"
	StepWait            = "wait"
	StepIf              = "if"
	StepExit            = "exit"
	StepSplit           = "split"
	StepReward          = "reward"
)

// Reentry modes decide whether a contact may start the same flow again.
const (
	ReentryOnce    = "once"
	ReentryAlways  = "always"
	ReentryOncePer = "once_per"
)

// namePattern keeps flow names usable as idempotency-key parts, metric
// labels and URL segments without escaping.
const namePattern = `^[a-z0-9][a-z0-9_-]{0,62}$`

// EventKinds returns the accepted trigger and goal event kinds. It is a
// function rather than a variable so callers cannot mutate the list.
func EventKinds() []string {
	return []string{EventMint, EventTransfer, EventStake, EventUnstake, EventVote,
		EventProposal, EventClaim, EventCustom, EventLinked, EventSegmentEntered,
		EventSegmentExited, EventPoints, EventTierChanged, EventSchedule}
}

// StepTypes returns every step type the parser accepts, in documentation order.
func StepTypes() []string {
	return []string{StepAwardPoints, StepRevokePoints, StepEmail, StepDiscordRole,
		StepDiscordMessage, StepTelegramMessage, StepCRMUpdate, StepWebhook,
		StepWait, StepIf, StepSplit, StepReward, StepExit}
}

// Definition is one parsed, validated, compiled flow. It is immutable after
// Parse returns, so a single value may be shared by concurrent workers.
type Definition struct {
	Name          string
	File          string // source path, for error messages
	Description   string
	Trigger       Trigger
	Confirmations int    // blocks to wait before irreversible steps; 0 = use chain default
	When          string // CEL condition over event and contact; "" = always
	Reentry       Reentry
	Steps         []Step
	Goal          *Goal
	ExitWhen      string // CEL; checked before every step, true ends the run as exited

	nameLine int                    // where name was declared, for duplicate reports
	where    cel.Program            // Trigger.Where, nil when empty
	when     cel.Program            // When, nil when empty
	exitWhen cel.Program            // ExitWhen, nil when empty
	ifs      map[string]cel.Program // "if" conditions by step path
	index    map[string]*Step       // every step by path
	next     map[string]string      // successor of every step by path
}

// Trigger selects the on-chain (or synthetic) events that start the flow.
type Trigger struct {
	Event      string      // see EventKinds
	Contract   string      // chain events: configured contract name; "" = any
	Where      string      // optional CEL over event only
	Args       []ArgFilter // chain events: exact comparisons of event arguments
	Segment    string      // segment_entered / segment_exited
	Identity   string      // linked: wallet | email | discord | telegram; "" = any
	Name       string      // custom: event name; "" = any
	Tier       string      // tier_changed: the new tier; "" = any change
	Above      int64       // points: start when the balance rises to Above or more
	Cron       string      // schedule: cron line (robfig/cron syntax, minutes resolution)
	PerContact bool        // schedule: one run per contact passing `when` instead of none
}

// Reentry says whether a contact who already went through the flow may
// enter it again. Files that omit it get Mode "once", because awarding
// points twice for the same milestone is the costlier mistake.
type Reentry struct {
	Mode string        // once | always | once_per
	Per  time.Duration // for once_per
}

// Goal ends a journey early, counted as converted, when the contact
// produces Event within the window after entering.
type Goal struct {
	Event  string
	Within time.Duration
	Exit   bool // end the journey on conversion; default true
}

// Step is one action of a flow. Exactly one of the type-specific fields is
// set, as named by Type.
type Step struct {
	Path string // stable address inside the flow: "0", "1", "4.then.0", "4.else.1" — the runner uses it as the idempotency key part
	Line int    // line in the YAML file
	Type string // award_points | revoke_points | email | discord_role | discord_message | telegram_message | crm_update | webhook | wait | if | exit

	AwardPoints     *PointsStep // award_points and revoke_points
	Email           *EmailStep
	DiscordRole     *DiscordRoleStep
	DiscordMessage  *MessageStep
	TelegramMessage *MessageStep
	CRMUpdate       map[string]string
	Webhook         *WebhookStep
	Wait            time.Duration // wait: a duration (also the timeout of WaitEvent)
	WaitUntil       time.Time     // wait: {until: RFC 3339 time}
	WaitEvent       string        // wait: {event: KIND, timeout: DURATION}
	If              string        // CEL, for type "if"
	Then, Else      []Step
	Split           *SplitStep
	Reward          *RewardStep
}

// SplitStep sends each contact down one variant, chosen by a hash of the
// flow name and contact id so the same contact always gets the same one.
// Holdout is the weight of contacts who get nothing (the run ends,
// counted as variant "holdout") — the control group of an experiment.
type SplitStep struct {
	Variants []Variant
	Holdout  int
}

// Variant is one branch of a split; its steps' paths are
// "<split path>.<name>.<i>".
type Variant struct {
	Name   string
	Weight int
	Steps  []Step
}

// RewardStep grants an on-chain reward through loyalty/rewards: exactly
// one of a badge mint (Badge = token id), an allocation in the next merkle
// epoch, or a direct payout (amounts in base units, decimal strings).
type RewardStep struct {
	Badge    int64
	Allocate string
	Payout   string
}

// PointsStep credits (award_points) or debits (revoke_points) the ledger.
// Amount is always positive; the step type gives the sign.
type PointsStep struct {
	Amount int64
	Reason string
}

// EmailStep names a template known to the mailer.
type EmailStep struct{ Template string }

// DiscordRoleStep adds and/or removes one role on the contact's linked
// Discord account.
type DiscordRoleStep struct{ Add, Remove string }

// MessageStep posts a Discord or Telegram message.
type MessageStep struct {
	Channel string // discord channel id or telegram chat id; "" = DM the contact
	Text    string // Go text/template
}

// WebhookStep POSTs Body (a Go text/template; "" = the default JSON
// payload chosen by the runner) to URL.
type WebhookStep struct {
	URL  string
	Body string
}

// ValidationError carries where the problem is so an operator can jump
// straight to the offending line.
type ValidationError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error formats as "file:line: field: message", the shape editors and CI
// annotators recognise.
func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	} else {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ValidationErrors collects all problems found in one file, so a user fixes
// a file in one pass instead of one error per reload.
type ValidationErrors []*ValidationError

// Error joins the individual errors with newlines.
func (es ValidationErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual errors to errors.As and errors.Is.
func (es ValidationErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Load reads and parses one flow file.
func Load(path string) (*Definition, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read flow: %w", err)
	}
	return Parse(path, data)
}

// LoadGlob loads every file matched by patterns (filepath.Glob syntax). A
// file matched by several patterns is loaded once; a pattern matching
// nothing is not an error, so an empty flows directory is valid. Flow names
// must be unique across all files because they key journeys in storage.
// Errors of all files are joined; on any error no definitions are returned,
// so a half-valid configuration never starts.
func LoadGlob(patterns []string) ([]*Definition, error) {
	var (
		files []string
		seen  = map[string]bool{}
	)
	for _, pattern := range patterns {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			return nil, fmt.Errorf("glob %q: %w", pattern, err)
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				files = append(files, m)
			}
		}
	}
	var (
		defs   []*Definition
		errs   []error
		byName = map[string]*Definition{}
	)
	for _, f := range files {
		d, err := Load(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, ok := byName[d.Name]; ok {
			errs = append(errs, &ValidationError{File: d.File, Line: d.nameLine, Field: "name",
				Msg: fmt.Sprintf("duplicate flow name %q, already defined in %s:%d", d.Name, prev.File, prev.nameLine)})
			continue
		}
		byName[d.Name] = d
		defs = append(defs, d)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return defs, nil
}

// Parse decodes, validates and compiles one flow. file is only used in
// error messages. The error, when non-nil, is a ValidationErrors listing
// every problem found.
func Parse(file string, data []byte) (*Definition, error) {
	p := &parser{file: file}
	d := p.parse(data)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		return nil, p.errs
	}
	return d, nil
}

// Step returns the step at path, pointing into d.Steps.
func (d *Definition) Step(path string) (*Step, bool) {
	s, ok := d.index[path]
	return s, ok
}

// First returns the path of the first step, "" if the flow has none.
func (d *Definition) First() string {
	if len(d.Steps) == 0 {
		return ""
	}
	return d.Steps[0].Path
}

// NextAfter returns the path of the step that runs once the step at path
// is finished: its next sibling, or, when it is the last step of a
// then/else branch, whatever follows the enclosing "if" (recursively).
// It returns "" when the flow ends or path is unknown. For an "if" step it
// skips both branches: the runner enters Then[0] or Else[0] itself and
// falls back to NextAfter when the taken branch is absent. "exit" steps
// are not special-cased here; the runner stops on them.
func (d *Definition) NextAfter(path string) string {
	return d.next[path]
}

// parser accumulates errors while walking the YAML node tree so that one
// run reports every problem in the file.
type parser struct {
	file string
	errs ValidationErrors
	d    *Definition

	fullEnv  *cel.Env // event + contact, for when and if
	eventEnv *cel.Env // event only, for trigger.where
	envErr   bool
}

func (p *parser) errorf(n *yaml.Node, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errorAt(line, field, fmt.Sprintf(format, args...))
}

func (p *parser) errorAt(line int, field, msg string) {
	if line < 1 {
		line = 1
	}
	p.errs = append(p.errs, &ValidationError{File: p.file, Line: line, Field: field, Msg: msg})
}

// yamlErrorLine extracts the line yaml.v3 mentions in its syntax errors.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	const prefix = "line "
	if rest, ok := strings.CutPrefix(msg, prefix); ok {
		num, after, found := strings.Cut(rest, ":")
		if n, convErr := strconv.Atoi(num); found && convErr == nil {
			return n, strings.TrimSpace(after)
		}
	}
	return 1, msg
}

func (p *parser) parse(data []byte) *Definition {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		p.errorAt(line, "", "invalid YAML: "+msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		p.errorAt(1, "", "empty flow file")
		return nil
	}
	root := doc.Content[0]
	if p.rejectAliases(root) {
		return nil
	}

	d := &Definition{
		File:    p.file,
		Reentry: Reentry{Mode: ReentryOnce},
		ifs:     map[string]cel.Program{},
		index:   map[string]*Step{},
		next:    map[string]string{},
	}
	p.d = d
	m, ok := p.mapping(root, "", topKeys())
	if !ok {
		return nil
	}

	if n, ok := m["name"]; ok {
		d.Name = p.str(n, "name")
		d.nameLine = n.Line
		if d.Name == "" {
			p.errorf(n, "name", "required")
		} else if !regexp.MustCompile(namePattern).MatchString(d.Name) {
			p.errorf(n, "name", "%q must match %s (lowercase letters, digits, '-' and '_')", d.Name, namePattern)
		}
	} else {
		p.errorf(root, "name", "required")
	}
	if n, ok := m["description"]; ok {
		d.Description = p.str(n, "description")
	}
	if n, ok := m["trigger"]; ok {
		p.trigger(n)
	} else {
		p.errorf(root, "trigger", "required")
	}
	if n, ok := m["confirmations"]; ok {
		if v, ok := p.integer(n, "confirmations"); ok {
			if v < 0 {
				p.errorf(n, "confirmations", "must be 0 or more")
			} else {
				d.Confirmations = int(min(v, 1<<31-1))
			}
		}
	}
	if n, ok := m["when"]; ok {
		d.When = strings.TrimSpace(p.str(n, "when"))
		if d.When != "" {
			d.when = p.compile(n, "when", d.When, p.env(true))
		}
	}
	if n, ok := m["reentry"]; ok {
		p.reentry(n)
	}
	if n, ok := m["exit_when"]; ok {
		d.ExitWhen = strings.TrimSpace(p.str(n, "exit_when"))
		if d.ExitWhen != "" {
			d.exitWhen = p.compile(n, "exit_when", d.ExitWhen, p.env(true))
		}
	}
	if n, ok := m["steps"]; ok {
		d.Steps = p.steps(n, "steps", "")
	} else {
		p.errorf(root, "steps", "required")
	}
	if n, ok := m["goal"]; ok {
		p.goal(n)
	}
	if d.Global() {
		p.checkGlobal(m)
	}

	if len(p.errs) > 0 {
		return nil
	}
	indexSteps(d, d.Steps, "")
	return d
}

// indexSteps fills d.index and d.next. after is the path that follows the
// whole list: the successor of the enclosing "if", or "" at top level.
func indexSteps(d *Definition, steps []Step, after string) {
	for i := range steps {
		s := &steps[i]
		d.index[s.Path] = s
		next := after
		if i+1 < len(steps) {
			next = steps[i+1].Path
		}
		d.next[s.Path] = next
		indexSteps(d, s.Then, next)
		indexSteps(d, s.Else, next)
		if s.Split != nil {
			for _, v := range s.Split.Variants {
				indexSteps(d, v.Steps, next)
			}
		}
	}
}

// rejectAliases refuses anchors/aliases: flows are short, and following
// aliases would let a tiny file expand exponentially during validation.
func (p *parser) rejectAliases(n *yaml.Node) bool {
	found := false
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode {
			p.errorf(n, "", "YAML aliases are not supported in flow files")
			found = true
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return found
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "empty"
		}
		return "a scalar"
	}
	return "unsupported YAML"
}

// mapping checks that n is a mapping whose keys are all in allowed and
// unique, and returns its values by key. Unknown and duplicate keys are
// reported but do not stop the caller from using the valid ones.
func (p *parser) mapping(n *yaml.Node, field string, allowed []string) (map[string]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, field, "must be a mapping, got %s", kindName(n))
		return nil, false
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, field, "keys must be plain strings")
			continue
		}
		key := k.Value
		if !slices.Contains(allowed, key) {
			msg := fmt.Sprintf("unknown key %q", key)
			if s := suggest(key, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			p.errorf(k, join(field, key), "%s", msg)
			continue
		}
		if _, dup := out[key]; dup {
			p.errorf(k, join(field, key), "duplicate key")
			continue
		}
		out[key] = v
	}
	return out, true
}

// suggest returns the allowed key closest to key when the difference looks
// like a typo, else "".
func suggest(key string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		if d := editDistance(key, a); d < bestDist && d < len(a) {
			best, bestDist = a, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// str returns a scalar's text. Any scalar is accepted (YAML would
// otherwise turn `reason: 2024` into a type error); null is "".
func (p *parser) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, field, "must be a string, got %s", kindName(n))
		return ""
	}
	if n.ShortTag() == "!!null" {
		return ""
	}
	return n.Value
}

func (p *parser) integer(n *yaml.Node, field string) (int64, bool) {
	var v int64
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		p.errorf(n, field, "must be an integer")
		return 0, false
	}
	return v, true
}

// duration parses a positive duration. Besides Go's syntax ("72h",
// "1h30m") it accepts a leading whole number of days ("3d", "1d12h")
// because loyalty windows are naturally stated in days.
func (p *parser) duration(n *yaml.Node, field string) (time.Duration, bool) {
	const hint = "must be a duration like 30m, 72h or 3d"
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		p.errorf(n, field, "%s", hint)
		return 0, false
	}
	d, err := ParseDuration(n.Value)
	if err != nil {
		p.errorf(n, field, "%s: %v", hint, err)
		return 0, false
	}
	if d <= 0 {
		p.errorf(n, field, "must be positive")
		return 0, false
	}
	return d, true
}

// ParseDuration is time.ParseDuration plus an optional leading day count
// ("3d", "1d12h"). Days are exactly 24h; flows do not follow calendar or
// DST shifts.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'd'); i > 0 {
		days, err := strconv.ParseInt(s[:i], 10, 64)
		if err == nil {
			const maxDays = int64(1<<63-1) / int64(24*time.Hour)
			if days > maxDays {
				return 0, fmt.Errorf("duration %q out of range", s)
			}
			total := time.Duration(days) * 24 * time.Hour
			if rest := s[i+1:]; rest != "" {
				extra, err := time.ParseDuration(rest)
				if err != nil || extra < 0 {
					return 0, fmt.Errorf("invalid duration %q", s)
				}
				if total > time.Duration(1<<63-1)-extra {
					return 0, fmt.Errorf("duration %q out of range", s)
				}
				total += extra
			}
			return total, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("parse duration: %w", err)
	}
	return d, nil
}

func (p *parser) eventKind(n *yaml.Node, field string) string {
	ev := p.str(n, field)
	switch {
	case ev == "":
		p.errorf(n, field, "required")
	case !slices.Contains(EventKinds(), ev):
		msg := fmt.Sprintf("unknown event %q, want one of %s", ev, strings.Join(EventKinds(), ", "))
		if s := suggest(ev, EventKinds()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		p.errorf(n, field, "%s", msg)
	}
	return ev
}

func (p *parser) reentry(n *yaml.Node) {
	const hint = "must be once, always or {once_per: <duration>}"
	r := &p.d.Reentry
	if n.Kind == yaml.ScalarNode {
		switch v := p.str(n, "reentry"); v {
		case ReentryOnce, ReentryAlways:
			r.Mode = v
		case ReentryOncePer:
			p.errorf(n, "reentry", "once_per needs a window: write {once_per: 30d}")
		default:
			p.errorf(n, "reentry", "%s, got %q", hint, v)
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "reentry", "%s", hint)
		return
	}
	m, ok := p.mapping(n, "reentry", []string{ReentryOncePer})
	if !ok {
		return
	}
	v, ok := m[ReentryOncePer]
	if !ok {
		p.errorf(n, "reentry", "%s", hint)
		return
	}
	if per, ok := p.duration(v, "reentry.once_per"); ok {
		r.Mode, r.Per = ReentryOncePer, per
	}
}

func (p *parser) goal(n *yaml.Node) {
	m, ok := p.mapping(n, "goal", []string{"event", "within", "exit"})
	if !ok {
		return
	}
	g := &Goal{Exit: true}
	if v, ok := m["exit"]; ok {
		if v.ShortTag() != "!!bool" {
			p.errorf(v, "goal.exit", "must be true or false")
		} else {
			g.Exit = v.Value == "true"
		}
	}
	if v, ok := m["event"]; ok {
		g.Event = p.eventKind(v, "goal.event")
	} else {
		p.errorf(n, "goal.event", "required")
	}
	if v, ok := m["within"]; ok {
		g.Within, _ = p.duration(v, "goal.within")
	} else {
		p.errorf(n, "goal.within", "required")
	}
	p.d.Goal = g
}

func (p *parser) steps(n *yaml.Node, field, prefix string) []Step {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, field, "must be a list of steps, got %s", kindName(n))
		return nil
	}
	if len(n.Content) == 0 {
		p.errorf(n, field, "must have at least one step")
		return nil
	}
	out := make([]Step, 0, len(n.Content))
	for i, c := range n.Content {
		path := strconv.Itoa(i)
		if prefix != "" {
			path = prefix + "." + path
		}
		out = append(out, p.step(c, fmt.Sprintf("%s[%d]", field, i), path))
	}
	return out
}

func (p *parser) step(n *yaml.Node, field, path string) Step {
	s := Step{Path: path, Line: n.Line}
	// A bare "- exit" reads naturally and carries no settings.
	if n.Kind == yaml.ScalarNode && n.Value == StepExit {
		s.Type = StepExit
		return s
	}
	types := StepTypes()
	allowed := append(types, "then", "else")
	m, ok := p.mapping(n, field, allowed)
	if !ok {
		return s
	}
	var found []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; slices.Contains(types, k) && !slices.Contains(found, k) {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		if len(m) > 0 || len(n.Content) == 0 {
			p.errorf(n, field, "step needs exactly one type key, one of %s", strings.Join(types, ", "))
		}
		return s
	case 1:
		s.Type = found[0]
	default:
		p.errorf(n, field, "step has several type keys (%s); split it into one step per action", strings.Join(found, ", "))
		return s
	}
	if s.Type != StepIf {
		for _, k := range []string{"then", "else"} {
			if v, ok := m[k]; ok {
				p.errorf(v, join(field, k), "only allowed on an if step")
			}
		}
	}

	f := join(field, s.Type)
	v := m[s.Type]
	switch s.Type {
	case StepAwardPoints, StepRevokePoints:
		s.AwardPoints = p.points(v, f)
	case StepEmail:
		if mm, ok := p.mapping(v, f, []string{"template"}); ok {
			s.Email = &EmailStep{Template: p.requiredStr(mm, v, f, "template")}
		}
	case StepDiscordRole:
		if mm, ok := p.mapping(v, f, []string{"add", "remove"}); ok {
			r := &DiscordRoleStep{}
			if x, ok := mm["add"]; ok {
				r.Add = p.str(x, join(f, "add"))
			}
			if x, ok := mm["remove"]; ok {
				r.Remove = p.str(x, join(f, "remove"))
			}
			if r.Add == "" && r.Remove == "" {
				p.errorf(v, f, "needs add or remove")
			}
			s.DiscordRole = r
		}
	case StepDiscordMessage:
		s.DiscordMessage = p.message(v, f)
	case StepTelegramMessage:
		s.TelegramMessage = p.message(v, f)
	case StepCRMUpdate:
		s.CRMUpdate = p.crm(v, f)
	case StepWebhook:
		s.Webhook = p.webhook(v, f)
	case StepWait:
		p.wait(v, f, &s)
	case StepSplit:
		s.Split = p.split(v, f, path)
	case StepReward:
		s.Reward = p.reward(v, f)
	case StepIf:
		s.If = strings.TrimSpace(p.str(v, f))
		if s.If == "" {
			p.errorf(v, f, "condition required")
		} else if prg := p.compile(v, f, s.If, p.env(true)); prg != nil {
			p.d.ifs[path] = prg
		}
		if t, ok := m["then"]; ok {
			s.Then = p.steps(t, join(field, "then"), path+".then")
		} else {
			p.errorf(n, join(field, "then"), "required for an if step")
		}
		if e, ok := m["else"]; ok {
			s.Else = p.steps(e, join(field, "else"), path+".else")
		}
	case StepExit:
		// exit takes no settings; accept the spellings people reach for.
		if !(v.Kind == yaml.ScalarNode && (v.ShortTag() == "!!null" || (v.ShortTag() == "!!bool" && v.Value == "true"))) &&
			!(v.Kind == yaml.MappingNode && len(v.Content) == 0) {
			p.errorf(v, f, "takes no settings: write `- exit` or `- exit: {}`")
		}
	}
	return s
}

func (p *parser) requiredStr(m map[string]*yaml.Node, parent *yaml.Node, field, key string) string {
	v, ok := m[key]
	if !ok {
		p.errorf(parent, join(field, key), "required")
		return ""
	}
	s := p.str(v, join(field, key))
	if strings.TrimSpace(s) == "" && v.Kind == yaml.ScalarNode {
		p.errorf(v, join(field, key), "required")
	}
	return s
}

func (p *parser) points(n *yaml.Node, field string) *PointsStep {
	m, ok := p.mapping(n, field, []string{"amount", "reason"})
	if !ok {
		return nil
	}
	ps := &PointsStep{}
	if v, ok := m["amount"]; ok {
		if a, ok := p.integer(v, join(field, "amount")); ok {
			if a <= 0 {
				p.errorf(v, join(field, "amount"), "must be greater than 0")
			}
			ps.Amount = a
		}
	} else {
		p.errorf(n, join(field, "amount"), "required")
	}
	if v, ok := m["reason"]; ok {
		ps.Reason = p.str(v, join(field, "reason"))
	}
	return ps
}

func (p *parser) message(n *yaml.Node, field string) *MessageStep {
	m, ok := p.mapping(n, field, []string{"channel", "text"})
	if !ok {
		return nil
	}
	ms := &MessageStep{}
	if v, ok := m["channel"]; ok {
		ms.Channel = p.str(v, join(field, "channel"))
	}
	ms.Text = p.requiredStr(m, n, field, "text")
	if ms.Text != "" {
		p.template(m["text"], join(field, "text"), ms.Text)
	}
	return ms
}

func (p *parser) webhook(n *yaml.Node, field string) *WebhookStep {
	m, ok := p.mapping(n, field, []string{"url", "body"})
	if !ok {
		return nil
	}
	w := &WebhookStep{URL: p.requiredStr(m, n, field, "url")}
	if w.URL != "" {
		if strings.Contains(w.URL, "{{") {
			p.template(m["url"], join(field, "url"), w.URL)
		} else if u, err := url.Parse(w.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.errorf(m["url"], join(field, "url"), "must be an absolute http or https URL")
		}
	}
	if v, ok := m["body"]; ok {
		w.Body = p.str(v, join(field, "body"))
		if w.Body != "" {
			p.template(v, join(field, "body"), w.Body)
		}
	}
	return w
}

func (p *parser) crm(n *yaml.Node, field string) map[string]string {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, field, "must be a mapping of CRM field to value, got %s", kindName(n))
		return nil
	}
	if len(n.Content) == 0 {
		p.errorf(n, field, "must set at least one field")
		return nil
	}
	out := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value == "" {
			p.errorf(k, field, "keys must be non-empty strings")
			continue
		}
		f := join(field, k.Value)
		if _, dup := out[k.Value]; dup {
			p.errorf(k, f, "duplicate key")
			continue
		}
		out[k.Value] = p.str(v, f)
	}
	return out
}

// template checks Go text/template syntax only. Function names are not
// checked because the runner supplies its own function map.
func (p *parser) template(n *yaml.Node, field, text string) {
	const name = "t"
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	_, err := t.Parse(text, "", "", map[string]*parse.Tree{})
	if err == nil {
		return
	}
	// Errors read "template: t:LINE: message"; report them at the file line.
	line, msg := n.Line, err.Error()
	if rest, ok := strings.CutPrefix(msg, "template: "+name+":"); ok {
		num, after, found := strings.Cut(rest, ":")
		if l, convErr := strconv.Atoi(num); found && convErr == nil {
			msg = strings.TrimSpace(after)
			line += l - 1
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				line++
			}
		}
	}
	p.errorAt(line, field, "invalid template: "+msg)
}
