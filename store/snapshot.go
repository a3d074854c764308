package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/chain/snapshot"
)

var _ snapshot.Store = (*ChainStore)(nil)

// SnapshotCursor returns how far a Snapshot source has read; zero before
// its first page.
func (tx *Tx) SnapshotCursor(ctx context.Context, source string) (snapshot.Cursor, error) {
	var c snapshot.Cursor
	err := tx.QueryRowContext(ctx, `SELECT proposals, votes FROM snapshot_cursors WHERE source = $1`, source).Scan(&c.Proposals, &c.Votes)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read snapshot cursor: %w", err)
	}
	return c, nil
}

// SetSnapshotCursor moves a Snapshot source's cursor.
func (tx *Tx) SetSnapshotCursor(ctx context.Context, source string, c snapshot.Cursor) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO snapshot_cursors (source, proposals, votes, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (source) DO UPDATE SET proposals = excluded.proposals, votes = excluded.votes, updated_at = excluded.updated_at`,
		source, c.Proposals, c.Votes, tx.db.now())
	if err != nil {
		return fmt.Errorf("write snapshot cursor: %w", err)
	}
	return nil
}

// SnapshotCursor implements snapshot.Store.
func (s *ChainStore) SnapshotCursor(ctx context.Context, source string) (c snapshot.Cursor, err error) {
	err = s.DB.InTx(ctx, func(tx *Tx) error {
		c, err = tx.SnapshotCursor(ctx, source)
		return err
	})
	return c, err
}

// CommitSnapshot implements snapshot.Store: the page's events, the jobs
// they cause and the cursor commit together; items already stored (the
// cursor second is read again) are skipped.
func (s *ChainStore) CommitSnapshot(ctx context.Context, source string, events []chain.Event, c snapshot.Cursor) error {
	return s.DB.InTx(ctx, func(tx *Tx) error {
		inserted, err := tx.InsertEvents(ctx, events)
		if err != nil {
			return err
		}
		if err := tx.SetSnapshotCursor(ctx, source, c); err != nil {
			return err
		}
		if s.OnEvents != nil && len(inserted) > 0 {
			return s.OnEvents(ctx, tx, inserted)
		}
		return nil
	})
}
