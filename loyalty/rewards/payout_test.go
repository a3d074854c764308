package rewards_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/deployment"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const (
	testChainID = 1337 // the simulated backend's
	testGas     = 200_000
)

var errCrash = errors.New("simulated crash")

// chainEnv is a simulated chain with Beckon's token deployed.
type chainEnv struct {
	t        *testing.T
	backend  *simulated.Backend
	client   simulated.Client
	owner    *bind.TransactOpts
	ownerKey *ecdsa.PrivateKey
	c        *deployment.Contracts
	token    common.Address
	mu       sync.Mutex // serialises Commit and the owner's transactions
}

func newChainEnv(t *testing.T) *chainEnv {
	t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	eth := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
	backend := simulated.NewBackend(types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): {Balance: eth}},
		simulated.WithBlockGasLimit(60_000_000))
	t.Cleanup(func() { _ = backend.Close() })
	e := &chainEnv{t: t, backend: backend, client: backend.Client(), ownerKey: key,
		owner: bind.NewKeyedTransactor(key, big.NewInt(testChainID))}
	addrs, err := deployment.Deploy(context.Background(), e.client, e.owner, func() { backend.Commit() }, deployment.Options{})
	require.NoError(t, err)
	e.c = deployment.New(e.client, addrs)
	e.token = addrs.Token
	return e
}

func (e *chainEnv) commit() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.backend.Commit()
}

// hotWallet funds a new key with ether and amount tokens.
func (e *chainEnv) hotWallet(amount *big.Int) *ecdsa.PrivateKey {
	e.t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(e.t, err)
	e.fund(crypto.PubkeyToAddress(key.PublicKey), amount)
	return key
}

// fund sends addr ether and mints it amount tokens, in one block.
func (e *chainEnv) fund(addr common.Address, amount *big.Int) {
	e.t.Helper()
	ctx := context.Background()
	e.mu.Lock()
	defer e.mu.Unlock()
	nonce, err := e.client.PendingNonceAt(ctx, e.owner.From)
	require.NoError(e.t, err)
	fund, err := types.SignNewTx(e.ownerKey, types.LatestSignerForChainID(big.NewInt(testChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21_000,
		To: &addr, Value: new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)),
	})
	require.NoError(e.t, err)
	require.NoError(e.t, e.client.SendTransaction(ctx, fund))
	o := *e.owner
	o.GasLimit = 1_000_000
	o.Nonce = new(big.Int).SetUint64(nonce + 1)
	mint, err := e.c.MintToken(&o, addr, amount)
	require.NoError(e.t, err)
	// A send may reach the pool after the next block is sealed: commit
	// until the mint is in.
	for i := 0; ; i++ {
		require.Less(e.t, i, 200, "mint not mined")
		e.backend.Commit()
		r, err := e.client.TransactionReceipt(ctx, mint.Hash())
		if err == nil {
			require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status, "mint")
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (e *chainEnv) balance(a common.Address) *big.Int {
	e.t.Helper()
	b, err := e.c.TokenBalance(nil, a)
	require.NoError(e.t, err)
	return b
}

// testClient wraps the simulated client so tests can lose, swap or fail
// sends as a flaky node would.
type testClient struct {
	simulated.Client
	mu sync.Mutex
	// onSend decides what happens to a send; nil sends normally.
	onSend func(tx *types.Transaction) (send bool, err error)
	sent   []common.Hash
}

func (c *testClient) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	c.mu.Lock()
	c.sent = append(c.sent, tx.Hash())
	on := c.onSend
	c.mu.Unlock()
	if on == nil {
		return c.Client.SendTransaction(ctx, tx)
	}
	send, err := on(tx)
	if send {
		if serr := c.Client.SendTransaction(ctx, tx); serr != nil {
			return serr
		}
	}
	return err
}

func (c *testClient) sentHashes() []common.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]common.Hash(nil), c.sent...)
}

// fakeClock advances by the poll interval whenever the payer sleeps; each
// sleep mines a block.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type payerOpts struct {
	db        *store.DB
	client    rewards.PayoutClient
	key       *ecdsa.PrivateKey
	batchSize int
	log       *slog.Logger
	crashAt   func(step string) error
}

func (e *chainEnv) payer(t *testing.T, clock *fakeClock, o payerOpts) *rewards.Payer {
	t.Helper()
	if o.client == nil {
		o.client = e.client
	}
	p, err := rewards.NewPayer(rewards.PayerConfig{
		ChainID: testChainID, Token: e.token, Client: o.client, Store: &store.Payouts{DB: o.db},
		Signer: rewards.NewKeySigner(o.key), MaxFee: big.NewInt(100e9), BatchSize: o.batchSize,
		Confirmations: 2, GasLimit: testGas, PollInterval: time.Second, StuckAfter: 3 * time.Second,
		Log: o.log, Now: clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			clock.advance(d)
			e.commit()
			return ctx.Err()
		},
	})
	require.NoError(t, err)
	if o.crashAt != nil {
		rewards.SetCrashAt(p, o.crashAt)
	}
	return p
}

func randomAllocations(rng *rand.Rand, batch string, n int) ([]rewards.PayoutAllocation, *big.Int) {
	total := new(big.Int)
	var out []rewards.Allocation
	for i := 0; i < n; i++ {
		k, _ := crypto.GenerateKey()
		amt := new(big.Int).Mul(big.NewInt(int64(1+rng.IntN(1_000_000))), big.NewInt(1e12))
		total.Add(total, amt)
		out = append(out, rewards.Allocation{Account: crypto.PubkeyToAddress(k.PublicKey), Amount: amt})
	}
	return rewards.BatchAllocations(batch, out), total
}

// TestPayoutCrashResume crashes payers at random step boundaries, with a
// node that randomly loses sends or fails after accepting them, and resumes
// with new payers on the same store until every payout is final: each
// recipient then holds exactly its allocation.
func TestPayoutCrashResume(t *testing.T) {
	t.Parallel()
	for i, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			db := b.Open(t)
			env := newChainEnv(t)
			rng := rand.New(rand.NewPCG(20261127, uint64(i)))
			var mu sync.Mutex // guards rng, shared by the payer hooks and the flaky client
			chance := func(p float64) bool { mu.Lock(); defer mu.Unlock(); return rng.Float64() < p }
			ctx := context.Background()
			clock := &fakeClock{now: time.Unix(1_800_000_000, 0)}
			crashes, steps := 0, map[string]int{}
			for run := 0; run < 12 || crashes < 100; run++ {
				require.Less(t, run, 200, "too many runs to reach 100 crashes")
				batch := fmt.Sprintf("run-%d", run)
				allocs, total := randomAllocations(rng, batch, 1+rng.IntN(6))
				hot := env.hotWallet(total)
				hotAddr := crypto.PubkeyToAddress(hot.PublicKey)
				client := &testClient{Client: env.client, onSend: func(tx *types.Transaction) (bool, error) {
					switch {
					case chance(0.08):
						return false, nil // lost by the node
					case chance(0.05):
						return true, errors.New("read tcp: connection reset by peer") // sent, but the answer is lost
					}
					return true, nil
				}}
				batchSize := 1 + rng.IntN(3)
				var rep *rewards.PayoutReport
				for attempt := 0; ; attempt++ {
					require.Less(t, attempt, 300, "run %d does not finish", run)
					p := env.payer(t, clock, payerOpts{db: db, client: client, key: hot, batchSize: batchSize,
						crashAt: func(step string) error {
							if chance(0.2) {
								crashes++
								steps[step]++
								if chance(0.3) {
									env.commit() // the chain moves on while the payer is down
								}
								return errCrash
							}
							return nil
						}})
					if _, err := p.Plan(ctx, batch, allocs); err != nil {
						require.ErrorIs(t, err, errCrash)
						continue
					}
					r, err := p.Run(ctx, batch)
					if err != nil {
						if !errors.Is(err, errCrash) {
							require.ErrorContains(t, err, "connection reset")
						}
						continue
					}
					rep = r
					break
				}
				require.Equal(t, len(allocs), rep.Confirmed, "run %d: every payout confirmed", run)
				require.Zero(t, rep.Failed+rep.Pending)
				require.Equal(t, total.String(), rep.Paid.String())
				for _, a := range allocs {
					require.Equal(t, a.Amount.String(), env.balance(a.To).String(), "run %d: %s paid exactly once", run, a.Key)
				}
				require.Zero(t, env.balance(hotAddr).Sign(), "run %d: the hot wallet paid the total, no more", run)
			}
			t.Logf("%d crashes by step: %v", crashes, steps)
			require.GreaterOrEqual(t, crashes, 100)
		})
	}
}

// onBackends runs f on a fresh store of each backend and a fresh chain.
func onBackends(t *testing.T, f func(t *testing.T, db *store.DB, env *chainEnv)) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			f(t, b.Open(t), newChainEnv(t))
		})
	}
}

func onePayout(env *chainEnv) (rewards.PayoutAllocation, *ecdsa.PrivateKey) {
	k, _ := crypto.GenerateKey()
	a := rewards.PayoutAllocation{Key: "epoch:1:" + crypto.PubkeyToAddress(k.PublicKey).Hex(), To: crypto.PubkeyToAddress(k.PublicKey), Amount: big.NewInt(123_456_789)}
	return a, env.hotWallet(a.Amount)
}

func payouts(t *testing.T, db *store.DB, from common.Address) []rewards.Payout {
	t.Helper()
	ps, err := (&store.Payouts{DB: db}).Payouts(context.Background(), rewards.PayoutFilter{ChainID: testChainID, From: from})
	require.NoError(t, err)
	return ps
}

func TestPayoutStuckIsReplacedWithFeeBump(t *testing.T) {
	t.Parallel()
	onBackends(t, func(t *testing.T, db *store.DB, env *chainEnv) {
		ctx := context.Background()
		a, hot := onePayout(env)
		dropped := 0
		client := &testClient{Client: env.client, onSend: func(*types.Transaction) (bool, error) {
			if dropped == 0 {
				dropped++
				return false, nil
			}
			return true, nil
		}}
		p := env.payer(t, &fakeClock{now: time.Unix(1_800_000_000, 0)}, payerOpts{db: db, client: client, key: hot})
		_, err := p.Plan(ctx, "b", []rewards.PayoutAllocation{a})
		require.NoError(t, err)
		rep, err := p.Run(ctx, "b")
		require.NoError(t, err)
		require.Equal(t, 1, rep.Confirmed)
		require.Equal(t, a.Amount.String(), env.balance(a.To).String(), "paid exactly once")

		got := payouts(t, db, p.From())[0]
		require.Equal(t, 2, got.Attempts)
		require.Len(t, got.Hashes, 2)
		require.Equal(t, got.Hashes[1], got.TxHash, "the replacement was mined")
		first, err := env.client.TransactionReceipt(ctx, got.Hashes[0])
		require.Error(t, err, "the lost first attempt never landed: %v", first)
		require.Equal(t, uint64(0), got.Nonce)
		sent := client.sentHashes()
		require.Equal(t, got.Hashes[0], sent[0])
		tx, _, err := env.client.TransactionByHash(ctx, got.TxHash)
		require.NoError(t, err)
		require.GreaterOrEqual(t, tx.GasTipCap().Cmp(new(big.Int).Div(new(big.Int).Mul(rep.Payouts[0].GasTipCap, big.NewInt(8)), big.NewInt(9))), 0)
	})
}

func TestPayoutAnyAttemptConfirms(t *testing.T) {
	t.Parallel()
	onBackends(t, func(t *testing.T, db *store.DB, env *chainEnv) {
		ctx := context.Background()
		a, hot := onePayout(env)
		var held *types.Transaction
		var client *testClient
		client = &testClient{Client: env.client, onSend: func(tx *types.Transaction) (bool, error) {
			if held == nil {
				held = tx
				return false, nil
			}
			if tx.Hash() != held.Hash() {
				// The replacement is lost, and the first attempt surfaces.
				return false, client.Client.SendTransaction(ctx, held)
			}
			return true, nil
		}}
		p := env.payer(t, &fakeClock{now: time.Unix(1_800_000_000, 0)}, payerOpts{db: db, client: client, key: hot})
		_, err := p.Plan(ctx, "b", []rewards.PayoutAllocation{a})
		require.NoError(t, err)
		rep, err := p.Run(ctx, "b")
		require.NoError(t, err)
		require.Equal(t, 1, rep.Confirmed)
		got := payouts(t, db, p.From())[0]
		require.Equal(t, 2, got.Attempts)
		require.Equal(t, got.Hashes[0], got.TxHash, "confirmed by the first attempt's receipt")
		require.Equal(t, a.Amount.String(), env.balance(a.To).String())
	})
}

func TestPayoutAfterPersistIsSentAgainNotSignedAgain(t *testing.T) {
	t.Parallel()
	onBackends(t, func(t *testing.T, db *store.DB, env *chainEnv) {
		ctx := context.Background()
		a, hot := onePayout(env)
		clock := &fakeClock{now: time.Unix(1_800_000_000, 0)}
		client := &testClient{Client: env.client}
		p := env.payer(t, clock, payerOpts{db: db, client: client, key: hot, crashAt: func(step string) error {
			if step == "persist" {
				return errCrash
			}
			return nil
		}})
		_, err := p.Plan(ctx, "b", []rewards.PayoutAllocation{a})
		require.NoError(t, err)
		_, err = p.Run(ctx, "b")
		require.ErrorIs(t, err, errCrash)
		require.Empty(t, client.sentHashes(), "crashed before sending")
		stored := payouts(t, db, p.From())[0]
		require.Equal(t, rewards.PayoutSigned, stored.Status)

		p2 := env.payer(t, clock, payerOpts{db: db, client: client, key: hot})
		rep, err := p2.Run(ctx, "b")
		require.NoError(t, err)
		require.Equal(t, 1, rep.Confirmed)
		got := payouts(t, db, p.From())[0]
		require.Equal(t, 1, got.Attempts, "not signed again")
		require.Equal(t, stored.TxHash, got.TxHash)
		require.Equal(t, []common.Hash{stored.TxHash}, client.sentHashes(), "the stored bytes were sent")
		require.Equal(t, a.Amount.String(), env.balance(a.To).String())
	})
}

func TestPayoutNonceTakenByAnotherTransactionFails(t *testing.T) {
	t.Parallel()
	onBackends(t, func(t *testing.T, db *store.DB, env *chainEnv) {
		ctx := context.Background()
		a, hot := onePayout(env)
		clock := &fakeClock{now: time.Unix(1_800_000_000, 0)}
		p := env.payer(t, clock, payerOpts{db: db, key: hot, crashAt: func(step string) error {
			if step == "persist" {
				return errCrash
			}
			return nil
		}})
		_, err := p.Plan(ctx, "b", []rewards.PayoutAllocation{a})
		require.NoError(t, err)
		_, err = p.Run(ctx, "b")
		require.ErrorIs(t, err, errCrash)

		// Someone uses the hot wallet's nonce 0 for something else.
		self := p.From()
		other, err := types.SignNewTx(hot, types.LatestSignerForChainID(big.NewInt(testChainID)), &types.DynamicFeeTx{
			ChainID: big.NewInt(testChainID), Nonce: 0, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(50e9), Gas: 21_000, To: &self,
		})
		require.NoError(t, err)
		require.NoError(t, env.client.SendTransaction(ctx, other))
		for range 3 {
			env.commit()
		}

		var logs bytes.Buffer
		p2 := env.payer(t, clock, payerOpts{db: db, key: hot, log: slog.New(slog.NewTextHandler(&logs, nil))})
		rep, err := p2.Run(ctx, "b")
		require.NoError(t, err)
		require.Equal(t, 1, rep.Failed)
		got := payouts(t, db, p.From())[0]
		require.Equal(t, rewards.PayoutFailed, got.Status)
		require.Contains(t, got.Error, "nonce 0")
		require.Contains(t, logs.String(), "payout nonce taken by another transaction")
		require.Zero(t, env.balance(a.To).Sign(), "not paid")

		// Running again never pays it.
		rep, err = env.payer(t, clock, payerOpts{db: db, key: hot}).Run(ctx, "b")
		require.NoError(t, err)
		require.Equal(t, 1, rep.Failed)
		require.Zero(t, env.balance(a.To).Sign())
	})
}

func TestPayoutNeverRevealsKeyOrPassword(t *testing.T) {
	t.Parallel()
	onBackends(t, func(t *testing.T, db *store.DB, env *chainEnv) {
		ctx := context.Background()
		const password = "correct horse battery staple 42"
		dir := t.TempDir()
		acct, err := keystore.StoreKey(dir, password, keystore.LightScryptN, keystore.LightScryptP)
		require.NoError(t, err)
		raw, err := os.ReadFile(acct.URL.Path)
		require.NoError(t, err)
		k, err := keystore.DecryptKey(raw, password)
		require.NoError(t, err)
		keyHex := hex.EncodeToString(crypto.FromECDSA(k.PrivateKey))
		secrets := []string{password, keyHex, strings.ToUpper(keyHex), string(crypto.FromECDSA(k.PrivateKey))}

		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		var errs []string
		getenv := func(name string) string {
			if name == "HOT_PASSWORD" {
				return password
			}
			return ""
		}
		pwFile := filepath.Join(dir, "password")
		require.NoError(t, os.WriteFile(pwFile, []byte(password+"\n"), 0o600))
		for _, src := range []rewards.PasswordSource{{Env: "HOT_PASSWORD", Getenv: getenv}, {File: pwFile}} {
			s, err := rewards.LoadKeystore(acct.URL.Path, src)
			require.NoError(t, err)
			require.Equal(t, k.Address, s.Address())
			log.Info("signer", "signer", s)
			errs = append(errs, fmt.Sprintf("%v %+v %#v %s", s, s, s, s))
		}
		for _, src := range []rewards.PasswordSource{
			{Env: "OTHER", Getenv: getenv}, {File: filepath.Join(dir, "missing")}, {Env: "HOT_PASSWORD", File: pwFile, Getenv: getenv}, {},
			{Env: "WRONG", Getenv: func(string) string { return password + "x" }},
		} {
			_, err := rewards.LoadKeystore(acct.URL.Path, src)
			require.ErrorIs(t, err, rewards.ErrKeystore)
			errs = append(errs, err.Error())
		}
		_, err = rewards.LoadKeystore(pwFile, rewards.PasswordSource{File: pwFile})
		require.ErrorIs(t, err, rewards.ErrKeystore, "the password file is not a keystore")
		errs = append(errs, err.Error())

		signer, err := rewards.LoadKeystore(acct.URL.Path, rewards.PasswordSource{File: pwFile})
		require.NoError(t, err)
		paid := rewards.PayoutAllocation{Key: "batch:s:1", To: common.Address{0x51}, Amount: big.NewInt(1000)}
		env.fund(signer.Address(), paid.Amount)
		cfg := rewards.PayerConfig{ChainID: testChainID, Token: env.token, Client: env.client, Store: &store.Payouts{DB: db},
			Signer: signer, MaxFee: big.NewInt(100e9), Confirmations: 1, GasLimit: testGas, PollInterval: time.Millisecond,
			Log: log, Sleep: func(context.Context, time.Duration) error { env.commit(); return nil }}
		p, err := rewards.NewPayer(cfg)
		require.NoError(t, err)
		_, err = p.Plan(ctx, "s", []rewards.PayoutAllocation{paid})
		require.NoError(t, err)
		rep, err := p.Run(ctx, "s")
		require.NoError(t, err)
		require.Equal(t, 1, rep.Confirmed)
		// A second batch the wallet cannot cover fails before signing.
		_, err = p.Plan(ctx, "s2", []rewards.PayoutAllocation{{Key: "batch:s2:1", To: common.Address{0x52}, Amount: big.NewInt(1)}})
		require.NoError(t, err)
		_, err = p.Run(ctx, "s2")
		require.ErrorIs(t, err, rewards.ErrInsufficientBalance)
		errs = append(errs, err.Error())

		for _, s := range secrets {
			require.NotContains(t, logs.String(), s)
			for _, e := range errs {
				require.NotContains(t, e, s)
			}
		}
		require.Contains(t, logs.String(), k.Address.Hex(), "the address is logged")
	})
}
