package score

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// generate makes n contact histories over 200 days ending at now, where a
// known third are churners: their activity fades, and within the last 30
// days they unstake or go silent. Stayers keep acting. Noise blurs both.
func generate(n int, now time.Time, seed uint64) (hs []History, churner map[int64]bool) {
	r := rand.New(rand.NewPCG(seed, 1))
	churner = map[int64]bool{}
	start := now.Add(-200 * day)
	cutoff := now.Add(-30 * day)
	for id := int64(1); id <= int64(n); id++ {
		churns := r.Float64() < 0.33
		churner[id] = churns
		h := History{ContactID: id, Handles: r.IntN(3)}
		// Daily activity rate, fading for churners as the cutoff nears.
		rate := 0.05 + r.Float64()*0.15
		staked := false
		for d := 0; d < 200; d++ {
			at := start.Add(time.Duration(d)*day + time.Duration(r.IntN(86400))*time.Second)
			p := rate
			if churns && at.Before(cutoff) {
				p *= 1.2 * float64(170-d) / 170 // fading
				if p < 0 {
					p = 0
				}
			}
			if churns && at.After(cutoff) {
				// Most churners go silent; some come back only to unstake.
				if staked && r.Float64() < 0.03 {
					h.Events = append(h.Events, Event{Kind: KindUnstake, At: at, Amount: 1})
					staked = false
				}
				continue
			}
			if r.Float64() >= p {
				continue
			}
			kind := []string{KindMint, KindTransfer, KindVote, KindStake, KindClaim}[r.IntN(5)]
			if kind == KindStake {
				if staked && r.Float64() < 0.3 {
					kind = KindUnstake
				}
				staked = kind == KindStake
			}
			h.Events = append(h.Events, Event{Kind: kind, At: at, Amount: 1})
		}
		hs = append(hs, h)
	}
	return hs, churner
}

func TestTrainFindsKnownChurners(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	hs, _ := generate(3000, now, 7)
	m, err := Train(hs, TrainOptions{Window: 30 * day, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if m.AUC <= 0.8 {
		t.Fatalf("holdout AUC %.3f, want > 0.8", m.AUC)
	}
	if len(m.Coef) != len(FeatureNames()) || m.Holdout == 0 || m.Train < 4*m.Holdout/2 {
		t.Fatalf("model shape: %d coefficients, train %d, holdout %d", len(m.Coef), m.Train, m.Holdout)
	}
	// Recency must push risk up: the fading churners were silent longest.
	if m.Coef[0] <= 0 {
		t.Fatalf("recency coefficient %.3f, want > 0", m.Coef[0])
	}
	// Scored against the known truth on fresh data, not the labels it saw.
	fresh, truth := generate(1000, now, 99)
	var preds []float64
	var labels []bool
	for _, h := range fresh {
		x, ok := Features(h, now.Add(-30*day))
		if !ok {
			continue
		}
		preds, labels = append(preds, m.Predict(x)), append(labels, truth[h.ContactID])
	}
	if auc := AUC(preds, labels); auc <= 0.8 {
		t.Fatalf("AUC against known churners %.3f, want > 0.8", auc)
	}
}

func TestTrainNeedsHistory(t *testing.T) {
	t.Parallel()
	now := time.Now()
	_, err := Train([]History{{ContactID: 1, Events: []Event{{Kind: KindMint, At: now.Add(-40 * day)}}}}, TrainOptions{Now: now})
	if err == nil {
		t.Fatal("trained on one contact")
	}
}

func TestAUC(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s    []float64
		y    []bool
		want float64
	}{
		{[]float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{[]float64{0.9, 0.8, 0.2, 0.1}, []bool{false, false, true, true}, 0},
		{[]float64{0.5, 0.5, 0.5, 0.5}, []bool{false, true, false, true}, 0.5},
		{[]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
	}
	for _, c := range cases {
		if got := AUC(c.s, c.y); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("AUC(%v, %v) = %v, want %v", c.s, c.y, got, c.want)
		}
	}
	if !math.IsNaN(AUC([]float64{1}, []bool{true})) {
		t.Error("one class must give NaN")
	}
}

func TestHeuristicAndEngagementOrder(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	active := History{Handles: 2, Tokens: 3}
	for d := 1; d <= 60; d += 3 {
		active.Events = append(active.Events, Event{Kind: KindVote, At: now.Add(-time.Duration(d) * day)})
	}
	active.Events = append(active.Events, Event{Kind: KindStake, At: now.Add(-50 * day), Amount: 5})
	idle := History{Events: []Event{{Kind: KindMint, At: now.Add(-300 * day)}}}
	a, i := Compute(active, now, nil), Compute(idle, now, nil)
	if a.ChurnRisk >= i.ChurnRisk {
		t.Fatalf("churn risk active %.3f ≥ idle %.3f", a.ChurnRisk, i.ChurnRisk)
	}
	if a.Engagement <= i.Engagement || a.Engagement > 100 || i.Engagement < 0 {
		t.Fatalf("engagement active %.2f, idle %.2f", a.Engagement, i.Engagement)
	}
	if s := Compute(History{}, now, nil); s.ChurnRisk != 1 || s.Engagement != 0 {
		t.Fatalf("no history: %+v", s)
	}
}
