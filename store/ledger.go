package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/loyalty"
)

var (
	_ loyalty.Store       = (*Tx)(nil)
	_ loyalty.TierStore   = (*Tx)(nil)
	_ loyalty.RuleStore   = (*Tx)(nil)
	_ loyalty.Leaderboard = (*Tx)(nil)
	_ loyalty.TierInputs  = (*Tx)(nil)
)

func millis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMillis(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// InsertEntry implements loyalty.Store. With the entry it adds the amount
// to the contact's point_balances rows (all seasons, and its season) —
// unless the entry is already expired when written (a reversal of an
// expired entry), which is recorded as settled and never counted.
func (tx *Tx) InsertEntry(ctx context.Context, e loyalty.Entry) (bool, error) {
	var reverses any
	if e.Reverses != 0 {
		reverses = e.Reverses
	}
	at := tx.db.now()
	if !e.At.IsZero() {
		at = e.At.UnixMilli()
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO points_ledger (contact_id, amount, reason, source, idem_key, reverses, created_at, season, expires_at, actor, rule)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
		e.ContactID, e.Amount, e.Reason, e.Source, e.Key, reverses, at, e.Season, millis(e.ExpiresAt), e.Actor, e.Rule).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("insert ledger entry %s: %w", e.Key, err)
	}
	if !e.ExpiresAt.IsZero() && e.ExpiresAt.UnixMilli() <= tx.db.now() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_expired (entry_id, settled_at) VALUES ($1, $2)`, id, tx.db.now()); err != nil {
			return false, fmt.Errorf("insert ledger entry %s: %w", e.Key, err)
		}
		return true, nil
	}
	if err := tx.addBalance(ctx, e.ContactID, e.Season, e.Amount); err != nil {
		return false, fmt.Errorf("insert ledger entry %s: %w", e.Key, err)
	}
	return true, nil
}

// addBalance adds amount to the contact's all-seasons row and, for a
// season, to that season's row, and moves the contact between the
// point_counts rows of its old and new points.
func (tx *Tx) addBalance(ctx context.Context, contactID int64, season string, amount int64) error {
	seasons := []string{""}
	if season != "" {
		seasons = append(seasons, season)
	}
	for _, s := range seasons {
		// Most contacts have a row already: update first, insert when not.
		var points int64
		err := tx.QueryRowContext(ctx, `UPDATE point_balances SET points = points + $3 WHERE contact_id = $1 AND season = $2 RETURNING points`,
			contactID, s, amount).Scan(&points)
		if err == nil {
			if err := tx.movePoints(ctx, s, points-amount, points); err != nil {
				return err
			}
			if err := tx.noteBalance(ctx, contactID, s, points-amount, points); err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("update balance: %w", err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO point_balances (contact_id, season, points) VALUES ($1, $2, $3)
			ON CONFLICT (contact_id, season) DO NOTHING RETURNING points`, contactID, s, amount).Scan(&points)
		if err == nil {
			if err := tx.countPoints(ctx, s, points, 1); err != nil {
				return err
			}
			if err := tx.noteBalance(ctx, contactID, s, 0, points); err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("update balance: %w", err)
		}
		// Another transaction inserted the row meanwhile; it is committed now.
		if err := tx.QueryRowContext(ctx, `UPDATE point_balances SET points = points + $3 WHERE contact_id = $1 AND season = $2 RETURNING points`,
			contactID, s, amount).Scan(&points); err != nil {
			return fmt.Errorf("update balance: %w", err)
		}
		if err := tx.movePoints(ctx, s, points-amount, points); err != nil {
			return err
		}
		if err := tx.noteBalance(ctx, contactID, s, points-amount, points); err != nil {
			return err
		}
	}
	return nil
}

// movePoints moves one contact from the count of from to that of to,
// touching the lower points row first so that concurrent moves lock rows
// in one order.
func (tx *Tx) movePoints(ctx context.Context, season string, from, to int64) error {
	if from == to {
		return nil
	}
	if from < to {
		if err := tx.countPoints(ctx, season, from, -1); err != nil {
			return err
		}
		return tx.countPoints(ctx, season, to, 1)
	}
	if err := tx.countPoints(ctx, season, to, 1); err != nil {
		return err
	}
	return tx.countPoints(ctx, season, from, -1)
}

func (tx *Tx) countPoints(ctx context.Context, season string, points, delta int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO point_counts (season, points, n) VALUES ($1, $2, $3)
		ON CONFLICT (season, points) DO UPDATE SET n = point_counts.n + excluded.n`, season, points, delta); err != nil {
		return fmt.Errorf("update points count: %w", err)
	}
	return nil
}

// Settle takes out of point_balances the entries whose expiry is at or
// before now and were not settled yet, at most limit of them (0: 1000),
// and returns the contacts touched. Call it until it returns none.
// Concurrent calls are safe: an entry is settled once, by ledger_expired's
// primary key.
func (tx *Tx) Settle(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.contact_id, e.season, e.amount FROM points_ledger e
		WHERE e.expires_at IS NOT NULL AND e.expires_at <= $1
		AND NOT EXISTS (SELECT 1 FROM ledger_expired x WHERE x.entry_id = e.id) ORDER BY e.expires_at, e.id LIMIT $2`, now.UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("settle expired points: %w", err)
	}
	type due struct {
		id, contact, amount int64
		season              string
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.contact, &d.season, &d.amount); err != nil {
			rows.Close()
			return nil, fmt.Errorf("settle expired points: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settle expired points: %w", err)
	}
	seen := map[int64]bool{}
	var contacts []int64
	for _, d := range list {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO ledger_expired (entry_id, settled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING entry_id`, d.id, tx.db.now()).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("settle entry %d: %w", d.id, err)
		}
		if err := tx.addBalance(ctx, d.contact, d.season, -d.amount); err != nil {
			return nil, fmt.Errorf("settle entry %d: %w", d.id, err)
		}
		if !seen[d.contact] {
			seen[d.contact] = true
			contacts = append(contacts, d.contact)
		}
	}
	return contacts, nil
}

// RebuildBalances recomputes the contact's point_balances rows (and their
// point_counts) from its entries, those not settled as expired; use it
// after entries moved between contacts (a merge).
func (tx *Tx) RebuildBalances(ctx context.Context, contactID int64) error {
	read := func(q string) (map[string]int64, error) {
		rows, err := tx.QueryContext(ctx, q, contactID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string]int64{}
		for rows.Next() {
			var season string
			var points int64
			if err := rows.Scan(&season, &points); err != nil {
				return nil, err
			}
			out[season] = points
		}
		return out, rows.Err()
	}
	old, err := read(`SELECT season, points FROM point_balances WHERE contact_id = $1`)
	if err != nil {
		return fmt.Errorf("rebuild balances of contact %d: %w", contactID, err)
	}
	fresh, err := read(`SELECT '', SUM(amount) FROM points_ledger e WHERE contact_id = $1
			AND NOT EXISTS (SELECT 1 FROM ledger_expired x WHERE x.entry_id = e.id) GROUP BY contact_id
		UNION ALL
		SELECT season, SUM(amount) FROM points_ledger e WHERE contact_id = $1 AND season <> ''
			AND NOT EXISTS (SELECT 1 FROM ledger_expired x WHERE x.entry_id = e.id) GROUP BY season`)
	if err != nil {
		return fmt.Errorf("rebuild balances of contact %d: %w", contactID, err)
	}
	for season, points := range old {
		if _, err := tx.ExecContext(ctx, `DELETE FROM point_balances WHERE contact_id = $1 AND season = $2`, contactID, season); err != nil {
			return fmt.Errorf("rebuild balances of contact %d: %w", contactID, err)
		}
		if err := tx.countPoints(ctx, season, points, -1); err != nil {
			return err
		}
	}
	for season, points := range fresh {
		if _, err := tx.ExecContext(ctx, `INSERT INTO point_balances (contact_id, season, points) VALUES ($1, $2, $3)`, contactID, season, points); err != nil {
			return fmt.Errorf("rebuild balances of contact %d: %w", contactID, err)
		}
		if err := tx.countPoints(ctx, season, points, 1); err != nil {
			return err
		}
	}
	for season := range old {
		if _, ok := fresh[season]; !ok {
			fresh[season] = 0
		}
	}
	for season, points := range fresh {
		if err := tx.noteBalance(ctx, contactID, season, old[season], points); err != nil {
			return err
		}
	}
	return nil
}

// UnreversedBySource implements loyalty.Store.
func (tx *Tx) UnreversedBySource(ctx context.Context, source string) ([]loyalty.Entry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+entryColumns+` FROM points_ledger e
		WHERE e.source = $1 AND e.reverses IS NULL
		AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses = e.id) ORDER BY e.id`, source)
	if err != nil {
		return nil, fmt.Errorf("list entries by source: %w", err)
	}
	return scanEntries(rows)
}

const entryColumns = `e.id, e.contact_id, e.amount, e.reason, e.source, e.idem_key, e.reverses, e.season, e.expires_at, e.actor, e.rule, e.created_at`

func scanEntries(rows *sql.Rows) ([]loyalty.Entry, error) {
	defer rows.Close()
	var out []loyalty.Entry
	for rows.Next() {
		var e loyalty.Entry
		var reverses, expires sql.NullInt64
		var at int64
		if err := rows.Scan(&e.ID, &e.ContactID, &e.Amount, &e.Reason, &e.Source, &e.Key, &reverses, &e.Season, &expires, &e.Actor, &e.Rule, &at); err != nil {
			return nil, fmt.Errorf("read ledger entries: %w", err)
		}
		e.Reverses = reverses.Int64
		e.ExpiresAt = fromMillis(expires)
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read ledger entries: %w", err)
	}
	return out, nil
}

// Balance implements loyalty.Store: the sum of the contact's entries not
// expired at the store's clock.
func (tx *Tx) Balance(ctx context.Context, contactID int64) (int64, error) {
	return tx.BalanceAt(ctx, contactID, "", tx.db.Now())
}

// SeasonBalance implements loyalty.TierStore.
func (tx *Tx) SeasonBalance(ctx context.Context, contactID int64, season string) (int64, error) {
	return tx.BalanceAt(ctx, contactID, season, tx.db.Now())
}

// BalanceAt is the sum of the contact's entries of the season ("" all)
// that are not expired at now (an entry counts while now < expires_at).
func (tx *Tx) BalanceAt(ctx context.Context, contactID int64, season string, now time.Time) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM points_ledger
		WHERE contact_id = $1 AND ($2 = '' OR season = $2) AND (expires_at IS NULL OR expires_at > $3)`,
		contactID, season, now.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("balance of contact %d: %w", contactID, err)
	}
	return n, nil
}

// History returns the contact's entries newest first, at most limit
// (1 to 1000) with ids below before (0: from the newest); next is the
// cursor of the following page, 0 at the end.
func (tx *Tx) History(ctx context.Context, contactID int64, before int64, limit int) (entries []loyalty.Entry, next int64, err error) {
	if limit <= 0 || limit > 1000 {
		return nil, 0, fmt.Errorf("history: limit %d out of range 1..1000", limit)
	}
	q := `SELECT ` + entryColumns + ` FROM points_ledger e WHERE e.contact_id = $1`
	args := []any{contactID}
	if before > 0 {
		q += ` AND e.id < $2`
		args = append(args, before)
	}
	q += fmt.Sprintf(` ORDER BY e.id DESC LIMIT %d`, limit+1)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("history of contact %d: %w", contactID, err)
	}
	entries, err = scanEntries(rows)
	if err != nil {
		return nil, 0, err
	}
	if len(entries) > limit {
		entries = entries[:limit]
		next = entries[limit-1].ID
	}
	return entries, next, nil
}

// PointsTotals returns points ever awarded and ever reversed (both positive).
func (tx *Tx) PointsTotals(ctx context.Context) (awarded, reversed int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN reverses IS NULL AND amount > 0 THEN amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN reverses IS NOT NULL THEN -amount ELSE 0 END), 0) FROM points_ledger`).Scan(&awarded, &reversed)
	if err != nil {
		return 0, 0, fmt.Errorf("points totals: %w", err)
	}
	return awarded, reversed, nil
}

// ContactBalance is one contact's points.
type ContactBalance struct {
	ContactID int64
	Points    int64
}

// Balances lists every contact with a positive balance (unexpired entries
// at the store's clock), highest first.
func (tx *Tx) Balances(ctx context.Context) ([]ContactBalance, error) {
	rows, err := tx.QueryContext(ctx, `SELECT contact_id, SUM(amount) AS pts FROM points_ledger
		WHERE expires_at IS NULL OR expires_at > $1
		GROUP BY contact_id HAVING SUM(amount) > 0 ORDER BY pts DESC, contact_id`, tx.db.now())
	if err != nil {
		return nil, fmt.Errorf("list balances: %w", err)
	}
	defer rows.Close()
	var out []ContactBalance
	for rows.Next() {
		var b ContactBalance
		if err := rows.Scan(&b.ContactID, &b.Points); err != nil {
			return nil, fmt.Errorf("list balances: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// LockContact implements loyalty.RuleStore: on PostgreSQL it locks the
// contact's row until the transaction ends; SQLite has one writer anyway.
func (tx *Tx) LockContact(ctx context.Context, contactID int64) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE id = $1 FOR UPDATE`, contactID).Scan(&id); err != nil {
		return fmt.Errorf("lock contact %d: %w", contactID, notFound(err))
	}
	return nil
}

// RuleUsage implements loyalty.RuleStore, counting the contact's entries
// of the rule that are not reversed.
func (tx *Tx) RuleUsage(ctx context.Context, contactID int64, rule string, dayStart time.Time, season string) (loyalty.RuleUsage, error) {
	var u loyalty.RuleUsage
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN created_at >= $3 THEN amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN season = $4 THEN amount ELSE 0 END), 0),
		COALESCE(MAX(created_at), 0)
		FROM points_ledger e WHERE contact_id = $1 AND rule = $2 AND rule <> '' AND reverses IS NULL
		AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses = e.id)`,
		contactID, rule, dayStart.UnixMilli(), season).Scan(&u.Count, &u.Day, &u.Season, &last)
	if err != nil {
		return u, fmt.Errorf("usage of rule %s by contact %d: %w", rule, contactID, err)
	}
	if u.Count > 0 {
		u.Last = time.UnixMilli(last)
	}
	return u, nil
}

// StakedAmount implements loyalty.RuleStore: stakes minus unstakes over
// the contact's wallets, orphaned events excluded.
func (tx *Tx) StakedAmount(ctx context.Context, contactID int64) (*big.Int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT kind, args FROM chain_events WHERE NOT removed AND kind IN ('stake', 'unstake')
		AND wallet IN (SELECT value FROM identities WHERE contact_id = $1 AND kind = 'wallet')`, contactID)
	if err != nil {
		return nil, fmt.Errorf("staked amount of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	staked := new(big.Int)
	for rows.Next() {
		var kind, args string
		if err := rows.Scan(&kind, &args); err != nil {
			return nil, fmt.Errorf("staked amount of contact %d: %w", contactID, err)
		}
		amount, ok := new(big.Int).SetString(eventArg(args, "amount"), 10)
		if !ok {
			continue
		}
		if chain.Kind(kind) == chain.KindUnstake {
			amount.Neg(amount)
		}
		staked.Add(staked, amount)
	}
	return staked, rows.Err()
}

// eventArg reads one argument from a stored event's JSON args.
func eventArg(args, name string) string {
	var m map[string]string
	if json.Unmarshal([]byte(args), &m) != nil {
		return ""
	}
	return m[name]
}

// ContactsBySource lists the contacts holding entries with the source.
func (tx *Tx) ContactsBySource(ctx context.Context, source string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT contact_id FROM points_ledger WHERE source = $1 ORDER BY contact_id`, source)
	if err != nil {
		return nil, fmt.Errorf("contacts by source: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("contacts by source: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// TierInputs implements loyalty.TierInputs: both balances and the stored
// tier in one query.
func (tx *Tx) TierInputs(ctx context.Context, contactID int64, season string) (lifetime, seasonPoints int64, tier string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(amount), 0),
		COALESCE(SUM(CASE WHEN season = $2 THEN amount ELSE 0 END), 0),
		COALESCE((SELECT tier FROM contact_tiers WHERE contact_id = $1), '')
		FROM points_ledger WHERE contact_id = $1 AND (expires_at IS NULL OR expires_at > $3)`,
		contactID, season, tx.db.now()).Scan(&lifetime, &seasonPoints, &tier)
	if err != nil {
		return 0, 0, "", fmt.Errorf("tier inputs of contact %d: %w", contactID, err)
	}
	return lifetime, seasonPoints, tier, nil
}
