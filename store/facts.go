package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
)

// SQL returns the underlying transaction, for River's InsertTx.
func (tx *Tx) SQL() *sql.Tx { return tx.Tx }

// ContactFacts returns what flow conditions and templates see about a
// contact: identities, points, and activity summed over its wallets.
func (tx *Tx) ContactFacts(ctx context.Context, contactID int64) (map[string]any, error) {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return nil, err
	}
	return tx.FactsOf(ctx, c)
}

// FactsOf is ContactFacts for a contact already read in this transaction,
// saving the flow runner a second read of it on every step.
func (tx *Tx) FactsOf(ctx context.Context, c crm.Contact) (map[string]any, error) {
	points, err := tx.Balance(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	tier, err := tx.ContactTier(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	wallets := c.Wallets()
	walletStrs := make([]any, len(wallets))
	for i, w := range wallets {
		walletStrs[i] = w.Hex()
	}
	staked := new(big.Int)
	var mints, votes, proposals, claims int64
	holdings := map[string]any{}
	if len(wallets) > 0 {
		events, err := tx.Events(ctx, EventFilter{Wallets: wallets})
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			switch e.Kind {
			case chain.KindMint:
				mints++
				n, _ := holdings[e.Source].(int64)
				holdings[e.Source] = n + 1
			case chain.KindStake, chain.KindUnstake:
				amount, ok := new(big.Int).SetString(e.Args["amount"], 10)
				if !ok {
					continue
				}
				if e.Kind == chain.KindUnstake {
					amount.Neg(amount)
				}
				staked.Add(staked, amount)
			case chain.KindVote:
				votes++
			case chain.KindProposal:
				proposals++
			case chain.KindClaim:
				claims++
			}
		}
	}
	// Holdings include what delegated vaults stake; activity counts do not.
	delegated, err := tx.vaultStaked(ctx, c.ID, "")
	if err != nil {
		return nil, err
	}
	staked.Add(staked, delegated)
	traits := map[string]any{}
	for k, v := range c.Traits {
		traits[k] = v
	}
	identities := map[string]any{}
	for _, id := range c.Identities {
		if _, ok := identities[id.Kind]; !ok {
			identities[id.Kind] = id.Value
		}
	}
	wallet := ""
	if len(wallets) > 0 {
		wallet = wallets[0].Hex()
	}
	return map[string]any{
		"id":            c.ID,
		"email":         c.Email,
		"wallet":        wallet,
		"wallets":       walletStrs,
		"identities":    identities,
		"traits":        traits,
		"points":        points,
		"tier":          tier,
		"mints":         mints,
		"votes":         votes,
		"proposals":     proposals,
		"claims":        claims,
		"staked":        staked.Sign() > 0,
		"staked_amount": staked.String(),
		"holdings":      holdings,
		"segments":      []any{},
		"timezone":      c.Timezone,
		"locale":        c.Locale,
	}, nil
}

// SetTraits merges traits into the contact's custom traits.
func (tx *Tx) SetTraits(ctx context.Context, contactID int64, traits map[string]string) error {
	c, err := tx.Contact(ctx, contactID)
	if err != nil {
		return err
	}
	merged := c.Traits
	if merged == nil {
		merged = map[string]any{}
	}
	for k, v := range traits {
		merged[k] = v
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return fmt.Errorf("encode traits: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contacts SET traits = $1, updated_at = $2 WHERE id = $3`, string(b), tx.db.now(), c.ID); err != nil {
		return fmt.Errorf("set traits: %w", err)
	}
	return nil
}
