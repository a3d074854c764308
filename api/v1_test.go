package api_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gin-gonic/gin"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

var customSecret = []byte("custom-event-secret-4f1c9a7e")

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// v1Env is a server with every optional capability, keys of each scope
// and a validator that checks every response against the OpenAPI document.
type v1Env struct {
	t                           *testing.T
	ctx                         context.Context
	db                          *store.DB
	srv                         *api.Server
	url                         string
	read, write, admin, revoked string
	logs                        *syncBuffer
	hook                        *recordingHook
	segments                    *fakeSegments
	validator                   validator.Validator
	skipValidation              bool
}

type recordingHook struct {
	mu     sync.Mutex
	events []api.CustomEvent
	fail   error
}

func (h *recordingHook) CustomEvent(_ context.Context, _ *store.Tx, ev api.CustomEvent) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail != nil {
		return h.fail
	}
	h.events = append(h.events, ev)
	return nil
}

func (h *recordingHook) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.events)
}

type fakeSegments struct {
	mu   sync.Mutex
	segs map[string]api.Segment
}

func (f *fakeSegments) List(context.Context) ([]api.Segment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []api.Segment
	for _, s := range f.segs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (f *fakeSegments) Get(_ context.Context, name string) (api.Segment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.segs[name]
	if !ok {
		return s, fmt.Errorf("segment %s: %w", name, store.ErrNotFound)
	}
	return s, nil
}

func (f *fakeSegments) Put(_ context.Context, name, def string, create bool) (api.Segment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if def == "bad" {
		return api.Segment{}, fmt.Errorf("definition: %w: does not parse", api.ErrInvalid)
	}
	_, exists := f.segs[name]
	if create && exists {
		return api.Segment{}, fmt.Errorf("segment %s: %w", name, store.ErrExists)
	}
	if !create && !exists {
		return api.Segment{}, fmt.Errorf("segment %s: %w", name, store.ErrNotFound)
	}
	s := api.Segment{Name: name, Definition: def, Size: 3, UpdatedAt: time.Unix(1700000000, 0).UTC()}
	f.segs[name] = s
	return s, nil
}

func (f *fakeSegments) Delete(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.segs[name]; !ok {
		return fmt.Errorf("segment %s: %w", name, store.ErrNotFound)
	}
	delete(f.segs, name)
	return nil
}

func (f *fakeSegments) Preview(_ context.Context, def string, sample int) (int64, []int64, error) {
	if def == "bad" {
		return 0, nil, fmt.Errorf("definition: %w", api.ErrInvalid)
	}
	return 3, []int64{1, 2, 3}[:min(3, sample)], nil
}

func (f *fakeSegments) Members(ctx context.Context, name string, after int64, limit int) ([]int64, int64, error) {
	if _, err := f.Get(ctx, name); err != nil {
		return nil, 0, err
	}
	var out []int64
	for id := after + 1; id <= 3 && len(out) < limit; id++ {
		out = append(out, id)
	}
	var next int64
	if len(out) == limit && out[len(out)-1] < 3 {
		next = out[len(out)-1]
	}
	return out, next, nil
}

type fakeFlowTools struct{}

func (fakeFlowTools) Simulate(_ context.Context, name string, input json.RawMessage) (json.RawMessage, error) {
	if name != "welcome" {
		return nil, fmt.Errorf("flow %s: %w", name, store.ErrNotFound)
	}
	return json.RawMessage(`{"flow":"welcome","steps":["award_points"],"input":` + string(input) + `}`), nil
}

func (fakeFlowTools) Stats(_ context.Context, name string) (json.RawMessage, error) {
	if name != "welcome" {
		return nil, fmt.Errorf("flow %s: %w", name, store.ErrNotFound)
	}
	return json.RawMessage(`{"entered":3,"completed":2}`), nil
}

const configFlowYAML = `name: from-file
trigger: { event: mint }
steps:
  - award_points: { amount: 5, reason: mint }
`

func newV1(t *testing.T, backend storetest.Backend, mod func(*api.Config)) *v1Env {
	t.Helper()
	db := backend.Open(t)
	e := &v1Env{t: t, ctx: context.Background(), db: db, logs: &syncBuffer{}, hook: &recordingHook{},
		segments: &fakeSegments{segs: map[string]api.Segment{}}}
	keys := &api.Keys{DB: db}
	var err error
	for _, k := range []struct {
		dst   *string
		scope string
	}{{&e.read, api.ScopeRead}, {&e.write, api.ScopeWrite}, {&e.admin, api.ScopeAdmin}, {&e.revoked, api.ScopeAdmin}} {
		*k.dst, _, err = keys.Create(e.ctx, "test-"+k.scope, k.scope)
		require.NoError(t, err)
	}
	_, err = keys.Revoke(e.ctx, e.revoked[:11])
	require.NoError(t, err)
	fileFlow, err := flow.Parse("flows/from-file.yaml", []byte(configFlowYAML))
	require.NoError(t, err)
	cfg := api.Config{
		DB: db, Log: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		ChainID: rewardsChainID, MaxBody: 8 << 10, UnsubscribeSecret: unsubscribeSecret,
		RateLimit: 10000, CustomEventSecret: customSecret, CustomEvents: e.hook,
		Metrics:  http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "beckon_up 1\n") }),
		Flows:    []*flow.Definition{fileFlow},
		Segments: e.segments, FlowSimulator: fakeFlowTools{}, FlowStats: fakeFlowTools{},
	}
	if mod != nil {
		mod(&cfg)
	}
	e.srv = api.New(cfg)
	ts := httptest.NewServer(e.srv.Handler())
	t.Cleanup(ts.Close)
	e.url = ts.URL
	doc, err := libopenapi.NewDocument(api.OpenAPIYAML())
	require.NoError(t, err)
	v, errs := validator.NewValidator(doc)
	require.Empty(t, errs)
	e.validator = v
	return e
}

func forEachV1(t *testing.T, mod func(*api.Config), fn func(t *testing.T, e *v1Env)) {
	for _, backend := range storetest.Backends(t) {
		t.Run(backend.Name, func(t *testing.T) { fn(t, newV1(t, backend, mod)) })
	}
}

type call struct {
	method, path, key string
	body              any // []byte or string sent as is, anything else as JSON
	contentType       string
	header            map[string]string
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), "body: %s", r.body)
	return m
}

// do sends c and checks the response against the OpenAPI document.
func (e *v1Env) do(c call) result {
	e.t.Helper()
	var body []byte
	ct := c.contentType
	switch b := c.body.(type) {
	case nil:
	case []byte:
		body = b
	case string:
		body = []byte(b)
	default:
		var err error
		body, err = json.Marshal(b)
		require.NoError(e.t, err)
		if ct == "" {
			ct = "application/json"
		}
	}
	req, err := http.NewRequestWithContext(e.ctx, c.method, e.url+c.path, bytes.NewReader(body))
	require.NoError(e.t, err)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	require.NotEmpty(e.t, res.Header.Get("X-Request-Id"), "every response carries a request id")
	if !strings.Contains(string(b), "no such route") {
		e.validate(req, res, b)
	}
	return result{status: res.StatusCode, header: res.Header, body: b}
}

func (e *v1Env) validate(req *http.Request, res *http.Response, body []byte) {
	e.t.Helper()
	if e.skipValidation {
		return
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	ok, errs := e.validator.ValidateHttpResponse(req, res)
	if !ok {
		var msgs []string
		for _, ve := range errs {
			msgs = append(msgs, ve.Error())
			for _, se := range ve.SchemaValidationErrors {
				msgs = append(msgs, "  "+se.Reason+" at "+se.FieldPath)
			}
		}
		e.t.Errorf("%s %s → %d does not match the OpenAPI document:\n%s\nbody: %s", req.Method, req.URL.Path, res.StatusCode, strings.Join(msgs, "\n"), body)
	}
}

func requireProblemResult(t *testing.T, r result, status int) map[string]any {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	m := r.json(t)
	require.EqualValues(t, status, m["status"])
	require.Equal(t, http.StatusText(status), m["title"])
	require.NotEmpty(t, m["detail"])
	require.Equal(t, r.header.Get("X-Request-Id"), m["request_id"])
	return m
}

func items(t *testing.T, r result) ([]any, string) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	m := r.json(t)
	list, ok := m["items"].([]any)
	require.True(t, ok, "items: %s", r.body)
	next, _ := m["next_cursor"].(string)
	return list, next
}

// openAPIOperations lists "METHOD /path" (gin syntax) of every described operation.
func openAPIOperations(t *testing.T) map[string]*v3.Operation {
	t.Helper()
	doc, err := libopenapi.NewDocument(api.OpenAPIYAML())
	require.NoError(t, err)
	model, err := doc.BuildV3Model()
	require.NoError(t, err)
	out := map[string]*v3.Operation{}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		ginPath := path
		for {
			i := strings.Index(ginPath, "{")
			if i < 0 {
				break
			}
			j := strings.Index(ginPath[i:], "}")
			sigil := ":"
			if ginPath[i+1:i+j] == "path" { // a catch-all, by convention
				sigil = "*"
			}
			ginPath = ginPath[:i] + sigil + ginPath[i+1:i+j] + ginPath[i+j+1:]
		}
		for method, op := range item.GetOperations().FromOldest() {
			out[strings.ToUpper(method)+" "+ginPath] = op
		}
	}
	return out
}

func TestOpenAPIDocumentValidates(t *testing.T) {
	doc, err := libopenapi.NewDocument(api.OpenAPIYAML())
	require.NoError(t, err)
	require.Equal(t, "3.1.0", doc.GetVersion())
	v, errs := validator.NewValidator(doc)
	require.Empty(t, errs)
	ok, verrs := v.ValidateDocument()
	for _, ve := range verrs {
		t.Errorf("openapi.yaml: %s", ve.Error())
	}
	require.True(t, ok)

	// Served as JSON without a key, equal to the embedded document.
	e := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, nil)
	r := e.do(call{method: http.MethodGet, path: "/v1/openapi.json"})
	require.Equal(t, http.StatusOK, r.status)
	served := r.json(t)
	require.Equal(t, "3.1.0", served["openapi"])
	jdoc, err := libopenapi.NewDocument(r.body)
	require.NoError(t, err)
	jm, err := jdoc.BuildV3Model()
	require.NoError(t, err)
	require.Equal(t, len(openAPIOperations(t)), func() int {
		n := 0
		for _, item := range jm.Model.Paths.PathItems.FromOldest() {
			n += item.GetOperations().Len()
		}
		return n
	}())
}

// TestOpenAPICoversEveryRoute keeps router and document in step: every
// registered route is described, and every described route is registered
// (with every optional capability configured).
func TestOpenAPICoversEveryRoute(t *testing.T) {
	// Everything serve can mount: the signed intakes and the pages too.
	stub := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	e := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, func(c *api.Config) {
		c.UI, c.LinkPage = stub, stub
		c.Webhooks = map[string]http.Handler{}
		for _, route := range []string{"GET /v1/email/confirm", "POST /v1/email/webhooks/sendgrid", "POST /v1/email/webhooks/postmark",
			"POST /v1/email/webhooks/signed", "POST /discord/interactions", "POST /telegram/webhook"} {
			c.Webhooks[route] = stub
		}
	})
	ops := openAPIOperations(t)
	registered := map[string]bool{}
	for _, r := range e.srv.Handler().(*gin.Engine).Routes() {
		key := r.Method + " " + r.Path
		registered[key] = true
		require.Contains(t, ops, key, "route %s is not described in api/openapi.yaml", key)
	}
	for key := range ops {
		require.True(t, registered[key], "api/openapi.yaml describes %s, which is not registered", key)
	}
	// Without the optional capabilities their routes are absent.
	bare := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, func(c *api.Config) {
		c.Segments, c.FlowSimulator, c.FlowStats, c.Metrics, c.CustomEventSecret = nil, nil, nil, nil, nil
	})
	for _, r := range bare.srv.Handler().(*gin.Engine).Routes() {
		require.NotContains(t, r.Path, "segments")
		require.NotContains(t, r.Path, "simulate")
		require.NotContains(t, r.Path, "stats")
		require.NotEqual(t, "/metrics", r.Path)
		require.NotEqual(t, "/v1/events/custom", r.Path)
	}
	r := bare.do(call{method: http.MethodGet, path: "/v1/segments", key: bare.read})
	requireProblemResult(t, r, http.StatusNotFound)
}

func fillPath(p string) string {
	r := strings.NewReplacer(":id", "1", ":contact", "1", ":name", "welcome", ":address", "0x1111111111111111111111111111111111111111")
	return r.Replace(p)
}

// TestAuthEveryRoute sends every described operation without a key, with
// a revoked key, an unknown key and a key one scope too weak.
func TestAuthEveryRoute(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		e.skipValidation = true
		weaker := map[string]string{api.ScopeWrite: e.read, api.ScopeAdmin: e.write}
		for key, op := range openAPIOperations(t) {
			method, path, _ := strings.Cut(key, " ")
			path = fillPath(path)
			public := op.Security != nil && len(op.Security) == 0
			t.Run(key, func(t *testing.T) {
				if public {
					// Public routes may refuse a bad signature or token, never for want of a key.
					r := e.do(call{method: method, path: path})
					require.Empty(t, r.header.Get("WWW-Authenticate"), "%s is public: %s", key, r.body)
					require.NotContains(t, string(r.body), "an API key is required", "%s is public", key)
					return
				}
				scope := ""
				if ext, ok := op.Extensions.Get("x-scope"); ok {
					scope = ext.Value
				}
				require.True(t, api.ValidScope(scope), "%s needs x-scope", key)
				r := e.do(call{method: method, path: path})
				requireProblemResult(t, r, http.StatusUnauthorized)
				require.Contains(t, r.header.Get("WWW-Authenticate"), "Bearer")
				requireProblemResult(t, e.do(call{method: method, path: path, key: e.revoked}), http.StatusUnauthorized)
				requireProblemResult(t, e.do(call{method: method, path: path, key: "bk_0000000000000000000000000000000000000000"}), http.StatusUnauthorized)
				requireProblemResult(t, e.do(call{method: method, path: path, header: map[string]string{"Authorization": "Basic Zm9vOmJhcg=="}}), http.StatusUnauthorized)
				if k, ok := weaker[scope]; ok {
					requireProblemResult(t, e.do(call{method: method, path: path, key: k}), http.StatusForbidden)
				}
				// X-API-Key works as well as the bearer header.
				r = e.do(call{method: method, path: path, header: map[string]string{"X-API-Key": e.admin}})
				require.NotEqual(t, http.StatusUnauthorized, r.status, "body: %s", r.body)
				require.NotEqual(t, http.StatusForbidden, r.status, "body: %s", r.body)
			})
		}
	})
}

func TestKeysCheck(t *testing.T) {
	db := storetest.OpenSQLite(t)
	keys := &api.Keys{DB: db}
	ctx := context.Background()
	secret, k, err := keys.Create(ctx, "dash", api.ScopeWrite)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(secret, k.Prefix))
	require.Len(t, secret, 43)
	scope, err := keys.Check(ctx, secret)
	require.NoError(t, err)
	require.Equal(t, api.ScopeWrite, scope)
	for _, bad := range []string{"", "bk_", "nope", secret + "x", strings.ToUpper(secret)} {
		_, err := keys.Check(ctx, bad)
		require.ErrorIs(t, err, api.ErrUnauthorized, bad)
	}
	_, _, err = keys.Create(ctx, "x", "root")
	require.Error(t, err)
	_, _, err = keys.Create(ctx, " ", api.ScopeRead)
	require.Error(t, err)
	_, err = keys.Revoke(ctx, k.Prefix)
	require.NoError(t, err)
	_, err = keys.Check(ctx, secret)
	require.ErrorIs(t, err, api.ErrUnauthorized)
	require.True(t, api.Allows(api.ScopeAdmin, api.ScopeRead))
	require.False(t, api.Allows(api.ScopeRead, api.ScopeWrite))
	require.False(t, api.Allows(api.ScopeAdmin, "root"))
}

func TestContactsV1(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
		var a, b, c int64
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
			var err error
			if a, _, err = crm.EnsureWallet(e.ctx, tx, alice); err != nil {
				return err
			}
			if b, _, err = tx.ContactForIdentity(e.ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "bob@example.org"}); err != nil {
				return err
			}
			c, _, err = tx.ContactForIdentity(e.ctx, crm.Identity{Kind: crm.IdentityTelegram, Value: "carol"})
			return err
		}))
		list, _ := items(t, e.do(call{method: "GET", path: "/v1/contacts?wallet=" + strings.ToLower(alice.Hex()), key: e.read}))
		require.Len(t, list, 1)
		require.EqualValues(t, a, list[0].(map[string]any)["id"])
		list, _ = items(t, e.do(call{method: "GET", path: "/v1/contacts?email=Bob@Example.org", key: e.read}))
		require.Len(t, list, 1)
		require.EqualValues(t, b, list[0].(map[string]any)["id"])
		list, _ = items(t, e.do(call{method: "GET", path: "/v1/contacts?handle=carol", key: e.read}))
		require.Len(t, list, 1)
		require.EqualValues(t, c, list[0].(map[string]any)["id"])

		// Pagination: two pages of two and one; the cursor is opaque and checked.
		first, next := items(t, e.do(call{method: "GET", path: "/v1/contacts?limit=2", key: e.read}))
		require.Len(t, first, 2)
		require.NotEmpty(t, next)
		require.NotContains(t, next, "2")
		rest, last := items(t, e.do(call{method: "GET", path: "/v1/contacts?limit=2&cursor=" + url.QueryEscape(next), key: e.read}))
		require.Len(t, rest, 1)
		require.Empty(t, last)
		for _, bad := range []string{"?limit=0", "?limit=501", "?limit=x", "?cursor=zzz", "?cursor=" + "YWJj", "?wallet=0x12", "?email=not-an-email"} {
			m := requireProblemResult(t, e.do(call{method: "GET", path: "/v1/contacts" + bad, key: e.read}), http.StatusBadRequest)
			require.NotEmpty(t, m["errors"], bad)
		}

		r := e.do(call{method: "GET", path: fmt.Sprintf("/v1/contacts/%d", a), key: e.read})
		require.Equal(t, http.StatusOK, r.status)
		require.EqualValues(t, 0, r.json(t)["points"])
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/contacts/999999", key: e.read}), http.StatusNotFound)
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/contacts/abc", key: e.read}), http.StatusBadRequest)

		// Traits.
		r = e.do(call{method: "PATCH", path: fmt.Sprintf("/v1/contacts/%d/traits", a), key: e.write, body: map[string]any{"traits": map[string]string{"plan": "pro"}}})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.Equal(t, "pro", r.json(t)["traits"].(map[string]any)["plan"])
		requireProblemResult(t, e.do(call{method: "PATCH", path: fmt.Sprintf("/v1/contacts/%d/traits", a), key: e.write, body: map[string]any{"traits": map[string]string{}}}), http.StatusUnprocessableEntity)
		requireProblemResult(t, e.do(call{method: "PATCH", path: fmt.Sprintf("/v1/contacts/%d/traits", a), key: e.write, body: "{", contentType: "application/json"}), http.StatusBadRequest)
		requireProblemResult(t, e.do(call{method: "PATCH", path: fmt.Sprintf("/v1/contacts/%d/traits", a), key: e.write,
			body: map[string]any{"traits": map[string]string{"big": strings.Repeat("x", 9000)}}}), http.StatusRequestEntityTooLarge)

		// Identities: linking bob's email to alice merges bob into alice.
		r = e.do(call{method: "POST", path: fmt.Sprintf("/v1/contacts/%d/identities", a), key: e.write, body: map[string]string{"kind": "email", "value": "BOB@example.org"}})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.Equal(t, true, r.json(t)["merged"])
		requireProblemResult(t, e.do(call{method: "POST", path: fmt.Sprintf("/v1/contacts/%d/identities", a), key: e.write, body: map[string]string{"kind": "fax", "value": "1"}}), http.StatusUnprocessableEntity)
		ids, _ := items(t, e.do(call{method: "GET", path: fmt.Sprintf("/v1/contacts/%d/identities", a), key: e.read}))
		require.Len(t, ids, 2)

		// Merge (admin): carol into alice.
		requireProblemResult(t, e.do(call{method: "POST", path: fmt.Sprintf("/v1/contacts/%d/merge", a), key: e.admin, body: map[string]int64{"from": 0}}), http.StatusUnprocessableEntity)
		requireProblemResult(t, e.do(call{method: "POST", path: fmt.Sprintf("/v1/contacts/%d/merge", a), key: e.admin, body: map[string]int64{"from": a}}), http.StatusUnprocessableEntity)
		r = e.do(call{method: "POST", path: fmt.Sprintf("/v1/contacts/%d/merge", a), key: e.admin, body: map[string]int64{"from": c}})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.Len(t, r.json(t)["identities"], 3)
		requireProblemResult(t, e.do(call{method: "POST", path: fmt.Sprintf("/v1/contacts/%d/merge", a), key: e.admin, body: map[string]int64{"from": c}}), http.StatusUnprocessableEntity)

		r = e.do(call{method: "GET", path: fmt.Sprintf("/v1/contacts/%d/quests", a), key: e.read})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	})
}

func TestEventsV1(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
		bob := common.HexToAddress("0x0000000000000000000000000000000000000b0b")
		var evs []chain.Event
		for i, w := range []common.Address{alice, bob, alice, alice} {
			kind := chain.KindMint
			if i == 1 {
				kind = chain.KindStake
			}
			evs = append(evs, chain.Event{ChainID: 1337, BlockNumber: uint64(10 + i), BlockHash: common.Hash{byte(i + 1)}, TxHash: common.Hash{byte(i + 1), 1},
				Contract: common.Address{0xC0}, Source: "pass", Kind: kind, Name: "Transfer", Wallet: w, Args: map[string]string{"tokenId": fmt.Sprint(i)}})
		}
		require.NoError(t, (&store.ChainStore{DB: e.db}).Commit(e.ctx, chain.Batch{ChainID: 1337, Events: evs,
			Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 13, Hash: common.Hash{4}}}))
		list, _ := items(t, e.do(call{method: "GET", path: "/v1/events?chain_id=1337&kind=mint&wallet=" + alice.Hex(), key: e.read}))
		require.Len(t, list, 3)
		list, _ = items(t, e.do(call{method: "GET", path: "/v1/events?contract=pass&from_block=11&to_block=12", key: e.read}))
		require.Len(t, list, 2)
		require.EqualValues(t, 11, list[0].(map[string]any)["block_number"])
		list, _ = items(t, e.do(call{method: "GET", path: "/v1/events?contract=" + common.Address{0xC0}.Hex(), key: e.read}))
		require.Len(t, list, 4)
		var all []any
		cursor := ""
		for range 5 {
			page, next := items(t, e.do(call{method: "GET", path: "/v1/events?limit=3&cursor=" + cursor, key: e.read}))
			all = append(all, page...)
			if next == "" {
				break
			}
			cursor = next
		}
		require.Len(t, all, 4)
		for _, bad := range []string{"chain_id=-1", "from_block=x", "from_block=5&to_block=4", "wallet=nope", "limit=1000"} {
			requireProblemResult(t, e.do(call{method: "GET", path: "/v1/events?" + bad, key: e.read}), http.StatusBadRequest)
		}
	})
}

const apiFlowYAML = `name: welcome
description: welcome new holders
trigger: { event: mint }
steps:
  - award_points: { amount: 10, reason: welcome }
`

func TestFlowsV1(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		r := e.do(call{method: "POST", path: "/v1/flows", key: e.write, body: apiFlowYAML, contentType: "application/yaml"})
		require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
		f := r.json(t)
		require.Equal(t, "api", f["source"])
		require.Equal(t, true, f["enabled"])
		require.EqualValues(t, 1, f["version"])
		require.EqualValues(t, 1, f["steps"])
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows", key: e.write, body: map[string]string{"yaml": apiFlowYAML}}), http.StatusConflict)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows", key: e.write, body: configFlowYAML, contentType: "application/yaml"}), http.StatusConflict)
		m := requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows", key: e.write, body: "name: x\ntrigger: { event: nope }\nsteps: []\n", contentType: "application/yaml"}), http.StatusUnprocessableEntity)
		errs := m["errors"].([]any)
		require.NotEmpty(t, errs)
		require.Positive(t, errs[0].(map[string]any)["line"])
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows", key: e.write, body: map[string]string{}}), http.StatusBadRequest)

		// Validate answers valid or every error, storing nothing.
		r = e.do(call{method: "POST", path: "/v1/flows/validate", key: e.read, body: map[string]string{"yaml": strings.Replace(apiFlowYAML, "welcome\n", "other\n", 1)}})
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, true, r.json(t)["valid"])
		r = e.do(call{method: "POST", path: "/v1/flows/validate", key: e.read, body: "steps: 3", contentType: "application/yaml"})
		require.Equal(t, false, r.json(t)["valid"])

		list, _ := items(t, e.do(call{method: "GET", path: "/v1/flows", key: e.read}))
		require.Len(t, list, 2)
		require.Equal(t, "config", list[0].(map[string]any)["source"])

		r = e.do(call{method: "GET", path: "/v1/flows/welcome", key: e.read})
		require.Equal(t, apiFlowYAML, r.json(t)["yaml"])
		r = e.do(call{method: "GET", path: "/v1/flows/from-file", key: e.read})
		require.Equal(t, "flows/from-file.yaml", r.json(t)["file"])
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/flows/missing", key: e.read}), http.StatusNotFound)

		updated := strings.Replace(apiFlowYAML, "amount: 10", "amount: 20", 1)
		r = e.do(call{method: "PUT", path: "/v1/flows/welcome", key: e.write, body: updated, contentType: "application/yaml"})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.EqualValues(t, 2, r.json(t)["version"])
		requireProblemResult(t, e.do(call{method: "PUT", path: "/v1/flows/other", key: e.write, body: updated, contentType: "application/yaml"}), http.StatusUnprocessableEntity)
		requireProblemResult(t, e.do(call{method: "PUT", path: "/v1/flows/from-file", key: e.write, body: configFlowYAML, contentType: "application/yaml"}), http.StatusConflict)

		r = e.do(call{method: "POST", path: "/v1/flows/welcome/disable", key: e.write})
		require.Equal(t, false, r.json(t)["enabled"])
		r = e.do(call{method: "POST", path: "/v1/flows/welcome/enable", key: e.write})
		require.Equal(t, true, r.json(t)["enabled"])
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows/from-file/disable", key: e.write}), http.StatusConflict)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows/missing/enable", key: e.write}), http.StatusNotFound)

		// Runs, newest first, paged.
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
			id, _, err := crm.EnsureWallet(e.ctx, tx, common.Address{1})
			if err != nil {
				return err
			}
			for i := range 3 {
				if _, _, err := tx.CreateRun(e.ctx, flow.Run{Flow: "welcome", ContactID: id, TriggerKey: fmt.Sprint(i), Status: "completed"}); err != nil {
					return err
				}
			}
			return nil
		}))
		runs, next := items(t, e.do(call{method: "GET", path: "/v1/flows/welcome/runs?limit=2", key: e.read}))
		require.Len(t, runs, 2)
		more, last := items(t, e.do(call{method: "GET", path: "/v1/flows/welcome/runs?limit=2&cursor=" + next, key: e.read}))
		require.Len(t, more, 1)
		require.Empty(t, last)
		require.Greater(t, runs[0].(map[string]any)["id"], more[0].(map[string]any)["id"])

		// Simulate and stats come from their providers.
		r = e.do(call{method: "POST", path: "/v1/flows/welcome/simulate", key: e.read, body: map[string]any{"contact_id": 1}})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.Equal(t, "welcome", r.json(t)["flow"])
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/flows/nope/simulate", key: e.read, body: map[string]any{}}), http.StatusNotFound)
		r = e.do(call{method: "GET", path: "/v1/flows/welcome/stats", key: e.read})
		require.EqualValues(t, 3, r.json(t)["entered"])
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/flows/nope/stats", key: e.read}), http.StatusNotFound)
	})
}

func TestPointsV1(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		wallet := "0x00000000000000000000000000000000000A11cE"
		r := e.do(call{method: "POST", path: "/v1/points/" + wallet + "/award", key: e.write, body: map[string]any{"amount": 50, "reason": "meetup", "key": "m1"}})
		require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
		award := r.json(t)
		require.EqualValues(t, 50, award["points"])
		id := int64(award["contact_id"].(float64))
		// The same key writes nothing more.
		r = e.do(call{method: "POST", path: "/v1/points/" + wallet + "/award", key: e.write, body: map[string]any{"amount": 50, "reason": "meetup", "key": "m1"}})
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, false, r.json(t)["inserted"])
		r = e.do(call{method: "POST", path: fmt.Sprintf("/v1/points/%d/revoke", id), key: e.write, body: map[string]any{"amount": 20, "reason": "typo"}})
		require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
		require.EqualValues(t, 30, r.json(t)["points"])
		m := requireProblemResult(t, e.do(call{method: "POST", path: fmt.Sprintf("/v1/points/%d/award", id), key: e.write, body: map[string]any{"amount": 0}}), http.StatusUnprocessableEntity)
		require.Len(t, m["errors"], 2)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/points/999999/award", key: e.write, body: map[string]any{"amount": 1, "reason": "x"}}), http.StatusNotFound)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/points/zz/award", key: e.write, body: map[string]any{"amount": 1, "reason": "x"}}), http.StatusBadRequest)

		r = e.do(call{method: "GET", path: "/v1/points/" + strings.ToLower(wallet) + "/balance", key: e.read})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.EqualValues(t, 30, r.json(t)["points"])
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/points/0x0000000000000000000000000000000000000001/balance", key: e.read}), http.StatusNotFound)

		hist, next := items(t, e.do(call{method: "GET", path: fmt.Sprintf("/v1/points/%d/history?limit=1", id), key: e.read}))
		require.Len(t, hist, 1)
		require.EqualValues(t, -20, hist[0].(map[string]any)["amount"])
		require.Contains(t, hist[0].(map[string]any)["actor"], "api:bk_")
		hist, next = items(t, e.do(call{method: "GET", path: fmt.Sprintf("/v1/points/%d/history?limit=1&cursor=%s", id, next), key: e.read}))
		require.Len(t, hist, 1)
		require.Empty(t, next)

		r = e.do(call{method: "GET", path: "/v1/points/leaderboard?limit=5", key: e.read})
		require.Equal(t, http.StatusOK, r.status)
		require.Len(t, r.json(t)["standings"], 1)
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/points/leaderboard?limit=0", key: e.read}), http.StatusBadRequest)
		r = e.do(call{method: "GET", path: fmt.Sprintf("/v1/points/%d/rank?neighbours=2", id), key: e.read})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.EqualValues(t, 1, r.json(t)["rank"])
		requireProblemResult(t, e.do(call{method: "GET", path: fmt.Sprintf("/v1/points/%d/rank?season=s9", id), key: e.read}), http.StatusNotFound)
		requireProblemResult(t, e.do(call{method: "GET", path: fmt.Sprintf("/v1/points/%d/rank?neighbours=-1", id), key: e.read}), http.StatusBadRequest)

		list, _ := items(t, e.do(call{method: "GET", path: "/v1/quests", key: e.read}))
		require.Empty(t, list)
	})
}

func TestRewardsV1(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		r := e.do(call{method: "GET", path: "/v1/rewards/status", key: e.read})
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		require.Nil(t, r.json(t)["latest_epoch"])
		tree, err := rewards.NewAllocationTree([]rewards.Allocation{{Account: common.Address{1}, Amount: big.NewInt(7)}})
		require.NoError(t, err)
		dump, err := json.Marshal(tree.Dump())
		require.NoError(t, err)
		for range 3 {
			require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
				_, err := tx.SaveEpoch(e.ctx, store.Epoch{ChainID: rewardsChainID, Distributor: common.Address{0xd1}, Root: tree.Root(), Tree: dump,
					Allocations: map[common.Address]*big.Int{{1}: big.NewInt(7)}})
				return err
			}))
		}
		eps, next := items(t, e.do(call{method: "GET", path: "/v1/rewards/epochs?limit=2", key: e.read}))
		require.Len(t, eps, 2)
		require.EqualValues(t, 1, eps[0].(map[string]any)["accounts"])
		more, _ := items(t, e.do(call{method: "GET", path: "/v1/rewards/epochs?limit=2&cursor=" + next, key: e.read}))
		require.Len(t, more, 1)
		id := int64(more[0].(map[string]any)["id"].(float64))
		r = e.do(call{method: "GET", path: fmt.Sprintf("/v1/rewards/epochs/%d", id), key: e.read})
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, tree.Root().Hex(), r.json(t)["root"])
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/rewards/epochs/999", key: e.read}), http.StatusNotFound)
		r = e.do(call{method: "GET", path: "/v1/rewards/status", key: e.read})
		require.NotNil(t, r.json(t)["latest_epoch"])
		list, _ := items(t, e.do(call{method: "GET", path: "/v1/rewards/payouts?status=planned", key: e.read}))
		require.Empty(t, list)
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/rewards/payouts?status=lost", key: e.read}), http.StatusBadRequest)
	})
}

func signedCall(secret []byte, ts int64, body string) call {
	return call{method: "POST", path: "/v1/events/custom", body: body, contentType: "application/json",
		header: map[string]string{api.TimestampHeader: fmt.Sprint(ts), api.SignatureHeader: api.SignCustomEvent(secret, ts, []byte(body))}}
}

func TestCustomEvents(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		now := time.Now().Unix()
		body := `{"name":"signup","contact":{"email":"Dana@Example.org"},"properties":{"plan":"pro"}}`
		r := e.do(signedCall(customSecret, now, body))
		require.Equal(t, http.StatusAccepted, r.status, "body: %s", r.body)
		require.Equal(t, false, r.json(t)["duplicate"])
		require.Equal(t, 1, e.hook.count())
		require.Equal(t, "pro", e.hook.events[0].Properties["plan"])
		// The same signed request again (a replay) is stored and triggers once.
		r = e.do(signedCall(customSecret, now, body))
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, true, r.json(t)["duplicate"])
		require.Equal(t, 1, e.hook.count())
		// Idempotency keys dedupe across signatures.
		keyed := `{"name":"paid","contact":{"wallet":"0x00000000000000000000000000000000000A11cE"},"key":"order-7"}`
		require.Equal(t, http.StatusAccepted, e.do(signedCall(customSecret, now, keyed)).status)
		require.Equal(t, http.StatusOK, e.do(signedCall(customSecret, now-1, keyed)).status)
		require.Equal(t, 2, e.hook.count())
		// Plain timestamp+body concatenation is accepted too.
		plain := `{"name":"plain","contact":{"email":"dana@example.org"}}`
		c := call{method: "POST", path: "/v1/events/custom", body: plain, contentType: "application/json", header: map[string]string{
			api.TimestampHeader: fmt.Sprint(now), api.SignatureHeader: hmacHex(customSecret, fmt.Sprint(now)+plain)}}
		require.Equal(t, http.StatusAccepted, e.do(c).status)

		bad := []call{
			signedCall([]byte("wrong secret"), now, body),
			signedCall(customSecret, now-600, body),
			signedCall(customSecret, now+600, body),
			{method: "POST", path: "/v1/events/custom", body: body, contentType: "application/json"},
			{method: "POST", path: "/v1/events/custom", body: body, contentType: "application/json", header: map[string]string{api.TimestampHeader: "soon", api.SignatureHeader: "sha256=00"}},
		}
		tampered := signedCall(customSecret, now, body)
		tampered.body = strings.Replace(body, "pro", "max", 1)
		bad = append(bad, tampered)
		for _, b := range bad {
			requireProblemResult(t, e.do(b), http.StatusUnauthorized)
		}
		m := requireProblemResult(t, e.do(signedCall(customSecret, now, `{"name":"","contact":{}}`)), http.StatusUnprocessableEntity)
		require.Len(t, m["errors"], 2)
		requireProblemResult(t, e.do(signedCall(customSecret, now, `{"name":"x","contact":{"id":424242}}`)), http.StatusNotFound)
		requireProblemResult(t, e.do(signedCall(customSecret, now, `[1,2`)), http.StatusBadRequest)
		requireProblemResult(t, e.do(signedCall(customSecret, now, `{"name":"x","contact":{"email":"a@b.c","wallet":"0x00000000000000000000000000000000000A11cE"}}`)), http.StatusUnprocessableEntity)

		// A failing hook stores nothing, so the sender's retry goes through.
		e.hook.mu.Lock()
		e.hook.fail = errors.New("engine down")
		e.hook.mu.Unlock()
		retry := `{"name":"retry","contact":{"email":"dana@example.org"},"key":"r1"}`
		requireProblemResult(t, e.do(signedCall(customSecret, now, retry)), http.StatusInternalServerError)
		e.hook.mu.Lock()
		e.hook.fail = nil
		e.hook.mu.Unlock()
		require.Equal(t, http.StatusAccepted, e.do(signedCall(customSecret, now, retry)).status)
	})
}

func TestSegmentsV1(t *testing.T) {
	forEachV1(t, nil, func(t *testing.T, e *v1Env) {
		r := e.do(call{method: "POST", path: "/v1/segments", key: e.write, body: map[string]string{"name": "whales", "definition": "points > 1000"}})
		require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/segments", key: e.write, body: map[string]string{"name": "whales", "definition": "x"}}), http.StatusConflict)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/segments", key: e.write, body: map[string]string{"name": "w", "definition": "bad"}}), http.StatusUnprocessableEntity)
		requireProblemResult(t, e.do(call{method: "POST", path: "/v1/segments", key: e.write, body: map[string]string{"name": "no spaces", "definition": ""}}), http.StatusUnprocessableEntity)
		list, _ := items(t, e.do(call{method: "GET", path: "/v1/segments", key: e.read}))
		require.Len(t, list, 1)
		r = e.do(call{method: "PUT", path: "/v1/segments/whales", key: e.write, body: map[string]string{"definition": "points > 5000"}})
		require.Equal(t, "points > 5000", r.json(t)["definition"])
		requireProblemResult(t, e.do(call{method: "PUT", path: "/v1/segments/none", key: e.write, body: map[string]string{"definition": "x"}}), http.StatusNotFound)
		r = e.do(call{method: "GET", path: "/v1/segments/whales", key: e.read})
		require.EqualValues(t, 3, r.json(t)["size"])
		r = e.do(call{method: "POST", path: "/v1/segments/preview", key: e.read, body: map[string]string{"definition": "points > 1"}})
		require.EqualValues(t, 3, r.json(t)["size"])
		ids, next := items(t, e.do(call{method: "GET", path: "/v1/segments/whales/members?limit=2", key: e.read}))
		require.Len(t, ids, 2)
		ids, next = items(t, e.do(call{method: "GET", path: "/v1/segments/whales/members?limit=2&cursor=" + next, key: e.read}))
		require.Len(t, ids, 1)
		require.Empty(t, next)
		r = e.do(call{method: "GET", path: "/v1/segments/whales/export", key: e.read})
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, "contact_id\n1\n2\n3\n", string(r.body))
		require.Equal(t, http.StatusNoContent, e.do(call{method: "DELETE", path: "/v1/segments/whales", key: e.write}).status)
		requireProblemResult(t, e.do(call{method: "GET", path: "/v1/segments/whales", key: e.read}), http.StatusNotFound)
	})
}

func TestRateLimitPerKey(t *testing.T) {
	e := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, func(c *api.Config) { c.RateLimit, c.RateBurst = 0.01, 2 })
	for range 2 {
		require.Equal(t, http.StatusOK, e.do(call{method: "GET", path: "/v1/quests", key: e.read}).status)
	}
	r := e.do(call{method: "GET", path: "/v1/quests", key: e.read})
	requireProblemResult(t, r, http.StatusTooManyRequests)
	require.NotEmpty(t, r.header.Get("Retry-After"))
	// Another key has its own bucket.
	require.Equal(t, http.StatusOK, e.do(call{method: "GET", path: "/v1/quests", key: e.write}).status)
}

func TestRequestIDsAndCORS(t *testing.T) {
	e := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, func(c *api.Config) { c.CORSOrigins = []string{"https://dash.example.org"} })
	r := e.do(call{method: "GET", path: "/v1/contacts/999", key: e.read, header: map[string]string{"X-Request-Id": "req-42.a"}})
	require.Equal(t, "req-42.a", r.header.Get("X-Request-Id"))
	requireProblemResult(t, r, http.StatusNotFound)
	require.Contains(t, e.logs.String(), "request_id=req-42.a")
	r = e.do(call{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": "bad id\twith spaces"}})
	require.NotEqual(t, "bad id\twith spaces", r.header.Get("X-Request-Id"))
	require.Len(t, r.header.Get("X-Request-Id"), 24)

	e.skipValidation = true
	r = e.do(call{method: "OPTIONS", path: "/v1/contacts", header: map[string]string{"Origin": "https://dash.example.org", "Access-Control-Request-Method": "GET"}})
	require.Equal(t, http.StatusNoContent, r.status)
	require.Equal(t, "https://dash.example.org", r.header.Get("Access-Control-Allow-Origin"))
	require.Contains(t, r.header.Get("Access-Control-Allow-Headers"), "Authorization")
	r = e.do(call{method: "GET", path: "/healthz", header: map[string]string{"Origin": "https://evil.example"}})
	require.Empty(t, r.header.Get("Access-Control-Allow-Origin"))
	r = e.do(call{method: "OPTIONS", path: "/v1/contacts", header: map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}})
	require.Equal(t, http.StatusForbidden, r.status)
}

func TestMetricsNeedReadKey(t *testing.T) {
	e := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, nil)
	requireProblemResult(t, e.do(call{method: "GET", path: "/metrics"}), http.StatusUnauthorized)
	r := e.do(call{method: "GET", path: "/metrics", key: e.read})
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, "beckon_up 1\n", string(r.body))
}

// TestSecretsNeverLogged sends keys, signatures and unsubscribe tokens
// through successful and failing requests and looks for them in the logs.
func TestSecretsNeverLogged(t *testing.T) {
	e := newV1(t, storetest.Backend{Name: "sqlite", Open: storetest.OpenSQLite}, func(c *api.Config) {
		c.Webhooks = map[string]http.Handler{"POST /hooks/boom": http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}
	})
	e.skipValidation = true
	now := time.Now().Unix()
	body := `{"name":"signup","contact":{"email":"erin@example.org"}}`
	sc := signedCall(customSecret, now, body)
	e.do(sc)
	e.do(signedCall([]byte("guess"), now, body))
	for _, k := range []string{e.read, e.write, e.admin, e.revoked} {
		e.do(call{method: "GET", path: "/v1/contacts/1", key: k})
		e.do(call{method: "POST", path: "/v1/contacts/1/merge", key: k, body: map[string]int{"from": 2}})
		e.do(call{method: "GET", path: "/v1/quests", header: map[string]string{"X-API-Key": k}})
	}
	token := crm.UnsubscribeToken(unsubscribeSecret, 1)
	e.do(call{method: "POST", path: "/v1/unsubscribe/1?token=" + token})
	r := e.do(call{method: "POST", path: "/hooks/boom", key: e.admin, body: "{}"})
	require.Equal(t, http.StatusInternalServerError, r.status)

	logs := e.logs.String()
	require.Contains(t, logs, "route=/v1/contacts/:id", "requests are logged")
	require.Contains(t, logs, "panic")
	for name, secret := range map[string]string{
		"read key": e.read, "write key": e.write, "admin key": e.admin, "revoked key": e.revoked,
		"custom event secret": string(customSecret), "signature": strings.TrimPrefix(sc.header[api.SignatureHeader], "sha256="),
		"unsubscribe token": token, "unsubscribe secret": string(unsubscribeSecret),
	} {
		require.NotContains(t, logs, secret, "%s leaked into the logs", name)
	}
}

func hmacHex(secret []byte, msg string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(msg))
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}
