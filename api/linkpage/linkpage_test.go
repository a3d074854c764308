package linkpage_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
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
	"github.com/beckonhq/beckon/api/linkpage"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const domain = "link.example.org"

// server runs the API with the link page, as beckon serve mounts it.
func server(t *testing.T) (string, *store.DB) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	lp, err := linkpage.New(linkpage.Config{Domain: domain, URI: "https://" + domain + "/link", Project: "Genesis",
		ChainIDs: []uint64{31337, 8453}, Nonces: store.Nonces{DB: db}, Now: db.Now})
	require.NoError(t, err)
	srv := api.New(api.Config{DB: db, ChainID: 31337, NonceTTL: time.Minute, LinkPage: lp,
		SIWE: siwe.VerifyOptions{Domain: domain, URI: "https://" + domain + "/link"},
		OnLinkToken: func(_ context.Context, _ *store.Tx, token string, _ int64) error {
			if token != "tok-123" { // the token the browser test's bot handed out
				return api.ErrLinkToken
			}
			return nil
		}})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL, db
}

func post(t *testing.T, url string, body any) (int, map[string]any) {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	res, err := http.Post(url, "application/json", strings.NewReader(string(b)))
	require.NoError(t, err)
	defer res.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(res.Body)
	_ = json.Unmarshal(data, &out)
	return res.StatusCode, out
}

func walletContact(t *testing.T, db *store.DB, addr common.Address) (int64, bool) {
	t.Helper()
	var id int64
	var ok bool
	require.NoError(t, db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		id, ok, err = tx.WalletContact(context.Background(), addr)
		return err
	}))
	return id, ok
}

func TestLinkPageAndMessage(t *testing.T) {
	url, db := server(t)

	res, err := http.Get(url + "/link?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Security-Policy"), "script-src 'self'")
	require.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"), "the link token must not leak")
	require.Contains(t, string(body), "Link your wallet to Genesis")
	require.Contains(t, string(body), `data-chains="31337,8453"`)
	require.NotContains(t, string(body), "<script>alert(1)", "the token is escaped")

	res, err = http.Get(url + "/link/static/link.js")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	for _, bad := range []map[string]any{
		{"address": "0x1234", "chain_id": 31337},
		{"address": addr.Hex(), "chain_id": 1},
		{"address": addr.Hex()},
	} {
		status, _ := post(t, url+"/link/message", bad)
		require.Equal(t, http.StatusBadRequest, status, "%v", bad)
	}

	status, out := post(t, url+"/link/message", map[string]any{"address": strings.ToLower(addr.Hex()), "chain_id": 8453})
	require.Equal(t, http.StatusOK, status)
	msg, err := siwe.Parse(out["message"].(string))
	require.NoError(t, err)
	require.Equal(t, domain, msg.Domain)
	require.Equal(t, addr, msg.Address)
	require.Equal(t, uint64(8453), msg.ChainID)
	require.Equal(t, "Link this wallet to your Genesis account.", msg.Statement)
	require.NotNil(t, msg.ExpirationTime)

	sig, err := crypto.Sign(msg.Hash().Bytes(), key)
	require.NoError(t, err)
	status, out = post(t, url+"/v1/link/verify", map[string]string{"message": out["message"].(string), "signature": hexutil.Encode(sig)})
	require.Equal(t, http.StatusOK, status, "%v", out)
	_, ok := walletContact(t, db, addr)
	require.True(t, ok)
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("BECKON_TEST_REQUIRE_BROWSER") != "" {
		t.Fatal("chromium is required (BECKON_TEST_REQUIRE_BROWSER is set) but not installed")
	}
	t.Skip("chromium not installed; set BECKON_TEST_REQUIRE_BROWSER=1 to fail instead")
	return ""
}

// injectedWallet is an EIP-1193 provider like a browser wallet's: its
// personal_sign takes hex-encoded UTF-8 and is answered by Go.
const injectedWallet = `window.ethereum = {
  request: async ({ method, params }) => {
    switch (method) {
      case "eth_requestAccounts": return [await window.testWalletAddress()];
      case "eth_chainId": return "0x1";
      case "wallet_switchEthereumChain": window.switchedTo = params[0].chainId; return null;
      case "personal_sign": return await window.testWalletSign(params[0]);
    }
    throw new Error("unsupported " + method);
  }
};`

// TestLinkPageInBrowser links a wallet through the page's script in
// headless Chromium with an injected wallet on an unsupported chain.
func TestLinkPageInBrowser(t *testing.T) {
	exe := chromium(t)
	url, db := server(t)
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	addr := crypto.PubkeyToAddress(key.PublicKey)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	var signed string
	require.NoError(t, chromedp.Do(ctx,
		chromedp.ExposeFunc("testWalletAddress", func(context.Context, chromedp.Void) (string, error) {
			return strings.ToLower(addr.Hex()), nil
		}),
		chromedp.ExposeFunc("testWalletSign", func(_ context.Context, data string) (string, error) {
			msg, err := hexutil.Decode(data)
			if err != nil {
				return "", err
			}
			signed = string(msg)
			sig, err := crypto.Sign(accounts.TextHash(msg), key)
			if err != nil {
				return "", err
			}
			sig[64] += 27
			return hexutil.Encode(sig), nil
		}),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: injectedWallet})
			return err
		}),
		chromedp.Navigate(url+"/link?token=tok-123"),
		chromedp.WaitVisible(chromedp.CSS(`#connect`)),
		chromedp.Click(chromedp.CSS(`#connect`)),
		chromedp.WaitVisible(chromedp.CSS(`#status.ok`)),
	))
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#status`)))
	require.NoError(t, err)
	require.Contains(t, status, "Linked")
	switched, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.switchedTo`))
	require.NoError(t, err)
	require.Equal(t, "0x7a69", switched, "a wallet on another chain is asked to switch to the first configured one")
	msg, err := siwe.Parse(signed)
	require.NoError(t, err)
	require.Equal(t, uint64(31337), msg.ChainID)
	_, ok := walletContact(t, db, addr)
	require.True(t, ok, "the wallet is linked")
}

// TestVerifyRedeemsLinkToken: a bot's token is redeemed with the wallet's
// contact in the verifying transaction; a bad one changes nothing.
func TestVerifyRedeemsLinkToken(t *testing.T) {
	db := storetest.OpenSQLite(t)
	lp, err := linkpage.New(linkpage.Config{Domain: domain, URI: "https://" + domain + "/link", ChainIDs: []uint64{31337},
		Nonces: store.Nonces{DB: db}, Now: db.Now})
	require.NoError(t, err)
	var redeemed []string
	srv := api.New(api.Config{DB: db, ChainID: 31337, NonceTTL: time.Minute, LinkPage: lp,
		SIWE: siwe.VerifyOptions{Domain: domain, URI: "https://" + domain + "/link"},
		OnLinkToken: func(_ context.Context, _ *store.Tx, token string, contactID int64) error {
			if token != "good" {
				return fmt.Errorf("token %q: %w", token, api.ErrLinkToken)
			}
			redeemed = append(redeemed, fmt.Sprintf("%s:%d", token, contactID))
			return nil
		}})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	signed := func() (string, string) {
		status, out := post(t, ts.URL+"/link/message", map[string]any{"address": addr.Hex(), "chain_id": 31337})
		require.Equal(t, http.StatusOK, status)
		msg, err := siwe.Parse(out["message"].(string))
		require.NoError(t, err)
		sig, err := crypto.Sign(msg.Hash().Bytes(), key)
		require.NoError(t, err)
		return out["message"].(string), hexutil.Encode(sig)
	}

	m, sig := signed()
	status, out := post(t, ts.URL+"/v1/link/verify", map[string]string{"message": m, "signature": sig, "link_token": "stale"})
	require.Equal(t, http.StatusGone, status, "%v", out)
	_, ok := walletContact(t, db, addr)
	require.False(t, ok, "nothing was linked")

	m, sig = signed()
	status, out = post(t, ts.URL+"/v1/link/verify", map[string]string{"message": m, "signature": sig, "link_token": "good"})
	require.Equal(t, http.StatusOK, status, "%v", out)
	id, ok := walletContact(t, db, addr)
	require.True(t, ok)
	require.Equal(t, []string{fmt.Sprintf("good:%d", id)}, redeemed)
}
