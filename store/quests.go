package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/loyalty"
)

var _ loyalty.QuestStore = (*Tx)(nil)

// scanWith appends extra destinations to every Scan, so scanEvent can read
// rows that carry columns after the event's own.
type scanWith struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }

// ContactActivity implements loyalty.QuestStore: the live events of the
// contact's wallets in the order they were stored.
func (tx *Tx) ContactActivity(ctx context.Context, contactID int64) ([]loyalty.Activity, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+`, created_at FROM chain_events
		WHERE removed = FALSE AND wallet IN (SELECT value FROM identities WHERE contact_id = $1 AND kind = 'wallet')
		ORDER BY created_at, id`, contactID)
	if err != nil {
		return nil, fmt.Errorf("activity of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	var out []loyalty.Activity
	for rows.Next() {
		var at int64
		e, err := scanEvent(scanWith{row: rows, extra: []any{&at}})
		if err != nil {
			return nil, fmt.Errorf("activity of contact %d: %w", contactID, err)
		}
		out = append(out, loyalty.Activity{
			EventID: e.ID, Key: e.Key(), Kind: e.Kind, Contract: e.Source, Wallet: e.Wallet, At: time.UnixMilli(at),
		})
	}
	return out, rows.Err()
}

// WalletContact implements loyalty.QuestStore.
func (tx *Tx) WalletContact(ctx context.Context, wallet common.Address) (int64, bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT contact_id FROM identities WHERE kind = 'wallet' AND value = $1`, wallet.Hex()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("contact of wallet %s: %w", wallet.Hex(), err)
	}
	return id, true, nil
}

// SaveQuestProgress implements loyalty.QuestStore.
func (tx *Tx) SaveQuestProgress(ctx context.Context, contactID int64, quest string, conds []loyalty.ConditionProgress) error {
	now := tx.db.now()
	for i, c := range conds {
		_, err := tx.ExecContext(ctx, `INSERT INTO quest_progress (contact_id, quest, cond, label, done, needed, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (contact_id, quest, cond) DO UPDATE SET label = excluded.label, done = excluded.done,
				needed = excluded.needed, updated_at = excluded.updated_at
			WHERE quest_progress.label <> excluded.label OR quest_progress.done <> excluded.done OR quest_progress.needed <> excluded.needed`,
			contactID, quest, i, c.Label, c.Done, c.Needed, now)
		if err != nil {
			return fmt.Errorf("save progress of quest %s: %w", quest, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM quest_progress WHERE contact_id = $1 AND quest = $2 AND cond >= $3`, contactID, quest, len(conds)); err != nil {
		return fmt.Errorf("save progress of quest %s: %w", quest, err)
	}
	return nil
}

// QuestProgress implements loyalty.QuestStore.
func (tx *Tx) QuestProgress(ctx context.Context, contactID int64) (map[string][]loyalty.ConditionProgress, error) {
	rows, err := tx.QueryContext(ctx, `SELECT quest, label, done, needed FROM quest_progress WHERE contact_id = $1 ORDER BY quest, cond`, contactID)
	if err != nil {
		return nil, fmt.Errorf("quest progress of contact %d: %w", contactID, err)
	}
	defer rows.Close()
	out := map[string][]loyalty.ConditionProgress{}
	for rows.Next() {
		var quest string
		var p loyalty.ConditionProgress
		if err := rows.Scan(&quest, &p.Label, &p.Done, &p.Needed); err != nil {
			return nil, fmt.Errorf("quest progress of contact %d: %w", contactID, err)
		}
		out[quest] = append(out[quest], p)
	}
	return out, rows.Err()
}

// QuestProgressContacts lists the contacts with recorded quest progress.
func (tx *Tx) QuestProgressContacts(ctx context.Context) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT p.contact_id FROM quest_progress p
		JOIN contacts c ON c.id = p.contact_id WHERE c.merged_into IS NULL ORDER BY p.contact_id`)
	if err != nil {
		return nil, fmt.Errorf("list quest contacts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list quest contacts: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

const completionColumns = `id, contact_id, quest, source, award_key, bonus, badge, completed_at`

func scanCompletion(row interface{ Scan(...any) error }) (loyalty.Completion, error) {
	var c loyalty.Completion
	var at int64
	err := row.Scan(&c.ID, &c.ContactID, &c.Quest, &c.Source, &c.AwardKey, &c.Bonus, &c.Badge, &at)
	c.CompletedAt = time.UnixMilli(at)
	return c, err
}

func (tx *Tx) completions(ctx context.Context, q string, args ...any) ([]loyalty.Completion, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list quest completions: %w", err)
	}
	defer rows.Close()
	var out []loyalty.Completion
	for rows.Next() {
		c, err := scanCompletion(rows)
		if err != nil {
			return nil, fmt.Errorf("list quest completions: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// QuestCompletions implements loyalty.QuestStore: completions of the
// contact and of every contact merged into it, directly or through others.
func (tx *Tx) QuestCompletions(ctx context.Context, contactID int64) ([]loyalty.Completion, error) {
	return tx.completions(ctx, `WITH RECURSIVE family (id) AS (
			SELECT CAST($1 AS BIGINT)
			UNION SELECT c.id FROM contacts c JOIN family f ON c.merged_into = f.id
		)
		SELECT `+completionColumns+` FROM quest_completions WHERE contact_id IN (SELECT id FROM family) ORDER BY id`, contactID)
}

// QuestBadges lists the completions that carry a badge, oldest first, for
// the rewards module to mint.
func (tx *Tx) QuestBadges(ctx context.Context) ([]loyalty.Completion, error) {
	return tx.completions(ctx, `SELECT `+completionColumns+` FROM quest_completions WHERE badge <> '' ORDER BY id`)
}

// InsertQuestCompletion implements loyalty.QuestStore.
func (tx *Tx) InsertQuestCompletion(ctx context.Context, c loyalty.Completion) (bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO quest_completions (contact_id, quest, source, award_key, bonus, badge, completed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (contact_id, quest) DO NOTHING RETURNING id`,
		c.ContactID, c.Quest, c.Source, c.AwardKey, c.Bonus, c.Badge, c.CompletedAt.UnixMilli()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("record completion of quest %s: %w", c.Quest, err)
	}
	return true, nil
}

// DeleteQuestCompletion implements loyalty.QuestStore.
func (tx *Tx) DeleteQuestCompletion(ctx context.Context, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM quest_completions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete quest completion %d: %w", id, err)
	}
	return nil
}

// CountLedgerKeys implements loyalty.QuestStore.
func (tx *Tx) CountLedgerKeys(ctx context.Context, key string) (int64, error) {
	var n int64
	prefix := key + ":"
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM points_ledger
		WHERE idem_key = $1 OR substr(idem_key, 1, $3) = $2`, key, prefix, len(prefix)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count ledger keys %s: %w", key, err)
	}
	return n, nil
}
