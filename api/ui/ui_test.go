package ui

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

const adminKey = "bk_admin_secret"

// fakeData serves every data interface from fixed values.
type fakeData struct {
	mu      sync.Mutex
	retried []int64
	nonces  map[string]time.Time
}

func (f *fakeData) IndexerStatus(_ context.Context, chainID uint64, _ time.Duration) (store.IndexerStatus, error) {
	return store.IndexerStatus{ChainID: chainID, Indexed: true, Checkpoint: 1200, Head: 1234, Events: 987, Recent: 360,
		PerMinute: []int64{1, 5, 3}, Reorgs: []store.Reorg{{ForkBlock: 1100, Depth: 3, RemovedEvents: 7, At: time.Unix(1700000000, 0)}}}, nil
}

func (f *fakeData) FlowSummaries(context.Context) ([]store.FlowSummary, error) {
	return []store.FlowSummary{{Flow: "welcome", Total: 4, ByStatus: map[string]int64{flow.RunCompleted: 3, flow.RunFailed: 1}}}, nil
}

func (f *fakeData) FlowStepCounts(context.Context, string) (map[string]store.StepCount, error) {
	return map[string]store.StepCount{
		"0": {Effects: map[string]int64{flow.EffectDone: 4}, Runs: map[string]int64{}},
		"1": {Effects: map[string]int64{flow.EffectDone: 3}, Runs: map[string]int64{flow.RunFailed: 1}},
	}, nil
}

func (f *fakeData) FlowRunsPerDay(_ context.Context, _ string, days int) ([]store.DayCount, error) {
	out := make([]store.DayCount, days)
	for i := range out {
		out[i] = store.DayCount{Day: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC), Count: int64(i)}
	}
	return out, nil
}

func (f *fakeData) Runs(_ context.Context, rf store.RunFilter) ([]store.RunInfo, error) {
	failed := store.RunInfo{ID: 41, Flow: "welcome", ContactID: 7, Status: flow.RunFailed, Step: "1", Error: "<smtp> down"}
	if len(rf.Statuses) > 0 {
		return []store.RunInfo{failed}, nil
	}
	return []store.RunInfo{failed, {ID: 40, Flow: "welcome", ContactID: 7, Status: flow.RunCompleted}}, nil
}

func (f *fakeData) RetryRun(_ context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id != 41 {
		return fmt.Errorf("retry run %d: %w", id, flow.ErrNotRetryable)
	}
	f.retried = append(f.retried, id)
	return nil
}

func (f *fakeData) SearchContacts(_ context.Context, q string, _ int) ([]store.ContactHit, error) {
	if q == "ada" {
		return []store.ContactHit{{ID: 7, Email: "ada@example.org", Points: 42, Identities: []crm.Identity{{Kind: "discord", Value: "adal"}}}}, nil
	}
	return nil, nil
}

func (f *fakeData) ContactDetail(_ context.Context, id int64, _ int) (store.ContactDetail, error) {
	if id != 7 {
		return store.ContactDetail{}, fmt.Errorf("contact %d: %w", id, store.ErrNotFound)
	}
	return store.ContactDetail{
		Contact: crm.Contact{ID: 7, Email: "ada@example.org", Identities: []crm.Identity{{Kind: "wallet", Value: "0x00000000000000000000000000000000000A11cE"}}},
		Points:  42, Tier: "gold",
		History: []loyalty.Entry{{Amount: 12, Reason: "vote", At: time.Unix(1700000100, 0)}, {Amount: 30, Reason: "mint", At: time.Unix(1700000000, 0)}},
	}, nil
}

func (f *fakeData) Leaderboard(context.Context, string, int) ([]loyalty.Standing, error) {
	return []loyalty.Standing{{Rank: 1, ContactID: 7, Points: 42}}, nil
}

func (f *fakeData) RewardEpochs(context.Context, int) ([]store.EpochSummary, error) {
	return []store.EpochSummary{{ID: 3, ChainID: 1337, Total: "1500", Accounts: 2}}, nil
}

func (f *fakeData) PayoutBatches(context.Context, int) ([]store.PayoutBatch, error) {
	return nil, nil
}

func (f *fakeData) PutNonce(_ context.Context, n string, exp time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.nonces == nil {
		f.nonces = map[string]time.Time{}
	}
	f.nonces[n] = exp
	return nil
}

func (f *fakeData) UseNonce(_ context.Context, n string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.nonces[n]; !ok {
		return store.ErrNotFound
	}
	delete(f.nonces, n)
	return nil
}

type fakeSegments struct{}

func (fakeSegments) Segments(context.Context) ([]Segment, error) {
	return []Segment{{Name: "whales", Size: 12}}, nil
}

func (fakeSegments) SegmentSizes(context.Context, string, time.Time) ([]SegmentSize, error) {
	return []SegmentSize{{At: time.Unix(1700000000, 0), Size: 3}, {At: time.Unix(1700086400, 0), Size: 12}}, nil
}

func (fakeSegments) ContactSegments(context.Context, int64) ([]string, error) {
	return []string{"whales"}, nil
}

type fakeHealth []chain.EndpointHealth

func (f fakeHealth) Health() []chain.EndpointHealth { return f }

func welcomeFlow(t *testing.T) *flow.Definition {
	t.Helper()
	def, err := flow.Parse("welcome.yaml", []byte(`name: welcome
trigger:
  event: mint
steps:
  - award_points: { amount: 50, reason: welcome }
  - email: { template: welcome }
`))
	require.NoError(t, err)
	return def
}

type bundle struct {
	srv    *httptest.Server
	client *http.Client
	data   *fakeData
	wallet *ecdsa.PrivateKey
}

func setup(t *testing.T, mutate func(*Config)) *bundle {
	t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	data := &fakeData{}
	welcome := []*flow.Definition{welcomeFlow(t)}
	cfg := Config{
		SessionSecret: []byte(strings.Repeat("s", 32)),
		CheckKey: func(_ context.Context, secret string) (bool, error) {
			switch secret {
			case adminKey:
				return true, nil
			case "broken":
				return false, errors.New("key store down")
			}
			return false, nil
		},
		AdminWallets: []common.Address{crypto.PubkeyToAddress(key.PublicKey)},
		SIWE:         siwe.VerifyOptions{Domain: "beckon.example.org"},
		Nonces:       data,
		Chains:       []Chain{{Name: "mainnet", ID: 1, Endpoints: fakeHealth{{Endpoint: "https://rpc.example.org", Healthy: true, Calls: 99, Latency: 12 * time.Millisecond}}}},
		Indexers:     data, Flows: data, Retrier: data, Contacts: data, Loyalty: data, Rewards: data,
		Definitions: func() []*flow.Definition { return welcome },
	}
	if mutate != nil {
		mutate(&cfg)
	}
	h, err := New(cfg)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &bundle{srv: srv, data: data, wallet: key, client: &http.Client{Jar: jar}}
}

func (b *bundle) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := b.client.Get(b.srv.URL + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func (b *bundle) postForm(t *testing.T, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := b.client.PostForm(b.srv.URL+path, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	require.NotNil(t, m, "page has a CSRF field")
	return m[1]
}

func (b *bundle) login(t *testing.T) {
	t.Helper()
	_, body := b.get(t, "/ui/login")
	status, body := b.postForm(t, "/ui/login", url.Values{"csrf": {csrfOf(t, body)}, "key": {adminKey}})
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "<h1>Indexers</h1>", "signed in and sent to the dashboard")
}

func TestUnauthenticatedGoesToLogin(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	for _, path := range []string{"/ui/", "/ui/flows", "/ui/contacts/7", "/ui/indexers"} {
		status, body := b.get(t, path)
		require.Equal(t, http.StatusOK, status, path)
		require.Contains(t, body, "Admin API key", path)
		require.NotContains(t, body, "welcome", path)
	}
	status, _ := b.postForm(t, "/ui/runs/41/retry", url.Values{})
	require.Equal(t, http.StatusUnauthorized, status)
	require.Empty(t, b.data.retried)
}

func TestKeyLogin(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	_, body := b.get(t, "/ui/login")
	token := csrfOf(t, body)

	status, body := b.postForm(t, "/ui/login", url.Values{"csrf": {token}, "key": {"bk_read_only"}})
	require.Equal(t, http.StatusUnauthorized, status)
	require.Contains(t, body, "not an admin key")
	require.NotContains(t, body, "bk_read_only", "the key is not echoed")

	status, _ = b.postForm(t, "/ui/login", url.Values{"csrf": {"forged-token-forged-token"}, "key": {adminKey}})
	require.Equal(t, http.StatusForbidden, status, "login CSRF token must match its cookie")

	status, _ = b.postForm(t, "/ui/login", url.Values{"csrf": {token}, "key": {"broken"}})
	require.Equal(t, http.StatusInternalServerError, status)

	resp, err := b.client.PostForm(b.srv.URL+"/ui/login", url.Values{"csrf": {token}, "key": {adminKey}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var cookie *http.Cookie
	for _, c := range resp.Request.Response.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	require.NotNil(t, cookie)
	require.True(t, cookie.HttpOnly)
	require.Equal(t, http.SameSiteStrictMode, cookie.SameSite)
	require.False(t, cookie.Secure, "plain http setup")
	require.Positive(t, cookie.MaxAge)
	require.NotContains(t, cookie.Value, adminKey)

	status, body = b.get(t, "/ui/indexers")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "mainnet")
}

func TestSecureCookieAndHeaders(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *Config) { c.Secure = true })
	resp, err := b.client.Get(b.srv.URL + "/ui/login")
	require.NoError(t, err)
	resp.Body.Close()
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'")
	require.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
	var login *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == loginCookie {
			login = c
		}
	}
	require.NotNil(t, login)
	require.True(t, login.Secure)
	require.True(t, login.HttpOnly)
}

func TestSessionTamperingAndExpiry(t *testing.T) {
	t.Parallel()
	now := time.Unix(1800000000, 0)
	clock := func() time.Time { return now }
	b := setup(t, func(c *Config) { c.Now = func() time.Time { return clock() }; c.SessionTTL = time.Hour })
	h, err := New(Config{SessionSecret: []byte(strings.Repeat("s", 32)), CheckKey: func(context.Context, string) (bool, error) { return true, nil }, Now: clock})
	require.NoError(t, err)
	good := h.encodeSession(session{Subject: "key", Expires: now.Add(time.Hour).Unix(), ID: "abc"})
	_, ok := h.decodeSession(good)
	require.True(t, ok)
	payload, sig, _ := strings.Cut(good, ".")
	_, ok = h.decodeSession(payload + "x." + sig)
	require.False(t, ok, "tampered payload")
	other, err := New(Config{SessionSecret: []byte(strings.Repeat("t", 32)), CheckKey: func(context.Context, string) (bool, error) { return true, nil }})
	require.NoError(t, err)
	_, ok = other.decodeSession(good)
	require.False(t, ok, "another secret")
	_, ok = h.decodeSession(h.encodeSession(session{Subject: "key", Expires: now.Unix(), ID: "abc"}))
	require.False(t, ok, "expired")

	b.login(t)
	status, body := b.get(t, "/ui/flows")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "<h1>Flows</h1>")
	now = now.Add(2 * time.Hour)
	_, body = b.get(t, "/ui/flows")
	require.Contains(t, body, "Admin API key", "an expired session signs out")
}

func FuzzDecodeSession(f *testing.F) {
	h, err := New(Config{SessionSecret: []byte(strings.Repeat("s", 32)), CheckKey: func(context.Context, string) (bool, error) { return true, nil }})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h.encodeSession(session{Subject: "key", Expires: time.Now().Add(time.Hour).Unix(), ID: "x"}))
	f.Add("")
	f.Add(".")
	f.Add("eyJzdWIiOiJrZXkifQ.AAAA")
	f.Fuzz(func(t *testing.T, v string) {
		s, ok := h.decodeSession(v)
		if ok && h.encodeSession(s) != v {
			// Only cookies this handler signed are accepted, and those
			// re-encode to themselves.
			t.Fatalf("accepted a cookie it did not sign: %q", v)
		}
	})
}

func TestRetryNeedsCSRF(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.login(t)
	status, body := b.get(t, "/ui/flows/welcome")
	require.Equal(t, http.StatusOK, status)
	token := csrfOf(t, body)

	status, _ = b.postForm(t, "/ui/runs/41/retry", url.Values{"flow": {"welcome"}})
	require.Equal(t, http.StatusForbidden, status)
	status, _ = b.postForm(t, "/ui/runs/41/retry", url.Values{"flow": {"welcome"}, "csrf": {"wrong"}})
	require.Equal(t, http.StatusForbidden, status)
	require.Empty(t, b.data.retried)

	status, body = b.postForm(t, "/ui/runs/41/retry", url.Values{"flow": {"welcome"}, "csrf": {token}})
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []int64{41}, b.data.retried)
	require.Contains(t, body, "Run 41 was queued again.")

	_, body = b.postForm(t, "/ui/runs/40/retry", url.Values{"flow": {"welcome"}, "csrf": {token}})
	require.Contains(t, body, "could not be retried")
	require.Equal(t, []int64{41}, b.data.retried)
}

func TestPages(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.login(t)
	cases := []struct {
		path string
		want []string
		not  []string
	}{
		{"/ui/indexers", []string{"mainnet", `class="head">1234<`, `class="checkpoint">1200<`, `class="lag">34 blocks<`, `class="rate">0.20<`, "https://rpc.example.org", "healthy", "1100", "<svg"}, nil},
		{"/ui/flows", []string{`href="/ui/flows/welcome"`, `class="runs">4<`, "75.0%", "<svg"}, nil},
		{"/ui/flows/welcome", []string{`id="runs-total">4<`, `id="conversion">75.0%<`, "award_points 50", "email welcome", "4 done", "3 done · 1 failed", "4 entered",
			"&lt;smtp&gt; down", `action="/ui/runs/41/retry"`}, []string{"<smtp>"}},
		{"/ui/contacts?q=ada", []string{`href="/ui/contacts/7"`, "ada@example.org", "discord: adal"}, nil},
		{"/ui/contacts?q=nobody", []string{"No contact matches"}, nil},
		{"/ui/contacts/7", []string{`id="points">42<`, `id="tier">gold<`, "0x00000000000000000000000000000000000A11cE", "vote", "welcome", "<polyline"}, []string{"Segments", "Scores"}},
		{"/ui/leaderboard", []string{`href="/ui/contacts/7"`, ">42<"}, nil},
		{"/ui/rewards", []string{"1500", "not published"}, nil},
	}
	for _, tc := range cases {
		status, body := b.get(t, tc.path)
		require.Equal(t, http.StatusOK, status, tc.path)
		for _, w := range tc.want {
			require.Contains(t, body, w, tc.path)
		}
		for _, n := range tc.not {
			require.NotContains(t, body, n, tc.path)
		}
		require.NotContains(t, body, "http://", "%s loads nothing from the network", tc.path)
	}
	status, _ := b.get(t, "/ui/contacts/999")
	require.Equal(t, http.StatusNotFound, status)
	status, _ = b.get(t, "/ui/flows/nope")
	require.Equal(t, http.StatusNotFound, status)
	status, _ = b.get(t, "/ui/segments")
	require.Equal(t, http.StatusNotFound, status, "no segments source")
	status, body := b.get(t, "/ui/static/app.css")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "svg.diagram")
}

func TestOptionalSections(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *Config) { c.Segments = fakeSegments{} })
	b.login(t)
	_, body := b.get(t, "/ui/contacts/7")
	require.Contains(t, body, "<h2>Segments</h2>")
	require.Contains(t, body, "whales")
	require.NotContains(t, body, "<h2>Scores</h2>")
	status, body := b.get(t, "/ui/segments")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "12 contacts")
	require.Contains(t, body, "<polyline")
	require.Contains(t, body, `href="/ui/segments"`)
}

func (b *bundle) siweLogin(t *testing.T, key *ecdsa.PrivateKey, csrf string) (int, map[string]string) {
	t.Helper()
	post := func(path string, body any) (int, map[string]string) {
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		req, err := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(string(raw)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", csrf)
		resp, err := b.client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		out := map[string]string{}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	addr := crypto.PubkeyToAddress(key.PublicKey)
	status, n := post("/ui/login/nonce", map[string]any{"address": strings.ToLower(addr.Hex()), "chain_id": 1})
	if status != http.StatusOK {
		return status, n
	}
	sig, err := crypto.Sign(accounts.TextHash([]byte(n["message"])), key)
	require.NoError(t, err)
	sig[64] += 27
	status, out := post("/ui/login/siwe", map[string]string{"message": n["message"], "signature": hexutil.Encode(sig)})
	if status == http.StatusOK {
		b.data.mu.Lock()
		_, unspent := b.data.nonces[n["nonce"]]
		b.data.mu.Unlock()
		require.False(t, unspent, "a sign-in spends its nonce, so the message cannot be replayed")
	}
	return status, out
}

func TestSIWELogin(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	_, body := b.get(t, "/ui/login")
	require.Contains(t, body, "Sign in with Ethereum")
	require.Contains(t, body, `src="/ui/static/login.js"`)
	csrf := regexp.MustCompile(`data-csrf="([^"]+)"`).FindStringSubmatch(body)[1]

	status, _ := b.siweLogin(t, b.wallet, "forged-token-forged-token")
	require.Equal(t, http.StatusForbidden, status)

	stranger, err := crypto.GenerateKey()
	require.NoError(t, err)
	status, out := b.siweLogin(t, stranger, csrf)
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, out["error"], "not a dashboard admin")

	status, out = b.siweLogin(t, b.wallet, csrf)
	require.Equal(t, http.StatusOK, status, out["error"])
	require.Equal(t, "/ui/", out["redirect"])
	status, body = b.get(t, "/ui/")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "wallet:"+crypto.PubkeyToAddress(b.wallet.PublicKey).Hex())
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	ok := func(context.Context, string) (bool, error) { return true, nil }
	_, err := New(Config{SessionSecret: []byte("short"), CheckKey: ok})
	require.ErrorContains(t, err, "at least 32 bytes")
	_, err = New(Config{SessionSecret: []byte(strings.Repeat("s", 32))})
	require.ErrorContains(t, err, "no sign-in method")
	_, err = New(Config{SessionSecret: []byte(strings.Repeat("s", 32)), AdminWallets: []common.Address{{1}}})
	require.ErrorContains(t, err, "nonce store")
}

func TestFlowDiagramBranches(t *testing.T) {
	t.Parallel()
	def, err := flow.Parse("branchy.yaml", []byte(`name: branchy
trigger:
  event: stake
steps:
  - if: 'contact.points > 10'
    then:
      - award_points: { amount: 5, reason: big }
    else:
      - exit
  - email: { template: welcome }
`))
	require.NoError(t, err)
	svg := string(flowDiagram(def, map[string]store.StepCount{"0.then.0": {Effects: map[string]int64{flow.EffectDone: 2}}}, 5))
	for _, w := range []string{`data-step="trigger"`, `data-step="0"`, `data-step="0.then.0"`, `data-step="0.else.0"`, `data-step="1"`, ">yes<", ">no<", "2 done", "5 entered"} {
		require.Contains(t, svg, w)
	}
	// trigger→if, if→then, if→else, then→email; the exit leads nowhere.
	require.Equal(t, 4, strings.Count(svg, `class="edge"`))
}
