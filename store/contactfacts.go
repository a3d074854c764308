package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
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
// undo one a reorg removed. It returns the wallets whose holdings moved.
func (tx *Tx) ApplyHoldings(ctx context.Context, ev chain.Event, sign float64) ([]common.Address, error) {
	if ev.Kind != chain.KindMint && ev.Kind != chain.KindTransfer {
		return nil, nil
	}
	amount, tokens := transferSize(ev.Args)
	if amount == 0 && tokens == 0 {
		return nil, nil
	}
	from, to := ev.Args["from"], ev.Args["to"]
	if from == "" {
		from, to = ev.Args["fromAddress"], ev.Args["toAddress"]
	}
	var moved []common.Address
	for _, side := range []struct {
		wallet string
		sign   float64
	}{{to, sign}, {from, -sign}} {
		if !common.IsHexAddress(side.wallet) || common.HexToAddress(side.wallet) == (common.Address{}) {
			continue
		}
		w := common.HexToAddress(side.wallet)
		_, err := tx.ExecContext(ctx, `INSERT INTO wallet_holdings (wallet, contract, balance, tokens) VALUES ($1, $2, $3, $4)
			ON CONFLICT (wallet, contract) DO UPDATE SET balance = wallet_holdings.balance + excluded.balance, tokens = wallet_holdings.tokens + excluded.tokens`,
			w.Hex(), ev.Source, side.sign*amount, int64(side.sign)*tokens)
		if err != nil {
			return nil, fmt.Errorf("move holdings of %s: %w", w.Hex(), err)
		}
		moved = append(moved, w)
	}
	return moved, nil
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
	handles                                                      int
	scores                                                       score.Scores
	segments                                                     []string
	now                                                          time.Time
}

func (tx *Tx) computeFacts(ctx context.Context, contactID int64) (*contactFacts, error) {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return nil, err
	}
	return tx.computeFactsOf(ctx, c)
}

func (tx *Tx) computeFactsOf(ctx context.Context, c crm.Contact) (*contactFacts, error) {
	var err error
	f := &contactFacts{c: c, staked: new(big.Int), holdings: map[string]Holding{}, now: tx.db.Now()}
	if f.points, err = tx.Balance(ctx, c.ID); err != nil {
		return nil, err
	}
	if f.tier, err = tx.ContactTier(ctx, c.ID); err != nil {
		return nil, err
	}
	for _, id := range c.Identities {
		if id.Kind != crm.IdentityWallet {
			f.handles++
		}
	}
	hist := score.History{ContactID: c.ID, Handles: f.handles}
	if len(c.Wallets()) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT kind, args, created_at FROM chain_events
			WHERE removed = FALSE AND wallet IN (SELECT value FROM identities WHERE contact_id = $1 AND kind = 'wallet')
			ORDER BY created_at, id`, c.ID)
		if err != nil {
			return nil, fmt.Errorf("facts of contact %d: %w", c.ID, err)
		}
		for rows.Next() {
			var kind, args string
			var at int64
			if err := rows.Scan(&kind, &args, &at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("facts of contact %d: %w", c.ID, err)
			}
			f.addEvent(chain.Kind(kind), args, time.UnixMilli(at), &hist)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("facts of contact %d: %w", c.ID, err)
		}
		hrows, err := tx.QueryContext(ctx, `SELECT h.contract, SUM(h.balance), SUM(h.tokens) FROM wallet_holdings h
			JOIN identities i ON i.kind = 'wallet' AND i.value = h.wallet
			WHERE i.contact_id = $1 GROUP BY h.contract`, c.ID)
		if err != nil {
			return nil, fmt.Errorf("holdings of contact %d: %w", c.ID, err)
		}
		for hrows.Next() {
			var name string
			var h Holding
			if err := hrows.Scan(&name, &h.Balance, &h.Tokens); err != nil {
				hrows.Close()
				return nil, fmt.Errorf("holdings of contact %d: %w", c.ID, err)
			}
			f.holdings[name] = h
			hist.Tokens += float64(h.Tokens)
		}
		hrows.Close()
		if err := hrows.Err(); err != nil {
			return nil, fmt.Errorf("holdings of contact %d: %w", c.ID, err)
		}
	}
	// Holdings include what delegated vaults stake; activity stays theirs.
	delegated, err := tx.vaultStaked(ctx, c.ID, "")
	if err != nil {
		return nil, err
	}
	f.staked.Add(f.staked, delegated)
	model, err := tx.ChurnModel(ctx)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	f.scores = score.Compute(hist, f.now, model)
	if f.segments, err = tx.ContactSegments(ctx, c.ID); err != nil {
		return nil, err
	}
	return f, nil
}

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
// segments compile to SQL over, and returns the fact map.
func (tx *Tx) RefreshContactFacts(ctx context.Context, contactID int64) (map[string]any, error) {
	f, err := tx.computeFacts(ctx, contactID)
	if err != nil {
		return nil, err
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
		return nil, fmt.Errorf("store facts of contact %d: %w", f.c.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_holdings WHERE contact_id = $1`, f.c.ID); err != nil {
		return nil, fmt.Errorf("store holdings of contact %d: %w", f.c.ID, err)
	}
	for name, h := range f.holdings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_holdings (contact_id, contract, balance, tokens) VALUES ($1, $2, $3, $4)`,
			f.c.ID, name, h.Balance, h.Tokens); err != nil {
			return nil, fmt.Errorf("store holdings of contact %d: %w", f.c.ID, err)
		}
	}
	return f.factMap(), nil
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
