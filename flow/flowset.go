package flow

import (
	"sync/atomic"
)

// flowSet is one generation of the engine's flows. Definitions never
// change once built, so workers that read a set keep a consistent view
// while a newer one replaces it.
type flowSet struct {
	starting []*Definition
	all      []*Definition          // starting, then draining
	byName   map[string]*Definition // every flow of all
}

// liveFlows holds the current set; a pointer so that copies of the
// engine (simulations) do not copy the atomic value.
type liveFlows struct{ p atomic.Pointer[flowSet] }

// SetFlows replaces the engine's flows while its workers run. Starting
// flows are matched against triggers; draining flows start nothing, but
// runs already under way in them keep going (a flow disabled through the
// API). It is safe concurrently with every worker registered by
// Workers.
func (e *Engine) SetFlows(starting, draining []*Definition) {
	s := &flowSet{starting: starting, byName: make(map[string]*Definition, len(starting)+len(draining))}
	for _, d := range append(append([]*Definition{}, starting...), draining...) {
		if s.byName[d.Name] == nil {
			s.byName[d.Name] = d
			s.all = append(s.all, d)
		}
	}
	e.initFlows()
	e.live.p.Store(s)
}

// initFlows makes the holder SetFlows stores into. Workers calls it, so
// that SetFlows never writes the field while workers read it.
func (e *Engine) initFlows() {
	if e.live == nil {
		e.live = &liveFlows{}
	}
}

// Definitions returns the flows that may start runs now: the last list
// given to SetFlows, or Flows when SetFlows was never called.
func (e *Engine) Definitions() []*Definition {
	if s := e.set(); s != nil {
		return s.starting
	}
	return e.Flows
}

// allFlows returns starting and draining flows, for what concerns runs
// already under way (goals, event waits).
func (e *Engine) allFlows() []*Definition {
	if s := e.set(); s != nil {
		return s.all
	}
	return e.Flows
}

// lookup finds a starting or draining flow by name.
func (e *Engine) lookup(name string) *Definition {
	if s := e.set(); s != nil {
		return s.byName[name]
	}
	for _, d := range e.Flows {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func (e *Engine) set() *flowSet {
	if e.live == nil {
		return nil
	}
	return e.live.p.Load()
}
