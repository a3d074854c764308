// Package loyalty keeps the points ledger: append-only entries with unique
// idempotency keys, where a correction or an orphaned event is answered
// with a reversal entry, never a delete.
package loyalty

import (
	"context"
	"errors"
	"fmt"
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
}

// Store is what the ledger needs from persistence.
type Store interface {
	// InsertEntry writes e unless an entry with e.Key exists; inserted says which.
	InsertEntry(ctx context.Context, e Entry) (inserted bool, err error)
	// EntriesBySource lists entries with the source that are not reversals
	// and have not been reversed.
	UnreversedBySource(ctx context.Context, source string) ([]Entry, error)
	Balance(ctx context.Context, contactID int64) (int64, error)
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
