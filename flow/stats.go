package flow

import (
	"math"
	"sort"
)

// RunCount is how many runs of a flow are in a status at a step, and how
// many of them converted.
type RunCount struct {
	Status, Step string
	N, Converted int64
}

// EffectCount is how many effects of a step ended in a status.
type EffectCount struct {
	Step, Kind, Status string
	N                  int64
}

// VariantCount is how many runs a split sent down a variant, and how many
// of those converted.
type VariantCount struct {
	Step, Variant string
	N, Converted  int64
}

// Stats is what `beckon flows stats` reports.
type Stats struct {
	Flow      string         `json:"flow"`
	Entered   int64          `json:"entered"`
	Completed int64          `json:"completed"`
	Exited    int64          `json:"exited"`
	Converted int64          `json:"converted"`
	Active    int64          `json:"active"`
	Failed    int64          `json:"failed"`
	Cancelled int64          `json:"cancelled"`
	Steps     []StepStats    `json:"steps"`
	Variants  []VariantStats `json:"variants,omitempty"`
}

// StepStats counts one step. Entered is every run that reached it;
// Completed those past it (effect done, skipped or uncertain, or moved
// on); Exited and Converted those whose journey ended there.
type StepStats struct {
	Step      string `json:"step"`
	Type      string `json:"type"`
	Entered   int64  `json:"entered"`
	Completed int64  `json:"completed"`
	Skipped   int64  `json:"skipped"`
	Exited    int64  `json:"exited"`
	Converted int64  `json:"converted"`
	Active    int64  `json:"active"`
	Failed    int64  `json:"failed"`
}

// VariantStats is one arm of a split with its conversion rate and the
// two-sided p-value of a two-proportion z-test against the split's
// holdout (or, without one, its first variant).
type VariantStats struct {
	Step      string  `json:"step"`
	Variant   string  `json:"variant"`
	Entered   int64   `json:"entered"`
	Converted int64   `json:"converted"`
	Rate      float64 `json:"rate"`
	Baseline  string  `json:"baseline,omitempty"`
	PValue    float64 `json:"p_value"`
}

// BuildStats turns raw counts into per-flow, per-step and per-variant
// figures.
func BuildStats(def *Definition, runs []RunCount, effects []EffectCount, variants []VariantCount) Stats {
	s := Stats{Flow: def.Name}
	steps := map[string]*StepStats{}
	stat := func(path string) *StepStats {
		if st, ok := steps[path]; ok {
			return st
		}
		st := &StepStats{Step: path}
		if step, ok := def.Step(path); ok {
			st.Type = step.Type
		}
		steps[path] = st
		return st
	}
	for _, r := range runs {
		s.Entered += r.N
		s.Converted += r.Converted
		st := stat(r.Step)
		if r.Step == "" {
			st = nil
		}
		switch r.Status {
		case RunCompleted:
			s.Completed += r.N
		case RunExited:
			s.Exited += r.N
			if st != nil {
				st.Exited += r.N
			}
		case RunConverted:
			if st != nil {
				st.Converted += r.N
			}
		case RunRunning, RunWaiting:
			s.Active += r.N
			if st != nil {
				st.Active += r.N
			}
		case RunFailed:
			s.Failed += r.N
			if st != nil {
				st.Failed += r.N
			}
		case RunCancelled:
			s.Cancelled += r.N
		}
	}
	delete(steps, "")
	for _, e := range effects {
		st := stat(e.Step)
		st.Entered += e.N
		switch e.Status {
		case EffectDone, EffectUncertain:
			st.Completed += e.N
		case EffectSkipped:
			st.Completed += e.N
			st.Skipped += e.N
		}
	}
	// Runs parked at a step without an effect row (waits, failures) have
	// entered it too.
	for _, st := range steps {
		if st.Entered == 0 || st.Type == StepWait || st.Type == StepIf {
			st.Entered += st.Active + st.Failed + st.Exited + st.Converted
		}
	}
	for _, st := range steps {
		s.Steps = append(s.Steps, *st)
	}
	sort.Slice(s.Steps, func(i, j int) bool { return s.Steps[i].Step < s.Steps[j].Step })

	byStep := map[string][]VariantCount{}
	for _, v := range variants {
		byStep[v.Step] = append(byStep[v.Step], v)
	}
	for step, vs := range byStep {
		sort.Slice(vs, func(i, j int) bool { return vs[i].Variant < vs[j].Variant })
		base := vs[0]
		for _, v := range vs {
			if v.Variant == "holdout" {
				base = v
			}
		}
		for _, v := range vs {
			out := VariantStats{Step: step, Variant: v.Variant, Entered: v.N, Converted: v.Converted}
			if v.N > 0 {
				out.Rate = float64(v.Converted) / float64(v.N)
			}
			if v != base {
				out.Baseline = base.Variant
				out.PValue = TwoProportionP(base.Converted, base.N, v.Converted, v.N)
			} else {
				out.PValue = math.NaN()
			}
			s.Variants = append(s.Variants, out)
		}
	}
	sort.Slice(s.Variants, func(i, j int) bool {
		a, b := s.Variants[i], s.Variants[j]
		return a.Step < b.Step || (a.Step == b.Step && a.Variant < b.Variant)
	})
	for i := range s.Variants {
		if math.IsNaN(s.Variants[i].PValue) {
			s.Variants[i].PValue = 1 // the baseline against itself; JSON has no NaN
		}
	}
	return s
}

// TwoProportionP is the two-sided p-value of a pooled two-proportion
// z-test of x1/n1 against x2/n2; NaN when either group is empty.
func TwoProportionP(x1, n1, x2, n2 int64) float64 {
	if n1 <= 0 || n2 <= 0 {
		return math.NaN()
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pool := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 1
	}
	z := math.Abs(p1-p2) / se
	return math.Erfc(z / math.Sqrt2)
}
