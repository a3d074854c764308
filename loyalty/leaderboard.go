package loyalty

import (
	"context"
	"errors"
)

// Leaderboards rank contacts by points per season, and overall with
// season "" (the balance over all seasons). Ranks are 1-based; contacts
// with equal points are ordered by contact id, lowest first, so every
// contact has a distinct rank and the order is stable. Only contacts with
// at least one entry in the season are ranked. Points are those of
// point_balances: entries whose expiry has passed leave the board when the
// expiry is settled (Settle), not at the instant.

// Standing is a contact's place on a leaderboard.
type Standing struct {
	Rank      int64 `json:"rank"`
	ContactID int64 `json:"contact_id"`
	Points    int64 `json:"points"`
}

// ErrNotRanked is returned for a contact without entries in the season.
var ErrNotRanked = errors.New("not ranked")

// Leaderboard is what leaderboards read.
type Leaderboard interface {
	// Top returns the first n standings of the season.
	Top(ctx context.Context, season string, n int) ([]Standing, error)
	// Rank returns the contact's standing, or ErrNotRanked.
	Rank(ctx context.Context, contactID int64, season string) (Standing, error)
	// Neighbours returns up to k standings above the contact, the
	// contact's own and up to k below, in rank order, or ErrNotRanked.
	Neighbours(ctx context.Context, contactID int64, season string, k int) ([]Standing, error)
}

// MaxLeaderboard bounds Top's n and Neighbours' k.
const MaxLeaderboard = 1000
