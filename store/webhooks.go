package store

import (
	"context"
	"fmt"
	"time"
)

// Webhook delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is one payload for one endpoint and its latest attempt.
type WebhookDelivery struct {
	ID         int64
	Endpoint   string
	Event      string
	Payload    []byte
	Status     string
	Attempts   int
	LastStatus int
	LastError  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// AddWebhookDelivery records a pending delivery and returns its id.
func (tx *Tx) AddWebhookDelivery(ctx context.Context, endpoint, event string, payload []byte) (int64, error) {
	var id int64
	now := tx.db.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (endpoint, event, payload, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, endpoint, event, string(payload), DeliveryPending, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add webhook delivery: %w", err)
	}
	return id, nil
}

// WebhookDelivery reads one delivery.
func (tx *Tx) WebhookDelivery(ctx context.Context, id int64) (WebhookDelivery, error) {
	var d WebhookDelivery
	var payload string
	var created, updated int64
	err := tx.QueryRowContext(ctx, `SELECT id, endpoint, event, payload, status, attempts, last_status, last_error, created_at, updated_at
		FROM webhook_deliveries WHERE id = $1`, id).Scan(&d.ID, &d.Endpoint, &d.Event, &payload, &d.Status, &d.Attempts, &d.LastStatus, &d.LastError, &created, &updated)
	if err != nil {
		return d, fmt.Errorf("webhook delivery %d: %w", id, notFound(err))
	}
	d.Payload, d.CreatedAt, d.UpdatedAt = []byte(payload), time.UnixMilli(created), time.UnixMilli(updated)
	return d, nil
}

// RecordWebhookAttempt stores the outcome of an attempt.
func (tx *Tx) RecordWebhookAttempt(ctx context.Context, id int64, status string, httpStatus int, errMsg string) error {
	res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_status = $2, last_error = $3, updated_at = $4
		WHERE id = $5`, status, httpStatus, errMsg, tx.db.now(), id)
	if err != nil {
		return fmt.Errorf("record webhook attempt %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("webhook delivery %d: %w", id, ErrNotFound)
	}
	return nil
}

// ResetWebhookDelivery makes a delivery pending again, for a replay.
func (tx *Tx) ResetWebhookDelivery(ctx context.Context, id int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $1, updated_at = $2 WHERE id = $3`, DeliveryPending, tx.db.now(), id)
	if err != nil {
		return fmt.Errorf("reset webhook delivery %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("webhook delivery %d: %w", id, ErrNotFound)
	}
	return nil
}

// WebhookDeliveries lists deliveries, newest first, optionally of one status.
func (tx *Tx) WebhookDeliveries(ctx context.Context, status string, limit int) ([]WebhookDelivery, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM webhook_deliveries WHERE ($1 = '' OR status = $1) ORDER BY id DESC LIMIT $2`, status, limit)
	if err != nil {
		return nil, fmt.Errorf("list webhook deliveries: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list webhook deliveries: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list webhook deliveries: %w", err)
	}
	out := make([]WebhookDelivery, 0, len(ids))
	for _, id := range ids {
		d, err := tx.WebhookDelivery(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
