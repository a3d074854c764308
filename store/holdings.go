package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// heldCTE names, for the contact $1, its own wallets (own), the vaults
// delegating to them that are not its own (vaults), and the (wallet,
// contract) holdings rows that count for it (held): every row of its own
// wallets and the rows of its vaults that a delegation covers — wallet-wide
// on the holding's chain, or for the holding's contract. UNION counts a
// row once however many delegations cover it. Every step is an index
// lookup: identities by contact, wallet_delegations by delegate,
// wallet_holdings by wallet.
const heldCTE = `own AS (SELECT value AS wallet FROM identities WHERE contact_id = $1 AND kind = 'wallet'),
	vaults AS (SELECT DISTINCT d.chain_id, d.vault, d.contract FROM wallet_delegations d JOIN own ON own.wallet = d.delegate
		WHERE d.vault NOT IN (SELECT wallet FROM own)),
	held AS (SELECT h.wallet, h.contract FROM own JOIN wallet_holdings h ON h.wallet = own.wallet
		UNION SELECT h.wallet, h.contract FROM vaults v JOIN wallet_holdings h ON h.wallet = v.vault
			AND h.chain_id = v.chain_id AND (v.contract = '' OR v.contract = h.address))`

// heldFrom joins the held rows (after WITH heldCTE) to their amounts.
const heldFrom = `FROM held JOIN wallet_holdings h ON h.wallet = held.wallet AND h.contract = held.contract`

// ContactHoldings returns what the contact holds per configured contract
// ("" all, else that one): its own wallets' holdings and those of the
// vaults delegating to them. Facts, segments, holdings tiers and community
// roles all count holdings this way.
func (tx *Tx) ContactHoldings(ctx context.Context, contactID int64, contract string) (map[string]Holding, error) {
	q := `WITH ` + heldCTE + ` SELECT h.contract, CAST(SUM(h.tokens) AS BIGINT), SUM(h.balance) ` + heldFrom + ` WHERE $2 = '' OR h.contract = $2 GROUP BY h.contract`
	rows, err := tx.QueryContext(ctx, q, contactID, contract)
	if err != nil {
		return nil, fmt.Errorf("holdings of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	out := map[string]Holding{}
	for rows.Next() {
		var name string
		var h Holding
		if err := rows.Scan(&name, &h.Tokens, &h.Balance); err != nil {
			return nil, fmt.Errorf("holdings of contact %d: %w", contactID, err)
		}
		out[name] = h
	}
	return out, rows.Err()
}

// HolderContacts lists the live contacts whose holdings or staked facts
// count any of the wallets: their owners' and, for vaults, the contacts
// of the wallets they delegate to. except is left out (the caller's
// contact, already known).
func (tx *Tx) HolderContacts(ctx context.Context, wallets []common.Address, except int64) ([]int64, error) {
	if len(wallets) == 0 {
		return nil, nil
	}
	ph := make([]string, len(wallets))
	args := []any{except}
	for i, w := range wallets {
		args = append(args, w.Hex())
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	in := strings.Join(ph, ", ")
	return tx.ids(ctx, `SELECT contact_id FROM identities WHERE kind = 'wallet' AND value IN (`+in+`) AND contact_id <> $1
		UNION SELECT i.contact_id FROM wallet_delegations d JOIN identities i ON i.kind = 'wallet' AND i.value = d.delegate
		WHERE d.vault IN (`+in+`) AND i.contact_id <> $1 ORDER BY 1`, args...)
}
