package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/loyalty"
)

var (
	_ loyalty.SybilStore   = (*Tx)(nil)
	_ loyalty.ClusterStore = (*Tx)(nil)
)

// FirstActivity implements loyalty.SybilStore from the times Beckon stored
// the live events of the contact's wallets.
func (tx *Tx) FirstActivity(ctx context.Context, contactID int64) (loyalty.FirstActivity, error) {
	var first, mint sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MIN(created_at), MIN(CASE WHEN kind = 'mint' THEN created_at END) FROM chain_events
		WHERE removed = FALSE AND wallet IN (SELECT value FROM identities WHERE contact_id = $1 AND kind = 'wallet')`, contactID).Scan(&first, &mint)
	if err != nil {
		return loyalty.FirstActivity{}, fmt.Errorf("first activity of contact %d: %w", contactID, err)
	}
	var out loyalty.FirstActivity
	if first.Valid {
		out.Event = time.UnixMilli(first.Int64)
	}
	if mint.Valid {
		out.Mint = time.UnixMilli(mint.Int64)
	}
	return out, nil
}

// HandleClusters implements loyalty.ClusterStore.
func (tx *Tx) HandleClusters(ctx context.Context, minWallets int) ([]loyalty.Cluster, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.contact_id, i.kind, i.value, n.wallets FROM identities i
		JOIN (SELECT contact_id, COUNT(*) AS wallets FROM identities WHERE kind = 'wallet' GROUP BY contact_id) n ON n.contact_id = i.contact_id
		WHERE n.wallets >= $1 ORDER BY n.wallets DESC, i.contact_id, i.kind, i.value`, minWallets)
	if err != nil {
		return nil, fmt.Errorf("find handle clusters: %w", err)
	}
	defer rows.Close()
	var all []loyalty.Cluster
	for rows.Next() {
		var id, n int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value, &n); err != nil {
			return nil, fmt.Errorf("find handle clusters: %w", err)
		}
		if len(all) == 0 || all[len(all)-1].ContactID != id {
			all = append(all, loyalty.Cluster{ContactID: id})
		}
		c := &all[len(all)-1]
		if kind == "wallet" {
			c.Wallets = append(c.Wallets, value)
		} else {
			c.Handles = append(c.Handles, loyalty.Handle{Kind: kind, Value: value})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find handle clusters: %w", err)
	}
	out := all[:0]
	for _, c := range all {
		if len(c.Handles) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}
