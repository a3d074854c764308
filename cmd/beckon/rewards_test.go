package main

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
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
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/deployment"
	"github.com/beckonhq/beckon/abi/distributor"
	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// runCLIEnv runs one command in-process with the given environment.
func runCLIEnv(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code = m.Run(t.Context(), args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestRewardsDryRun(t *testing.T) {
	t.Parallel()
	valid := writeFile(t, "ok.csv", "address,amount\n0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n0XF550ADE614232B9780DEEFE2271913DA14C15074,25\n")
	code, stdout, stderr := runCLI(t, "rewards", "epoch", "build", "--allocations", valid, "--dry-run", "--json")
	require.Equal(t, exitOK, code, stderr)
	var out struct {
		Root   common.Hash              `json:"root"`
		Proofs map[string][]common.Hash `json:"proofs"`
		Total  string                   `json:"total"`
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&out), stdout)
	require.Equal(t, "125", out.Total)
	require.Len(t, out.Proofs, 2)
	for addr, amount := range map[string]int64{"0xeC5aD15E2E62ae1047c025fc226A0A1ff3b4140f": 100, "0xf550ADe614232b9780DeEFE2271913DA14c15074": 25} {
		proof, ok := out.Proofs[addr]
		require.True(t, ok, "checksummed %s in %v", addr, out.Proofs)
		ok, err := rewards.Verify(out.Root, []string{"address", "uint256"}, []any{addr, big.NewInt(amount)}, proof)
		require.NoError(t, err)
		require.True(t, ok)
	}
	require.True(t, strings.Index(stdout, `"root"`) < strings.Index(stdout, `"proofs"`) && strings.Index(stdout, `"proofs"`) < strings.Index(stdout, `"total"`))

	bad := writeFile(t, "bad.csv", "address,amount\n"+
		"0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n"+
		"0xnothex,1\n"+
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,ten\n"+
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,-1\n"+
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,0\n"+
		"0xEC5AD15E2E62AE1047C025FC226A0A1FF3B4140F,5\n")
	dir := t.TempDir()
	code, stdout, stderr = runCLI(t, "rewards", "epoch", "build", "--allocations", bad, "--dry-run", "--json", "--data-dir", dir)
	require.Equal(t, exitUsage, code)
	require.Empty(t, stdout)
	for _, want := range []string{"line 3: bad address", "line 4: bad amount", "line 5: negative amount", "line 6: zero amount", "line 7: duplicate address (first on line 2)"} {
		require.Contains(t, stderr, want)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "nothing written")

	// Bad rows stop a stored build too, before any configuration is read.
	code, _, stderr = runCLI(t, "rewards", "epoch", "build", "--allocations", bad, "--data-dir", dir)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "line 3: bad address")
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "nothing written")

	for _, args := range [][]string{
		{"rewards"},
		{"rewards", "epoch"},
		{"rewards", "epoch", "frobnicate"},
		{"rewards", "epoch", "build", "--dry-run"},
		{"rewards", "badge", "mint", "--wallet", "0x12", "--id", "1"},
		{"rewards", "badge", "mint", "--wallet", "0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f", "--id", "-1"},
		{"rewards", "epoch", "build", "--allocations", filepath.Join(dir, "missing.csv"), "--dry-run"},
	} {
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, stderr)
	}
	// Missing rewards configuration is a configuration error naming the key.
	code, _, stderr = runCLI(t, "rewards", "epoch", "build", "--allocations", valid, "--data-dir", dir)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "rewards.chain")
}

// rewardsChain is a simulated chain served over HTTP, with Beckon's
// contracts deployed, a funded distributor and a hot wallet keystore.
type rewardsChain struct {
	backend *simulated.Backend
	client  simulated.Client
	rpc     string
	addrs   deployment.Addresses
	c       *deployment.Contracts
	owner   *bind.TransactOpts
	claimer *bind.TransactOpts
	nonces  map[common.Address]uint64
	mu      sync.Mutex
	stop    func()
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

func newRewardsChain(t *testing.T, ownerKey, claimerKey *ecdsaKey) *rewardsChain {
	t.Helper()
	eth := new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	alloc := types.GenesisAlloc{ownerKey.addr: {Balance: eth}, claimerKey.addr: {Balance: eth}}
	port := freePort(t)
	backend := simulated.NewBackend(alloc, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", port, []string{"eth", "net", "web3"}
	})
	t.Cleanup(func() { _ = backend.Close() })
	rc := &rewardsChain{backend: backend, client: backend.Client(), rpc: fmt.Sprintf("http://127.0.0.1:%d", port), nonces: map[common.Address]uint64{}}
	rc.owner = bind.NewKeyedTransactor(ownerKey.key, big.NewInt(1337))
	rc.claimer = bind.NewKeyedTransactor(claimerKey.key, big.NewInt(1337))
	deployer := *rc.owner
	var err error
	rc.addrs, err = deployment.Deploy(t.Context(), rc.client, &deployer, func() { backend.Commit() }, deployment.Options{})
	require.NoError(t, err)
	rc.c = deployment.New(rc.client, rc.addrs)
	n, err := rc.client.NonceAt(t.Context(), rc.owner.From, nil)
	require.NoError(t, err)
	rc.nonces[rc.owner.From] = n
	tx, err := rc.c.MintToken(rc.opts(rc.owner), rc.addrs.Distributor, big.NewInt(1_000_000))
	require.NoError(t, err)
	rc.mine(t, tx, true)
	return rc
}

// opts gives a sender explicit nonce and gas: the simulated chain's
// estimates and pending nonces are unreliable.
func (rc *rewardsChain) opts(from *bind.TransactOpts) *bind.TransactOpts {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	o := *from
	o.Nonce = new(big.Int).SetUint64(rc.nonces[from.From])
	o.GasLimit = 1_000_000
	rc.nonces[from.From]++
	return &o
}

// mine commits a block and checks the transaction's status.
func (rc *rewardsChain) mine(t *testing.T, tx *types.Transaction, succeed bool) {
	t.Helper()
	rc.backend.Commit()
	r, err := rc.client.TransactionReceipt(t.Context(), tx.Hash())
	require.NoError(t, err)
	if succeed {
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status, "tx %s", tx.Hash())
	} else {
		require.Equal(t, types.ReceiptStatusFailed, r.Status, "tx %s must revert", tx.Hash())
	}
}

// mineInBackground commits a block every few milliseconds until the
// returned function is called, for commands that wait for receipts.
func (rc *rewardsChain) mineInBackground() func() {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-time.After(15 * time.Millisecond):
				rc.backend.Commit()
			}
		}
	}()
	return func() { close(done); <-stopped }
}

func (rc *rewardsChain) onChainEpoch(t *testing.T) (common.Hash, uint64) {
	t.Helper()
	d := distributor.NewMerkleDistributor()
	inst := d.Instance(rc.client, rc.addrs.Distributor)
	root, err := bind.Call(inst, nil, d.PackMerkleRoot(), d.UnpackMerkleRoot)
	require.NoError(t, err)
	n, err := bind.Call(inst, nil, d.PackEpoch(), d.UnpackEpoch)
	require.NoError(t, err)
	return root, n.Uint64()
}

type ecdsaKey struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func newKey(t *testing.T) *ecdsaKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	return &ecdsaKey{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
}

// TestRewardsEndToEnd builds and publishes cumulative epochs with the CLI,
// claims on the deployed distributor with proofs served by the API,
// indexes the claims back and mints a badge, on each store.
func TestRewardsEndToEnd(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			dbURL := filepath.Join(t.TempDir(), "beckon.db")
			if b.Name == "postgres" {
				dbURL = storetest.PostgresSchemaURL(t)
			}
			testRewardsEndToEnd(t, dbURL)
		})
	}
}

func testRewardsEndToEnd(t *testing.T, dbURL string) {
	ctx := t.Context()
	hot, claimer := newKey(t), newKey(t)
	rc := newRewardsChain(t, hot, claimer)
	alice := claimer.addr
	bob, carol := common.HexToAddress("0x00000000000000000000000000000000000B0b00"), common.HexToAddress("0x0000000000000000000000000000000000CA7010")

	ksPath := filepath.Join(t.TempDir(), "hot.json")
	blob, err := keystore.EncryptKey(&keystore.Key{Address: hot.addr, PrivateKey: hot.key}, "correct horse", keystore.LightScryptN, keystore.LightScryptP)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(ksPath, blob, 0o600))
	env := map[string]string{"HOT_WALLET_PASSWORD": "correct horse"}
	cfgPath := writeFile(t, "beckon.yaml", fmt.Sprintf(`database_url: %q
chains:
  - name: sim
    chain_id: 1337
    rpc: [%q]
    confirmations: 2
    poll_interval: 20ms
contracts:
  - { name: distributor, chain: sim, address: %q, kind: distributor }
rewards:
  chain: sim
  distributor: %q
  badge: %q
  keystore: %q
  password_env: HOT_WALLET_PASSWORD
`, dbURL, rc.rpc, rc.addrs.Distributor.Hex(), rc.addrs.Distributor.Hex(), rc.addrs.Badge.Hex(), ksPath))
	cli := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runCLIEnv(t, env, append(args[:len(args):len(args)], "--config", cfgPath)...)
		require.Equal(t, exitOK, code, "%v: %s", args, stderr)
		require.NotContains(t, stdout+stderr, "correct horse")
		return stdout
	}
	publish := func() publishOutput {
		t.Helper()
		stop := rc.mineInBackground()
		defer stop()
		var out publishOutput
		require.NoError(t, json.Unmarshal([]byte(cli("rewards", "epoch", "publish", "--json")), &out))
		return out
	}

	db, err := store.Open(ctx, dbURL, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	ts := httptest.NewServer(api.New(api.Config{DB: db, ChainID: 1337}).Handler())
	t.Cleanup(ts.Close)
	type proofResponse struct {
		Epoch     int64         `json:"epoch"`
		Root      common.Hash   `json:"root"`
		Amount    string        `json:"amount"`
		Proof     []common.Hash `json:"proof"`
		Claimed   string        `json:"claimed"`
		Claimable string        `json:"claimable"`
	}
	proofOf := func(acct common.Address) proofResponse {
		t.Helper()
		res, err := http.Get(ts.URL + "/v1/rewards/proofs/" + strings.ToLower(acct.Hex()))
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, "%s", body)
		var p proofResponse
		require.NoError(t, json.Unmarshal(body, &p))
		return p
	}
	amount := func(s string) *big.Int {
		n, ok := new(big.Int).SetString(s, 10)
		require.True(t, ok, s)
		return n
	}
	balance := func(acct common.Address) int64 {
		t.Helper()
		n, err := rc.c.TokenBalance(nil, acct)
		require.NoError(t, err)
		return n.Int64()
	}
	dec, err := chain.NewDecoder([]chain.Source{{Name: "distributor", Address: rc.addrs.Distributor, Kind: chain.SourceDistributor}})
	require.NoError(t, err)
	ix := &chain.Indexer{ChainID: 1337, Client: rc.client, Store: &store.ChainStore{DB: db}, Decoder: dec}
	index := func() {
		t.Helper()
		_, err := ix.Sync(ctx, 0)
		require.NoError(t, err)
	}

	// Epoch 1 from a CSV, published once.
	csv1 := writeFile(t, "epoch1.csv", fmt.Sprintf("address,amount\n%s,1000\n%s,500\n", strings.ToLower(alice.Hex()), bob.Hex()))
	var built builtOutput
	require.NoError(t, json.Unmarshal([]byte(cli("rewards", "epoch", "build", "--allocations", csv1, "--json")), &built))
	require.Equal(t, "1500", built.Total)
	require.Equal(t, 2, built.Accounts)
	require.Zero(t, built.Previous)
	pub := publish()
	require.False(t, pub.Already)
	require.Equal(t, built.Root, pub.Root)
	root, n := rc.onChainEpoch(t)
	require.Equal(t, built.Root, root)
	require.Equal(t, uint64(1), n)
	r, err := rc.client.TransactionReceipt(ctx, common.HexToHash(pub.Tx))
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)

	again := publish()
	require.True(t, again.Already, "publishing a published epoch sends nothing")
	require.Equal(t, pub.Tx, again.Tx)
	_, n = rc.onChainEpoch(t)
	require.Equal(t, uint64(1), n)

	// Alice claims with the API's proof; a tampered proof reverts.
	p := proofOf(alice)
	require.Equal(t, built.Epoch, p.Epoch)
	require.Equal(t, []string{"1000", "0", "1000"}, []string{p.Amount, p.Claimed, p.Claimable})
	tampered := append([]common.Hash(nil), p.Proof...)
	tampered[0][0] ^= 1
	tx, err := rc.c.Claim(rc.opts(rc.claimer), alice, amount(p.Amount), tampered)
	require.NoError(t, err)
	rc.mine(t, tx, false)
	bp := proofOf(bob)
	tx, err = rc.c.Claim(rc.opts(rc.claimer), bob, big.NewInt(501), bp.Proof)
	require.NoError(t, err)
	rc.mine(t, tx, false) // an amount that is not in the tree
	tx, err = rc.c.Claim(rc.opts(rc.claimer), alice, amount(p.Amount), p.Proof)
	require.NoError(t, err)
	rc.mine(t, tx, true)
	require.Equal(t, int64(1000), balance(alice))
	tx, err = rc.c.Claim(rc.opts(rc.claimer), alice, amount(p.Amount), p.Proof)
	require.NoError(t, err)
	rc.mine(t, tx, false) // nothing left to claim
	index()
	p = proofOf(alice)
	require.Equal(t, []string{"1000", "1000", "0"}, []string{p.Amount, p.Claimed, p.Claimable}, "claims indexed back")

	// Epoch 2 adds to epoch 1: alice is paid only the difference.
	csv2 := writeFile(t, "epoch2.csv", fmt.Sprintf("address,amount\n%s,250\n%s,70\n", alice.Hex(), carol.Hex()))
	var built2 builtOutput
	require.NoError(t, json.Unmarshal([]byte(cli("rewards", "epoch", "build", "--allocations", csv2)), &built2))
	require.Equal(t, built.Epoch, built2.Previous)
	require.Equal(t, "1820", built2.Total)
	require.Equal(t, "320", built2.Added)
	require.Equal(t, 3, built2.Accounts)
	pub2 := publish()
	require.False(t, pub2.Already)
	p = proofOf(alice)
	require.Equal(t, built2.Epoch, p.Epoch)
	require.Equal(t, []string{"1250", "1000", "250"}, []string{p.Amount, p.Claimed, p.Claimable})
	tx, err = rc.c.Claim(rc.opts(rc.claimer), alice, amount(p.Amount), p.Proof)
	require.NoError(t, err)
	rc.mine(t, tx, true)
	require.Equal(t, int64(1250), balance(alice), "the second epoch paid only the difference")
	bp = proofOf(bob)
	require.Equal(t, "500", bp.Amount, "bob keeps his unclaimed epoch 1 amount")
	tx, err = rc.c.Claim(rc.opts(rc.claimer), bob, amount(bp.Amount), bp.Proof)
	require.NoError(t, err)
	rc.mine(t, tx, true)
	require.Equal(t, int64(500), balance(bob))
	index()

	// An older epoch cannot be published over a newer one.
	code, _, stderr := runCLIEnv(t, env, "rewards", "epoch", "publish", "--epoch", fmt.Sprint(built.Epoch), "--config", cfgPath)
	require.Equal(t, exitFailure, code)
	require.Contains(t, stderr, "older than the published epoch")

	// Status shows per-epoch claims from the indexed events.
	var st rewardsStatusOutput
	require.NoError(t, json.Unmarshal([]byte(cli("rewards", "status", "--json")), &st))
	require.Len(t, st.Epochs, 2)
	e1, e2 := st.Epochs[0], st.Epochs[1]
	require.Equal(t, pub.Tx, e1.PublishTx)
	require.Equal(t, pub2.Tx, e2.PublishTx)
	// A claim counts in the first epoch that allotted its cumulative amount:
	// bob's 500 dates from epoch 1, alice's top-up from epoch 2.
	require.Equal(t, []any{2, 2, "1500", "1500"}, []any{e1.Accounts, e1.Claims, e1.Claimed, e1.Total})
	require.Equal(t, []any{3, 1, "250", "1820"}, []any{e2.Accounts, e2.Claims, e2.Claimed, e2.Total})
	require.Equal(t, 3, st.Claims.Count)
	require.Equal(t, "1750", st.Claims.Paid)
	require.Zero(t, st.Claims.Unmatched)

	// Export prints a loadable standard-v1 dump of the epoch.
	tree, err := rewards.LoadDump([]byte(cli("rewards", "epoch", "export", "--epoch", fmt.Sprint(built.Epoch))))
	require.NoError(t, err)
	require.Equal(t, built.Root, tree.Root())

	// A badge is minted once per contact and id.
	mint := func() badgeOutput {
		stop := rc.mineInBackground()
		defer stop()
		var out badgeOutput
		require.NoError(t, json.Unmarshal([]byte(cli("rewards", "badge", "mint", "--wallet", alice.Hex(), "--id", "3", "--reason", "tier:gold", "--json")), &out))
		return out
	}
	first := mint()
	require.True(t, first.Sent)
	require.Equal(t, string(rewards.BadgeMinted), first.Status)
	second := mint()
	require.False(t, second.Sent)
	require.Equal(t, first.Tx, second.Tx)
	held, err := rc.c.BadgeBalance(nil, alice, big.NewInt(3))
	require.NoError(t, err)
	require.Equal(t, int64(1), held.Int64())
	cli("rewards", "status")
}
