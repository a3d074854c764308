package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

const rewardsUsage = `Usage:
  beckon rewards epoch build [--allocations FILE.csv] [--dry-run] [--json]
  beckon rewards epoch publish [--epoch ID] [--json]
  beckon rewards epoch export [--epoch ID]
  beckon rewards status [--json]
  beckon rewards badge mint --wallet 0x… --id N [--reason TEXT] [--json]
  beckon rewards payout …

Every subcommand takes --config FILE and --data-dir DIR (except a dry run,
which needs neither) and --help.`

func (m *Main) rewards(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return &usageError{"rewards: missing subcommand\n\n" + rewardsUsage}
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "epoch":
		if len(rest) == 0 {
			return &usageError{"rewards epoch: missing subcommand (build, publish, export)\n\n" + rewardsUsage}
		}
		switch rest[0] {
		case "build":
			return m.rewardsEpochBuild(ctx, rest[1:])
		case "publish":
			return m.rewardsEpochPublish(ctx, rest[1:])
		case "export":
			return m.rewardsEpochExport(ctx, rest[1:])
		}
		return &usageError{fmt.Sprintf("rewards epoch: unknown subcommand %q\n\n%s", rest[0], rewardsUsage)}
	case "status":
		return m.rewardsStatus(ctx, rest)
	case "badge":
		if len(rest) == 0 || rest[0] != "mint" {
			return &usageError{"rewards badge: want the subcommand mint\n\n" + rewardsUsage}
		}
		return m.rewardsBadgeMint(ctx, rest[1:])
	case "payout":
		return m.rewardsPayout(ctx, rest)
	case "help", "-h", "--help":
		fmt.Fprintln(m.Stdout, rewardsUsage)
		return nil
	}
	return &usageError{fmt.Sprintf("rewards: unknown subcommand %q\n\n%s", args[0], rewardsUsage)}
}

// rewardsSettings are the checked rewards section and its chain.
type rewardsSettings struct {
	chain       ChainConfig
	distributor common.Address
	badge       common.Address
	poll        time.Duration
	maxFeeCap   *big.Int // wei; nil: no cap
}

// rewardsSettings checks the keys a rewards command needs; need lists the
// optional ones it requires ("distributor", "badge").
func (c *Config) rewardsSettings(need ...string) (rewardsSettings, error) {
	var s rewardsSettings
	if c.Rewards.Chain == "" {
		return s, c.errorf("rewards.chain", "required: the name of a configured chain")
	}
	found := false
	for _, ch := range c.Chains {
		if ch.Name == c.Rewards.Chain {
			s.chain, found = ch, true
		}
	}
	if !found {
		return s, c.errorf("rewards.chain", "unknown chain %q", c.Rewards.Chain)
	}
	s.poll = 2 * time.Second
	if d, err := time.ParseDuration(s.chain.PollInterval); err == nil && d > 0 {
		s.poll = d
	}
	for _, key := range need {
		var value string
		var dst *common.Address
		switch key {
		case "distributor":
			value, dst = c.Rewards.Distributor, &s.distributor
		case "badge":
			value, dst = c.Rewards.Badge, &s.badge
		}
		if !common.IsHexAddress(value) {
			return s, c.errorf("rewards."+key, "%q is not a 0x-prefixed 20-byte hex address", value)
		}
		*dst = common.HexToAddress(value)
	}
	if c.Rewards.Distributor != "" && common.IsHexAddress(c.Rewards.Distributor) {
		s.distributor = common.HexToAddress(c.Rewards.Distributor)
	}
	if f := strings.TrimSpace(c.Rewards.MaxFeeGwei); f != "" {
		gwei, ok := new(big.Rat).SetString(f)
		if !ok || gwei.Sign() <= 0 {
			return s, c.errorf("rewards.max_fee_gwei", "%q is not a positive number of gwei", f)
		}
		wei := new(big.Rat).Mul(gwei, new(big.Rat).SetInt64(1e9))
		s.maxFeeCap = new(big.Int).Quo(wei.Num(), wei.Denom())
	}
	return s, nil
}

// unitPerPoint parses rewards.unit_per_point.
func (c *Config) unitPerPoint() (*big.Int, error) {
	u, ok := new(big.Int).SetString(strings.TrimSpace(c.Rewards.UnitPerPoint), 10)
	if !ok || u.Sign() <= 0 {
		return nil, c.errorf("rewards.unit_per_point", "%q is not a positive decimal integer of token base units", c.Rewards.UnitPerPoint)
	}
	return u, nil
}

// hotWallet decrypts rewards.keystore with the password from
// rewards.password_env or rewards.password_file. Neither the key nor the
// password is ever printed or logged.
func (m *Main) hotWallet(cfg *Config, chainID uint64) (*bind.TransactOpts, error) {
	signer, err := m.hotWalletSigner(cfg)
	if err != nil {
		return nil, err
	}
	return signer.TransactOpts(new(big.Int).SetUint64(chainID)), nil
}

// hotWalletSigner unlocks the configured keystore; the password comes from
// the environment variable or file the config names, and is never logged.
func (m *Main) hotWalletSigner(cfg *Config) (*rewards.KeySigner, error) {
	switch {
	case cfg.Rewards.Keystore == "":
		return nil, cfg.errorf("rewards.keystore", "required: a keystore v3 file of the hot wallet")
	case cfg.Rewards.PasswordEnv == "" && cfg.Rewards.PasswordFile == "":
		return nil, cfg.errorf("rewards.password_env", "required: rewards.password_env or rewards.password_file")
	case cfg.Rewards.PasswordEnv != "" && cfg.Rewards.PasswordFile != "":
		return nil, cfg.errorf("rewards.password_file", "set rewards.password_env or rewards.password_file, not both")
	}
	return rewards.LoadKeystore(cfg.Rewards.Keystore, rewards.PasswordSource{
		Env: cfg.Rewards.PasswordEnv, File: cfg.Rewards.PasswordFile, Getenv: m.Getenv})
}

// dialRewardsChain connects to the rewards chain's first RPC endpoint and
// checks it serves the configured chain id.
func dialRewardsChain(ctx context.Context, cfg *Config, ch ChainConfig) (*ethclient.Client, error) {
	c, err := ethclient.DialContext(ctx, ch.RPC[0])
	if err != nil {
		return nil, fmt.Errorf("chain %s: dial rpc: %w", ch.Name, err)
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("chain %s: read chain id: %w", ch.Name, err)
	}
	if id.Uint64() != ch.ChainID {
		c.Close()
		return nil, &ConfigError{File: cfg.file, Line: cfg.lineOf("chains"), Field: "chains." + ch.Name + ".chain_id",
			Msg: fmt.Sprintf("configured %d but the node serves chain %d", ch.ChainID, id.Uint64())}
	}
	return c, nil
}

// dryRunOutput is what build --dry-run prints, keys in this order.
type dryRunOutput struct {
	Root   common.Hash              `json:"root"`
	Proofs map[string][]common.Hash `json:"proofs"`
	Total  string                   `json:"total"`
}

// builtOutput is what build prints for a stored epoch.
type builtOutput struct {
	Epoch    int64       `json:"epoch"`
	Previous int64       `json:"previous"`
	Source   string      `json:"source"`
	Root     common.Hash `json:"root"`
	Total    string      `json:"total"`
	Added    string      `json:"added"`
	Accounts int         `json:"accounts"`
	// Grants counts the flow reward grants this epoch includes.
	Grants int `json:"grants"`
}

func (m *Main) rewardsEpochBuild(ctx context.Context, args []string) error {
	fs := m.flagSet("rewards epoch build [--config FILE] [--data-dir DIR] [--allocations FILE.csv] [--dry-run] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database when no database_url is set")
	allocPath := fs.String("allocations", "", "CSV with the header address,amount (amounts in the token's smallest unit); default: points balances × rewards.unit_per_point")
	dryRun := fs.Bool("dry-run", false, "print the root, proofs and total of --allocations alone; touch neither the store nor the chain")
	fs.Bool("json", false, "print JSON (build always prints JSON)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("rewards epoch build: unexpected argument %q", fs.Arg(0))}
	}
	var adds []rewards.Allocation
	if *allocPath != "" {
		var err error
		if adds, err = readAllocations(*allocPath); err != nil {
			return err
		}
	}
	if *dryRun {
		if *allocPath == "" {
			return &usageError{"rewards epoch build: --dry-run needs --allocations FILE.csv"}
		}
		built, err := rewards.Build(adds)
		if err != nil {
			return fmt.Errorf("build tree: %w", err)
		}
		proofs, err := built.Proofs()
		if err != nil {
			return err
		}
		return jsonEncoder(m.Stdout).Encode(dryRunOutput{Root: built.Tree.Root(), Proofs: proofs, Total: built.Total.String()})
	}

	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	set, err := cfg.rewardsSettings("distributor")
	if err != nil {
		return err
	}
	var unit *big.Int
	if *allocPath == "" {
		if unit, err = cfg.unitPerPoint(); err != nil {
			return err
		}
	}
	log := m.logger(cfg.LogLevel, false)
	db, err := openStore(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer db.Close()

	var out builtOutput
	err = db.InTx(ctx, func(tx *store.Tx) error {
		prev, err := tx.LatestEpoch(ctx, set.chain.ChainID, set.distributor)
		switch {
		case errors.Is(err, store.ErrNotFound):
			prev = store.Epoch{Allocations: map[common.Address]*big.Int{}, FromPoints: map[common.Address]*big.Int{}}
		case err != nil:
			return err
		}
		source := store.EpochFromCSV
		fromPoints := prev.FromPoints
		if *allocPath == "" {
			source = store.EpochFromPoints
			if adds, err = pointsAllocations(ctx, tx, cfg, unit, prev.FromPoints, log); err != nil {
				return err
			}
			fromPoints = addAmounts(prev.FromPoints, adds)
		}
		// Allocations granted by flow reward steps since the last epoch.
		grants, err := tx.PendingGrants(ctx)
		if err != nil {
			return err
		}
		adds = withGrants(adds, grants)
		if len(adds) == 0 {
			if prev.ID == 0 {
				return errors.New("nothing to allocate: no contact with a wallet has points")
			}
			return fmt.Errorf("nothing new to allocate since epoch %d", prev.ID)
		}
		next, err := rewards.Cumulate(prev.Allocations, adds)
		if err != nil {
			return err
		}
		built, err := rewards.Build(next)
		if err != nil {
			return fmt.Errorf("build tree: %w", err)
		}
		dump, err := built.DumpJSON()
		if err != nil {
			return err
		}
		id, err := tx.SaveNextEpoch(ctx, store.Epoch{
			ChainID: set.chain.ChainID, Distributor: set.distributor, Root: built.Tree.Root(), Tree: dump,
			Allocations: built.Amounts(), FromPoints: fromPoints, Total: built.Total, Source: source, PrevID: prev.ID,
		})
		if err != nil {
			return err
		}
		ids := make([]int64, len(grants))
		for i, g := range grants {
			ids[i] = g.ID
		}
		if err := tx.IncludeGrants(ctx, ids, id); err != nil {
			return err
		}
		out = builtOutput{Epoch: id, Grants: len(grants), Previous: prev.ID, Source: source, Root: built.Tree.Root(), Total: built.Total.String(),
			Added: rewards.Total(adds).String(), Accounts: len(built.Allocations)}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rewards epoch build: %w", err)
	}
	return jsonEncoder(m.Stdout).Encode(out)
}

// readAllocations parses an allocations file; bad rows are a usage error
// (exit 2) listing each of them.
func readAllocations(path string) ([]rewards.Allocation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &usageError{fmt.Sprintf("allocations: %v", err)}
	}
	defer f.Close()
	adds, err := rewards.ParseAllocationsCSV(f)
	var rows rewards.CSVErrors
	switch {
	case errors.As(err, &rows):
		return nil, &usageError{fmt.Sprintf("allocations %s: %v\nnothing was written", path, rows)}
	case err != nil:
		return nil, &usageError{fmt.Sprintf("allocations %s: %v", path, err)}
	}
	return adds, nil
}

// withGrants adds flow reward grants to adds, one allocation per account.
func withGrants(adds []rewards.Allocation, grants []store.RewardGrant) []rewards.Allocation {
	if len(grants) == 0 {
		return adds
	}
	extra := make([]rewards.Allocation, len(grants))
	for i, g := range grants {
		extra[i] = rewards.Allocation{Account: g.Account, Amount: g.Amount}
	}
	sum := addAmounts(addAmounts(nil, adds), extra)
	out := make([]rewards.Allocation, 0, len(sum))
	for acct, amt := range sum {
		out = append(out, rewards.Allocation{Account: acct, Amount: amt})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account.Cmp(out[j].Account) < 0 })
	return out
}

func addAmounts(base map[common.Address]*big.Int, adds []rewards.Allocation) map[common.Address]*big.Int {
	out := make(map[common.Address]*big.Int, len(base)+len(adds))
	for a, v := range base {
		out[a] = new(big.Int).Set(v)
	}
	for _, a := range adds {
		if cur, ok := out[a.Account]; ok {
			cur.Add(cur, a.Amount)
		} else {
			out[a.Account] = new(big.Int).Set(a.Amount)
		}
	}
	return out
}

// pointsAllocations computes this epoch's points-based allocations: each
// eligible contact's balance × unit, minus what earlier epochs already
// allocated from points to its wallets.
func pointsAllocations(ctx context.Context, tx *store.Tx, cfg *Config, unit *big.Int, paid map[common.Address]*big.Int, log *slog.Logger) ([]rewards.Allocation, error) {
	balances, err := tx.Balances(ctx)
	if err != nil {
		return nil, err
	}
	grants := make([]rewards.PointsGrant, 0, len(balances))
	for _, b := range balances {
		c, err := tx.Contact(ctx, b.ContactID)
		if err != nil {
			return nil, err
		}
		grants = append(grants, rewards.PointsGrant{ContactID: b.ContactID, Points: b.Points, Wallets: c.Wallets()})
	}
	return rewards.PointsDeltas(grants, unit, paid, rewardsEligibility(ctx, tx, cfg, log))
}

// rewardsEligibility is the sybil guard applied to points-based epochs:
// loyalty.SybilRules.Eligible on the store, when the store provides what
// it needs (loyalty.SybilStore); otherwise every contact with a wallet is
// eligible, and a warning says so.
func rewardsEligibility(ctx context.Context, tx *store.Tx, cfg *Config, log *slog.Logger) func(rewards.PointsGrant) (bool, error) {
	s, ok := any(tx).(loyalty.SybilStore)
	if !ok {
		log.Warn("sybil eligibility is not available in this build; every contact with a wallet is eligible")
		return nil
	}
	rules, now := cfg.Loyalty.Sybil, time.Now()
	return func(g rewards.PointsGrant) (bool, error) {
		ok, why, err := rules.Eligible(ctx, s, g.ContactID, now)
		if err == nil && !ok {
			log.Info("contact not eligible for rewards", "contact", g.ContactID, "reason", why)
		}
		return ok, err
	}
}

// loadEpoch loads epoch id, or with id 0 the latest of the configured
// distributor on the rewards chain.
func loadEpoch(ctx context.Context, tx *store.Tx, id int64, set rewardsSettings) (store.Epoch, error) {
	if id > 0 {
		return tx.Epoch(ctx, id)
	}
	if set.distributor == (common.Address{}) {
		id, _, err := tx.LatestEpochTree(ctx, set.chain.ChainID)
		if err != nil {
			return store.Epoch{}, err
		}
		return tx.Epoch(ctx, id)
	}
	return tx.LatestEpoch(ctx, set.chain.ChainID, set.distributor)
}

type publishOutput struct {
	Epoch   int64       `json:"epoch"`
	Root    common.Hash `json:"root"`
	Tx      string      `json:"tx"`
	Block   uint64      `json:"block,omitempty"`
	Already bool        `json:"already_published"`
}

func (m *Main) rewardsEpochPublish(ctx context.Context, args []string) error {
	fs := m.flagSet("rewards epoch publish [--config FILE] [--data-dir DIR] [--epoch ID] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database when no database_url is set")
	epochID := fs.Int64("epoch", 0, "epoch to publish; default: the latest of rewards.distributor")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	set, err := cfg.rewardsSettings("distributor")
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false)
	db, err := openStore(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer db.Close()
	var e store.Epoch
	var newer []store.Epoch
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if e, err = loadEpoch(ctx, tx, *epochID, set); err != nil {
			return err
		}
		all, err := tx.Epochs(ctx, e.ChainID, e.Distributor)
		for _, o := range all {
			if o.ID > e.ID && o.PublishTx != (common.Hash{}) {
				newer = append(newer, o)
			}
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("rewards epoch publish: %w", err)
	}
	if e.ChainID != set.chain.ChainID || e.Distributor != set.distributor {
		return fmt.Errorf("rewards epoch publish: epoch %d belongs to distributor %s on chain %d, not the configured %s on chain %d",
			e.ID, e.Distributor.Hex(), e.ChainID, set.distributor.Hex(), set.chain.ChainID)
	}
	if len(newer) > 0 {
		return fmt.Errorf("rewards epoch publish: epoch %d is older than the published epoch %d; publishing it would lower cumulative amounts", e.ID, newer[len(newer)-1].ID)
	}
	tree, err := rewards.LoadDump(e.Tree)
	if err != nil {
		return fmt.Errorf("rewards epoch publish: epoch %d: %w", e.ID, err)
	}
	if tree.Root() != e.Root {
		return fmt.Errorf("rewards epoch publish: epoch %d: stored root %s does not match its tree %s", e.ID, e.Root.Hex(), tree.Root().Hex())
	}
	client, err := dialRewardsChain(ctx, cfg, set.chain)
	if err != nil {
		return err
	}
	defer client.Close()
	p := &rewards.Publisher{Backend: client, Distributor: set.distributor, Confirmations: uint64(set.chain.Confirmations), Poll: set.poll, MaxFeeCap: set.maxFeeCap}
	current, err := p.CurrentRoot(ctx)
	if err != nil {
		return err
	}
	if current != e.Root {
		if p.Signer, err = m.hotWallet(cfg, set.chain.ChainID); err != nil {
			return err
		}
	}
	log.Info("publishing epoch", "epoch", e.ID, "root", e.Root.Hex(), "distributor", set.distributor.Hex())
	pub, err := p.Publish(ctx, e.Root)
	if err != nil {
		return fmt.Errorf("rewards epoch publish: epoch %d: %w", e.ID, err)
	}
	out := publishOutput{Epoch: e.ID, Root: e.Root, Block: pub.Block, Already: pub.Already, Tx: e.PublishTx.Hex()}
	record := !pub.Already || (e.PublishTx == (common.Hash{}) && pub.Tx != (common.Hash{}))
	if record {
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.MarkEpochPublished(ctx, e.ID, pub.Tx) }); err != nil {
			return fmt.Errorf("rewards epoch publish: root is on-chain in %s but recording it failed: %w", pub.Tx.Hex(), err)
		}
		out.Tx = pub.Tx.Hex()
	}
	if e.PublishTx == (common.Hash{}) && !record {
		out.Tx = ""
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(out)
	}
	if pub.Already {
		fmt.Fprintf(m.Stdout, "epoch %d: root %s is already published (tx %s); nothing sent\n", e.ID, e.Root.Hex(), orNone(out.Tx))
		return nil
	}
	fmt.Fprintf(m.Stdout, "epoch %d: root %s published in tx %s (block %d)\n", e.ID, e.Root.Hex(), out.Tx, pub.Block)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func (m *Main) rewardsEpochExport(ctx context.Context, args []string) error {
	fs := m.flagSet("rewards epoch export [--config FILE] [--data-dir DIR] [--epoch ID]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database when no database_url is set")
	epochID := fs.Int64("epoch", 0, "epoch to export; default: the latest of rewards.distributor on rewards.chain")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	var set rewardsSettings
	if *epochID == 0 {
		if set, err = cfg.rewardsSettings(); err != nil {
			return err
		}
	}
	db, err := openStore(ctx, cfg, *dataDir, m.logger(cfg.LogLevel, false))
	if err != nil {
		return err
	}
	defer db.Close()
	var e store.Epoch
	err = db.InTx(ctx, func(tx *store.Tx) error {
		e, err = loadEpoch(ctx, tx, *epochID, set)
		return err
	})
	if err != nil {
		return fmt.Errorf("rewards epoch export: %w", err)
	}
	if _, err := rewards.LoadDump(e.Tree); err != nil {
		return fmt.Errorf("rewards epoch export: epoch %d: %w", e.ID, err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, e.Tree, "", "  "); err != nil {
		return fmt.Errorf("rewards epoch export: %w", err)
	}
	buf.WriteByte('\n')
	_, err = io.Copy(m.Stdout, &buf)
	return err
}

// epochStatus is one epoch in rewards status.
type epochStatus struct {
	ID          int64  `json:"id"`
	Previous    *int64 `json:"previous"`
	Distributor string `json:"distributor"`
	Source      string `json:"source"`
	Root        string `json:"root"`
	Total       string `json:"total"`
	Accounts    int    `json:"accounts"`
	PublishTx   string `json:"publish_tx"`
	PublishedAt string `json:"published_at,omitempty"`
	CreatedAt   string `json:"created_at"`
	// Claims and Claimed are the indexed Claimed events whose cumulative
	// amount is this epoch's amount for the account (each claim counted in
	// the first epoch that allotted that amount) and the tokens they paid.
	Claims  int    `json:"claims"`
	Claimed string `json:"claimed"`
	// ClaimedAccounts have claimed at least their amount in this epoch.
	ClaimedAccounts int `json:"claimed_accounts"`
}

type rewardsStatusOutput struct {
	Chain   string        `json:"chain"`
	ChainID uint64        `json:"chain_id"`
	Epochs  []epochStatus `json:"epochs"`
	Claims  struct {
		Count int    `json:"count"`
		Paid  string `json:"paid"`
		// Unmatched claims match no stored epoch's amount (an epoch built
		// elsewhere, or a distributor shared with another tool).
		Unmatched int `json:"unmatched"`
	} `json:"claims"`
	Badges map[string]int `json:"badges"`
}

func (m *Main) rewardsStatus(ctx context.Context, args []string) error {
	fs := m.flagSet("rewards status [--config FILE] [--data-dir DIR] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database when no database_url is set")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	set, err := cfg.rewardsSettings()
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, *dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	out := rewardsStatusOutput{Chain: set.chain.Name, ChainID: set.chain.ChainID, Epochs: []epochStatus{}, Badges: map[string]int{}}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		epochs, err := tx.Epochs(ctx, set.chain.ChainID, set.distributor)
		if err != nil {
			return err
		}
		byDistributor := map[common.Address][]int{}
		for i, e := range epochs {
			byDistributor[e.Distributor] = append(byDistributor[e.Distributor], i)
			st := epochStatus{ID: e.ID, Distributor: e.Distributor.Hex(), Source: e.Source, Root: e.Root.Hex(), Total: e.Total.String(),
				Accounts: len(e.Allocations), Claimed: "0", CreatedAt: time.UnixMilli(e.CreatedAt).UTC().Format(time.RFC3339)}
			if e.PrevID >= 0 {
				st.Previous = &e.PrevID
			}
			if e.PublishTx != (common.Hash{}) {
				st.PublishTx = e.PublishTx.Hex()
			}
			if e.PublishedAt > 0 {
				st.PublishedAt = time.UnixMilli(e.PublishedAt).UTC().Format(time.RFC3339)
			}
			out.Epochs = append(out.Epochs, st)
		}
		paid, claimedTotal := new(big.Int), map[int]*big.Int{}
		dists := make([]common.Address, 0, len(byDistributor))
		for d := range byDistributor {
			dists = append(dists, d)
		}
		sort.Slice(dists, func(i, j int) bool { return dists[i].Cmp(dists[j]) < 0 })
		for _, d := range dists {
			idx := byDistributor[d]
			claims, err := tx.Claims(ctx, set.chain.ChainID, d)
			if err != nil {
				return err
			}
			best := map[common.Address]*big.Int{}
			for _, c := range claims {
				out.Claims.Count++
				paid.Add(paid, c.Amount)
				if b := best[c.Account]; b == nil || c.Cumulative.Cmp(b) > 0 {
					best[c.Account] = c.Cumulative
				}
				matched := false
				for _, i := range idx {
					if a := epochs[i].Allocations[c.Account]; a != nil && a.Cmp(c.Cumulative) == 0 {
						out.Epochs[i].Claims++
						if claimedTotal[i] == nil {
							claimedTotal[i] = new(big.Int)
						}
						claimedTotal[i].Add(claimedTotal[i], c.Amount)
						matched = true
						break
					}
				}
				if !matched {
					out.Claims.Unmatched++
				}
			}
			for _, i := range idx {
				for acct, amt := range epochs[i].Allocations {
					if b := best[acct]; b != nil && b.Cmp(amt) >= 0 {
						out.Epochs[i].ClaimedAccounts++
					}
				}
			}
		}
		for i, t := range claimedTotal {
			out.Epochs[i].Claimed = t.String()
		}
		out.Claims.Paid = paid.String()
		mints, err := tx.BadgeMints(ctx)
		if err != nil {
			return err
		}
		for _, b := range mints {
			out.Badges[string(b.Status)]++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rewards status: %w", err)
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(out)
	}
	fmt.Fprintf(m.Stdout, "chain %s (%d): %d epochs, %d claims paying %s, %d unmatched\n",
		out.Chain, out.ChainID, len(out.Epochs), out.Claims.Count, out.Claims.Paid, out.Claims.Unmatched)
	for _, e := range out.Epochs {
		fmt.Fprintf(m.Stdout, "epoch %d  root %s  total %s  accounts %d  published %s  claims %d  claimed %s  fully claimed %d\n",
			e.ID, e.Root, e.Total, e.Accounts, orNone(e.PublishTx), e.Claims, e.Claimed, e.ClaimedAccounts)
	}
	if len(out.Badges) > 0 {
		fmt.Fprintf(m.Stdout, "badge mints: %v\n", out.Badges)
	}
	return nil
}

type badgeOutput struct {
	ContactID int64  `json:"contact_id"`
	Wallet    string `json:"wallet"`
	BadgeID   string `json:"badge_id"`
	Status    string `json:"status"`
	Tx        string `json:"tx"`
	Sent      bool   `json:"sent"`
}

func (m *Main) rewardsBadgeMint(ctx context.Context, args []string) error {
	fs := m.flagSet("rewards badge mint --wallet 0x… --id N [--reason TEXT] [--config FILE] [--data-dir DIR] [--json]")
	cfgPath := m.configFlag(fs)
	dataDir := fs.String("data-dir", ".", "folder of the embedded database when no database_url is set")
	walletFlag := fs.String("wallet", "", "wallet to receive the badge; its contact is created when new")
	idFlag := fs.String("id", "", "badge (ERC-1155 token) id, decimal")
	reason := fs.String("reason", "", "what earned the badge, such as quest:onboarding or tier:gold")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !common.IsHexAddress(*walletFlag) || !strings.HasPrefix(*walletFlag, "0x") {
		return &usageError{fmt.Sprintf("rewards badge mint: --wallet %q is not a 0x-prefixed 20-byte hex address", *walletFlag)}
	}
	id, ok := new(big.Int).SetString(*idFlag, 10)
	if !ok || id.Sign() < 0 || id.BitLen() > 256 {
		return &usageError{fmt.Sprintf("rewards badge mint: --id %q is not a decimal uint256", *idFlag)}
	}
	wallet := common.HexToAddress(*walletFlag)
	cfg, err := LoadConfig(*cfgPath, m.Getenv)
	if err != nil {
		return err
	}
	set, err := cfg.rewardsSettings("badge")
	if err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel, false)
	db, err := openStore(ctx, cfg, *dataDir, log)
	if err != nil {
		return err
	}
	defer db.Close()
	var contactID int64
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		contactID, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityWallet, Value: wallet.Hex()})
		return err
	})
	if err != nil {
		return fmt.Errorf("rewards badge mint: contact of %s: %w", wallet.Hex(), err)
	}
	client, err := dialRewardsChain(ctx, cfg, set.chain)
	if err != nil {
		return err
	}
	defer client.Close()
	minter := &rewards.BadgeMinter{
		InTx: func(ctx context.Context, fn func(rewards.BadgeStore) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		Backend: client, ChainID: set.chain.ChainID, Badge: set.badge,
		Signer:        func() (*bind.TransactOpts, error) { return m.hotWallet(cfg, set.chain.ChainID) },
		Confirmations: uint64(set.chain.Confirmations), Poll: set.poll, MaxFeeCap: set.maxFeeCap,
	}
	rec, sent, err := minter.Mint(ctx, contactID, wallet, id, *reason)
	if err != nil {
		return fmt.Errorf("rewards badge mint: %w", err)
	}
	out := badgeOutput{ContactID: contactID, Wallet: rec.Wallet.Hex(), BadgeID: rec.BadgeID.String(), Status: string(rec.Status), Sent: sent}
	if rec.TxHash != (common.Hash{}) {
		out.Tx = rec.TxHash.Hex()
	}
	if *asJSON {
		return jsonEncoder(m.Stdout).Encode(out)
	}
	what := "minted"
	if !sent {
		what = "already recorded as " + out.Status
	}
	fmt.Fprintf(m.Stdout, "badge %s for contact %d (%s): %s (tx %s)\n", out.BadgeID, contactID, out.Wallet, what, orNone(out.Tx))
	return nil
}
