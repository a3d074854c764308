// Package score computes a contact's engagement score and churn risk from
// its on-chain and engagement history, and trains the churn model: a
// logistic regression on the project's own history.
//
// Until a model is trained, churn risk is the documented heuristic
// (Heuristic); engagement is always the weighted heuristic of Engagement.
package score

import (
	"math"
	"sort"
	"time"
)

// Event kinds the features read; they match chain.Kind values.
const (
	KindMint     = "mint"
	KindTransfer = "transfer"
	KindStake    = "stake"
	KindUnstake  = "unstake"
	KindVote     = "vote"
	KindProposal = "proposal"
	KindClaim    = "claim"
)

// Event is one dated thing a contact did.
type Event struct {
	Kind string
	At   time.Time
	// Amount is the staked or unstaked amount (stake events only).
	Amount float64
}

// History is what scores are computed from: a contact's events in time
// order and its engagement outside the chain.
type History struct {
	ContactID int64
	Events    []Event
	// Handles counts linked non-wallet identities (email, Discord, Telegram):
	// a contact who linked a bot account or an inbox is reachable.
	Handles int
	// Tokens is the number of tokens the contact holds now.
	Tokens float64
}

// Feature names, in vector order.
var featureNames = []string{
	"recency_days", "events_30d", "events_90d", "tenure_days", "tokens_received",
	"staked", "unstakes_90d", "stake_change_90d", "governance_90d", "handles",
}

// FeatureNames lists the model's features in vector order.
func FeatureNames() []string { return append([]string(nil), featureNames...) }

const day = 24 * time.Hour

// Features computes the feature vector of h as of asOf, reading only events
// at or before asOf. ok is false when the contact had no activity by then.
func Features(h History, asOf time.Time) (x []float64, ok bool) {
	var first, last time.Time
	var ev30, ev90, received, unstakes90, stakeChange90, gov90 float64
	staked := 0.0
	for _, e := range h.Events {
		if e.At.After(asOf) {
			continue
		}
		if first.IsZero() || e.At.Before(first) {
			first = e.At
		}
		if e.At.After(last) {
			last = e.At
		}
		age := asOf.Sub(e.At)
		if age <= 30*day {
			ev30++
		}
		in90 := age <= 90*day
		if in90 {
			ev90++
		}
		switch e.Kind {
		case KindMint, KindTransfer:
			received++
		case KindStake:
			staked += e.Amount
			if in90 {
				stakeChange90++
			}
		case KindUnstake:
			staked -= e.Amount
			if in90 {
				unstakes90++
				stakeChange90--
			}
		case KindVote, KindProposal:
			if in90 {
				gov90++
			}
		}
	}
	if first.IsZero() {
		return nil, false
	}
	isStaked := 0.0
	if staked > 0 {
		isStaked = 1
	}
	return []float64{
		math.Min(asOf.Sub(last).Hours()/24, 365),
		ev30, ev90,
		math.Min(asOf.Sub(first).Hours()/24, 365),
		math.Log1p(received),
		isStaked, unstakes90, stakeChange90, gov90,
		float64(h.Handles),
	}, true
}

// Churned is the training label: the contact unstaked, or did nothing at
// all, within window after asOf.
func Churned(h History, asOf time.Time, window time.Duration) bool {
	active := false
	for _, e := range h.Events {
		if !e.At.After(asOf) || e.At.After(asOf.Add(window)) {
			continue
		}
		if e.Kind == KindUnstake {
			return true
		}
		active = true
	}
	return !active
}

// Heuristic is the churn risk (0–1) used until a model is trained:
//
//	logistic(−1.5 + 0.04·recency_days − 0.6·ln(1+events_90d) − 0.8·staked
//	         + 0.7·unstakes_90d − 0.3·ln(1+governance_90d) − 0.2·handles)
//
// Long silence and recent unstaking raise it; recent activity, an open
// stake, governance and reachable handles lower it.
func Heuristic(x []float64) float64 {
	z := -1.5 + 0.04*x[0] - 0.6*math.Log1p(x[2]) - 0.8*x[5] + 0.7*x[6] - 0.3*math.Log1p(x[8]) - 0.2*x[9]
	return sigmoid(z)
}

// Engagement is the engagement score, 0–100, as of asOf:
//
//	100 · (0.30·exp(−recency_days/30) + 0.20·min(1, ln(1+events_90d)/ln 51)
//	     + 0.15·min(1, ln(1+tokens)/ln 11) + 0.15·staked
//	     + 0.10·min(1, governance_90d/5) + 0.10·min(1, handles/3))
//
// A contact with no activity scores only for its handles.
func Engagement(h History, asOf time.Time) float64 {
	handles := 0.10 * math.Min(1, float64(h.Handles)/3)
	x, ok := Features(h, asOf)
	if !ok {
		return round2(100 * handles)
	}
	s := 0.30*math.Exp(-x[0]/30) +
		0.20*math.Min(1, math.Log1p(x[2])/math.Log(51)) +
		0.15*math.Min(1, math.Log1p(h.Tokens)/math.Log(11)) +
		0.15*x[5] +
		0.10*math.Min(1, x[8]/5) +
		handles
	return round2(100 * s)
}

// Scores are a contact's computed scores.
type Scores struct {
	Engagement float64 `json:"engagement"`
	ChurnRisk  float64 `json:"churn_risk"`
}

// Compute scores h as of asOf with model m (nil: the heuristic). A contact
// with no activity has churn risk 1: it has nothing left to lose.
func Compute(h History, asOf time.Time, m *Model) Scores {
	s := Scores{Engagement: Engagement(h, asOf), ChurnRisk: 1}
	if x, ok := Features(h, asOf); ok {
		if m != nil {
			s.ChurnRisk = m.Predict(x)
		} else {
			s.ChurnRisk = Heuristic(x)
		}
	}
	s.ChurnRisk = math.Round(s.ChurnRisk*1e4) / 1e4
	return s
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// AUC is the area under the ROC curve of scores against labels (the
// probability that a random positive outranks a random negative, ties
// counting half). It is NaN when one class is missing.
func AUC(scores []float64, labels []bool) float64 {
	type pair struct {
		s float64
		y bool
	}
	ps := make([]pair, len(scores))
	var pos, neg float64
	for i := range scores {
		ps[i] = pair{scores[i], labels[i]}
		if labels[i] {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].s < ps[j].s })
	// Sum of positive ranks, ties sharing their average rank.
	var rankSum float64
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && ps[j].s == ps[i].s {
			j++
		}
		avg := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if ps[k].y {
				rankSum += avg
			}
		}
		i = j
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
