package score

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Model is a trained logistic churn model over standardised features.
type Model struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Std       []float64 `json:"std"`
	Coef      []float64 `json:"coefficients"`
	Intercept float64   `json:"intercept"`
	// Holdout metrics and sizes.
	AUC        float64   `json:"holdout_auc"`
	Train      int       `json:"train_contacts"`
	Holdout    int       `json:"holdout_contacts"`
	Churners   int       `json:"churners"`
	WindowDays float64   `json:"window_days"`
	AsOf       time.Time `json:"as_of"`
}

// Predict returns the churn probability of feature vector x.
func (m *Model) Predict(x []float64) float64 {
	z := m.Intercept
	for i := range m.Coef {
		if i < len(x) {
			z += m.Coef[i] * (x[i] - m.Mean[i]) / m.Std[i]
		}
	}
	return sigmoid(z)
}

// ErrTooLittleHistory means there is not enough history to train on.
var ErrTooLittleHistory = errors.New("too little history to train")

// TrainOptions tune Train.
type TrainOptions struct {
	// Window is the churn label's horizon: features are taken at
	// Now−Window and the label looks at (Now−Window, Now]. Default 30 days.
	Window time.Duration
	// Now is the end of the history; default time.Now().
	Now time.Time
}

// Train fits the churn model on histories: features as of Now−Window, label
// Churned within Window. Every fifth contact (by id) is held out and the
// holdout AUC reported. It needs at least 20 active contacts with both
// churners and stayers in the training and holdout sets.
func Train(histories []History, opt TrainOptions) (*Model, error) {
	if opt.Window <= 0 {
		opt.Window = 30 * day
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	asOf := opt.Now.Add(-opt.Window)
	var trainX, holdX [][]float64
	var trainY, holdY []bool
	churners := 0
	for _, h := range histories {
		x, ok := Features(h, asOf)
		if !ok {
			continue
		}
		y := Churned(h, asOf, opt.Window)
		if y {
			churners++
		}
		if h.ContactID%5 == 0 {
			holdX, holdY = append(holdX, x), append(holdY, y)
		} else {
			trainX, trainY = append(trainX, x), append(trainY, y)
		}
	}
	if len(trainX)+len(holdX) < 20 || !mixed(trainY) || !mixed(holdY) {
		return nil, fmt.Errorf("%w: %d active contacts as of %s, %d churned within %s (need 20, with churners and stayers in both the training and holdout sets)",
			ErrTooLittleHistory, len(trainX)+len(holdX), asOf.Format(time.DateOnly), churners, opt.Window)
	}
	m := fit(trainX, trainY)
	m.AsOf, m.WindowDays, m.Churners = asOf, opt.Window.Hours()/24, churners
	m.Train, m.Holdout = len(trainX), len(holdX)
	preds := make([]float64, len(holdX))
	for i, x := range holdX {
		preds[i] = m.Predict(x)
	}
	m.AUC = AUC(preds, holdY)
	return m, nil
}

func mixed(ys []bool) bool {
	var t, f bool
	for _, y := range ys {
		t, f = t || y, f || !y
	}
	return t && f
}

// fit runs batch gradient descent with a small L2 penalty on standardised
// features: a dozen features and thousands of rows converge well within
// the fixed number of steps.
func fit(xs [][]float64, ys []bool) *Model {
	n, k := len(xs), len(featureNames)
	m := &Model{Features: FeatureNames(), Mean: make([]float64, k), Std: make([]float64, k), Coef: make([]float64, k)}
	for _, x := range xs {
		for j := range k {
			m.Mean[j] += x[j] / float64(n)
		}
	}
	for _, x := range xs {
		for j := range k {
			d := x[j] - m.Mean[j]
			m.Std[j] += d * d / float64(n)
		}
	}
	for j := range k {
		m.Std[j] = math.Sqrt(m.Std[j])
		if m.Std[j] < 1e-9 {
			m.Std[j] = 1 // a constant feature: its coefficient stays 0
		}
	}
	z := make([][]float64, n)
	for i, x := range xs {
		z[i] = make([]float64, k)
		for j := range k {
			z[i][j] = (x[j] - m.Mean[j]) / m.Std[j]
		}
	}
	const steps, rate, l2 = 800, 0.5, 1e-3
	grad := make([]float64, k)
	for range steps {
		clear(grad)
		g0 := 0.0
		for i := range z {
			p := sigmoid(m.Intercept + dot(m.Coef, z[i]))
			y := 0.0
			if ys[i] {
				y = 1
			}
			d := p - y
			g0 += d
			for j := range k {
				grad[j] += d * z[i][j]
			}
		}
		m.Intercept -= rate * g0 / float64(n)
		for j := range k {
			m.Coef[j] -= rate * (grad[j]/float64(n) + l2*m.Coef[j])
		}
	}
	return m
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
