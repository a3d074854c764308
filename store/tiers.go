package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
)

var _ loyalty.HoldingStore = (*Tx)(nil)

// Holding implements loyalty.HoldingStore, over the contact's wallets and
// the vaults delegating to them: for erc721, the tokens held as transfers
// and mints moved them (wallet_holdings); for staking, stakes minus
// unstakes.
func (tx *Tx) Holding(ctx context.Context, contactID int64, contract, kind string) (*big.Int, error) {
	switch kind {
	case chain.SourceERC721:
		return tx.nftsHeld(ctx, contactID, contract)
	case chain.SourceStaking:
		return tx.stakedOn(ctx, contactID, contract)
	default:
		return nil, fmt.Errorf("holdings of %s: contract kind %q holds nothing (erc721 or staking)", contract, kind)
	}
}

// nftsHeld counts the contract's NFTs the contact holds, delegated vaults'
// included (ContactHoldings).
func (tx *Tx) nftsHeld(ctx context.Context, contactID int64, contract string) (*big.Int, error) {
	held, err := tx.ContactHoldings(ctx, contactID, contract)
	if err != nil {
		return nil, err
	}
	return big.NewInt(held[contract].Tokens), nil
}

func (tx *Tx) stakedOn(ctx context.Context, contactID int64, contract string) (*big.Int, error) {
	events, err := tx.StakeEvents(ctx, contactID)
	if err != nil {
		return nil, err
	}
	// Stakes of vaults that delegated to the contact count as its holdings.
	staked, err := tx.vaultStaked(ctx, contactID, contract)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if e.Contract != contract {
			continue
		}
		if e.Kind == chain.KindUnstake {
			staked.Sub(staked, e.Amount)
		} else {
			staked.Add(staked, e.Amount)
		}
	}
	return staked, nil
}

// StakeEvents implements loyalty.StakeHistory: the live stake and unstake
// events of the contact's wallets with their amounts, in the order Beckon
// stored them.
func (tx *Tx) StakeEvents(ctx context.Context, contactID int64) ([]loyalty.StakeEvent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT source, kind, args, created_at FROM chain_events WHERE NOT removed AND kind IN ('stake', 'unstake')
		AND wallet IN (SELECT value FROM identities WHERE contact_id = $1 AND kind = 'wallet')
		ORDER BY created_at, id`, contactID)
	if err != nil {
		return nil, fmt.Errorf("stake events of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	var out []loyalty.StakeEvent
	for rows.Next() {
		var source, kind, args string
		var at int64
		if err := rows.Scan(&source, &kind, &args, &at); err != nil {
			return nil, fmt.Errorf("stake events of contact %d: %w", contactID, err)
		}
		amount, ok := new(big.Int).SetString(eventArg(args, "amount"), 10)
		if !ok {
			continue
		}
		out = append(out, loyalty.StakeEvent{Contract: source, Kind: chain.Kind(kind), Amount: amount, At: time.UnixMilli(at)})
	}
	return out, rows.Err()
}

// ContactTier implements loyalty.TierStore.
func (tx *Tx) ContactTier(ctx context.Context, contactID int64) (string, error) {
	var tier string
	err := tx.QueryRowContext(ctx, `SELECT tier FROM contact_tiers WHERE contact_id = $1`, contactID).Scan(&tier)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("tier of contact %d: %w", contactID, err)
	}
	return tier, nil
}

// SetTier implements loyalty.TierStore: it stores c.To and appends c to
// tier_changes.
func (tx *Tx) SetTier(ctx context.Context, c loyalty.TierChange) error {
	at := tx.db.now()
	if !c.At.IsZero() {
		at = c.At.UnixMilli()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contact_tiers (contact_id, tier, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (contact_id) DO UPDATE SET tier = excluded.tier, updated_at = excluded.updated_at`, c.ContactID, c.To, at); err != nil {
		return fmt.Errorf("set tier of contact %d: %w", c.ContactID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tier_changes (contact_id, from_tier, to_tier, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ContactID, c.From, c.To, c.Reason, at); err != nil {
		return fmt.Errorf("record tier change of contact %d: %w", c.ContactID, err)
	}
	if c.From == c.To {
		return nil
	}
	return tx.recordChange(ctx, c.ContactID, crm.ChangeTier, crm.TierChangeData{From: c.From, To: c.To, Reason: c.Reason})
}

// TierChanges lists the contact's tier changes, oldest first.
func (tx *Tx) TierChanges(ctx context.Context, contactID int64) ([]loyalty.TierChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT from_tier, to_tier, reason, created_at FROM tier_changes WHERE contact_id = $1 ORDER BY id`, contactID)
	if err != nil {
		return nil, fmt.Errorf("tier changes of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	var out []loyalty.TierChange
	for rows.Next() {
		c := loyalty.TierChange{ContactID: contactID}
		var at int64
		if err := rows.Scan(&c.From, &c.To, &c.Reason, &at); err != nil {
			return nil, fmt.Errorf("tier changes of contact %d: %w", contactID, err)
		}
		c.At = time.UnixMilli(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// TierBadgeCandidate is a contact due a tier's badge: it holds the tier,
// reached it at Since, and the badge is not minted to it; see
// TierBadgeCandidates.
type TierBadgeCandidate struct {
	ContactID int64
	Tier      string
	BadgeID   string
	// Wallet is the contact's first linked wallet, which gets the badge.
	Wallet common.Address
	Since  time.Time
}

// TierBadgeReason is the badge_mints reason of a tier's badge.
func TierBadgeReason(tier string) string { return "tier:" + tier }

// TierBadgeCandidates lists the contacts whose current tier is one of
// badges' keys (tier name to decimal badge id), whose latest change to
// that tier was recorded at or before settledBefore, who have a wallet and
// have not been merged into another contact, and who have no badge_mints
// record for the tier's badge id — or only an unfinished one (pending or
// failed) of this tier's own (reason TierBadgeReason), which minting again
// resumes or retries. By tier name, then contact.
func (tx *Tx) TierBadgeCandidates(ctx context.Context, badges map[string]string, settledBefore time.Time) ([]TierBadgeCandidate, error) {
	tiers := make([]string, 0, len(badges))
	for name := range badges {
		tiers = append(tiers, name)
	}
	sort.Strings(tiers)
	var out []TierBadgeCandidate
	for _, tier := range tiers {
		badge := badges[tier]
		rows, err := tx.QueryContext(ctx, `SELECT ct.contact_id, tc.created_at,
			(SELECT w.value FROM identities w WHERE w.contact_id = ct.contact_id AND w.kind = 'wallet' ORDER BY w.created_at, w.value LIMIT 1)
			FROM contact_tiers ct
			JOIN contacts c ON c.id = ct.contact_id
			JOIN tier_changes tc ON tc.id = (SELECT MAX(l.id) FROM tier_changes l WHERE l.contact_id = ct.contact_id AND l.to_tier = ct.tier)
			WHERE ct.tier = $1 AND c.merged_into IS NULL AND tc.created_at <= $2
				AND EXISTS (SELECT 1 FROM identities w WHERE w.contact_id = ct.contact_id AND w.kind = 'wallet')
				AND NOT EXISTS (SELECT 1 FROM badge_mints bm WHERE bm.contact_id = ct.contact_id AND bm.badge_id = $3
					AND (bm.status = 'minted' OR bm.reason <> $4))
			ORDER BY ct.contact_id`, tier, settledBefore.UnixMilli(), badge, TierBadgeReason(tier))
		if err != nil {
			return nil, fmt.Errorf("tier badge candidates of %s: %w", tier, err)
		}
		for rows.Next() {
			c := TierBadgeCandidate{Tier: tier, BadgeID: badge}
			var at int64
			var wallet string
			if err := rows.Scan(&c.ContactID, &at, &wallet); err != nil {
				rows.Close()
				return nil, fmt.Errorf("tier badge candidates of %s: %w", tier, err)
			}
			c.Since, c.Wallet = time.UnixMilli(at), common.HexToAddress(wallet)
			out = append(out, c)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("tier badge candidates of %s: %w", tier, err)
		}
	}
	return out, nil
}
