package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/facts"
	"github.com/beckonhq/beckon/crm/score"
)

var _ crm.ProfileStore = (*Tx)(nil)

// PutTraits implements crm.ProfileStore: typed traits merge into the
// contact's traits and their types are recorded.
func (tx *Tx) PutTraits(ctx context.Context, contactID int64, traits []crm.Trait) error {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return err
	}
	values, types, err := tx.storedTraits(ctx, c.ID)
	if err != nil {
		return err
	}
	set := make(map[string]any, len(traits))
	for _, t := range traits {
		set[t.Name], types[t.Name] = t.Stored(), t.Type
	}
	return tx.writeTraits(ctx, c.ID, values, set, types)
}

// SetProfile implements crm.ProfileStore.
func (tx *Tx) SetProfile(ctx context.Context, contactID int64, timezone, locale string) error {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contacts SET timezone = $1, locale = $2, updated_at = $3 WHERE id = $4`, timezone, locale, tx.db.now(), c.ID); err != nil {
		return fmt.Errorf("set profile: %w", err)
	}
	changed := map[string]crm.ValueChange{}
	if c.Timezone != timezone {
		changed["timezone"] = crm.ValueChange{Old: c.Timezone, New: timezone}
	}
	if c.Locale != locale {
		changed["locale"] = crm.ValueChange{Old: c.Locale, New: locale}
	}
	if len(changed) == 0 {
		return nil
	}
	return tx.recordChange(ctx, c.ID, crm.ChangeProfile, changed)
}

// typedTraits decodes stored traits with their declared types.
func typedTraits(rawTraits, rawTypes string) (map[string]any, error) {
	var values map[string]any
	if err := json.Unmarshal([]byte(rawTraits), &values); err != nil {
		return nil, err
	}
	types := map[string]crm.TraitType{}
	if rawTypes != "" {
		if err := json.Unmarshal([]byte(rawTypes), &types); err != nil {
			return nil, err
		}
	}
	for k, typ := range types {
		if v, ok := values[k]; ok {
			values[k] = crm.DecodeTrait(typ, v)
		}
	}
	return values, nil
}

// Holding is what a contact holds of one configured contract: balance in
// the token's units (ERC-20 and ERC-1155 amounts, ERC-721 count) and
// tokens, the number of NFT or ERC-1155 units.
type Holding struct {
	Balance float64 `json:"balance"`
	Tokens  int64   `json:"tokens"`
}

// ApplyHoldings moves wallet holdings for a transfer or mint: the
// recipient gains, the sender loses. sign is +1 for a new event and -1 to
// undo one a reorg removed. It returns the wallets whose holdings moved
// (HoldingParties).
func (tx *Tx) ApplyHoldings(ctx context.Context, ev chain.Event, sign float64) ([]common.Address, error) {
	amount, tokens := holdingMove(ev)
	if amount == 0 && tokens == 0 {
		return nil, nil
	}
	to, from := transferSides(ev)
	var moved []common.Address
	for _, side := range []struct {
		wallet string
		sign   float64
	}{{to, sign}, {from, -sign}} {
		if !isParty(side.wallet) {
			continue
		}
		w := common.HexToAddress(side.wallet)
		_, err := tx.ExecContext(ctx, `INSERT INTO wallet_holdings (wallet, contract, balance, tokens, chain_id, address) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (wallet, contract) DO UPDATE SET balance = wallet_holdings.balance + excluded.balance, tokens = wallet_holdings.tokens + excluded.tokens,
				chain_id = excluded.chain_id, address = excluded.address`,
			w.Hex(), ev.Source, side.sign*amount, int64(side.sign)*tokens, int64(ev.ChainID), ev.Contract.Hex())
		if err != nil {
			return nil, fmt.Errorf("move holdings of %s: %w", w.Hex(), err)
		}
		moved = append(moved, w)
	}
	return moved, nil
}

// holdingMove is how much a transfer or mint moves (zero for other events).
func holdingMove(ev chain.Event) (amount float64, tokens int64) {
	if ev.Kind != chain.KindMint && ev.Kind != chain.KindTransfer {
		return 0, 0
	}
	return transferSize(ev.Args)
}

// transferSides returns an event's recipient and sender as written in its
// args ("" when absent).
func transferSides(ev chain.Event) (to, from string) {
	from, to = ev.Args["from"], ev.Args["to"]
	if from == "" {
		from, to = ev.Args["fromAddress"], ev.Args["toAddress"]
	}
	return to, from
}

// isParty reports whether s is a wallet that can hold tokens.
func isParty(s string) bool {
	return common.IsHexAddress(s) && common.HexToAddress(s) != (common.Address{})
}

// HoldingParties lists the wallets whose holdings the event moves,
// recipient first, then sender; mints and burns have one side.
func HoldingParties(ev chain.Event) []common.Address {
	if amount, tokens := holdingMove(ev); amount == 0 && tokens == 0 {
		return nil
	}
	to, from := transferSides(ev)
	var out []common.Address
	for _, s := range []string{to, from} {
		if isParty(s) {
			out = append(out, common.HexToAddress(s))
		}
	}
	return out
}

// transferSize reads how much a transfer moves from its decoded args.
func transferSize(args map[string]string) (amount float64, tokens int64) {
	num := func(s string) float64 {
		f, _ := new(big.Float).SetString(s)
		if f == nil {
			return 0
		}
		v, _ := f.Float64()
		return v
	}
	switch {
	case args["tokenId"] != "": // ERC-721
		return 1, 1
	case args["fromTokenId"] != "": // ERC-2309 consecutive mint
		n := num(args["toTokenId"]) - num(args["fromTokenId"]) + 1
		return n, int64(n)
	case args["values"] != "": // ERC-1155 batch
		var sum float64
		for _, v := range strings.Split(strings.Trim(args["values"], "[]"), ",") {
			sum += num(v)
		}
		return sum, int64(sum)
	case args["id"] != "" && args["value"] != "": // ERC-1155 single
		v := num(args["value"])
		return v, int64(v)
	case args["value"] != "": // ERC-20
		return num(args["value"]), 0
	}
	return 0, 0
}

// contactFacts is everything the fact map is built from.
type contactFacts struct {
	c                                                            crm.Contact
	points                                                       int64
	tier                                                         string
	mints, transfers, votes, proposals, claims, stakes, unstakes int64
	events, events90                                             int64
	staked                                                       *big.Int
	stakedSince, first, last                                     time.Time
	holdings                                                     map[string]Holding
	stored                                                       map[string]Holding // contact_holdings as read
	dependents                                                   []int64            // contacts this one's wallets are vaults of
	handles                                                      int
	scores                                                       score.Scores
	segments                                                     []string
	now                                                          time.Time
}

// computeFacts reads everything a contact's facts are built from in one
// statement (factsQuery) and folds its events.
func (tx *Tx) computeFacts(ctx context.Context, contactID int64) (*contactFacts, error) {
	now := tx.db.Now()
	f := &contactFacts{staked: new(big.Int), holdings: map[string]Holding{}, stored: map[string]Holding{}, segments: []string{}, now: now}
	c := &f.c
	c.ID = contactID
	var found bool
	var mergedInto, modelID int64
	var traits, traitTypes string
	hist := score.History{ContactID: contactID}
	vaultStaked := new(big.Int)
	rows, err := tx.QueryContext(ctx, factsQuery, contactID, now.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("facts of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var tag, a, b string
		var n, o int64
		var x float64
		if err := rows.Scan(&tag, &a, &b, &n, &x, &o); err != nil {
			return nil, fmt.Errorf("facts of contact %d: %w", contactID, err)
		}
		switch tag {
		case "c":
			found, c.Timezone, c.Locale, mergedInto, c.Unsubscribed = true, a, b, n, o != 0
		case "d":
			traits, traitTypes = a, b
		case "m":
			c.Email = a
		case "p":
			f.points = n
		case "t":
			f.tier = a
		case "x":
			modelID = n
		case "i":
			c.Identities = append(c.Identities, crm.Identity{Kind: a, Value: b})
			if a != crm.IdentityWallet {
				f.handles++
			}
		case "s":
			f.segments = append(f.segments, a)
		case "h":
			f.holdings[a] = Holding{Balance: x, Tokens: n}
			hist.Tokens += float64(n)
		case "k":
			f.stored[a] = Holding{Balance: x, Tokens: n}
		case "g":
			if !slices.Contains(f.dependents, n) {
				f.dependents = append(f.dependents, n)
			}
		case "e":
			f.addEvent(chain.Kind(a), b, time.UnixMilli(n), &hist)
		case "v":
			// Delegated vaults' stakes count as the contact's; their
			// activity stays theirs.
			if amount, ok := new(big.Int).SetString(eventArg(b, "amount"), 10); ok {
				if chain.Kind(a) == chain.KindUnstake {
					amount.Neg(amount)
				}
				vaultStaked.Add(vaultStaked, amount)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("facts of contact %d: %w", contactID, err)
	}
	rows.Close()
	switch {
	case !found:
		return nil, fmt.Errorf("contact %d: %w", contactID, ErrNotFound)
	case mergedInto != 0:
		return tx.computeFacts(ctx, mergedInto)
	}
	if c.Traits, err = typedTraits(traits, traitTypes); err != nil {
		return nil, fmt.Errorf("decode traits of contact %d: %w", c.ID, err)
	}
	f.staked.Add(f.staked, vaultStaked)
	hist.Handles = f.handles
	model, err := tx.churnModel(ctx, modelID)
	if err != nil {
		return nil, err
	}
	f.scores = score.Compute(hist, f.now, model)
	return f, nil
}

// factsQuery reads, as tagged rows (tag, a, b, n, x, o), all a contact's
// ($1) facts are built from, in one round trip:
//
//	c  timezone, locale, merged_into (0: none), unsubscribed (o ≠ 0)
//	d  traits, trait types
//	m  email
//	p  balance at $2
//	t  tier
//	x  id of the latest churn model (0: none)
//	i  identities (kind, value) in link order
//	s  segments
//	h  holdings per contract with delegated vaults' (tokens, balance)
//	k  stored holdings (the same)
//	e  live events (kind, args, created_at) in order
//	v  delegated vaults' stake events (kind, args), each once
//	g  contacts whose holdings count the contact's wallets as delegated
//	   vaults (n)
const factsQuery = `WITH ` + heldCTE + `
	SELECT 'c' AS tag, timezone AS a, locale AS b, COALESCE(merged_into, 0) AS n, CAST(0 AS DOUBLE PRECISION) AS x,
		CAST(CASE WHEN unsubscribed_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS o FROM contacts WHERE id = $1
	UNION ALL SELECT 'd', traits, trait_types, 0, 0, 0 FROM contacts WHERE id = $1
	UNION ALL SELECT 'm', COALESCE(email, ''), '', 0, 0, 0 FROM contacts WHERE id = $1
	UNION ALL SELECT 'p', '', '', CAST(COALESCE(SUM(amount), 0) AS BIGINT), 0, 0 FROM points_ledger
		WHERE contact_id = $1 AND (expires_at IS NULL OR expires_at > $2)
	UNION ALL SELECT 't', tier, '', 0, 0, 0 FROM contact_tiers WHERE contact_id = $1
	UNION ALL SELECT 'x', '', '', COALESCE(MAX(id), 0), 0, 0 FROM score_models WHERE kind = 'churn'
	UNION ALL SELECT 'i', kind, value, created_at, 0, 0 FROM identities WHERE contact_id = $1
	UNION ALL SELECT 's', segment, '', 0, 0, 0 FROM segment_members WHERE contact_id = $1
	UNION ALL SELECT 'h', h.contract, '', CAST(SUM(h.tokens) AS BIGINT), SUM(h.balance), 0 ` + heldFrom + ` GROUP BY h.contract
	UNION ALL SELECT 'k', contract, '', tokens, balance, 0 FROM contact_holdings WHERE contact_id = $1
	UNION ALL SELECT 'e', e.kind, e.args, e.created_at, 0, e.id FROM own JOIN chain_events e ON e.wallet = own.wallet WHERE NOT e.removed
	UNION ALL SELECT DISTINCT 'v', e.kind, e.args, e.created_at, 0, e.id FROM vaults v JOIN chain_events e ON e.wallet = v.vault
		AND e.chain_id = v.chain_id AND (v.contract = '' OR v.contract = e.contract)
		WHERE NOT e.removed AND e.kind IN ('stake', 'unstake')
	UNION ALL SELECT 'g', '', '', i.contact_id, 0, 0 FROM own JOIN wallet_delegations d ON d.vault = own.wallet
		JOIN identities i ON i.kind = 'wallet' AND i.value = d.delegate WHERE i.contact_id <> $1
	ORDER BY 1, 4, 6, 2, 3`

func (f *contactFacts) addEvent(kind chain.Kind, rawArgs string, at time.Time, hist *score.History) {
	f.events++
	if f.now.Sub(at) <= 90*24*time.Hour {
		f.events90++
	}
	if f.first.IsZero() {
		f.first = at
	}
	f.last = at
	ev := score.Event{Kind: string(kind), At: at}
	switch kind {
	case chain.KindMint:
		f.mints++
	case chain.KindTransfer:
		f.transfers++
	case chain.KindVote:
		f.votes++
	case chain.KindProposal:
		f.proposals++
	case chain.KindClaim:
		f.claims++
	case chain.KindStake, chain.KindUnstake:
		var args map[string]string
		_ = json.Unmarshal([]byte(rawArgs), &args)
		amount, ok := new(big.Int).SetString(args["amount"], 10)
		if !ok {
			break
		}
		ev.Amount, _ = new(big.Float).SetInt(amount).Float64()
		if kind == chain.KindUnstake {
			f.unstakes++
			amount.Neg(amount)
		} else {
			f.stakes++
		}
		wasStaked := f.staked.Sign() > 0
		f.staked.Add(f.staked, amount)
		switch {
		case !wasStaked && f.staked.Sign() > 0:
			f.stakedSince = at
		case f.staked.Sign() <= 0:
			f.stakedSince = time.Time{}
		}
	}
	hist.Events = append(hist.Events, ev)
}

func days(now, t time.Time) float64 { return now.Sub(t).Hours() / 24 }

// factMap renders the facts as conditions see them (see package facts).
func (f *contactFacts) factMap() map[string]any {
	c := f.c
	wallets := c.Wallets()
	walletStrs := make([]any, len(wallets))
	for i, w := range wallets {
		walletStrs[i] = w.Hex()
	}
	traits := map[string]any{}
	for k, v := range c.Traits {
		traits[k] = v
	}
	identities := map[string]any{}
	var linked []any
	for _, id := range c.Identities {
		if _, ok := identities[id.Kind]; !ok {
			identities[id.Kind] = id.Value
			linked = append(linked, id.Kind)
		}
	}
	wallet := ""
	if len(wallets) > 0 {
		wallet = wallets[0].Hex()
	}
	holdings := make(map[string]any, len(f.holdings))
	for k, h := range f.holdings {
		holdings[k] = map[string]any{"balance": h.Balance, "tokens": h.Tokens}
	}
	segments := make([]any, len(f.segments))
	for i, s := range f.segments {
		segments[i] = s
	}
	stakedValue, _ := new(big.Float).SetInt(f.staked).Float64()
	m := map[string]any{
		facts.KeyID:           c.ID,
		facts.KeyEmail:        c.Email,
		facts.KeyWallet:       wallet,
		facts.KeyWallets:      walletStrs,
		facts.KeyIdentities:   identities,
		facts.KeyLinked:       linked,
		facts.KeyTraits:       traits,
		facts.KeyTimezone:     c.Timezone,
		facts.KeyLocale:       c.Locale,
		facts.KeyPoints:       f.points,
		facts.KeyTier:         f.tier,
		facts.KeyMints:        f.mints,
		facts.KeyTransfers:    f.transfers,
		facts.KeyVotes:        f.votes,
		facts.KeyProposals:    f.proposals,
		facts.KeyClaims:       f.claims,
		facts.KeyStakes:       f.stakes,
		facts.KeyUnstakes:     f.unstakes,
		facts.KeyEvents:       f.events,
		facts.KeyEvents90d:    f.events90,
		facts.KeyStaked:       f.staked.Sign() > 0,
		facts.KeyStakedAmount: f.staked.String(),
		facts.KeyStakedValue:  stakedValue,
		facts.KeyHoldings:     holdings,
		facts.KeyScores:       map[string]any{"engagement": f.scores.Engagement, "churn_risk": f.scores.ChurnRisk},
		facts.KeySegments:     segments,
	}
	if linked == nil {
		m[facts.KeyLinked] = []any{}
	}
	if !f.stakedSince.IsZero() {
		m[facts.KeyStakedSince] = f.stakedSince
		m[facts.KeyStakedDays] = days(f.now, f.stakedSince)
	}
	if !f.first.IsZero() {
		m[facts.KeyFirstActivity] = f.first
		m[facts.KeyFirstActivityDays] = days(f.now, f.first)
		m[facts.KeyLastActivity] = f.last
		m[facts.KeyLastActivityDays] = days(f.now, f.last)
	}
	return m
}

// RefreshContactFacts recomputes the contact's facts, stores the columns
// segments compile to SQL over, and returns the fact map and the contacts
// whose holdings count this one's wallets as delegated vaults (their facts
// may have moved too).
func (tx *Tx) RefreshContactFacts(ctx context.Context, contactID int64) (map[string]any, []int64, error) {
	f, err := tx.computeFacts(ctx, contactID)
	if err != nil {
		return nil, nil, err
	}
	ms := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UnixMilli()
	}
	stakedValue, _ := new(big.Float).SetInt(f.staked).Float64()
	_, err = tx.ExecContext(ctx, `INSERT INTO contact_facts (contact_id, mints, transfers, votes, proposals, claims, stakes, unstakes,
			events, events_90d, staked_value, staked_since, first_activity, last_activity, handles, engagement, churn_risk, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (contact_id) DO UPDATE SET mints = excluded.mints, transfers = excluded.transfers, votes = excluded.votes,
			proposals = excluded.proposals, claims = excluded.claims, stakes = excluded.stakes, unstakes = excluded.unstakes,
			events = excluded.events, events_90d = excluded.events_90d, staked_value = excluded.staked_value,
			staked_since = excluded.staked_since, first_activity = excluded.first_activity, last_activity = excluded.last_activity,
			handles = excluded.handles, engagement = excluded.engagement, churn_risk = excluded.churn_risk, updated_at = excluded.updated_at`,
		f.c.ID, f.mints, f.transfers, f.votes, f.proposals, f.claims, f.stakes, f.unstakes, f.events, f.events90, stakedValue,
		ms(f.stakedSince), ms(f.first), ms(f.last), f.handles, f.scores.Engagement, f.scores.ChurnRisk, f.now.UnixMilli())
	if err != nil {
		return nil, nil, fmt.Errorf("store facts of contact %d: %w", f.c.ID, err)
	}
	// Only the holdings that moved are written: most events move none.
	for name := range f.stored {
		if _, ok := f.holdings[name]; ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contact_holdings WHERE contact_id = $1 AND contract = $2`, f.c.ID, name); err != nil {
			return nil, nil, fmt.Errorf("store holdings of contact %d: %w", f.c.ID, err)
		}
	}
	for name, h := range f.holdings {
		if old, ok := f.stored[name]; ok && old == h {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_holdings (contact_id, contract, balance, tokens) VALUES ($1, $2, $3, $4)
			ON CONFLICT (contact_id, contract) DO UPDATE SET balance = excluded.balance, tokens = excluded.tokens`,
			f.c.ID, name, h.Balance, h.Tokens); err != nil {
			return nil, nil, fmt.Errorf("store holdings of contact %d: %w", f.c.ID, err)
		}
	}
	return f.factMap(), f.dependents, nil
}

// churnModels keeps the last churn model read, by id: models are never
// changed once saved, so facts decode one only when a newer is trained.
type churnModels struct {
	mu    sync.Mutex
	id    int64
	model *score.Model
}

// churnModel returns the churn model of the given id (0: none, nil).
func (tx *Tx) churnModel(ctx context.Context, id int64) (*score.Model, error) {
	if id == 0 {
		return nil, nil
	}
	cache := &tx.db.churn
	cache.mu.Lock()
	if cache.id == id {
		m := cache.model
		cache.mu.Unlock()
		return m, nil
	}
	cache.mu.Unlock()
	var raw string
	if err := tx.QueryRowContext(ctx, `SELECT model FROM score_models WHERE id = $1`, id).Scan(&raw); err != nil {
		return nil, fmt.Errorf("read churn model %d: %w", id, err)
	}
	var m score.Model
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, fmt.Errorf("decode churn model %d: %w", id, err)
	}
	cache.mu.Lock()
	cache.id, cache.model = id, &m
	cache.mu.Unlock()
	return &m, nil
}

// ChurnModel returns the latest trained churn model, or ErrNotFound.
func (tx *Tx) ChurnModel(ctx context.Context) (*score.Model, error) {
	var raw string
	err := tx.QueryRowContext(ctx, `SELECT model FROM score_models WHERE kind = 'churn' ORDER BY id DESC LIMIT 1`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("churn model: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read churn model: %w", err)
	}
	var m score.Model
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, fmt.Errorf("decode churn model: %w", err)
	}
	return &m, nil
}

// SaveChurnModel stores m as the model that scores contacts from now on.
func (tx *Tx) SaveChurnModel(ctx context.Context, m *score.Model) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode churn model: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO score_models (kind, model, created_at) VALUES ('churn', $1, $2)`, string(b), tx.db.now()); err != nil {
		return fmt.Errorf("save churn model: %w", err)
	}
	return nil
}

// ScoreHistories returns every live contact's history for training: its
// events (from its wallets) in time order, linked handles and tokens held.
func (tx *Tx) ScoreHistories(ctx context.Context) ([]score.History, error) {
	byID := map[int64]*score.History{}
	var order []int64
	get := func(id int64) *score.History {
		h, ok := byID[id]
		if !ok {
			h = &score.History{ContactID: id}
			byID[id] = h
			order = append(order, id)
		}
		return h
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.contact_id, e.kind, e.args, e.created_at FROM chain_events e
		JOIN identities i ON i.kind = 'wallet' AND i.value = e.wallet
		WHERE e.removed = FALSE ORDER BY i.contact_id, e.created_at, e.id`)
	if err != nil {
		return nil, fmt.Errorf("read histories: %w", err)
	}
	for rows.Next() {
		var id, at int64
		var kind, rawArgs string
		if err := rows.Scan(&id, &kind, &rawArgs, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read histories: %w", err)
		}
		ev := score.Event{Kind: kind, At: time.UnixMilli(at)}
		if kind == string(chain.KindStake) || kind == string(chain.KindUnstake) {
			var args map[string]string
			_ = json.Unmarshal([]byte(rawArgs), &args)
			ev.Amount, _ = strconv.ParseFloat(args["amount"], 64)
		}
		h := get(id)
		h.Events = append(h.Events, ev)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read histories: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT contact_id, COUNT(*) FROM identities WHERE kind <> 'wallet' GROUP BY contact_id`)
	if err != nil {
		return nil, fmt.Errorf("read handles: %w", err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read handles: %w", err)
		}
		if h, ok := byID[id]; ok {
			h.Handles = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read handles: %w", err)
	}
	out := make([]score.History, len(order))
	for i, id := range order {
		out[i] = *byID[id]
	}
	return out, nil
}

// StaleFactContacts lists live contacts whose facts were last refreshed
// before the given time (or never), by id, after afterID, at most limit.
func (tx *Tx) StaleFactContacts(ctx context.Context, before time.Time, afterID int64, limit int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id FROM contacts c LEFT JOIN contact_facts f ON f.contact_id = c.id
		WHERE c.merged_into IS NULL AND c.id > $1 AND (f.updated_at IS NULL OR f.updated_at < $2) ORDER BY c.id LIMIT $3`,
		afterID, before.UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("list stale facts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list stale facts: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
