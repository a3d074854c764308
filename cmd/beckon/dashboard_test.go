package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// envRequireBrowser turns a missing Chromium into a failure; CI sets it.
const envRequireBrowser = "BECKON_TEST_REQUIRE_BROWSER"

const dashboardKey = "test-admin-key-0123456789"

const dashboardFlow = `name: welcome
description: Welcome new pass holders with points and an email.
trigger: { event: mint, contract: pass }
steps:
  - award_points: { amount: 100, reason: pass mint }
  - wait: 1h
  - email: { template: welcome }
`

// dashboardInstance is a wired Beckon on SQLite, seeded through the store,
// serving the API and the dashboard on a random port.
type dashboardInstance struct {
	url string
	app *app
	ada int64
}

func startDashboard(t *testing.T, uiYAML string) *dashboardInstance {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "flows"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "flows", "welcome.yaml"), []byte(dashboardFlow), 0o644))
	cfgFile := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte(fmt.Sprintf(`chains:
  - { name: local, chain_id: 31337, rpc: ["http://127.0.0.1:1"] }
contracts:
  - { name: pass, chain: local, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", kind: erc721 }
flows: [%q]
siwe: { domain: beckon.example.org }
%s`, filepath.Join(dir, "flows", "*.yaml"), uiYAML)), 0o644))
	env := mapEnv(map[string]string{"BECKON_UI_ADMIN_KEY": dashboardKey})
	cfg, err := LoadConfig(cfgFile, env)
	require.NoError(t, err)
	flows, err := loadFlows(cfg)
	require.NoError(t, err)
	log := slog.New(slog.DiscardHandler)
	a, err := newApp(ctx, cfg, dir, flows, env, log)
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	d := &dashboardInstance{app: a, ada: seedDashboard(t, a.db)}

	// A pool over an endpoint nobody serves: it is dialed lazily, so the
	// page shows it without a node.
	pool, err := chain.DialPool(ctx, cfg.Chains[0].RPC, chain.PoolOptions{Log: log})
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	h, err := newDashboard(ctx, cfg, a, dashboardSources{clients: map[string]*chain.Pool{"local": pool}}, env, log)
	require.NoError(t, err)
	require.NotNil(t, h)
	srv := api.New(api.Config{DB: a.db, UI: h})
	addr, err := srv.Listen("127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	d.url = "http://" + addr.String()
	return d
}

// seedDashboard writes what the pages show: indexed events, two contacts
// with points and five runs of the welcome flow, one failed.
func seedDashboard(t *testing.T, db *store.DB) (ada int64) {
	t.Helper()
	ctx := t.Context()
	alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	cs := &store.ChainStore{DB: db}
	var events []chain.Event
	for i := range 12 {
		events = append(events, chain.Event{ChainID: 31337, BlockNumber: uint64(100 + i), BlockHash: common.Hash{byte(i + 1)}, TxHash: common.Hash{byte(i + 1), 1},
			Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3"), Source: "pass", Kind: chain.KindMint, Name: "Transfer",
			Wallet: alice, Args: map[string]string{"tokenId": fmt.Sprint(i)}})
	}
	require.NoError(t, cs.Commit(ctx, chain.Batch{ChainID: 31337, Events: events,
		Checkpoint: chain.Checkpoint{ChainID: 31337, Number: 111, Hash: common.Hash{12}, Head: 120}}))
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		ada, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "ada@example.org"})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, ada, crm.Identity{Kind: crm.IdentityWallet, Value: alice.Hex()})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, ada, crm.Identity{Kind: crm.IdentityDiscord, Value: "adalovelace"})
		require.NoError(t, err)
		bob, _, err := crm.EnsureWallet(ctx, tx, common.Address{0xB0})
		require.NoError(t, err)
		for i, amount := range []int64{100, 25, 40} {
			_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: ada, Amount: amount, Reason: "pass mint", Source: fmt.Sprint("seed", i), Key: fmt.Sprint("seed-ada-", i),
				At: time.Now().Add(time.Duration(i-3) * time.Hour)})
			require.NoError(t, err)
		}
		_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: bob, Amount: 60, Reason: "stake", Source: "seed-bob", Key: "seed-bob"})
		require.NoError(t, err)
		for i := range 5 {
			contact := ada
			if i%2 == 1 {
				contact = bob
			}
			r, _, err := tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: contact, TriggerKey: fmt.Sprint("seed:", i), Status: flow.RunRunning, Step: "0"})
			require.NoError(t, err)
			finish := func(step string) {
				_, _, err := tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: step, Kind: "seed"})
				require.NoError(t, err)
				require.NoError(t, tx.FinishEffect(ctx, r.ID, step, flow.EffectDone, ""))
			}
			finish("0")
			switch i {
			case 0, 1, 2:
				finish("2")
				require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunCompleted, "", ""))
			case 3:
				require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunWaiting, "1", ""))
			case 4:
				require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunFailed, "2", "smtp: connection refused"))
			}
		}
		return nil
	}))
	return ada
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(envRequireBrowser) != "" {
		t.Fatalf("chromium is required (%s is set) but not installed: apt-get install -y chromium", envRequireBrowser)
	}
	t.Skipf("chromium not installed; set %s=1 to fail instead", envRequireBrowser)
	return ""
}

// newBrowser starts headless Chromium with a fresh profile and returns
// the context of one tab; it ends with the test.
func newBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(t.TempDir()))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// TestDashboardInBrowser signs in to a seeded instance with headless
// Chromium, opens the indexers page, a flow and a contact, checks what
// they show and keeps a screenshot of each under test-artifacts/.
func TestDashboardInBrowser(t *testing.T) {
	t.Parallel()
	exe := chromiumPath(t)
	d := startDashboard(t, "ui: { admin_key_env: BECKON_UI_ADMIN_KEY }\n")
	artifacts := filepath.Join("..", "..", "test-artifacts")
	require.NoError(t, os.MkdirAll(artifacts, 0o755))

	ctx := newBrowser(t, exe)

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		require.NoError(t, err, sel)
		return strings.TrimSpace(s)
	}
	texts := func(sel string) []string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(`+strconv.Quote(sel)+`)).map(e => e.textContent.trim())`))
		require.NoError(t, err, sel)
		return s
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(artifacts, name), png, 0o644))
	}

	// Signing in: a wrong key is refused, the admin key lands on the indexers.
	do(chromedp.Navigate(d.url+"/ui/"),
		chromedp.WaitVisible(chromedp.CSS(`#key`)),
		chromedp.SendKeys(chromedp.CSS(`#key`), "not-a-key"),
		chromedp.Click(chromedp.CSS(`#key-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#login-error`)))
	require.Contains(t, text(`#login-error`), "not an admin key")

	do(chromedp.SendKeys(chromedp.CSS(`#key`), dashboardKey),
		chromedp.Click(chromedp.CSS(`#key-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`section.indexer`)))
	require.Equal(t, "Indexers", text(`h1`))
	require.Equal(t, "120", text(`.indexer .head`))
	require.Equal(t, "111", text(`.indexer .checkpoint`))
	require.Equal(t, "9 blocks", text(`.indexer .lag`))
	require.Equal(t, "12", text(`.indexer .events`))
	require.Contains(t, text(`table.endpoints tbody`), "http://127.0.0.1:1")
	shot("dashboard-indexers.png")

	// The flow: run counts, conversion, the step diagram with its counts,
	// and the failure with its retry button.
	do(chromedp.Click(chromedp.CSS(`nav a[href="/ui/flows"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-flow="welcome"]`)),
		chromedp.Click(chromedp.CSS(`tr[data-flow="welcome"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`svg.diagram`)))
	require.Equal(t, "5", text(`#runs-total`))
	require.Equal(t, "1", text(`#runs-failed`))
	require.Equal(t, "60.0%", text(`#conversion`))
	require.Equal(t, []string{"on mint of pass", "5 entered", "award_points 100", "5 done", "wait 1h0m0s", "1 here", "email welcome", "3 done · 1 failed"},
		texts(`svg.diagram text:not(.edge-label)`))
	require.Contains(t, text(`table.failures tbody`), "smtp: connection refused")
	require.Equal(t, []string{"Retry"}, texts(`button.retry`))
	shot("dashboard-flow.png")

	// A contact, found by a piece of its Discord handle.
	do(chromedp.Navigate(d.url+"/ui/contacts"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="q"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="q"]`), "lovelace\n"),
		chromedp.WaitVisible(chromedp.CSS(`table.contacts a`)),
		chromedp.Click(chromedp.CSS(`table.contacts a`)),
		chromedp.WaitVisible(chromedp.CSS(`#points`)))
	require.Equal(t, "ada@example.org", text(`#email`))
	require.Equal(t, "165", text(`#points`))
	identities := text(`table.identities`)
	require.Contains(t, identities, "adalovelace")
	require.Contains(t, identities, "0x00000000000000000000000000000000000A11cE")
	require.Equal(t, 3, strings.Count(text(`table.history tbody`), "pass mint"))
	journeys := text(`table.journeys tbody`)
	require.Contains(t, journeys, "welcome")
	require.Contains(t, journeys, "failed")
	shot("dashboard-contact.png")

	for _, name := range []string{"dashboard-indexers.png", "dashboard-flow.png", "dashboard-contact.png"} {
		fi, err := os.Stat(filepath.Join(artifacts, name))
		require.NoError(t, err)
		require.Greater(t, fi.Size(), int64(10_000), "%s is a real screenshot", name)
	}
}

// fakeWallet is an injected EIP-1193 provider whose personal_sign is
// answered by Go, so the sign-in script runs as with a real wallet.
const fakeWallet = `window.ethereum = {
  request: async ({ method, params }) => {
    switch (method) {
      case "eth_requestAccounts": return [await window.testWalletAddress()];
      case "eth_chainId": return "0x7a69";
      case "personal_sign": return await window.testWalletSign(params[0]);
    }
    throw new Error("unsupported " + method);
  }
};`

// TestDashboardWalletSignInBrowser signs in with Sign-In with Ethereum
// through the page's script and an injected wallet holding an admin key.
func TestDashboardWalletSignInBrowser(t *testing.T) {
	t.Parallel()
	exe := chromiumPath(t)
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	admin := crypto.PubkeyToAddress(key.PublicKey)
	d := startDashboard(t, fmt.Sprintf("ui: { admin_wallets: [%q] }\n", admin.Hex()))
	ctx := newBrowser(t, exe)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.ExposeFunc("testWalletAddress", func(context.Context, chromedp.Void) (string, error) {
			return strings.ToLower(admin.Hex()), nil
		}),
		chromedp.ExposeFunc("testWalletSign", func(_ context.Context, msg string) (string, error) {
			sig, err := crypto.Sign(accounts.TextHash([]byte(msg)), key)
			if err != nil {
				return "", err
			}
			sig[64] += 27
			return hexutil.Encode(sig), nil
		}),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeWallet})
			return err
		}),
		chromedp.Navigate(d.url+"/ui/login"),
		chromedp.WaitVisible(chromedp.CSS(`#siwe`)),
		chromedp.Click(chromedp.CSS(`#siwe`)),
		chromedp.WaitVisible(chromedp.CSS(`section.indexer`)),
	))
	who, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.who`)))
	require.NoError(t, err)
	require.Equal(t, "wallet:"+admin.Hex(), strings.TrimSpace(who))
}

// TestDashboardServedByAPI checks the wiring without a browser: the
// dashboard answers under /ui of the API server, behind its sign-in, and
// a failed run can be retried from it.
func TestDashboardServedByAPI(t *testing.T) {
	t.Parallel()
	d := startDashboard(t, "ui: { admin_key_env: BECKON_UI_ADMIN_KEY, session_ttl: 1h }\n")
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	get := func(path string) string {
		resp, err := client.Get(d.url + path)
		require.NoError(t, err)
		return readAll(t, resp)
	}
	body := get("/ui")
	require.Contains(t, body, "Admin API key", "/ui redirects to the sign-in")
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	resp, err := client.PostForm(d.url+"/ui/login", url.Values{"csrf": {csrf.FindStringSubmatch(body)[1]}, "key": {dashboardKey}})
	require.NoError(t, err)
	body = readAll(t, resp)
	require.Contains(t, body, "<h1>Indexers</h1>")

	body = get("/ui/flows/welcome")
	runID := regexp.MustCompile(`action="/ui/runs/(\d+)/retry"`).FindStringSubmatch(body)
	require.NotNil(t, runID)
	resp, err = client.PostForm(d.url+"/ui/runs/"+runID[1]+"/retry", url.Values{"csrf": {csrf.FindStringSubmatch(body)[1]}, "flow": {"welcome"}})
	require.NoError(t, err)
	body = readAll(t, resp)
	require.Contains(t, body, "Run "+runID[1]+" was queued again.")
	require.Contains(t, body, "No failed runs.")
	var jobs int
	require.NoError(t, d.app.db.SQL.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM river_job WHERE kind = 'beckon_step'`).Scan(&jobs))
	require.Equal(t, 1, jobs, "the retry enqueued the failed step again")

	resp, err = http.Get(d.url + "/v1/nope")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode, "the API keeps its own routes")
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestConfigUIErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ body, field string }{
		{"ui: { admin_wallets: [\"0xnope\"] }\n", "ui.admin_wallets.0"},
		{"ui: { session_ttl: soon }\n", "ui.session_ttl"},
		{"ui: { admin_wallets: [\"0x7777777777777777777777777777777777777777\"] }\n", "siwe.domain"},
	} {
		_, err := LoadConfig(writeConfig(t, tc.body), noEnv)
		require.ErrorContains(t, err, tc.field)
	}
}

func TestNewDashboardConfig(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	log := slog.New(slog.DiscardHandler)
	load := func(body string) *Config {
		cfg, err := LoadConfig(writeConfig(t, body), noEnv)
		require.NoError(t, err)
		return cfg
	}
	h, err := newDashboard(ctx, load("log_level: info\n"), &app{}, dashboardSources{}, noEnv, log)
	require.NoError(t, err)
	require.Nil(t, h, "no sign-in method: the dashboard is off")

	env := mapEnv(map[string]string{"ADMIN_KEY": "k", "UI_SECRET": "too short"})
	_, err = newDashboard(ctx, load("ui: { admin_key_env: ADMIN_KEY, session_secret_env: UI_SECRET }\n"), &app{}, dashboardSources{}, env, log)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "ui.session_secret_env", ce.Field)
	require.NotContains(t, err.Error(), "too short", "the secret is not echoed")

	// Without a session secret variable, one is generated and kept.
	db := storetest.OpenSQLite(t)
	h, err = newDashboard(ctx, load("ui: { admin_key_env: ADMIN_KEY }\n"), &app{db: db}, dashboardSources{}, env, log)
	require.NoError(t, err)
	require.NotNil(t, h)
	var n int
	require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM beckon_secrets WHERE name = 'ui_session'`).Scan(&n))
	require.Equal(t, 1, n)
}
