package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/beckonhq/beckon/crm/score"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/store"
)

const scoresUsage = `Usage:
  beckon scores train [--window D] [--dry-run] [--json]

Trains the churn model (logistic regression) on this install's history:
features as of now−window, label "unstaked or inactive within the window".
Prints the features, coefficients and holdout AUC, stores the model (unless
--dry-run) and refreshes every contact's scores. Until a model is trained,
churn risk is the heuristic documented in docs/crm.md.
Takes --config FILE, --data-dir DIR and --help.`

type trainReport struct {
	Features     []string           `json:"features"`
	Coefficients map[string]float64 `json:"coefficients"`
	Intercept    float64            `json:"intercept"`
	HoldoutAUC   float64            `json:"holdout_auc"`
	Train        int                `json:"train_contacts"`
	Holdout      int                `json:"holdout_contacts"`
	Churners     int                `json:"churners"`
	WindowDays   float64            `json:"window_days"`
	Saved        bool               `json:"saved"`
	Rescored     int                `json:"rescored"`
}

func (m *Main) scores(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "train" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(m.Stdout, scoresUsage)
			return nil
		}
		return &usageError{scoresUsage}
	}
	fs := m.flagSet("scores train [flags]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	window := fs.Duration("window", 0, "churn window (default: scores.churn_window, 720h)")
	dryRun := fs.Bool("dry-run", false, "train and report; store nothing")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 || *window < 0 {
		return &usageError{"scores train: no arguments, and --window must be positive"}
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	if *window == 0 {
		*window = cfg.Scores.window()
	}
	db, err := openStore(ctx, cfg, *dataDir, m.logger(cfg.LogLevel, false))
	if err != nil {
		return err
	}
	defer db.Close()
	var hist []score.History
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		hist, err = tx.ScoreHistories(ctx)
		return err
	}); err != nil {
		return err
	}
	model, err := score.Train(hist, score.TrainOptions{Window: *window, Now: db.Now()})
	if errors.Is(err, score.ErrTooLittleHistory) {
		return fmt.Errorf("scores train: %w", err)
	}
	if err != nil {
		return err
	}
	rep := trainReport{Features: model.Features, Coefficients: map[string]float64{}, Intercept: model.Intercept,
		HoldoutAUC: model.AUC, Train: model.Train, Holdout: model.Holdout, Churners: model.Churners, WindowDays: model.WindowDays}
	for i, f := range model.Features {
		rep.Coefficients[f] = model.Coef[i]
	}
	if !*dryRun {
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.SaveChurnModel(ctx, model) }); err != nil {
			return err
		}
		rep.Saved = true
		// Make every stored score come from the new model.
		if rep.Rescored, err = segment.RefreshFacts(ctx, db, nil); err != nil {
			return err
		}
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(rep)
	}
	fmt.Fprintf(m.Stdout, "churn model: %d training contacts, %d holdout, %d churners within %.0f days\n", rep.Train, rep.Holdout, rep.Churners, rep.WindowDays)
	fmt.Fprintf(m.Stdout, "holdout AUC: %.3f\n", rep.HoldoutAUC)
	fmt.Fprintf(m.Stdout, "%-18s %10s\n", "feature", "coef")
	fmt.Fprintf(m.Stdout, "%-18s %10.4f\n", "(intercept)", rep.Intercept)
	for _, f := range rep.Features {
		fmt.Fprintf(m.Stdout, "%-18s %10.4f\n", f, rep.Coefficients[f])
	}
	if rep.Saved {
		fmt.Fprintf(m.Stdout, "saved; rescored %d contacts\n", rep.Rescored)
	}
	return nil
}
