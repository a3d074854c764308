// Package loyalty keeps the points ledger: append-only entries with unique
// idempotency keys, where a correction or an orphaned event is answered
// with a reversal entry, never a delete.
package loyalty

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
)

// ErrInvalid marks a bad award request; nothing was written.
var ErrInvalid = errors.New("invalid")

// Entry is one ledger line.
type Entry struct {
	ID        int64
	ContactID int64
	Amount    int64
	Reason    string
	// Source ties the entry to what caused it (an event key, a manual
	// award), so a reorg can reverse everything an orphaned event earned.
	Source string
	// Key makes the write idempotent: a second entry with the same key is
	// ignored.
	Key      string
	Reverses int64 // id of the entry this one reverses, 0 if none
	// Season is the season the points count towards ("" outside seasons).
	Season string
	// ExpiresAt is when the points stop counting; zero never. An entry
	// counts in balances while now < ExpiresAt. A reversal carries the
	// expiry of the entry it reverses, so the pair cancels out both
	// before and after that instant.
	ExpiresAt time.Time
	// Actor is who awarded or revoked by hand; "" for rules and flows.
	Actor string
	// Rule names the rule that awarded the entry; "" for anything else.
	Rule string
	// At is when the entry was written; zero lets the store use its clock.
	At time.Time
}

// Store is what the ledger needs from persistence.
type Store interface {
	// InsertEntry writes e unless an entry with e.Key exists; inserted says which.
	InsertEntry(ctx context.Context, e Entry) (inserted bool, err error)
	// UnreversedBySource lists entries with the source that are not
	// reversals and have not been reversed, with their season and expiry.
	UnreversedBySource(ctx context.Context, source string) ([]Entry, error)
	// Balance is the sum of the contact's entries not expired now.
	Balance(ctx context.Context, contactID int64) (int64, error)
}

// AwardManual is an operator's award (positive amount) or revoke (negative
// amount): besides what Award checks, it requires the actor.
func AwardManual(ctx context.Context, s Store, e Entry) (bool, error) {
	if strings.TrimSpace(e.Actor) == "" {
		return false, fmt.Errorf("award: %w: actor required for a manual award", ErrInvalid)
	}
	e.Rule = ""
	return Award(ctx, s, e)
}

// Award adds points (a negative amount revokes) once per key.
func Award(ctx context.Context, s Store, e Entry) (bool, error) {
	switch {
	case e.ContactID <= 0:
		return false, fmt.Errorf("award: %w: contact id required", ErrInvalid)
	case e.Amount == 0:
		return false, fmt.Errorf("award: %w: amount must not be zero", ErrInvalid)
	case e.Key == "":
		return false, fmt.Errorf("award: %w: idempotency key required", ErrInvalid)
	case e.Reason == "":
		return false, fmt.Errorf("award: %w: reason required", ErrInvalid)
	}
	e.Reverses = 0
	return s.InsertEntry(ctx, e)
}

// ReverseSource writes a reversal for every unreversed entry caused by
// source and returns the points taken back. Running it again reverses nothing more.
func ReverseSource(ctx context.Context, s Store, source, reason string) (int64, error) {
	entries, err := s.UnreversedBySource(ctx, source)
	if err != nil {
		return 0, fmt.Errorf("reverse %s: %w", source, err)
	}
	var total int64
	for _, e := range entries {
		rev := Entry{
			ContactID: e.ContactID,
			Amount:    -e.Amount,
			Reason:    reason,
			Source:    source,
			Key:       "reverse:" + e.Key,
			Reverses:  e.ID,
			Season:    e.Season,
			ExpiresAt: e.ExpiresAt,
			Rule:      e.Rule,
		}
		ok, err := s.InsertEntry(ctx, rev)
		if err != nil {
			return total, fmt.Errorf("reverse entry %d: %w", e.ID, err)
		}
		if ok {
			total += e.Amount
		}
	}
	return total, nil
}

// Ledger applies the loyalty configuration to every write: new entries
// without a season get the current one, and after each write the
// contact's tier is recomputed and, when it changed, stored with the
// change recorded, all in the caller's transaction. A reversal lowers the
// tier again the same way. Holdings tiers also move with the contact's
// holdings: see UpdateHoldingTiers.
type Ledger struct {
	Season string
	Tiers  []Tier
	// Contracts maps each configured contract name to its kind (erc721,
	// staking, …); holdings tiers need the kind of their contract.
	Contracts map[string]string
}

// Insert writes e through s and updates the contact's tier. It returns
// what s.InsertEntry returns; nothing else happens for an existing key.
func (l *Ledger) Insert(ctx context.Context, s TierStore, e Entry) (bool, error) {
	if e.Season == "" && e.Reverses == 0 {
		e.Season = l.Season
	}
	ok, err := s.InsertEntry(ctx, e)
	if err != nil || !ok {
		return ok, err
	}
	reason := e.Reason
	if e.Reverses != 0 {
		reason = fmt.Sprintf("reversal of entry %d: %s", e.Reverses, e.Reason)
	}
	if _, _, err := l.UpdateTier(ctx, s, e.ContactID, reason, e.At); err != nil {
		return true, err
	}
	return true, nil
}

// UpdateTier recomputes the contact's tier from its balances and stores it
// when it changed. With no tiers configured it does nothing.
func (l *Ledger) UpdateTier(ctx context.Context, s TierStore, contactID int64, reason string, at time.Time) (TierChange, bool, error) {
	if len(l.Tiers) == 0 {
		return TierChange{}, false, nil
	}
	lifetime, season, current, err := tierInputs(ctx, s, contactID, l.Season)
	if err != nil {
		return TierChange{}, false, err
	}
	holdings, err := l.holdings(ctx, s, contactID)
	if err != nil {
		return TierChange{}, false, err
	}
	next := TierOf(l.Tiers, TierInput{Lifetime: lifetime, Season: season, Holdings: holdings})
	if next == current {
		return TierChange{}, false, nil
	}
	c := TierChange{ContactID: contactID, From: current, To: next, Reason: reason, At: at}
	if err := s.SetTier(ctx, c); err != nil {
		return c, false, fmt.Errorf("set tier of contact %d: %w", contactID, err)
	}
	return c, true, nil
}

// holdings reads the contact's holdings of every contract a holdings tier
// names; nil when there is none.
func (l *Ledger) holdings(ctx context.Context, s TierStore, contactID int64) (map[string]*big.Int, error) {
	var out map[string]*big.Int
	for _, t := range l.Tiers {
		if t.Basis != BasisHoldings {
			continue
		}
		if _, done := out[t.Contract]; done {
			continue
		}
		hs, ok := s.(HoldingStore)
		if !ok {
			return nil, fmt.Errorf("tier %s: store %T cannot count holdings", t.Name, s)
		}
		kind, ok := l.Contracts[t.Contract]
		if !ok {
			return nil, fmt.Errorf("tier %s: contract %q is not configured", t.Name, t.Contract)
		}
		held, err := hs.Holding(ctx, contactID, t.Contract, kind)
		if err != nil {
			return nil, fmt.Errorf("holdings of contact %d: %w", contactID, err)
		}
		if out == nil {
			out = map[string]*big.Int{}
		}
		out[t.Contract] = held
	}
	return out, nil
}

// HoldsOn reports whether a holdings tier counts the contract's events.
func (l *Ledger) HoldsOn(contract string) bool {
	for _, t := range l.Tiers {
		if t.Basis == BasisHoldings && t.Contract == contract {
			return true
		}
	}
	return false
}

// UpdateHoldingTiers recomputes the tiers of the contacts whose holdings
// ev changed, when a holdings tier counts ev's contract: the owner of
// ev.Wallet (the receiver of a mint or transfer, the staker) and, for a
// transfer, the owner of the sending wallet. Call it after ev was stored
// as a new event, and after a reorg marked it orphaned. Contacts already
// at their tier are left alone, so calling it twice records nothing more.
func (l *Ledger) UpdateHoldingTiers(ctx context.Context, s TierStore, ev chain.Event, reason string) error {
	if !l.HoldsOn(ev.Source) {
		return nil
	}
	hs, ok := s.(HoldingStore)
	if !ok {
		return fmt.Errorf("holdings tiers: store %T cannot count holdings", s)
	}
	wallets := []common.Address{ev.Wallet}
	if from := ev.Args["from"]; ev.Kind == chain.KindTransfer && common.IsHexAddress(from) {
		wallets = append(wallets, common.HexToAddress(from))
	}
	done := map[int64]bool{}
	for _, w := range wallets {
		if w == (common.Address{}) {
			continue
		}
		contactID, ok, err := hs.WalletContact(ctx, w)
		if err != nil {
			return err
		}
		if !ok || done[contactID] {
			continue
		}
		done[contactID] = true
		if _, _, err := l.UpdateTier(ctx, s, contactID, reason, time.Time{}); err != nil {
			return err
		}
	}
	return nil
}

// Bind returns s with every InsertEntry going through the ledger, for
// code that takes a plain Store (Award, ReverseSource).
func (l *Ledger) Bind(s TierStore) TierStore { return boundStore{TierStore: s, l: l} }

type boundStore struct {
	TierStore
	l *Ledger
}

func (b boundStore) InsertEntry(ctx context.Context, e Entry) (bool, error) {
	return b.l.Insert(ctx, b.TierStore, e)
}

// TierInputs is an optional TierStore capability: the contact's balance
// over all seasons and in one season, and its stored tier, in one read.
type TierInputs interface {
	TierInputs(ctx context.Context, contactID int64, season string) (lifetime, seasonPoints int64, tier string, err error)
}

func tierInputs(ctx context.Context, s TierStore, contactID int64, season string) (int64, int64, string, error) {
	if ti, ok := s.(TierInputs); ok && season != "" {
		return ti.TierInputs(ctx, contactID, season)
	}
	lifetime, err := s.Balance(ctx, contactID)
	if err != nil {
		return 0, 0, "", err
	}
	seasonPoints := lifetime
	if season != "" {
		if seasonPoints, err = s.SeasonBalance(ctx, contactID, season); err != nil {
			return 0, 0, "", err
		}
	}
	tier, err := s.ContactTier(ctx, contactID)
	return lifetime, seasonPoints, tier, err
}
