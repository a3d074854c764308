package api_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const (
	rewardsChainID = 1337
	siweDomain     = "app.example.org"
	maxBody        = 1024
)

type apiEnv struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	url string
}

var unsubscribeSecret = []byte("0123456789abcdef0123456789abcdef")

func newAPI(t *testing.T, backend storetest.Backend) *apiEnv {
	t.Helper()
	db := backend.Open(t)
	srv := api.New(api.Config{
		DB:                db,
		ChainID:           rewardsChainID,
		SIWE:              siwe.VerifyOptions{Domain: siweDomain},
		MaxBody:           maxBody,
		UnsubscribeSecret: unsubscribeSecret,
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &apiEnv{t: t, ctx: context.Background(), db: db, url: ts.URL}
}

type response struct {
	status      int
	contentType string
	body        []byte
}

func (e *apiEnv) do(method, path string, body []byte) response {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(e.ctx, method, e.url+path, r)
	require.NoError(e.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return response{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), body: b}
}

func (e *apiEnv) postJSON(path string, v any) response {
	e.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(e.t, err)
	return e.do(http.MethodPost, path, b)
}

// requireProblem checks an RFC 9457 problem document with the given status.
func requireProblem(t *testing.T, res response, status int) {
	t.Helper()
	require.Equal(t, status, res.status, "body: %s", res.body)
	require.Equal(t, "application/problem+json", res.contentType)
	var p struct {
		Status int    `json:"status"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	require.NoError(t, json.Unmarshal(res.body, &p), "body: %s", res.body)
	require.Equal(t, status, p.Status)
	require.Equal(t, http.StatusText(status), p.Title)
	require.NotEmpty(t, p.Detail)
}

func forEachBackend(t *testing.T, fn func(t *testing.T, e *apiEnv)) {
	for _, backend := range storetest.Backends(t) {
		t.Run(backend.Name, func(t *testing.T) { fn(t, newAPI(t, backend)) })
	}
}

func TestHealthAndRouting(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *apiEnv) {
		res := e.do(http.MethodGet, "/healthz", nil)
		require.Equal(t, http.StatusOK, res.status)
		require.JSONEq(t, `{"status":"ok"}`, string(res.body))

		res = e.do(http.MethodGet, "/readyz", nil)
		require.Equal(t, http.StatusOK, res.status)
		require.JSONEq(t, `{"status":"ready"}`, string(res.body))

		requireProblem(t, e.do(http.MethodGet, "/v1/nothing-here", nil), http.StatusNotFound)
		requireProblem(t, e.do(http.MethodGet, "/v1/link/nonce", nil), http.StatusNotFound)
	})
}

var noncePattern = regexp.MustCompile(`^[A-Za-z0-9]{8,}$`)

func (e *apiEnv) nonce() string {
	e.t.Helper()
	res := e.do(http.MethodPost, "/v1/link/nonce", nil)
	require.Equal(e.t, http.StatusOK, res.status, "body: %s", res.body)
	var out struct {
		Nonce     string `json:"nonce"`
		ExpiresAt string `json:"expires_at"`
	}
	require.NoError(e.t, json.Unmarshal(res.body, &out))
	require.Regexp(e.t, noncePattern, out.Nonce)
	exp, err := time.Parse(time.RFC3339, out.ExpiresAt)
	require.NoError(e.t, err)
	require.True(e.t, exp.After(time.Now()), "nonce expires at %s, in the past", exp)
	return out.Nonce
}

// signIn builds and signs a SIWE message for domain with key.
func signIn(t *testing.T, key *ecdsa.PrivateKey, domain, nonce string) (message, signature string) {
	t.Helper()
	msg := siwe.Message{
		Scheme:    "https",
		Domain:    domain,
		Address:   crypto.PubkeyToAddress(key.PublicKey),
		Statement: "Link this wallet to your account.",
		URI:       "https://" + domain + "/link",
		Version:   "1",
		ChainID:   1,
		Nonce:     nonce,
		IssuedAt:  time.Now().UTC().Truncate(time.Millisecond),
	}
	sig, err := crypto.Sign(msg.Hash().Bytes(), key)
	require.NoError(t, err)
	sig[64] += 27
	return msg.String(), hexutil.Encode(sig)
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	return k
}

type linked struct {
	ContactID int64  `json:"contact_id"`
	Address   string `json:"address"`
	Merged    bool   `json:"merged"`
}

func (e *apiEnv) contact(id int64) crm.Contact {
	e.t.Helper()
	var c crm.Contact
	require.NoError(e.t, e.db.InTx(e.ctx, func(tx *store.Tx) (err error) {
		c, err = tx.Contact(e.ctx, id)
		return err
	}))
	return c
}

func (e *apiEnv) contactCount() int64 {
	e.t.Helper()
	var n int64
	require.NoError(e.t, e.db.InTx(e.ctx, func(tx *store.Tx) (err error) {
		n, err = tx.CountContacts(e.ctx)
		return err
	}))
	return n
}

func TestLinkWallet(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *apiEnv) {
		key := newKey(t)
		addr := crypto.PubkeyToAddress(key.PublicKey)
		n1, n2 := e.nonce(), e.nonce()
		require.NotEqual(t, n1, n2)

		message, signature := signIn(t, key, siweDomain, n1)
		req := map[string]string{"message": message, "signature": signature}
		res := e.postJSON("/v1/link/verify", req)
		require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
		var out linked
		require.NoError(t, json.Unmarshal(res.body, &out))
		require.Positive(t, out.ContactID)
		require.Equal(t, addr.Hex(), out.Address)
		require.False(t, out.Merged)

		c := e.contact(out.ContactID)
		require.Empty(t, c.Email, "an unverified email is never attached")
		require.Equal(t, addr.Hex(), c.Handle(crm.IdentityWallet))
		require.Len(t, c.Identities, 1)
		contacts := e.contactCount()

		t.Run("replay", func(t *testing.T) {
			requireProblem(t, e.postJSON("/v1/link/verify", req), http.StatusUnauthorized)
			require.Equal(t, c, e.contact(out.ContactID))
			require.Equal(t, contacts, e.contactCount())
		})

		t.Run("wrong domain", func(t *testing.T) {
			other := newKey(t)
			message, signature := signIn(t, other, "evil.example.com", n2)
			requireProblem(t, e.postJSON("/v1/link/verify", map[string]string{"message": message, "signature": signature}), http.StatusUnauthorized)
			require.Equal(t, contacts, e.contactCount())

			// The rejected request did not use up the nonce.
			message, signature = signIn(t, other, siweDomain, n2)
			res := e.postJSON("/v1/link/verify", map[string]string{"message": message, "signature": signature})
			require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
			var out linked
			require.NoError(t, json.Unmarshal(res.body, &out))
			require.Equal(t, crypto.PubkeyToAddress(other.PublicKey).Hex(), out.Address)
			require.Equal(t, out.Address, e.contact(out.ContactID).Handle(crm.IdentityWallet))
		})

		t.Run("signature of another key", func(t *testing.T) {
			message, _ := signIn(t, key, siweDomain, e.nonce())
			_, signature := signIn(t, newKey(t), siweDomain, "unrelated1")
			requireProblem(t, e.postJSON("/v1/link/verify", map[string]string{"message": message, "signature": signature}), http.StatusUnauthorized)
		})

		t.Run("wallet seen before keeps its contact", func(t *testing.T) {
			k := newKey(t)
			wallet := crypto.PubkeyToAddress(k.PublicKey)
			var walletContact int64
			require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) (err error) {
				walletContact, _, err = crm.EnsureWallet(e.ctx, tx, wallet)
				return err
			}))
			before := e.contactCount()
			message, signature := signIn(t, k, siweDomain, e.nonce())
			// A self-declared email must not pull the wallet into another
			// contact: the field is not part of the request.
			res := e.postJSON("/v1/link/verify", map[string]string{"message": message, "signature": signature, "email": "bob@example.org"})
			require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
			var out linked
			require.NoError(t, json.Unmarshal(res.body, &out))
			require.False(t, out.Merged)
			require.Equal(t, walletContact, out.ContactID)
			require.Empty(t, e.contact(walletContact).Email)
			require.Equal(t, before, e.contactCount())
		})

		t.Run("garbage message", func(t *testing.T) {
			requireProblem(t, e.postJSON("/v1/link/verify", map[string]string{"message": "hello there", "signature": "0x00"}), http.StatusBadRequest)
		})

		t.Run("bad signature encoding", func(t *testing.T) {
			message, _ := signIn(t, key, siweDomain, e.nonce())
			requireProblem(t, e.postJSON("/v1/link/verify", map[string]string{"message": message, "signature": "not-hex"}), http.StatusBadRequest)
		})

		t.Run("bad JSON", func(t *testing.T) {
			requireProblem(t, e.do(http.MethodPost, "/v1/link/verify", []byte(`{"message": `)), http.StatusBadRequest)
			requireProblem(t, e.do(http.MethodPost, "/v1/link/verify", []byte(`{}`)), http.StatusBadRequest)
		})

		t.Run("body over the limit", func(t *testing.T) {
			message, signature := signIn(t, newKey(t), siweDomain, e.nonce())
			body, err := json.Marshal(map[string]string{"message": message, "signature": signature, "padding": strings.Repeat("x", maxBody)})
			require.NoError(t, err)
			before := e.contactCount()
			res := e.do(http.MethodPost, "/v1/link/verify", body)
			require.GreaterOrEqual(t, res.status, 400, "body: %s", res.body)
			require.Less(t, res.status, 500, "body: %s", res.body)
			require.Equal(t, before, e.contactCount())
		})
	})
}

func TestRewardProofs(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *apiEnv) {
		alice := common.HexToAddress("0x1111111111111111111111111111111111111111")
		bob := common.HexToAddress("0x2222222222222222222222222222222222222222")
		carol := common.HexToAddress("0x3333333333333333333333333333333333333333")
		stranger := common.HexToAddress("0x4444444444444444444444444444444444444444")

		requireProblem(t, e.do(http.MethodGet, "/v1/rewards/proofs/"+alice.Hex(), nil), http.StatusNotFound)

		saveEpoch := func(chainID uint64, allocs []rewards.Allocation) common.Hash {
			tree, err := rewards.NewAllocationTree(allocs)
			require.NoError(t, err)
			dump, err := json.Marshal(tree.Dump())
			require.NoError(t, err)
			amounts := map[common.Address]*big.Int{}
			for _, a := range allocs {
				amounts[a.Account] = a.Amount
			}
			require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
				_, err := tx.SaveEpoch(e.ctx, store.Epoch{
					ChainID: chainID, Distributor: common.HexToAddress("0xd1"), Root: tree.Root(), Tree: dump, Allocations: amounts,
				})
				return err
			}))
			return tree.Root()
		}

		// An epoch of another chain is not served.
		saveEpoch(1, []rewards.Allocation{{Account: alice, Amount: big.NewInt(5)}})
		requireProblem(t, e.do(http.MethodGet, "/v1/rewards/proofs/"+alice.Hex(), nil), http.StatusNotFound)

		bobAmount, ok := new(big.Int).SetString("123456789012345678901234567890", 10)
		require.True(t, ok)
		root := saveEpoch(rewardsChainID, []rewards.Allocation{
			{Account: alice, Amount: big.NewInt(1000)},
			{Account: bob, Amount: bobAmount},
			{Account: carol, Amount: big.NewInt(7)},
		})

		for _, tc := range []struct {
			name    string
			account common.Address
			path    string
			amount  *big.Int
		}{
			{"checksummed", alice, alice.Hex(), big.NewInt(1000)},
			{"lower case", bob, strings.ToLower(bob.Hex()), bobAmount},
			{"last leaf", carol, carol.Hex(), big.NewInt(7)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := e.do(http.MethodGet, "/v1/rewards/proofs/"+tc.path, nil)
				require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
				var out struct {
					Epoch   int64         `json:"epoch"`
					Root    common.Hash   `json:"root"`
					Account string        `json:"account"`
					Amount  string        `json:"amount"`
					Proof   []common.Hash `json:"proof"`
				}
				require.NoError(t, json.Unmarshal(res.body, &out))
				require.Positive(t, out.Epoch)
				require.Equal(t, root, out.Root)
				require.Equal(t, tc.account.Hex(), out.Account)
				require.Equal(t, tc.amount.String(), out.Amount)
				require.NotEmpty(t, out.Proof)

				amount, ok := new(big.Int).SetString(out.Amount, 10)
				require.True(t, ok)
				valid, err := rewards.Verify(out.Root, []string{"address", "uint256"}, []any{tc.account, amount}, out.Proof)
				require.NoError(t, err)
				require.True(t, valid)

				valid, err = rewards.Verify(out.Root, []string{"address", "uint256"}, []any{tc.account, new(big.Int).Add(amount, big.NewInt(1))}, out.Proof)
				require.NoError(t, err)
				require.False(t, valid, "the proof must not prove another amount")
			})
		}

		requireProblem(t, e.do(http.MethodGet, "/v1/rewards/proofs/"+stranger.Hex(), nil), http.StatusNotFound)
		requireProblem(t, e.do(http.MethodGet, "/v1/rewards/proofs/0x1234", nil), http.StatusBadRequest)
		requireProblem(t, e.do(http.MethodGet, "/v1/rewards/proofs/not-an-address", nil), http.StatusBadRequest)
	})
}
