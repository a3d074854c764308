package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"time"

	"github.com/beckonhq/beckon/crm"
)

// ContactChange is one recorded change of a contact (crm.Change* types),
// waiting in the contact_changes outbox for the webhook relay.
type ContactChange struct {
	// ID increases in the order changes are recorded and is never reused.
	ID        int64
	ContactID int64
	Type      string
	Data      json.RawMessage
	At        time.Time
}

// records reports whether changes of typ go to the outbox.
func (db *DB) records(typ string) bool { return db.RecordChange == nil || db.RecordChange(typ) }

// recordChange writes a change in the transaction making it, so it
// commits or rolls back with it.
func (tx *Tx) recordChange(ctx context.Context, contactID int64, typ string, data any) error {
	if !tx.db.records(typ) {
		return nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode %s change: %w", typ, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contact_changes (contact_id, type, data, at) VALUES ($1, $2, $3, $4)`,
		contactID, typ, string(b), tx.db.now()); err != nil {
		return fmt.Errorf("record %s change of contact %d: %w", typ, contactID, err)
	}
	return nil
}

// TakeContactChanges removes and returns up to limit recorded changes,
// oldest first. Concurrent takers on PostgreSQL skip each other's rows,
// so each change is taken once; the caller's transaction must do what the
// changes call for, or roll back and leave them for the next take.
func (tx *Tx) TakeContactChanges(ctx context.Context, limit int) ([]ContactChange, error) {
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := tx.QueryContext(ctx, `DELETE FROM contact_changes WHERE id IN
		(SELECT id FROM contact_changes ORDER BY id LIMIT $1`+lock+`)
		RETURNING id, contact_id, type, data, at`, limit)
	if err != nil {
		return nil, fmt.Errorf("take contact changes: %w", err)
	}
	defer rows.Close()
	var out []ContactChange
	for rows.Next() {
		var c ContactChange
		var data string
		var at int64
		if err := rows.Scan(&c.ID, &c.ContactID, &c.Type, &data, &at); err != nil {
			return nil, fmt.Errorf("take contact changes: %w", err)
		}
		c.Data, c.At = json.RawMessage(data), time.UnixMilli(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("take contact changes: %w", err)
	}
	// RETURNING keeps no order.
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// balanceMoves maps contact → season ("" all seasons) → balance before
// the transaction's first move and after its last.
type balanceMoves map[int64]map[string]*crm.ValueChange

// noteBalance records a balance move of contactID in season. Within InTx
// the moves coalesce into one points_changed change per contact, written
// at commit: a batch of ledger entries is one webhook, not one per entry.
func (tx *Tx) noteBalance(ctx context.Context, contactID int64, season string, before, after int64) error {
	if before == after || !tx.db.records(crm.ChangePoints) {
		return nil
	}
	if tx.balances == nil {
		return tx.recordPoints(ctx, contactID, map[string]*crm.ValueChange{season: {Old: before, New: after}})
	}
	seasons := tx.balances[contactID]
	if seasons == nil {
		seasons = map[string]*crm.ValueChange{}
		tx.balances[contactID] = seasons
	}
	if v := seasons[season]; v != nil {
		v.New = after
		return nil
	}
	seasons[season] = &crm.ValueChange{Old: before, New: after}
	return nil
}

// flushBalanceMoves writes the coalesced points changes, by contact id.
func (tx *Tx) flushBalanceMoves(ctx context.Context) error {
	ids := make([]int64, 0, len(tx.balances))
	for id := range tx.balances {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := tx.recordPoints(ctx, id, tx.balances[id]); err != nil {
			return err
		}
	}
	clear(tx.balances)
	return nil
}

func (tx *Tx) recordPoints(ctx context.Context, contactID int64, seasons map[string]*crm.ValueChange) error {
	var c crm.PointsChange
	for s, v := range seasons {
		if v.Old == v.New {
			continue // moved and back within the transaction
		}
		if s == "" {
			c.Points = *v
			continue
		}
		if c.Seasons == nil {
			c.Seasons = map[string]crm.ValueChange{}
		}
		c.Seasons[s] = *v
	}
	if c.Points.Old == nil && c.Seasons == nil {
		return nil
	}
	return tx.recordChange(ctx, contactID, crm.ChangePoints, c)
}

// traitChanges returns the keys of set whose value differs from old, both
// in their stored JSON form.
func traitChanges(old, set map[string]any) map[string]crm.ValueChange {
	out := map[string]crm.ValueChange{}
	for k, v := range set {
		was, ok := old[k]
		if ok && reflect.DeepEqual(was, v) {
			continue
		}
		out[k] = crm.ValueChange{Old: was, New: v}
	}
	return out
}

// emailContacts lists the live contacts having addr as primary address or
// email identity.
func (tx *Tx) emailContacts(ctx context.Context, addr string) ([]int64, error) {
	return tx.ids(ctx, `SELECT contact_id FROM identities WHERE kind = $1 AND value = $2
		UNION SELECT id FROM contacts WHERE email = $2 AND merged_into IS NULL ORDER BY 1`, crm.IdentityEmail, addr)
}

// recordEmailChange records c for every contact having c.Email.
func (tx *Tx) recordEmailChange(ctx context.Context, c crm.EmailSubscriptionChange) error {
	if !tx.db.records(crm.ChangeEmailSubscription) {
		return nil
	}
	ids, err := tx.emailContacts(ctx, c.Email)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.recordChange(ctx, id, crm.ChangeEmailSubscription, c); err != nil {
			return err
		}
	}
	return nil
}
