// Package snapshot indexes off-chain governance from a Snapshot hub: a
// space's proposals and votes, read through the hub's GraphQL API (votes
// are not delivered by Snapshot's webhooks, so the hub is polled) and
// stored as proposal and vote events next to on-chain ones.
package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/beckonhq/beckon/chain"
)

// DefaultHub is Snapshot's public GraphQL endpoint.
const DefaultHub = "https://hub.snapshot.org/graphql"

// ChainID is the chain id of off-chain events: they belong to no chain,
// are never reorganised and count as confirmed at once.
const ChainID = chain.OffChainID

// Source is one Snapshot space to follow.
type Source struct {
	Name  string // configured source name, stored as the events' source
	Space string // space id, e.g. "ens.eth"
	Hub   string // GraphQL URL; DefaultHub when empty
	// APIKey raises the hub's rate limit (sent as x-api-key); optional.
	APIKey string
	// PageSize is how many items one query asks for. Default 1000, the
	// hub's maximum.
	PageSize int
}

// Cursor is how far a source has read: the creation times of the last
// proposal and vote stored. Items created in that same second are read
// again on the next poll and skipped as already stored.
type Cursor struct {
	Proposals int64
	Votes     int64
}

// Store persists events with the cursor that covers them, in one
// transaction, so a restart neither loses nor doubles an item.
type Store interface {
	SnapshotCursor(ctx context.Context, source string) (Cursor, error)
	CommitSnapshot(ctx context.Context, source string, events []chain.Event, c Cursor) error
}

// Poller reads a space into the store.
type Poller struct {
	Source Source
	Store  Store
	HTTP   *http.Client
	Log    *slog.Logger
}

// Result reports one Poll.
type Result struct {
	Proposals, Votes int
}

// Poll reads everything created since the cursor, page by page, committing
// each page with its cursor.
func (p *Poller) Poll(ctx context.Context) (Result, error) {
	var res Result
	cur, err := p.Store.SnapshotCursor(ctx, p.Source.Name)
	if err != nil {
		return res, fmt.Errorf("read snapshot cursor: %w", err)
	}
	if res.Proposals, err = p.pages(ctx, proposalsQuery, &cur, &cur.Proposals); err != nil {
		return res, err
	}
	res.Votes, err = p.pages(ctx, votesQuery, &cur, &cur.Votes)
	return res, err
}

// Follow polls every interval until ctx ends; failures are logged and
// retried on the next tick.
func (p *Poller) Follow(ctx context.Context, every time.Duration, onPoll func(Result)) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := p.Poll(ctx)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			p.log().Warn("snapshot poll failed", "source", p.Source.Name, "space", p.Source.Space, "err", err)
		case onPoll != nil:
			onPoll(res)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (p *Poller) log() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

func (p *Poller) pageSize() int {
	if p.Source.PageSize <= 0 || p.Source.PageSize > 1000 {
		return 1000
	}
	return p.Source.PageSize
}

// pages walks one collection in creation order. Several items can share a
// creation second; skip counts those already read at the cursor second,
// so a page full of one second still advances.
func (p *Poller) pages(ctx context.Context, query string, cur *Cursor, since *int64) (int, error) {
	total, skip := 0, 0
	for {
		items, err := p.query(ctx, query, *since, skip)
		if err != nil {
			return total, err
		}
		if len(items) == 0 {
			return total, nil
		}
		events := make([]chain.Event, 0, len(items))
		for _, it := range items {
			ev, err := it.event(p.Source)
			if err != nil {
				return total, err
			}
			events = append(events, ev)
		}
		last := items[len(items)-1].Created
		atLast := 0
		for _, it := range items {
			if it.Created == last {
				atLast++
			}
		}
		if last == *since {
			skip += len(items)
		} else {
			skip = atLast
		}
		*since = last
		if err := p.Store.CommitSnapshot(ctx, p.Source.Name, events, *cur); err != nil {
			return total, fmt.Errorf("store snapshot page: %w", err)
		}
		total += len(items)
		if len(items) < p.pageSize() {
			return total, nil
		}
	}
}

const proposalsQuery = `query Proposals($space: String!, $since: Int!, $first: Int!, $skip: Int!) {
  items: proposals(first: $first, skip: $skip, where: {space: $space, created_gte: $since}, orderBy: "created", orderDirection: asc) {
    id author created title choices start end snapshot state type
  }
}`

const votesQuery = `query Votes($space: String!, $since: Int!, $first: Int!, $skip: Int!) {
  items: votes(first: $first, skip: $skip, where: {space: $space, created_gte: $since}, orderBy: "created", orderDirection: asc) {
    id voter created choice vp reason proposal { id }
  }
}`

// item is a proposal or a vote as the hub returns it.
type item struct {
	ID      string `json:"id"`
	Created int64  `json:"created"`
	// proposals
	Author   string   `json:"author"`
	Title    string   `json:"title"`
	Choices  []string `json:"choices"`
	Start    int64    `json:"start"`
	End      int64    `json:"end"`
	Snapshot string   `json:"snapshot"`
	State    string   `json:"state"`
	Type     string   `json:"type"`
	// votes
	Voter    string          `json:"voter"`
	Choice   json.RawMessage `json:"choice"`
	VP       json.Number     `json:"vp"`
	Reason   string          `json:"reason"`
	Proposal *struct {
		ID string `json:"id"`
	} `json:"proposal"`
}

// event turns an item into a stored event. Off-chain items have no block:
// the block number is the creation time (Unix seconds) and the block and
// transaction hashes derive from the item id, which is unique on the hub.
func (it item) event(src Source) (chain.Event, error) {
	if it.ID == "" || it.Created <= 0 {
		return chain.Event{}, fmt.Errorf("snapshot item without id or creation time: %+v", it)
	}
	id := crypto.Keccak256Hash([]byte("snapshot:" + it.ID))
	ev := chain.Event{
		ChainID:     ChainID,
		BlockNumber: uint64(it.Created),
		BlockHash:   id,
		TxHash:      id,
		Source:      src.Name,
		Args:        map[string]string{"id": it.ID, "space": src.Space, "created": strconv.FormatInt(it.Created, 10)},
	}
	if it.Voter != "" || it.Proposal != nil {
		ev.Kind, ev.Name = chain.KindVote, "Vote"
		ev.Wallet = address(it.Voter)
		ev.Args["voter"] = checksummed(it.Voter)
		if it.Proposal != nil {
			ev.Args["proposalId"] = it.Proposal.ID
		}
		ev.Args["choice"] = string(compactJSON(it.Choice))
		ev.Args["vp"] = it.VP.String()
		ev.Args["reason"] = it.Reason
		return ev, nil
	}
	ev.Kind, ev.Name = chain.KindProposal, "Proposal"
	ev.Wallet = address(it.Author)
	ev.Args["proposalId"] = it.ID
	ev.Args["proposer"] = checksummed(it.Author)
	ev.Args["title"] = it.Title
	choices, _ := json.Marshal(it.Choices)
	ev.Args["choices"] = string(choices)
	ev.Args["start"] = strconv.FormatInt(it.Start, 10)
	ev.Args["end"] = strconv.FormatInt(it.End, 10)
	ev.Args["snapshot"] = it.Snapshot
	ev.Args["state"] = it.State
	ev.Args["type"] = it.Type
	return ev, nil
}

// address is the EVM account of a voter; other networks' accounts (the
// hub also serves Starknet spaces) have none, and keep their raw id in Args.
func address(s string) common.Address {
	if common.IsHexAddress(s) {
		return common.HexToAddress(s)
	}
	return common.Address{}
}

func checksummed(s string) string {
	if common.IsHexAddress(s) {
		return common.HexToAddress(s).Hex()
	}
	return s
}

func compactJSON(raw json.RawMessage) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return raw
	}
	return buf.Bytes()
}

// Error is a failed hub request.
type Error struct {
	Status     int
	RetryAfter time.Duration
	Msg        string
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("snapshot hub: HTTP %d: %s", e.Status, e.Msg)
	}
	return "snapshot hub: " + e.Msg
}

// maxAttempts bounds retries of one query on rate limits and server errors.
const maxAttempts = 5

func (p *Poller) query(ctx context.Context, query string, since int64, skip int) ([]item, error) {
	var lastErr error
	for attempt := range maxAttempts {
		items, err := p.queryOnce(ctx, query, since, skip)
		var he *Error
		if err == nil || !errors.As(err, &he) || (he.Status != http.StatusTooManyRequests && he.Status < 500) {
			return items, err
		}
		lastErr = err
		wait := he.RetryAfter
		if wait <= 0 {
			wait = time.Duration(1<<attempt) * 500 * time.Millisecond
		}
		p.log().Warn("snapshot hub refused, retrying", "source", p.Source.Name, "status", he.Status, "wait", wait)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
	return nil, lastErr
}

func (p *Poller) queryOnce(ctx context.Context, query string, since int64, skip int) ([]item, error) {
	body, err := json.Marshal(map[string]any{
		"query":     query,
		"variables": map[string]any{"space": p.Source.Space, "since": since, "first": p.pageSize(), "skip": skip},
	})
	if err != nil {
		return nil, fmt.Errorf("encode snapshot query: %w", err)
	}
	hub := p.Source.Hub
	if hub == "" {
		hub = DefaultHub
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("snapshot request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if p.Source.APIKey != "" {
		req.Header.Set("x-api-key", p.Source.APIKey)
	}
	client := p.HTTP
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("snapshot hub: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read snapshot answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode, Msg: strings.TrimSpace(string(data[:min(len(data), 200)]))}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		}
		return nil, e
	}
	var out struct {
		Data struct {
			Items []item `json:"items"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("decode snapshot answer: %w", err)
	}
	if len(out.Errors) > 0 {
		msgs := make([]string, len(out.Errors))
		for i, e := range out.Errors {
			msgs[i] = e.Message
		}
		return nil, &Error{Msg: strings.Join(msgs, "; ")}
	}
	return out.Data.Items, nil
}
