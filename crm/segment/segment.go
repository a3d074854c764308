// Package segment keeps contacts in segments defined as CEL conditions
// over contact facts (package crm/facts). Membership is kept current
// incrementally — each processed event re-evaluates only the contacts it
// touched — and can be recomputed whole on demand. Every entry and exit is
// recorded and handed to OnChange (the flow engine subscribes in wiring).
//
// A full recompute runs as one SQL statement when the condition is made of
// fact comparisons joined with &&, || and !; otherwise the compilable
// top-level conjuncts pre-filter contacts in SQL and CEL decides the rest.
package segment

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/facts"
	"github.com/beckonhq/beckon/store"
)

// ErrInvalid marks a bad segment definition.
var ErrInvalid = errors.New("invalid segment")

// Definition is a segment as written in YAML or sent to the API.
type Definition struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description,omitempty"`
	// When is a CEL condition over `contact` and `now`.
	When string `yaml:"when" json:"when"`
}

// Change is one contact entering or leaving a segment.
type Change struct {
	Segment   string
	ContactID int64
	Entered   bool
	At        time.Time
}

// Segment is a compiled definition.
type Segment struct {
	Definition
	prg cel.Program
	// where is the whole condition in SQL when full is true, else the
	// pre-filter of its compilable conjuncts (empty: none).
	where store.Where
	full  bool
}

// SQL reports whether the whole condition runs as SQL.
func (s *Segment) SQL() bool { return s.full }

var segmentName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Compile checks d, its condition against the typed fact schema, and
// compiles it.
func Compile(env *facts.Env, d Definition) (*Segment, error) {
	if !segmentName.MatchString(d.Name) {
		return nil, fmt.Errorf("segment name %q: %w: lower case letters, digits, - and _, at most 64", d.Name, ErrInvalid)
	}
	if d.When == "" {
		return nil, fmt.Errorf("segment %s: when: %w: empty condition", d.Name, ErrInvalid)
	}
	checked, err := env.Compile(d.When)
	if err != nil {
		return nil, fmt.Errorf("segment %s: when: %w: %s", d.Name, ErrInvalid, err)
	}
	prg, err := env.Eval.Program(checked)
	if err != nil {
		return nil, fmt.Errorf("segment %s: when: %w: %s", d.Name, ErrInvalid, err)
	}
	s := &Segment{Definition: d, prg: prg}
	root := checked.NativeRep().Expr()
	if s.where, s.full = compileSQL(root); !s.full {
		s.where, _ = prefilterSQL(root)
	}
	return s, nil
}

// CompileAll compiles definitions, refusing duplicate names.
func CompileAll(defs []Definition) ([]*Segment, error) {
	env, err := facts.NewContactEnv()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []*Segment
	for _, d := range defs {
		if seen[d.Name] {
			return nil, fmt.Errorf("segment %s: %w: defined twice", d.Name, ErrInvalid)
		}
		seen[d.Name] = true
		s, err := Compile(env, d)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Matches evaluates the segment on a fact map. A condition that fails to
// evaluate (a missing fact, a type mismatch) does not match, as NULL does
// not in SQL.
func (s *Segment) Matches(contact map[string]any, now time.Time) bool {
	out, _, err := s.prg.Eval(map[string]any{"contact": facts.CELMap(contact), "now": now})
	if err != nil {
		return false
	}
	b, ok := out.Value().(bool)
	return ok && b
}

// Engine keeps segment memberships.
type Engine struct {
	// Segments are the segments kept. Once the engine serves, change them
	// only through Put and Remove.
	Segments []*Segment
	mu       sync.RWMutex
	// OnChange receives every entry and exit in the transaction that
	// records it.
	OnChange func(ctx context.Context, tx *store.Tx, c Change) error
	Now      func() time.Time
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// List returns the segments kept now.
func (e *Engine) List() []*Segment {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return slices.Clone(e.Segments)
}

// Put adds a segment or replaces the one of the same name.
func (e *Engine) Put(s *Segment) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, old := range e.Segments {
		if old.Name == s.Name {
			e.Segments[i] = s
			return
		}
	}
	e.Segments = append(e.Segments, s)
}

// Remove stops keeping the named segment.
func (e *Engine) Remove(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.Segments = slices.DeleteFunc(e.Segments, func(s *Segment) bool { return s.Name == name })
}

// Segment returns the named segment or nil.
func (e *Engine) Segment(name string) *Segment {
	for _, s := range e.List() {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Update refreshes the facts of each contact and moves it into or out of
// every segment accordingly: the incremental path, run for the contacts an
// event touched. The contacts that count a given contact's wallets as
// delegated vaults are refreshed with it: its holdings and stakes are
// theirs too.
//
// Without segments it does nothing: stored facts only serve segments, and
// `beckon segments recompute --refresh-facts` brings them up to date when
// segments are added.
func (e *Engine) Update(ctx context.Context, tx *store.Tx, contactIDs ...int64) error {
	segments := e.List()
	if len(segments) == 0 {
		return nil
	}
	now := e.now()
	queue := slices.Clone(contactIDs)
	done := map[int64]bool{}
	for i := 0; i < len(queue); i++ {
		id := queue[i]
		if done[id] {
			continue
		}
		done[id] = true
		f, dependents, err := tx.RefreshContactFacts(ctx, id)
		if err != nil {
			return err
		}
		if i < len(contactIDs) {
			queue = append(queue, dependents...) // one level: a delegate's own delegates do not count its vaults
		}
		// Facts resolve merged contacts to their survivor.
		cid, _ := f[facts.KeyID].(int64)
		in := map[string]bool{}
		if segs, ok := f[facts.KeySegments].([]any); ok {
			for _, s := range segs {
				in[s.(string)] = true
			}
		}
		for _, s := range segments {
			match := s.Matches(f, now)
			if match == in[s.Name] {
				continue
			}
			changed, err := tx.SetSegmentMember(ctx, s.Name, cid, match, now)
			if err != nil {
				return err
			}
			if changed {
				if err := e.emit(ctx, tx, Change{Segment: s.Name, ContactID: cid, Entered: match, At: now}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (e *Engine) emit(ctx context.Context, tx *store.Tx, c Change) error {
	if e.OnChange == nil {
		return nil
	}
	if err := e.OnChange(ctx, tx, c); err != nil {
		return fmt.Errorf("segment %s change of contact %d: %w", c.Segment, c.ContactID, err)
	}
	return nil
}

// Result is what a recompute did.
type Result struct {
	Segment string `json:"segment"`
	Members int64  `json:"members"`
	Entered int    `json:"entered"`
	Exited  int    `json:"exited"`
	SQL     bool   `json:"sql"`
}

// evalBatch is how many contacts a CEL pass reads at once.
const evalBatch = 1000

// matching lists the contacts matching s now: set-based when s compiles
// to SQL (nil ids, use s.where), else pre-filtered and evaluated in CEL.
func (e *Engine) matching(ctx context.Context, tx *store.Tx, s *Segment, now time.Time, limit int) ([]int64, error) {
	var out []int64
	var after int64
	for {
		ids, err := tx.ContactsWhere(ctx, s.where, now, after, evalBatch)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			f, err := tx.ContactFacts(ctx, id)
			if err != nil {
				return nil, err
			}
			if s.Matches(f, now) {
				out = append(out, id)
				if limit > 0 && len(out) >= limit {
					return out, nil
				}
			}
		}
		if len(ids) < evalBatch {
			return out, nil
		}
		after = ids[len(ids)-1]
	}
}

// Recompute sets the segment's members from scratch, recording and
// emitting every entry and exit. Facts are used as stored; refresh them
// first (RefreshFacts) when events were processed without this engine.
func (e *Engine) Recompute(ctx context.Context, tx *store.Tx, s *Segment) (Result, error) {
	now := e.now()
	res := Result{Segment: s.Name, SQL: s.full}
	var members []int64
	if !s.full {
		var err error
		if members, err = e.matching(ctx, tx, s, now, 0); err != nil {
			return res, err
		}
		if members == nil {
			members = []int64{}
		}
	}
	entered, exited, err := tx.RecomputeSegment(ctx, s.Name, s.where, members, now)
	if err != nil {
		return res, err
	}
	res.Entered, res.Exited = len(entered), len(exited)
	for _, id := range exited {
		if err := e.emit(ctx, tx, Change{Segment: s.Name, ContactID: id, At: now}); err != nil {
			return res, err
		}
	}
	for _, id := range entered {
		if err := e.emit(ctx, tx, Change{Segment: s.Name, ContactID: id, Entered: true, At: now}); err != nil {
			return res, err
		}
	}
	if res.Members, err = tx.SegmentSize(ctx, s.Name); err != nil {
		return res, err
	}
	return res, nil
}

// Preview is a segment's size and a sample of its members, computed
// without saving anything.
type Preview struct {
	Segment string  `json:"segment"`
	Size    int64   `json:"size"`
	Sample  []int64 `json:"sample"`
	SQL     bool    `json:"sql"`
}

// Preview evaluates s without changing memberships.
func (e *Engine) Preview(ctx context.Context, tx *store.Tx, s *Segment, sample int) (Preview, error) {
	now := e.now()
	p := Preview{Segment: s.Name, SQL: s.full, Sample: []int64{}}
	if s.full {
		n, err := tx.CountWhere(ctx, s.where, now)
		if err != nil {
			return p, err
		}
		ids, err := tx.ContactsWhere(ctx, s.where, now, 0, sample)
		if err != nil {
			return p, err
		}
		p.Size, p.Sample = n, append(p.Sample, ids...)
		return p, nil
	}
	ids, err := e.matching(ctx, tx, s, now, 0)
	if err != nil {
		return p, err
	}
	p.Size = int64(len(ids))
	p.Sample = append(p.Sample, ids[:min(sample, len(ids))]...)
	return p, nil
}

// RefreshFacts recomputes the stored facts of every live contact, in
// batches of one transaction each; progress gets the running count.
func RefreshFacts(ctx context.Context, db *store.DB, progress func(n int)) (int, error) {
	start := db.Now()
	var after int64
	total := 0
	for {
		var ids []int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if ids, err = tx.StaleFactContacts(ctx, start, after, evalBatch); err != nil {
				return err
			}
			for _, id := range ids {
				if _, _, err := tx.RefreshContactFacts(ctx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(ids)
		if progress != nil {
			progress(total)
		}
		if len(ids) < evalBatch {
			return total, nil
		}
		after = ids[len(ids)-1]
	}
}

// HandleEvent keeps facts and memberships current for a processed event:
// holdings move for transfers and mints (store.Tx.ApplyHoldings), then the
// contacts it touched are re-evaluated (Touched). serve moves holdings in
// a hook of their own, before the tiers and roles that read them, and
// calls Touched last.
func (e *Engine) HandleEvent(ctx context.Context, tx *store.Tx, ev chain.Event, contactID int64) error {
	if _, err := tx.ApplyHoldings(ctx, ev, 1); err != nil {
		return err
	}
	return e.Touched(ctx, tx, ev, contactID)
}

// HandleRemoved undoes an event a reorg orphaned and re-evaluates the
// contacts it touched.
func (e *Engine) HandleRemoved(ctx context.Context, tx *store.Tx, ev chain.Event) error {
	if _, err := tx.ApplyHoldings(ctx, ev, -1); err != nil {
		return err
	}
	return e.Touched(ctx, tx, ev, 0)
}

// Touched re-evaluates the contacts an event touched, its holdings moved:
// contactID (the event wallet's, resolved by the caller; 0 when unknown)
// and every contact holding through the event's wallet or the wallets
// whose holdings moved, as owner or as delegate of the vault. The event
// wallet's delegates come with contactID's refresh (Update), so a mint or
// a stake to a known contact needs no lookup here.
func (e *Engine) Touched(ctx context.Context, tx *store.Tx, ev chain.Event, contactID int64) error {
	if len(e.List()) == 0 {
		return nil // see Update
	}
	var ids []int64
	if contactID != 0 {
		ids = append(ids, contactID)
	}
	var others []common.Address
	for _, w := range append(store.HoldingParties(ev), ev.Wallet) {
		if (contactID == 0 || w != ev.Wallet) && !slices.Contains(others, w) {
			others = append(others, w)
		}
	}
	holders, err := tx.HolderContacts(ctx, others, contactID)
	if err != nil {
		return err
	}
	return e.Update(ctx, tx, append(ids, holders...)...)
}
