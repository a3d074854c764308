package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/beckonhq/beckon/loyalty"
)

// Leaderboards read point_balances through its (season, points DESC,
// contact_id) index: Top and Neighbours are index ranges read in order. A
// rank is one plus the contacts ahead: those with more points, summed from
// point_counts (one row per distinct points value above, not one per
// contact), and those with equal points and a lower contact id, an
// index-only count of the tie. Counting every contact above in the index
// instead costs time in proportion to the rank.

// Top implements loyalty.Leaderboard.
func (tx *Tx) Top(ctx context.Context, season string, n int) ([]loyalty.Standing, error) {
	if n <= 0 || n > loyalty.MaxLeaderboard {
		return nil, fmt.Errorf("top: %w: n %d out of range 1..%d", loyalty.ErrInvalid, n, loyalty.MaxLeaderboard)
	}
	rows, err := tx.QueryContext(ctx, `SELECT contact_id, points FROM point_balances WHERE season = $1
		ORDER BY points DESC, contact_id LIMIT $2`, season, n)
	if err != nil {
		return nil, fmt.Errorf("leaderboard %q: %w", season, err)
	}
	out, err := scanStandings(rows)
	for i := range out {
		out[i].Rank = int64(i + 1)
	}
	return out, err
}

func scanStandings(rows *sql.Rows) ([]loyalty.Standing, error) {
	defer rows.Close()
	var out []loyalty.Standing
	for rows.Next() {
		var s loyalty.Standing
		if err := rows.Scan(&s.ContactID, &s.Points); err != nil {
			return nil, fmt.Errorf("read leaderboard: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read leaderboard: %w", err)
	}
	return out, nil
}

// Rank implements loyalty.Leaderboard.
func (tx *Tx) Rank(ctx context.Context, contactID int64, season string) (loyalty.Standing, error) {
	s := loyalty.Standing{ContactID: contactID}
	err := tx.QueryRowContext(ctx, `SELECT points FROM point_balances WHERE contact_id = $1 AND season = $2`, contactID, season).Scan(&s.Points)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("contact %d in season %q: %w", contactID, season, loyalty.ErrNotRanked)
	}
	if err != nil {
		return s, fmt.Errorf("rank of contact %d: %w", contactID, err)
	}
	var above, tied int64
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT COALESCE(SUM(n), 0) FROM point_counts WHERE season = $1 AND points > $2),
		(SELECT COUNT(*) FROM point_balances WHERE season = $1 AND points = $2 AND contact_id < $3)`,
		season, s.Points, contactID).Scan(&above, &tied)
	if err != nil {
		return s, fmt.Errorf("rank of contact %d: %w", contactID, err)
	}
	s.Rank = above + tied + 1
	return s, nil
}

// Neighbours implements loyalty.Leaderboard.
func (tx *Tx) Neighbours(ctx context.Context, contactID int64, season string, k int) ([]loyalty.Standing, error) {
	if k < 0 || k > loyalty.MaxLeaderboard {
		return nil, fmt.Errorf("neighbours: %w: k %d out of range 0..%d", loyalty.ErrInvalid, k, loyalty.MaxLeaderboard)
	}
	me, err := tx.Rank(ctx, contactID, season)
	if err != nil {
		return nil, err
	}
	// Above: the tied lower ids nearest first, then higher points lowest first.
	above, err := tx.standings(ctx, k,
		`SELECT contact_id, points FROM point_balances WHERE season = $1 AND points = $2 AND contact_id < $3 ORDER BY contact_id DESC LIMIT $4`,
		`SELECT contact_id, points FROM point_balances WHERE season = $1 AND points > $2 ORDER BY points, contact_id DESC LIMIT $3`,
		season, me.Points, contactID)
	if err != nil {
		return nil, err
	}
	below, err := tx.standings(ctx, k,
		`SELECT contact_id, points FROM point_balances WHERE season = $1 AND points = $2 AND contact_id > $3 ORDER BY contact_id LIMIT $4`,
		`SELECT contact_id, points FROM point_balances WHERE season = $1 AND points < $2 ORDER BY points DESC, contact_id LIMIT $3`,
		season, me.Points, contactID)
	if err != nil {
		return nil, err
	}
	out := make([]loyalty.Standing, 0, len(above)+1+len(below))
	for i := len(above) - 1; i >= 0; i-- {
		above[i].Rank = me.Rank - int64(i+1)
		out = append(out, above[i])
	}
	out = append(out, me)
	for i, s := range below {
		s.Rank = me.Rank + int64(i+1)
		out = append(out, s)
	}
	return out, nil
}

// standings runs the tie query, then the strict query for what is left of k.
func (tx *Tx) standings(ctx context.Context, k int, tieQ, strictQ, season string, points, contactID int64) ([]loyalty.Standing, error) {
	if k == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, tieQ, season, points, contactID, k)
	if err != nil {
		return nil, fmt.Errorf("neighbours of contact %d: %w", contactID, err)
	}
	out, err := scanStandings(rows)
	if err != nil || len(out) == k {
		return out, err
	}
	rows, err = tx.QueryContext(ctx, strictQ, season, points, k-len(out))
	if err != nil {
		return nil, fmt.Errorf("neighbours of contact %d: %w", contactID, err)
	}
	more, err := scanStandings(rows)
	return append(out, more...), err
}
