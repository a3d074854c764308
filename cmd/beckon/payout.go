package main

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// defaultPayoutMaxFeeGwei caps payout fees when rewards.max_fee_gwei is unset.
const defaultPayoutMaxFeeGwei = 100

// batchName is what --batch accepts; it becomes part of allocation keys.
var batchName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// payoutLine is one payout in the output of rewards payout.
type payoutLine struct {
	Key      string `json:"key"`
	To       string `json:"to"`
	Amount   string `json:"amount"`
	Status   string `json:"status,omitempty"`
	Nonce    *int64 `json:"nonce,omitempty"`
	Tx       string `json:"tx,omitempty"`
	Attempts int    `json:"attempts,omitempty"`
	Block    uint64 `json:"block,omitempty"`
	Error    string `json:"error,omitempty"`
}

// payoutOutput is what rewards payout prints; the keys are a stable interface.
type payoutOutput struct {
	Batch     string       `json:"batch"`
	DryRun    bool         `json:"dry_run"`
	ChainID   uint64       `json:"chain_id,omitempty"`
	Token     string       `json:"token,omitempty"`
	From      string       `json:"from,omitempty"`
	New       int          `json:"new"`
	Confirmed int          `json:"confirmed"`
	Failed    int          `json:"failed"`
	Pending   int          `json:"pending"`
	Total     string       `json:"total"`
	Paid      string       `json:"paid"`
	Payouts   []payoutLine `json:"payouts"`
}

// rewardsPayout pays an allocations file from the hot wallet with direct
// ERC-20 transfers. Running it again after a crash resumes the batch and
// never pays an allocation twice.
func (m *Main) rewardsPayout(ctx context.Context, args []string) error {
	fs := m.flagSet("rewards payout --allocations FILE.csv --batch NAME [--dry-run] [--json] [--config FILE] [--data-dir DIR]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded SQLite database when no database_url is set")
	file := fs.String("allocations", "", "CSV file with the header address,amount; amounts in token base units (omit to pay what is already planned in the batch, such as flow payouts in batch flows)")
	batch := fs.String("batch", "", "payout batch name; the same file paid under the same name is paid once (required)")
	dryRun := fs.Bool("dry-run", false, "print what would be paid; touch neither the database nor the chain nor the keystore")
	asJSON := fs.Bool("json", false, "print one JSON object")
	stuckAfter := fs.Duration("stuck-after", rewards.DefaultPayoutStuckAfter, "replace a transfer not mined after this long with the same nonce and higher fees")
	gasLimit := fs.Uint64("gas-limit", 0, "gas limit of each transfer; 0 estimates it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{fmt.Sprintf("rewards payout: unexpected argument %q", fs.Arg(0))}
	case *file == "" && *dryRun:
		return &usageError{"rewards payout: --dry-run needs --allocations"}
	case !batchName.MatchString(*batch):
		return &usageError{fmt.Sprintf("rewards payout: --batch %q must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", *batch)}
	case *stuckAfter <= 0:
		return &usageError{"rewards payout: --stuck-after must be positive"}
	}
	var planned []rewards.PayoutAllocation
	if *file != "" {
		allocs, err := readAllocations(*file)
		if err != nil {
			return err
		}
		planned = rewards.BatchAllocations(*batch, allocs)
	}
	total := new(big.Int)
	for _, a := range planned {
		total.Add(total, a.Amount)
	}
	if *dryRun {
		out := payoutOutput{Batch: *batch, DryRun: true, Total: total.String(), Paid: "0"}
		for _, a := range planned {
			out.Payouts = append(out.Payouts, payoutLine{Key: a.Key, To: a.To.Hex(), Amount: a.Amount.String()})
		}
		return m.printPayout(out, *asJSON)
	}

	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	set, err := cfg.rewardsSettings()
	if err != nil {
		return err
	}
	switch {
	case !common.IsHexAddress(cfg.Rewards.Token):
		return cfg.errorf("rewards.token", "%q is not a 0x-prefixed 20-byte hex address", cfg.Rewards.Token)
	case cfg.Rewards.BatchSize < 0:
		return cfg.errorf("rewards.batch_size", "must not be negative (0: %d)", rewards.DefaultPayoutBatchSize)
	}
	maxFee := set.maxFeeCap
	if maxFee == nil {
		maxFee = new(big.Int).Mul(big.NewInt(defaultPayoutMaxFeeGwei), big.NewInt(1e9))
	}
	signer, err := m.hotWalletSigner(cfg)
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false).With("command", "rewards payout", "batch", *batch)
	client, err := dialRewardsChain(ctx, cfg, set.chain)
	if err != nil {
		return err
	}
	defer client.Close()
	db, err := openStore(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer db.Close()

	p, err := rewards.NewPayer(rewards.PayerConfig{
		ChainID: set.chain.ChainID, Token: common.HexToAddress(cfg.Rewards.Token), Client: client,
		Store: &store.Payouts{DB: db}, Signer: signer, MaxFee: maxFee, BatchSize: cfg.Rewards.BatchSize,
		Confirmations: uint64(set.chain.Confirmations), GasLimit: *gasLimit, PollInterval: set.poll,
		StuckAfter: *stuckAfter, Log: log,
	})
	if err != nil {
		return err
	}
	n, err := p.Plan(ctx, *batch, planned)
	if err != nil {
		return err
	}
	rep, err := p.Run(ctx, *batch)
	if err != nil {
		return fmt.Errorf("rewards payout: %w (run the same command again to resume; nothing is paid twice)", err)
	}
	if *file == "" { // resuming: the batch is what was planned
		for _, po := range rep.Payouts {
			total.Add(total, po.Amount)
		}
	}
	out := payoutOutput{Batch: *batch, ChainID: set.chain.ChainID, Token: common.HexToAddress(cfg.Rewards.Token).Hex(),
		From: p.From().Hex(), New: n, Confirmed: rep.Confirmed, Failed: rep.Failed, Pending: rep.Pending,
		Total: total.String(), Paid: rep.Paid.String()}
	for _, po := range rep.Payouts {
		l := payoutLine{Key: po.Key, To: po.To.Hex(), Amount: po.Amount.String(), Status: string(po.Status),
			Attempts: po.Attempts, Block: po.Block, Error: po.Error}
		if po.HasNonce {
			nonce := int64(po.Nonce)
			l.Nonce = &nonce
		}
		if po.TxHash != (common.Hash{}) {
			l.Tx = po.TxHash.Hex()
		}
		out.Payouts = append(out.Payouts, l)
	}
	if err := m.printPayout(out, *asJSON); err != nil {
		return err
	}
	if rep.Failed > 0 {
		return fmt.Errorf("rewards payout: %d of %d payouts failed and were not paid; they are never retried automatically", rep.Failed, len(rep.Payouts))
	}
	return nil
}

func (m *Main) printPayout(out payoutOutput, asJSON bool) error {
	if out.Payouts == nil {
		out.Payouts = []payoutLine{}
	}
	if asJSON {
		return jsonEncoder(m.Stdout).Encode(out)
	}
	w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	if out.DryRun {
		fmt.Fprintf(w, "dry run of batch %s: would pay %d transfers, %s base units in total\n\n", out.Batch, len(out.Payouts), out.Total)
		fmt.Fprintln(w, "TO\tAMOUNT\tKEY")
		for _, l := range out.Payouts {
			fmt.Fprintf(w, "%s\t%s\t%s\n", l.To, l.Amount, l.Key)
		}
		return w.Flush()
	}
	fmt.Fprintf(w, "batch %s from %s on chain %d: %d confirmed, %d failed, %d pending; paid %s of %s base units\n\n",
		out.Batch, out.From, out.ChainID, out.Confirmed, out.Failed, out.Pending, out.Paid, out.Total)
	fmt.Fprintln(w, "TO\tAMOUNT\tSTATUS\tTX\tNOTE")
	for _, l := range out.Payouts {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", l.To, l.Amount, l.Status, l.Tx, l.Error)
	}
	return w.Flush()
}
