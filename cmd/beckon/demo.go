package main

import (
	"context"
	"crypto/ecdsa"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/beckonhq/beckon/abi/deployment"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

//go:embed demoflows/*.yaml
var demoFlows embed.FS

const demoChainID = 1337

// Demo transactions carry a fixed gas limit instead of an estimate: the
// simulated chain's estimates run against its pending block and can fall
// short for the first stake of a block. demoBlockGas fits 50 of them.
const (
	demoTxGas    = 1_000_000
	demoBlockGas = 60_000_000
)

// demoOptions configure one demo run.
type demoOptions struct {
	Dir         string // where the store, outbox and logs go
	DatabaseURL string // empty: SQLite in Dir
	Wallets     int
	Log         *slog.Logger
	Progress    io.Writer
	// Configure and Getenv let tests adjust the demo's config and supply
	// bot tokens; a plain demo never talks to real bots.
	Configure func(*Config)
	Getenv    func(string) string
	NoFlows   bool // wire no flows, so only hooks act on events
}

// demoSummary is what `beckon demo --json` prints; the keys are a stable interface.
type demoSummary struct {
	ChainID           uint64           `json:"chain_id"`
	Blocks            uint64           `json:"blocks"`
	Events            map[string]int64 `json:"events"`
	Contacts          int64            `json:"contacts"`
	WalletsLinked     int64            `json:"wallets_linked"`
	PointsAwarded     int64            `json:"points_awarded"`
	PointsReversed    int64            `json:"points_reversed"`
	EmailsSent        int64            `json:"emails_sent"`
	DiscordActions    int64            `json:"discord_actions"`
	TelegramActions   int64            `json:"telegram_actions"`
	FlowRunsCompleted int64            `json:"flow_runs_completed"`
	FlowRunsCancelled int64            `json:"flow_runs_cancelled"`
	ReorgsHandled     int64            `json:"reorgs_handled"`
	MerkleRoot        string           `json:"merkle_root"`
	ClaimsIndexed     int64            `json:"claims_indexed"`
	Dir               string           `json:"dir"`
	ElapsedMS         int64            `json:"elapsed_ms"`
}

// demo holds one running demo: a simulated chain, deployed contracts, a
// wired Beckon and the wallets acting on it.
type demo struct {
	opts       demoOptions
	backend    *simulated.Backend
	client     simulated.Client
	owner      *bind.TransactOpts
	ownerNonce uint64
	wallets    []*ecdsa.PrivateKey
	signers    []*bind.TransactOpts
	nonces     []uint64
	c          *deployment.Contracts
	addrs      deployment.Addresses
	pending    []sentTx
	app        *app
	ix         *chain.Indexer
	progress   func(format string, args ...any)
}

func demoKey(i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("beckon demo wallet %d", i))))
	if err != nil {
		panic(err) // a keccak digest is always a valid key
	}
	return k
}

// runDemo runs the whole loop on a simulated chain and returns the summary.
func runDemo(ctx context.Context, o demoOptions) (*demoSummary, error) {
	start := time.Now()
	d, err := newDemo(ctx, o)
	if err != nil {
		return nil, err
	}
	defer d.close()
	if err := d.play(ctx); err != nil {
		return nil, err
	}
	s, err := d.summary(ctx)
	if err != nil {
		return nil, err
	}
	s.Dir = o.Dir
	s.ElapsedMS = time.Since(start).Milliseconds()
	return s, nil
}

// newDemo starts the chain, deploys the contracts and wires Beckon.
func newDemo(ctx context.Context, o demoOptions) (*demo, error) {
	if o.Wallets == 0 {
		o.Wallets = 50
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	d := &demo{opts: o, progress: func(format string, args ...any) { fmt.Fprintf(o.Progress, "  "+format+"\n", args...) }}
	if err := d.setup(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *demo) setup(ctx context.Context) error {
	// Wallet o.Wallets is the late minter whose mint gets orphaned.
	alloc := types.GenesisAlloc{}
	ownerKey := demoKey(-1)
	eth := new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	alloc[crypto.PubkeyToAddress(ownerKey.PublicKey)] = types.Account{Balance: eth}
	for i := 0; i <= d.opts.Wallets; i++ {
		k := demoKey(i)
		d.wallets = append(d.wallets, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: eth}
	}
	d.backend = simulated.NewBackend(alloc, simulated.WithBlockGasLimit(demoBlockGas))
	d.client = d.backend.Client()
	d.owner = bind.NewKeyedTransactor(ownerKey, big.NewInt(demoChainID))
	for _, k := range d.wallets {
		d.signers = append(d.signers, bind.NewKeyedTransactor(k, big.NewInt(demoChainID)))
		d.nonces = append(d.nonces, 0)
	}
	var err error
	d.addrs, err = deployment.Deploy(ctx, d.client, d.owner, func() { d.backend.Commit() }, deployment.Options{VotingDelay: 1, VotingPeriod: 40})
	if err != nil {
		d.backend.Close()
		return fmt.Errorf("deploy contracts: %w", err)
	}
	d.c = deployment.New(d.client, d.addrs)
	d.progress("deployed contracts on simulated chain %d (pass %s)", demoChainID, d.addrs.Pass.Hex())

	cfg := &Config{
		DatabaseURL: d.opts.DatabaseURL,
		PublicURL:   "https://demo.beckon.local",
		Chains:      []ChainConfig{{Name: "demo", ChainID: demoChainID, RPC: []string{"simulated"}, Confirmations: 3}},
		Contracts: []ContractConfig{
			{Name: "beckon-pass", Chain: "demo", Address: d.addrs.Pass.Hex(), Kind: chain.SourceERC721},
			{Name: "beckon-vault", Chain: "demo", Address: d.addrs.Vault.Hex(), Kind: chain.SourceStaking},
			{Name: "beckon-governor", Chain: "demo", Address: d.addrs.Governor.Hex(), Kind: chain.SourceGovernor},
			{Name: "beckon-distributor", Chain: "demo", Address: d.addrs.Distributor.Hex(), Kind: chain.SourceDistributor},
		},
		Discord: DiscordConfig{GuildID: "900000000000000001", Roles: map[string]string{"Holder": "900000000000000100"}},
	}
	if d.opts.Configure != nil {
		d.opts.Configure(cfg)
	}
	cfg.withDefaults()
	flows, err := loadFlowsFS(demoFlows, "demoflows")
	if err != nil {
		d.backend.Close()
		return err
	}
	if d.opts.NoFlows {
		flows = nil
	}
	// A demo never talks to real bots, whatever the environment holds.
	getenv := func(string) string { return "" }
	if d.opts.Getenv != nil {
		getenv = d.opts.Getenv
	}
	d.app, err = newApp(ctx, cfg, d.opts.Dir, flows, getenv, d.opts.Log)
	if err != nil {
		d.backend.Close()
		return err
	}
	d.app.engine.ConfirmWait = 500 * time.Millisecond
	d.ix, err = d.app.indexer(cfg.Chains[0], d.client)
	if err != nil {
		d.close()
		return err
	}
	d.ix.KeepHeaders = 64
	if err := d.app.jobs.Start(ctx); err != nil {
		d.close()
		return fmt.Errorf("start jobs: %w", err)
	}
	return nil
}

func (d *demo) close() {
	if d.app != nil {
		if err := d.app.Close(); err != nil {
			d.opts.Log.Warn("close", "err", err)
		}
	}
	d.backend.Close()
}

func loadFlowsFS(fsys fs.FS, dir string) ([]*flow.Definition, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read flows: %w", err)
	}
	var out []*flow.Definition
	for _, e := range entries {
		data, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read flow %s: %w", e.Name(), err)
		}
		def, err := flow.Parse(dir+"/"+e.Name(), data)
		if err != nil {
			return nil, err
		}
		out = append(out, def)
	}
	return out, nil
}

// tx returns transact options for wallet i with its next nonce, so one
// wallet can have several transactions in one block.
func (d *demo) tx(ctx context.Context, i int) (*bind.TransactOpts, error) {
	if d.nonces[i] == 0 {
		n, err := d.client.PendingNonceAt(ctx, d.signers[i].From)
		if err != nil {
			return nil, fmt.Errorf("nonce of wallet %d: %w", i, err)
		}
		d.nonces[i] = n
	}
	o := *d.signers[i]
	o.Context = ctx
	o.Nonce = new(big.Int).SetUint64(d.nonces[i])
	o.GasLimit = demoTxGas
	d.nonces[i]++
	return &o, nil
}

// mine commits a block plus extra empty ones, then indexes up to the head.
func (d *demo) mine(ctx context.Context, extra int) error {
	if err := d.commit(ctx); err != nil {
		return err
	}
	for range extra {
		d.backend.Commit()
	}
	return d.sync(ctx)
}

func (d *demo) sync(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		_, err := d.ix.Sync(ctx, 0)
		if err == nil || !chain.IsRaced(err) || attempt > 5 {
			return err
		}
	}
}

// each sends one transaction per wallet index in idx.
func (d *demo) each(ctx context.Context, what string, idx []int, send func(o *bind.TransactOpts, i int) (*types.Transaction, error)) error {
	for _, i := range idx {
		o, err := d.tx(ctx, i)
		if err != nil {
			return err
		}
		tx, err := send(o, i)
		if err != nil {
			return fmt.Errorf("%s from wallet %d: %w", what, i, err)
		}
		d.sent(fmt.Sprintf("%s from wallet %d", what, i), tx)
	}
	return nil
}

// sentTx is a transaction the demo expects to succeed.
type sentTx struct {
	what string
	tx   *types.Transaction
}

func (d *demo) sent(what string, tx *types.Transaction) {
	d.pending = append(d.pending, sentTx{what, tx})
}

// commit mines a block and checks that every transaction sent since the
// last commit succeeded, so a revert stops the demo at its cause. The
// pool promotes new transactions in the background, so it first waits for
// them to be pending, and mines again if one still missed the block.
func (d *demo) commit(ctx context.Context) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err := d.client.PendingTransactionCount(ctx)
		if err != nil {
			return fmt.Errorf("pending transactions: %w", err)
		}
		if int(n) >= len(d.pending) || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	d.backend.Commit()
	for _, p := range d.pending {
		var r *types.Receipt
		for attempt := 0; ; attempt++ {
			var err error
			r, err = d.client.TransactionReceipt(ctx, p.tx.Hash())
			if err == nil {
				break
			}
			if !errors.Is(err, ethereum.NotFound) || attempt == 10 {
				return fmt.Errorf("%s: receipt: %w", p.what, err)
			}
			time.Sleep(10 * time.Millisecond)
			d.backend.Commit()
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("%s: transaction %s reverted", p.what, p.tx.Hash().Hex())
		}
	}
	d.pending = d.pending[:0]
	return nil
}

// ownerTx returns transact options for the deployer with its next nonce.
func (d *demo) ownerTx(ctx context.Context) (*bind.TransactOpts, error) {
	if d.ownerNonce == 0 {
		n, err := d.client.PendingNonceAt(ctx, d.owner.From)
		if err != nil {
			return nil, fmt.Errorf("nonce of owner: %w", err)
		}
		d.ownerNonce = n
	}
	o := *d.owner
	o.Context = ctx
	o.Nonce = new(big.Int).SetUint64(d.ownerNonce)
	o.GasLimit = demoTxGas
	d.ownerNonce++
	return &o, nil
}

func (d *demo) wallet(i int) common.Address { return d.signers[i].From }

func indexes(n int, keep func(int) bool) []int {
	var out []int
	for i := range n {
		if keep(i) {
			out = append(out, i)
		}
	}
	return out
}

func (d *demo) play(ctx context.Context) error {
	n := d.opts.Wallets
	all := indexes(n, func(int) bool { return true })
	token := new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	stake := new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))

	if err := d.link(ctx, n*3/5); err != nil {
		return err
	}

	// Mints, ten wallets a block, then confirmations.
	for lo := 0; lo < n; lo += 10 {
		batch := indexes(min(n, lo+10), func(i int) bool { return i >= lo })
		if err := d.each(ctx, "mint", batch, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) { return d.c.MintPass(o) }); err != nil {
			return err
		}
		if err := d.commit(ctx); err != nil {
			return err
		}
	}
	if err := d.mine(ctx, 3); err != nil {
		return err
	}
	d.progress("%d wallets minted a Beckon Pass", n)

	for _, i := range all {
		o, err := d.ownerTx(ctx)
		if err != nil {
			return err
		}
		tx, err := d.c.MintToken(o, d.wallet(i), token)
		if err != nil {
			return fmt.Errorf("fund wallet %d: %w", i, err)
		}
		d.sent(fmt.Sprintf("fund wallet %d", i), tx)
	}
	if err := d.commit(ctx); err != nil {
		return err
	}
	if err := d.each(ctx, "delegate", all, func(o *bind.TransactOpts, i int) (*types.Transaction, error) { return d.c.Delegate(o, d.wallet(i)) }); err != nil {
		return err
	}
	if err := d.each(ctx, "approve", all, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) {
		return d.c.Approve(o, d.addrs.Vault, token)
	}); err != nil {
		return err
	}
	if err := d.commit(ctx); err != nil {
		return err
	}

	stakers := indexes(n, func(i int) bool { return i%3 != 0 })
	if err := d.each(ctx, "stake", stakers, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) { return d.c.Stake(o, stake) }); err != nil {
		return err
	}
	if err := d.mine(ctx, 3); err != nil {
		return err
	}
	d.progress("%d wallets staked, %d did not", len(stakers), n-len(stakers))

	proposal := d.c.SignalProposal("Fund the season-one community quests")
	if err := d.each(ctx, "propose", []int{1}, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) { return d.c.Propose(o, proposal) }); err != nil {
		return err
	}
	for range 3 {
		if err := d.commit(ctx); err != nil {
			return err
		}
	}
	id, err := d.c.ProposalID(nil, proposal)
	if err != nil {
		return fmt.Errorf("proposal id: %w", err)
	}
	if err := d.each(ctx, "vote", all, func(o *bind.TransactOpts, i int) (*types.Transaction, error) {
		return d.c.CastVote(o, id, uint8((i%3+1)%3)) // for, abstain, against in turn
	}); err != nil {
		return err
	}
	if err := d.mine(ctx, 3); err != nil {
		return err
	}
	d.progress("1 proposal, %d votes", n)

	unstakers := indexes(n, func(i int) bool { return i%3 == 1 && i < n/2 })
	if err := d.each(ctx, "unstake", unstakers, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) {
		return d.c.Unstake(o, new(big.Int).Div(stake, big.NewInt(2)))
	}); err != nil {
		return err
	}
	if err := d.mine(ctx, 3); err != nil {
		return err
	}
	d.progress("%d wallets unstaked half", len(unstakers))

	// Let the flows catch up first, so the late mint below is not queued
	// behind them.
	if err := d.settle(ctx); err != nil {
		return err
	}
	if err := d.reorg(ctx); err != nil {
		return err
	}
	if err := d.settle(ctx); err != nil {
		return err
	}
	return d.rewardEpoch(ctx)
}

// link signs in 'count' wallets with SIWE, linking each to an email
// contact; a third also link Discord and Telegram accounts.
func (d *demo) link(ctx context.Context, count int) error {
	now := time.Now().UTC().Truncate(time.Second)
	for i := range count {
		nonce := fmt.Sprintf("demo%08dnonce", i)
		msg := &siwe.Message{
			Domain: "demo.beckon.local", Address: d.wallet(i), Statement: "Link this wallet to your Beckon profile.",
			URI: "https://demo.beckon.local/link", Version: "1", ChainID: demoChainID, Nonce: nonce, IssuedAt: now,
		}
		parsed, err := siwe.Parse(msg.String())
		if err != nil {
			return fmt.Errorf("siwe message of wallet %d: %w", i, err)
		}
		sig, err := crypto.Sign(parsed.Hash().Bytes(), d.wallets[i])
		if err != nil {
			return fmt.Errorf("sign siwe message: %w", err)
		}
		sig[64] += 27
		err = d.app.db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.PutNonce(ctx, nonce, now.Add(10*time.Minute).UnixMilli()); err != nil {
				return err
			}
			if err := tx.UseNonce(ctx, parsed.Nonce); err != nil {
				return err
			}
			if err := siwe.Verify(ctx, parsed, sig, siwe.VerifyOptions{Domain: "demo.beckon.local", Nonce: nonce, ChainID: demoChainID, Now: now.Add(time.Second)}); err != nil {
				return fmt.Errorf("verify siwe of wallet %d: %w", i, err)
			}
			addr := fmt.Sprintf("member%02d@example.org", i)
			contact, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: addr})
			if err != nil {
				return err
			}
			// Demo members signed up with a confirmed address (double opt-in).
			if _, err := tx.ConfirmEmail(ctx, addr, "demo"); err != nil {
				return err
			}
			if _, err := crm.Link(ctx, tx, contact, crm.Identity{Kind: crm.IdentityWallet, Value: parsed.Address.Hex()}); err != nil {
				return err
			}
			if i%3 == 0 {
				if _, err := crm.Link(ctx, tx, contact, crm.Identity{Kind: crm.IdentityDiscord, Value: fmt.Sprintf("81%016d", i)}); err != nil {
					return err
				}
				if _, err := crm.Link(ctx, tx, contact, crm.Identity{Kind: crm.IdentityTelegram, Value: fmt.Sprintf("70%08d", i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	d.progress("%d wallets linked to email contacts with Sign-In with Ethereum", count)
	return nil
}

// reorg has a late wallet mint, waits until the welcome flow awarded its
// points, then forks the chain so that block is orphaned.
func (d *demo) reorg(ctx context.Context) error {
	late := d.opts.Wallets
	parent, err := d.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("read head: %w", err)
	}
	o, err := d.tx(ctx, late)
	if err != nil {
		return err
	}
	mintTx, err := d.c.MintPass(o)
	if err != nil {
		return fmt.Errorf("late mint: %w", err)
	}
	if err := d.mine(ctx, 0); err != nil {
		return err
	}
	var key string
	err = d.app.db.InTx(ctx, func(tx *store.Tx) error {
		evs, err := tx.Events(ctx, store.EventFilter{Kind: chain.KindMint, Wallets: []common.Address{d.wallet(late)}})
		if err != nil {
			return err
		}
		if len(evs) != 1 {
			return fmt.Errorf("late mint indexed %d times", len(evs))
		}
		key = evs[0].Key()
		return nil
	})
	if err != nil {
		return err
	}
	if err := d.waitFor(ctx, "points for the late mint", nil, func(tx *store.Tx) (bool, error) {
		entries, err := tx.UnreversedBySource(ctx, key)
		return len(entries) > 0, err
	}); err != nil {
		return err
	}

	// Orphan the mint: fork from its parent and replace the transaction
	// with a same-nonce transfer so the new branch does not re-include it.
	if err := d.backend.Fork(parent.Hash()); err != nil {
		return fmt.Errorf("fork: %w", err)
	}
	replacement, err := types.SignNewTx(d.wallets[late], types.LatestSignerForChainID(big.NewInt(demoChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(demoChainID), Nonce: mintTx.Nonce(), To: ptr(d.wallet(late)), Gas: 21000,
		GasTipCap: new(big.Int).Mul(mintTx.GasTipCap(), big.NewInt(10)), GasFeeCap: new(big.Int).Mul(mintTx.GasFeeCap(), big.NewInt(10)),
	})
	if err != nil {
		return fmt.Errorf("sign replacement: %w", err)
	}
	// The pool resets to the new head asynchronously after Fork.
	for attempt := 0; ; attempt++ {
		err := d.client.SendTransaction(ctx, replacement)
		if err == nil {
			break
		}
		if attempt == 50 {
			return fmt.Errorf("send replacement: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Mine only once the replacement has displaced the mint in the pool.
	for attempt := 0; ; attempt++ {
		_, pending, err := d.client.TransactionByHash(ctx, replacement.Hash())
		if err == nil && pending {
			break
		}
		if attempt == 100 {
			return fmt.Errorf("replacement never became pending: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	d.sent("replacement of the late mint", replacement)
	if err := d.commit(ctx); err != nil {
		return err
	}
	if err := d.mine(ctx, 1); err != nil {
		return err
	}
	if err := d.waitFor(ctx, "reversal of the orphaned mint's points", nil, func(tx *store.Tx) (bool, error) {
		_, reversed, err := tx.PointsTotals(ctx)
		return reversed > 0, err
	}); err != nil {
		return err
	}
	d.progress("reorg orphaned a mint; its points were reversed")
	return nil
}

func ptr[T any](v T) *T { return &v }

// settle mines confirmation blocks until every flow run has finished.
func (d *demo) settle(ctx context.Context) error {
	// Keep blocks coming for steps waiting on confirmations, but slowly:
	// on SQLite every sync shares the one connection with the workers.
	var lastBlock time.Time
	tick := func() error {
		if time.Since(lastBlock) < time.Second {
			return nil
		}
		lastBlock = time.Now()
		return d.mine(ctx, 0)
	}
	return d.waitFor(ctx, "flow runs to finish", tick, func(tx *store.Tx) (bool, error) {
		running, err := tx.CountRuns(ctx, flow.RunRunning)
		if err != nil {
			return false, err
		}
		waiting, err := tx.CountRuns(ctx, flow.RunWaiting)
		return running+waiting == 0, err
	})
}

// waitFor polls cond in its own transaction until it holds or three minutes pass,
// calling tick (when set) before each check. tick runs outside the
// transaction: on SQLite's single connection a sync inside it would wait
// for itself.
func (d *demo) waitFor(ctx context.Context, what string, tick func() error, cond func(tx *store.Tx) (bool, error)) error {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		if tick != nil {
			if err := tick(); err != nil {
				return fmt.Errorf("wait for %s: %w", what, err)
			}
		}
		ok, err := d.check(ctx, cond)
		if err != nil {
			return fmt.Errorf("wait for %s: %w", what, err)
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("wait for %s: timed out", what)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (d *demo) check(ctx context.Context, cond func(tx *store.Tx) (bool, error)) (bool, error) {
	var ok bool
	err := d.app.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		ok, err = cond(tx)
		return err
	})
	return ok, err
}

// rewardEpoch turns points into a merkle epoch, publishes the root, has
// every allocated wallet claim and indexes the claims back.
func (d *demo) rewardEpoch(ctx context.Context) error {
	points := map[common.Address]int64{}
	err := d.app.db.InTx(ctx, func(tx *store.Tx) error {
		bs, err := tx.Balances(ctx)
		if err != nil {
			return err
		}
		for _, b := range bs {
			c, err := tx.Contact(ctx, b.ContactID)
			if err != nil {
				return err
			}
			if ws := c.Wallets(); len(ws) > 0 {
				points[ws[0]] += b.Points
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	unit := big.NewInt(1e16) // 0.01 token per point
	allocs, err := rewards.Allocate(points, unit)
	if err != nil {
		return err
	}
	tree, err := rewards.NewAllocationTree(allocs)
	if err != nil {
		return fmt.Errorf("build reward tree: %w", err)
	}
	dump, err := json.Marshal(tree.Dump())
	if err != nil {
		return fmt.Errorf("encode reward tree: %w", err)
	}
	total := new(big.Int)
	amounts := map[common.Address]*big.Int{}
	for _, a := range allocs {
		total.Add(total, a.Amount)
		amounts[a.Account] = a.Amount
	}
	var epochID int64
	err = d.app.db.InTx(ctx, func(tx *store.Tx) error {
		epochID, err = tx.SaveEpoch(ctx, store.Epoch{ChainID: demoChainID, Distributor: d.addrs.Distributor, Root: tree.Root(), Tree: dump, Allocations: amounts})
		return err
	})
	if err != nil {
		return err
	}
	o, err := d.ownerTx(ctx)
	if err != nil {
		return err
	}
	fund, err := d.c.MintToken(o, d.addrs.Distributor, total)
	if err != nil {
		return fmt.Errorf("fund distributor: %w", err)
	}
	d.sent("fund distributor", fund)
	if o, err = d.ownerTx(ctx); err != nil {
		return err
	}
	pub, err := d.c.SetMerkleRoot(o, tree.Root())
	if err != nil {
		return fmt.Errorf("publish root: %w", err)
	}
	d.sent("publish merkle root", pub)
	if err := d.commit(ctx); err != nil {
		return err
	}
	if err := d.app.db.InTx(ctx, func(tx *store.Tx) error { return tx.MarkEpochPublished(ctx, epochID, pub.Hash()) }); err != nil {
		return err
	}
	d.progress("reward epoch: %d allocations, root %s published", len(allocs), tree.Root().Hex())

	byAddr := map[common.Address]int{}
	for i := range d.wallets {
		byAddr[d.wallet(i)] = i
	}
	for _, a := range allocs {
		i, ok := byAddr[a.Account]
		if !ok {
			continue
		}
		alloc, proof, err := tree.ProofFor(a.Account)
		if err != nil {
			return fmt.Errorf("proof for %s: %w", a.Account.Hex(), err)
		}
		o, err := d.tx(ctx, i)
		if err != nil {
			return err
		}
		tx, err := d.c.Claim(o, alloc.Account, alloc.Amount, proof)
		if err != nil {
			return fmt.Errorf("claim of wallet %d: %w", i, err)
		}
		d.sent(fmt.Sprintf("claim of wallet %d", i), tx)
	}
	if err := d.mine(ctx, 3); err != nil {
		return err
	}
	d.progress("%d claims executed on-chain and indexed", len(allocs))
	return d.settle(ctx)
}

func (d *demo) summary(ctx context.Context) (*demoSummary, error) {
	s := &demoSummary{ChainID: demoChainID, Events: map[string]int64{}}
	head, err := d.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("read head: %w", err)
	}
	s.Blocks = head.Number.Uint64()
	err = d.app.db.InTx(ctx, func(tx *store.Tx) error {
		counts, err := tx.EventCounts(ctx, demoChainID)
		if err != nil {
			return err
		}
		for _, k := range []chain.Kind{chain.KindMint, chain.KindStake, chain.KindUnstake, chain.KindVote, chain.KindProposal, chain.KindClaim} {
			s.Events[string(k)] = counts[k]
		}
		s.ClaimsIndexed = counts[chain.KindClaim]
		if s.Contacts, err = tx.CountContacts(ctx); err != nil {
			return err
		}
		if s.WalletsLinked, err = tx.CountLinkedWallets(ctx); err != nil {
			return err
		}
		if s.PointsAwarded, s.PointsReversed, err = tx.PointsTotals(ctx); err != nil {
			return err
		}
		if s.FlowRunsCompleted, err = tx.CountRuns(ctx, flow.RunCompleted); err != nil {
			return err
		}
		if s.FlowRunsCancelled, err = tx.CountRuns(ctx, flow.RunCancelled); err != nil {
			return err
		}
		if s.ReorgsHandled, err = tx.Reorgs(ctx, demoChainID); err != nil {
			return err
		}
		_, dump, err := tx.LatestEpochTree(ctx, demoChainID)
		if err != nil {
			return err
		}
		var t struct {
			Tree []string `json:"tree"`
		}
		if err := json.Unmarshal(dump, &t); err != nil || len(t.Tree) == 0 {
			return errors.Join(errors.New("stored reward tree has no root"), err)
		}
		s.MerkleRoot = t.Tree[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.app.outbox != nil {
		n, err := d.app.outbox.Count()
		if err != nil {
			return nil, err
		}
		s.EmailsSent = int64(n)
	}
	s.DiscordActions = int64(d.app.sink.Count("discord"))
	s.TelegramActions = int64(d.app.sink.Count("telegram"))
	return s, nil
}

// printSummary writes the human summary.
func printSummary(w io.Writer, s *demoSummary) {
	fmt.Fprintf(w, `
Beckon demo finished in %.1fs on simulated chain %d (%d blocks)

  events        mint %d · stake %d · unstake %d · vote %d · proposal %d · claim %d
  contacts      %d (%d wallets linked by Sign-In with Ethereum)
  points        %d awarded, %d reversed after %d reorg(s)
  flows         %d runs completed, %d cancelled by reorg
  channels      %d emails · %d Discord actions · %d Telegram actions
  rewards       merkle root %s, %d claims indexed

  files in %s
`, float64(s.ElapsedMS)/1000, s.ChainID, s.Blocks,
		s.Events["mint"], s.Events["stake"], s.Events["unstake"], s.Events["vote"], s.Events["proposal"], s.Events["claim"],
		s.Contacts, s.WalletsLinked, s.PointsAwarded, s.PointsReversed, s.ReorgsHandled,
		s.FlowRunsCompleted, s.FlowRunsCancelled, s.EmailsSent, s.DiscordActions, s.TelegramActions,
		s.MerkleRoot, s.ClaimsIndexed, s.Dir)
}
