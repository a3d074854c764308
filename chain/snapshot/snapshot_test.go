package snapshot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/snapshot"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// hub answers GraphQL queries the way hub.snapshot.org does for the
// proposals and votes collections: where {space, created_gte}, first
// (at most 1000), skip, orderBy "created" asc, fields chosen by the query,
// results under the query's alias, errors in a top-level errors array.
type hub struct {
	mu        sync.Mutex
	proposals []map[string]any
	votes     []map[string]any
	refuse    int // answer this many requests with 429 first
	requests  int
	apiKeys   []string
}

var (
	collectionRe = regexp.MustCompile(`(\w+)\s*:\s*(proposals|votes)\s*\(`)
	fieldsRe     = regexp.MustCompile(`(?s)orderDirection: asc\)\s*\{(.*)\}\s*\}\s*$`)
)

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests++
	h.apiKeys = append(h.apiKeys, r.Header.Get("x-api-key"))
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "POST application/json only", http.StatusBadRequest)
		return
	}
	if h.refuse > 0 {
		h.refuse--
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":"too many requests"}`))
		return
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	m := collectionRe.FindStringSubmatch(req.Query)
	if m == nil || !fieldsRe.MatchString(req.Query) {
		writeJSON(w, map[string]any{"errors": []map[string]any{{"message": "Syntax Error: unexpected query"}}})
		return
	}
	alias, coll := m[1], m[2]
	space, _ := req.Variables["space"].(string)
	since := int64(req.Variables["since"].(float64))
	first := int(req.Variables["first"].(float64))
	skip := int(req.Variables["skip"].(float64))
	if first > 1000 {
		writeJSON(w, map[string]any{"errors": []map[string]any{{"message": "The `first` argument must not be greater than 1000"}}})
		return
	}
	src := h.proposals
	if coll == "votes" {
		src = h.votes
	}
	var match []map[string]any
	for _, it := range src {
		if it["space"] == space && it["created"].(int64) >= since {
			match = append(match, it)
		}
	}
	sort.SliceStable(match, func(i, j int) bool { return match[i]["created"].(int64) < match[j]["created"].(int64) })
	if skip > len(match) {
		skip = len(match)
	}
	match = match[skip:]
	if len(match) > first {
		match = match[:first]
	}
	writeJSON(w, map[string]any{"data": map[string]any{alias: match}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (h *hub) addProposal(id, author string, created int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.proposals = append(h.proposals, map[string]any{"id": id, "space": "beckon.eth", "author": author, "created": created,
		"title": "Proposal " + id, "choices": []string{"For", "Against"}, "start": created, "end": created + 86400,
		"snapshot": "19000000", "state": "active", "type": "single-choice"})
}

func (h *hub) addVote(id, voter, proposal string, created int64, choice any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.votes = append(h.votes, map[string]any{"id": id, "space": "beckon.eth", "voter": voter, "created": created,
		"choice": choice, "vp": 12.5, "reason": "", "proposal": map[string]any{"id": proposal}})
}

func voter(i int) string {
	return common.BigToAddress(common.Big1).Hex()[:30] + fmt.Sprintf("%012x", i)
}

type recorder struct {
	mu     sync.Mutex
	events []chain.Event
}

func (r *recorder) onEvents(_ context.Context, _ *store.Tx, inserted []chain.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, inserted...)
	return nil
}

func storedEvents(t *testing.T, db *store.DB) []chain.Event {
	t.Helper()
	var out []chain.Event
	require.NoError(t, db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.Events(context.Background(), store.EventFilter{})
		return err
	}))
	return out
}

func TestPollStoresEveryItemOnce(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			db := b.Open(t)
			h := &hub{}
			srv := httptest.NewServer(h)
			defer srv.Close()

			h.addProposal("0xp1", "0x00000000000000000000000000000000000000a1", 1000)
			h.addProposal("0xp2", "0x00000000000000000000000000000000000000a2", 1001)
			// 1200 votes in one second, then a few more: a page full of one
			// second must still advance.
			for i := range 1200 {
				h.addVote(fmt.Sprintf("0xv%d", i), voter(i), "0xp1", 2000, 1)
			}
			h.addVote("0xw1", voter(5000), "0xp2", 2001, []int{1, 2})
			h.addVote("0xw2", "0x07b2f2d6c5a5b1d2e3a4f5b6c7d8e9fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "0xp2", 2002, map[string]int{"1": 3})
			// Another space's vote is not ours.
			h.votes = append(h.votes, map[string]any{"id": "0xother", "space": "other.eth", "voter": voter(1), "created": int64(2003), "choice": 1, "vp": 1, "reason": "", "proposal": map[string]any{"id": "0xp9"}})
			h.refuse = 2

			rec := &recorder{}
			cs := &store.ChainStore{DB: db, OnEvents: rec.onEvents}
			p := &snapshot.Poller{Source: snapshot.Source{Name: "dao", Space: "beckon.eth", Hub: srv.URL, APIKey: "k-123"}, Store: cs}
			res, err := p.Poll(ctx)
			require.NoError(t, err)
			require.Equal(t, 2, res.Proposals)
			require.GreaterOrEqual(t, res.Votes, 1202)
			require.Equal(t, "k-123", h.apiKeys[0])

			events := storedEvents(t, db)
			require.Len(t, events, 2+1202, "every proposal and vote once, the other space's none")
			require.Len(t, rec.events, 2+1202, "one job per stored item")
			byID := map[string]chain.Event{}
			for _, e := range events {
				require.Equal(t, snapshot.ChainID, e.ChainID)
				require.Equal(t, "dao", e.Source)
				byID[e.Args["id"]] = e
			}
			require.Len(t, byID, 1204)
			p1 := byID["0xp1"]
			require.Equal(t, chain.KindProposal, p1.Kind)
			require.Equal(t, common.HexToAddress("0x00000000000000000000000000000000000000a1"), p1.Wallet)
			require.Equal(t, `["For","Against"]`, p1.Args["choices"])
			w1 := byID["0xw1"]
			require.Equal(t, chain.KindVote, w1.Kind)
			require.Equal(t, "0xp2", w1.Args["proposalId"])
			require.Equal(t, "[1,2]", w1.Args["choice"])
			require.Equal(t, "12.5", w1.Args["vp"])
			require.Equal(t, common.HexToAddress(voter(5000)), w1.Wallet)
			require.Equal(t, common.Address{}, byID["0xw2"].Wallet, "a non-EVM voter has no wallet")
			require.Equal(t, `{"1":3}`, byID["0xw2"].Args["choice"])

			var cur snapshot.Cursor
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error { cur, err = tx.SnapshotCursor(ctx, "dao"); return err }))
			require.Equal(t, snapshot.Cursor{Proposals: 1001, Votes: 2002}, cur)

			// Polling again stores nothing new; a new vote is stored once.
			_, err = p.Poll(ctx)
			require.NoError(t, err)
			require.Len(t, storedEvents(t, db), 1204)
			h.addVote("0xw3", voter(7), "0xp2", 2002, 2)
			_, err = p.Poll(ctx)
			require.NoError(t, err)
			require.Len(t, storedEvents(t, db), 1205)
			require.Len(t, rec.events, 1205)
		})
	}
}

func TestPollErrorsChangeNothing(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"data": nil, "errors": []map[string]any{{"message": "Cannot query field \"vp\" on type \"Vote\"."}}})
	}))
	defer srv.Close()
	p := &snapshot.Poller{Source: snapshot.Source{Name: "dao", Space: "beckon.eth", Hub: srv.URL}, Store: &store.ChainStore{DB: db}}
	_, err := p.Poll(ctx)
	require.ErrorContains(t, err, `Cannot query field "vp"`)
	require.Empty(t, storedEvents(t, db))

	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad gateway", http.StatusBadGateway)
	}))
	defer down.Close()
	p.Source.Hub = down.URL
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = p.Poll(cctx)
	require.Error(t, err)
	require.Empty(t, storedEvents(t, db))
}
