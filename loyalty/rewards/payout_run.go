package rewards

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/beckonhq/beckon/abi/token"
)

// Defaults of PayerConfig.
const (
	DefaultPayoutBatchSize    = 50
	DefaultPayoutPollInterval = 2 * time.Second
	DefaultPayoutStuckAfter   = 3 * time.Minute
	// payoutGasMargin is added, in percent, to estimated gas limits.
	payoutGasMargin = 25
)

// PayerConfig configures a Payer.
type PayerConfig struct {
	ChainID uint64         // chain the token lives on; signed into every transaction
	Token   common.Address // ERC-20 paid out
	Client  PayoutClient
	Store   PayoutStore
	Signer  TxSigner // the hot wallet
	// MaxFee caps the EIP-1559 fee cap of every transaction, in wei.
	// Required.
	MaxFee *big.Int
	// BatchSize is how many transfers are signed, with consecutive nonces,
	// per round. Default DefaultPayoutBatchSize.
	BatchSize int
	// Confirmations is how many blocks must be on top of a transfer's block
	// before its payout is confirmed, as for flows. 0: mined is enough.
	Confirmations uint64
	// GasLimit of each transfer; 0 estimates it and adds 25 %.
	GasLimit uint64
	// PollInterval is the pause between receipt polls. Default 2s.
	PollInterval time.Duration
	// StuckAfter is how long a sent transaction may stay unmined before it
	// is replaced with the same nonce and higher fees. Default 3m.
	StuckAfter time.Duration
	Log        *slog.Logger
	// Now and Sleep are the clock; defaults time.Now and a ctx-aware sleep.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

func (c PayerConfig) withDefaults() PayerConfig {
	if c.BatchSize == 0 {
		c.BatchSize = DefaultPayoutBatchSize
	}
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPayoutPollInterval
	}
	if c.StuckAfter == 0 {
		c.StuckAfter = DefaultPayoutStuckAfter
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	return c
}

func (c PayerConfig) validate() error {
	switch {
	case c.ChainID == 0:
		return errors.New("payer: ChainID is required")
	case c.Token == (common.Address{}):
		return errors.New("payer: Token is required")
	case c.Client == nil:
		return errors.New("payer: Client is required")
	case c.Store == nil:
		return errors.New("payer: Store is required")
	case c.Signer == nil:
		return errors.New("payer: Signer is required")
	case c.MaxFee == nil || c.MaxFee.Sign() <= 0:
		return errors.New("payer: MaxFee must be positive")
	case c.BatchSize < 0:
		return fmt.Errorf("payer: BatchSize %d must not be negative", c.BatchSize)
	case c.PollInterval < 0, c.StuckAfter < 0:
		return errors.New("payer: PollInterval and StuckAfter must not be negative")
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Payer pays allocations from a hot wallet with direct ERC-20 transfers,
// never twice. All its state is in the store, so a new Payer on the same
// store resumes where a crashed one stopped. One Payer at a time per hot
// wallet and chain.
type Payer struct {
	cfg  PayerConfig
	from common.Address
	// sent holds the payouts whose latest attempt this process has sent.
	sent map[int64]bool
	// crashAt is called at every step boundary; a non-nil error aborts the
	// run at once. Tests use it to simulate crashes.
	crashAt func(step string) error
}

// Payout step boundaries passed to crashAt.
const (
	stepPlan      = "plan"
	stepNonce     = "nonce"
	stepSign      = "sign"
	stepPersist   = "persist"
	stepBroadcast = "broadcast"
	stepPoll      = "poll"
	stepConfirm   = "confirm"
)

// NewPayer checks cfg and returns a Payer.
func NewPayer(cfg PayerConfig) (*Payer, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Payer{cfg: cfg, from: cfg.Signer.Address(), sent: map[int64]bool{}, crashAt: func(string) error { return nil }}, nil
}

// From returns the hot wallet address.
func (p *Payer) From() common.Address { return p.from }

// Plan records allocations as planned payouts of batch and returns how many
// were new; planning the same allocations again changes nothing.
func (p *Payer) Plan(ctx context.Context, batch string, allocs []PayoutAllocation) (int, error) {
	ps := make([]Payout, 0, len(allocs))
	seen := map[string]bool{}
	for _, a := range allocs {
		switch {
		case a.Key == "":
			return 0, errors.New("plan payouts: empty allocation key")
		case seen[a.Key]:
			return 0, fmt.Errorf("plan payouts: allocation key %s twice", a.Key)
		case a.To == (common.Address{}):
			return 0, fmt.Errorf("plan payouts: %s: zero recipient", a.Key)
		case a.Amount == nil || a.Amount.Sign() <= 0 || a.Amount.BitLen() > 256:
			return 0, fmt.Errorf("plan payouts: %s: %w", a.Key, ErrInvalidAmount)
		}
		seen[a.Key] = true
		ps = append(ps, Payout{Key: a.Key, Batch: batch, ChainID: p.cfg.ChainID, Token: p.cfg.Token, From: p.from,
			To: a.To, Amount: new(big.Int).Set(a.Amount), Status: PayoutPlanned})
	}
	n, err := p.cfg.Store.PlanPayouts(ctx, ps)
	if err != nil {
		return 0, fmt.Errorf("plan payouts: %w", err)
	}
	p.cfg.Log.InfoContext(ctx, "payouts planned", "batch", batch, "allocations", len(ps), "new", n)
	if err := p.crashAt(stepPlan); err != nil {
		return n, err
	}
	return n, nil
}

// PayoutReport sums up the payouts of a batch after a run.
type PayoutReport struct {
	Batch     string   `json:"batch"`
	Payouts   []Payout `json:"-"`
	Confirmed int      `json:"confirmed"`
	Failed    int      `json:"failed"`
	Pending   int      `json:"pending"`
	Paid      *big.Int `json:"paid"` // sum of confirmed amounts, base units
}

// Run pays the planned payouts of batch (every batch when empty) until each
// is confirmed or failed, and reports on the batch.
//
// Each loop first reconciles the wallet's in-flight payouts of any batch:
// a receipt for any attempt's hash at the confirmation depth confirms the
// payout (a reverted one fails); a nonce used at that depth by a
// transaction that is none of its attempts fails it; otherwise the stored
// transaction is sent again, and replaced with higher fees once stuck. Only
// when nothing is in flight is the next round of up to BatchSize planned
// payouts given consecutive nonces, signed, stored and sent.
func (p *Payer) Run(ctx context.Context, batch string) (*PayoutReport, error) {
	for {
		inflight, err := p.cfg.Store.Payouts(ctx, PayoutFilter{ChainID: p.cfg.ChainID, From: p.from,
			Statuses: []PayoutStatus{PayoutSigned, PayoutBroadcast}})
		if err != nil {
			return nil, err
		}
		if len(inflight) > 0 {
			if err := p.reconcile(ctx, inflight); err != nil {
				return nil, err
			}
			continue
		}
		planned, err := p.cfg.Store.Payouts(ctx, PayoutFilter{ChainID: p.cfg.ChainID, From: p.from, Token: p.cfg.Token,
			Batch: batch, Statuses: []PayoutStatus{PayoutPlanned}})
		if err != nil {
			return nil, err
		}
		if len(planned) == 0 {
			break
		}
		if err := p.round(ctx, planned[:min(len(planned), p.cfg.BatchSize)]); err != nil {
			return nil, err
		}
	}
	return p.Report(ctx, batch)
}

// Report reads the payouts of batch (every batch when empty) of the wallet.
func (p *Payer) Report(ctx context.Context, batch string) (*PayoutReport, error) {
	all, err := p.cfg.Store.Payouts(ctx, PayoutFilter{ChainID: p.cfg.ChainID, From: p.from, Token: p.cfg.Token, Batch: batch})
	if err != nil {
		return nil, err
	}
	r := &PayoutReport{Batch: batch, Payouts: all, Paid: new(big.Int)}
	for _, po := range all {
		switch po.Status {
		case PayoutConfirmed:
			r.Confirmed++
			r.Paid.Add(r.Paid, po.Amount)
		case PayoutFailed:
			r.Failed++
		default:
			r.Pending++
		}
	}
	return r, nil
}

// round signs and sends planned payouts with consecutive nonces. Nothing
// of the wallet is in flight when it starts.
func (p *Payer) round(ctx context.Context, planned []Payout) error {
	total := new(big.Int)
	ids := make([]int64, len(planned))
	for i, po := range planned {
		total.Add(total, po.Amount)
		ids[i] = po.ID
	}
	balance, err := p.tokenBalance(ctx)
	if err != nil {
		return err
	}
	if balance.Cmp(total) < 0 {
		return fmt.Errorf("pay %d transfers of %s base units in total from %s holding %s: %w",
			len(planned), total, p.from.Hex(), balance, ErrInsufficientBalance)
	}
	next, err := p.cfg.Client.PendingNonceAt(ctx, p.from)
	if err != nil {
		return fmt.Errorf("pending nonce of %s: %w", p.from.Hex(), err)
	}
	if err := p.cfg.Store.AssignNonces(ctx, p.cfg.ChainID, p.from, ids, next); err != nil {
		return fmt.Errorf("assign nonces: %w", err)
	}
	if err := p.crashAt(stepNonce); err != nil {
		return err
	}
	tip, feeCap, err := p.fees(ctx)
	if err != nil {
		return err
	}
	attempts := make([]PayoutAttempt, len(planned))
	txs := make([]*types.Transaction, len(planned))
	for i, po := range planned {
		data := token.NewBeckonToken().PackTransfer(po.To, po.Amount)
		gas, err := p.gasLimit(ctx, data)
		if err != nil {
			return err
		}
		tx, err := p.sign(next+uint64(i), gas, tip, feeCap, data)
		if err != nil {
			return fmt.Errorf("sign payout %s: %w", po.Key, err)
		}
		raw, err := tx.MarshalBinary()
		if err != nil {
			return fmt.Errorf("encode payout %s: %w", po.Key, err)
		}
		txs[i] = tx
		attempts[i] = PayoutAttempt{PayoutID: po.ID, Attempt: 1, Nonce: tx.Nonce(), Hash: tx.Hash(), RawTx: raw, GasTipCap: tip, GasFeeCap: feeCap}
	}
	if err := p.crashAt(stepSign); err != nil {
		return err
	}
	// The signed transactions are stored before any is sent: from here on a
	// crash leaves something to reconcile, never something to sign again.
	if err := p.cfg.Store.SaveAttempts(ctx, attempts); err != nil {
		return fmt.Errorf("store signed payouts: %w", err)
	}
	if err := p.crashAt(stepPersist); err != nil {
		return err
	}
	for i, po := range planned {
		p.cfg.Log.InfoContext(ctx, "payout signed", "key", po.Key, "to", po.To.Hex(), "amount", po.Amount.String(),
			"nonce", txs[i].Nonce(), "tx", txs[i].Hash().Hex())
		if err := p.send(ctx, po, txs[i]); err != nil {
			return err
		}
	}
	return nil
}

// reconcile settles in-flight payouts as far as the chain allows, then
// waits one poll interval.
func (p *Payer) reconcile(ctx context.Context, inflight []Payout) error {
	head, err := p.cfg.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("latest header: %w", err)
	}
	headNum := head.Number.Uint64()
	// Nonces used at the confirmation depth: read before the receipts, so
	// a transfer of ours mined in between is seen by its receipt.
	var safe uint64
	if headNum > p.cfg.Confirmations {
		safe = headNum - p.cfg.Confirmations
	}
	used, err := p.cfg.Client.NonceAt(ctx, p.from, new(big.Int).SetUint64(safe))
	if err != nil {
		return fmt.Errorf("nonce of %s at block %d: %w", p.from.Hex(), safe, err)
	}
	for _, po := range inflight {
		rcpt, err := p.receipt(ctx, po)
		if err != nil {
			return err
		}
		switch {
		case rcpt != nil && rcpt.BlockNumber.Uint64() <= safe && headNum >= p.cfg.Confirmations:
			if err := p.settle(ctx, po, rcpt); err != nil {
				return err
			}
			continue
		case rcpt != nil:
			continue // mined, not deep enough yet
		case used > po.Nonce:
			// No receipt yet the nonce is used: find the transaction that
			// used it, since receipts of fresh blocks may still be indexing.
			taker, block, err := p.nonceTaker(ctx, po.Nonce, safe)
			if err != nil {
				return err
			}
			if slices.Contains(po.Hashes, taker) {
				continue // ours; its receipt will show
			}
			reason := fmt.Sprintf("nonce %d of %s was used by transaction %s in block %d, none of this payout's %d attempts; not paid, and not retried without an operator",
				po.Nonce, p.from.Hex(), taker.Hex(), block, len(po.Hashes))
			p.cfg.Log.ErrorContext(ctx, "payout nonce taken by another transaction", "key", po.Key, "to", po.To.Hex(),
				"amount", po.Amount.String(), "nonce", po.Nonce, "taken_by", taker.Hex(), "block", block, "attempts", len(po.Hashes))
			if err := p.cfg.Store.MarkFailed(ctx, po.ID, reason); err != nil {
				return err
			}
			continue
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(po.RawTx); err != nil {
			return fmt.Errorf("decode stored transaction of payout %s: %w", po.Key, err)
		}
		switch {
		case !p.sent[po.ID]:
			// Stored but not sent by this process: send the stored bytes
			// again, never a new signature.
			p.cfg.Log.InfoContext(ctx, "payout sent again", "key", po.Key, "nonce", po.Nonce, "tx", tx.Hash().Hex())
			if err := p.send(ctx, po, tx); err != nil {
				return err
			}
		case p.cfg.Now().Sub(po.BroadcastAt) >= p.cfg.StuckAfter:
			if err := p.replace(ctx, po, tx); err != nil {
				return err
			}
		}
	}
	if err := p.crashAt(stepPoll); err != nil {
		return err
	}
	return p.cfg.Sleep(ctx, p.cfg.PollInterval)
}

// nonceTaker finds the wallet's transaction with nonce in the blocks up to
// safe, whose state has the nonce used: a binary search on the account
// nonce finds its block, and the block its hash.
func (p *Payer) nonceTaker(ctx context.Context, nonce, safe uint64) (common.Hash, uint64, error) {
	lo, hi := uint64(0), safe // the nonce is used at hi and (genesis aside) not at lo
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		n, err := p.cfg.Client.NonceAt(ctx, p.from, new(big.Int).SetUint64(mid))
		if err != nil {
			return common.Hash{}, 0, fmt.Errorf("nonce of %s at block %d: %w", p.from.Hex(), mid, err)
		}
		if n > nonce {
			hi = mid
		} else {
			lo = mid
		}
	}
	b, err := p.cfg.Client.BlockByNumber(ctx, new(big.Int).SetUint64(hi))
	if err != nil {
		return common.Hash{}, 0, fmt.Errorf("block %d: %w", hi, err)
	}
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(p.cfg.ChainID))
	for _, tx := range b.Transactions() {
		if tx.Nonce() != nonce {
			continue
		}
		if from, err := types.Sender(signer, tx); err == nil && from == p.from {
			return tx.Hash(), hi, nil
		}
	}
	return common.Hash{}, 0, fmt.Errorf("nonce %d of %s: used by block %d but no transaction of it found there", nonce, p.from.Hex(), hi)
}

// receipt returns the receipt of any attempt of po, or nil.
func (p *Payer) receipt(ctx context.Context, po Payout) (*types.Receipt, error) {
	for _, h := range po.Hashes {
		r, err := p.cfg.Client.TransactionReceipt(ctx, h)
		if errors.Is(err, ethereum.NotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("receipt of %s (payout %s): %w", h.Hex(), po.Key, err)
		}
		return r, nil
	}
	return nil, nil
}

// settle records a receipt at the confirmation depth.
func (p *Payer) settle(ctx context.Context, po Payout, r *types.Receipt) error {
	if r.Status != types.ReceiptStatusSuccessful {
		reason := fmt.Sprintf("transfer %s reverted in block %d; not paid, and not retried without an operator", r.TxHash.Hex(), r.BlockNumber)
		p.cfg.Log.ErrorContext(ctx, "payout reverted", "key", po.Key, "tx", r.TxHash.Hex(), "block", r.BlockNumber.Uint64())
		return p.cfg.Store.MarkFailed(ctx, po.ID, reason)
	}
	if err := p.cfg.Store.MarkConfirmed(ctx, po.ID, r.TxHash, r.BlockNumber.Uint64()); err != nil {
		return err
	}
	p.cfg.Log.InfoContext(ctx, "payout confirmed", "key", po.Key, "to", po.To.Hex(), "amount", po.Amount.String(),
		"tx", r.TxHash.Hex(), "block", r.BlockNumber.Uint64())
	return p.crashAt(stepConfirm)
}

// send broadcasts tx, the stored latest attempt of po. Errors saying the
// node already has the transaction, or a transaction with its nonce, leave
// the answer to reconciliation.
func (p *Payer) send(ctx context.Context, po Payout, tx *types.Transaction) error {
	if err := p.cfg.Client.SendTransaction(ctx, tx); err != nil {
		if !reconcilable(err) {
			return fmt.Errorf("send payout %s (nonce %d, tx %s): %w", po.Key, tx.Nonce(), tx.Hash().Hex(), err)
		}
		p.cfg.Log.DebugContext(ctx, "payout send left to reconciliation", "key", po.Key, "tx", tx.Hash().Hex(), "reason", err.Error())
	}
	if err := p.cfg.Store.MarkBroadcast(ctx, po.ID); err != nil {
		return err
	}
	p.sent[po.ID] = true
	return p.crashAt(stepBroadcast)
}

// reconcilable reports whether a send error means the outcome is decided
// by what is or will be on chain rather than by this send.
func reconcilable(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"already known", "known transaction", "nonce too low", "replacement transaction underpriced", "already imported"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// replace signs po's transaction again with the same nonce and at least
// 12.5 % higher tip and fee cap (bounded by MaxFee), stores it as a new
// attempt and sends it. When MaxFee leaves no room for the bump the stored
// transaction is sent again instead.
func (p *Payer) replace(ctx context.Context, po Payout, old *types.Transaction) error {
	head, err := p.cfg.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("latest header: %w", err)
	}
	minTip, minCap := bump(old.GasTipCap()), bump(old.GasFeeCap())
	tip := minTip
	if suggested, err := p.cfg.Client.SuggestGasTipCap(ctx); err == nil && suggested.Cmp(tip) > 0 {
		tip = suggested
	}
	feeCap := minCap
	if head.BaseFee != nil {
		if want := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip); want.Cmp(feeCap) > 0 {
			feeCap = want
		}
	}
	feeCap = bigMin(feeCap, p.cfg.MaxFee)
	tip = bigMin(tip, feeCap)
	if feeCap.Cmp(minCap) < 0 || tip.Cmp(minTip) < 0 {
		p.cfg.Log.WarnContext(ctx, "payout stuck and its fees cannot be raised within the maximum fee; sending it again",
			"key", po.Key, "nonce", po.Nonce, "tx", old.Hash().Hex(), "fee_cap", old.GasFeeCap().String(), "max_fee", p.cfg.MaxFee.String())
		p.sent[po.ID] = false
		return p.send(ctx, po, old)
	}
	tx, err := p.sign(old.Nonce(), old.Gas(), tip, feeCap, old.Data())
	if err != nil {
		return fmt.Errorf("sign replacement of payout %s: %w", po.Key, err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return fmt.Errorf("encode replacement of payout %s: %w", po.Key, err)
	}
	if err := p.crashAt(stepSign); err != nil {
		return err
	}
	a := PayoutAttempt{PayoutID: po.ID, Attempt: po.Attempts + 1, Nonce: po.Nonce, Hash: tx.Hash(), RawTx: raw, GasTipCap: tip, GasFeeCap: feeCap}
	if err := p.cfg.Store.SaveAttempts(ctx, []PayoutAttempt{a}); err != nil {
		return fmt.Errorf("store replacement of payout %s: %w", po.Key, err)
	}
	if err := p.crashAt(stepPersist); err != nil {
		return err
	}
	p.cfg.Log.WarnContext(ctx, "payout stuck; replaced with higher fees", "key", po.Key, "nonce", po.Nonce,
		"attempt", a.Attempt, "old_tx", old.Hash().Hex(), "tx", tx.Hash().Hex(), "tip", tip.String(), "fee_cap", feeCap.String())
	return p.send(ctx, po, tx)
}

// bump raises x by 12.5 %, rounding up, and by at least one.
func bump(x *big.Int) *big.Int {
	b := new(big.Int).Mul(x, big.NewInt(9))
	b.Add(b, big.NewInt(7))
	b.Div(b, big.NewInt(8))
	if b.Cmp(x) <= 0 {
		b.Add(x, big.NewInt(1))
	}
	return b
}

func bigMin(a, b *big.Int) *big.Int {
	if a.Cmp(b) <= 0 {
		return new(big.Int).Set(a)
	}
	return new(big.Int).Set(b)
}

// fees prices a new round: the suggested tip, and a fee cap of twice the
// base fee plus the tip, both bounded by MaxFee.
func (p *Payer) fees(ctx context.Context) (tip, feeCap *big.Int, err error) {
	head, err := p.cfg.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("latest header: %w", err)
	}
	tip, err = p.cfg.Client.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("suggest gas tip: %w", err)
	}
	base := head.BaseFee
	if base == nil {
		base = new(big.Int)
	}
	if base.Cmp(p.cfg.MaxFee) >= 0 {
		return nil, nil, fmt.Errorf("base fee %s wei, max fee %s wei: %w", base, p.cfg.MaxFee, ErrFeeTooHigh)
	}
	feeCap = new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip)
	feeCap = bigMin(feeCap, p.cfg.MaxFee)
	tip = bigMin(tip, feeCap)
	return tip, feeCap, nil
}

func (p *Payer) gasLimit(ctx context.Context, data []byte) (uint64, error) {
	if p.cfg.GasLimit > 0 {
		return p.cfg.GasLimit, nil
	}
	to := p.cfg.Token
	gas, err := p.cfg.Client.EstimateGas(ctx, ethereum.CallMsg{From: p.from, To: &to, Data: data})
	if err != nil {
		return 0, fmt.Errorf("estimate transfer gas: %w", err)
	}
	return gas + gas*payoutGasMargin/100, nil
}

func (p *Payer) sign(nonce, gas uint64, tip, feeCap *big.Int, data []byte) (*types.Transaction, error) {
	to := p.cfg.Token
	chainID := new(big.Int).SetUint64(p.cfg.ChainID)
	return p.cfg.Signer.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: new(big.Int).Set(tip), GasFeeCap: new(big.Int).Set(feeCap),
		Gas: gas, To: &to, Data: data,
	}), chainID)
}

func (p *Payer) tokenBalance(ctx context.Context) (*big.Int, error) {
	t := token.NewBeckonToken()
	to := p.cfg.Token
	out, err := p.cfg.Client.CallContract(ctx, ethereum.CallMsg{To: &to, Data: t.PackBalanceOf(p.from)}, nil)
	if err != nil {
		return nil, fmt.Errorf("token balance of %s: %w", p.from.Hex(), err)
	}
	b, err := t.UnpackBalanceOf(out)
	if err != nil {
		return nil, fmt.Errorf("token balance of %s: %w", p.from.Hex(), err)
	}
	return b, nil
}
