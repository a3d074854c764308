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

// AddWebhookDelivery records a pending delivery and returns its id; the
// payload is built from that id, so it can carry it.
func (tx *Tx) AddWebhookDelivery(ctx context.Context, endpoint, event string, payload func(id int64) ([]byte, error)) (int64, error) {
	var id int64
	now := tx.db.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (endpoint, event, payload, status, created_at, updated_at)
		VALUES ($1, $2, '', $3, $4, $4) RETURNING id`, endpoint, event, DeliveryPending, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add webhook delivery: %w", err)
	}
	body, err := payload(id)
	if err != nil {
		return 0, fmt.Errorf("webhook delivery %d payload: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET payload = $1 WHERE id = $2`, string(body), id); err != nil {
		return 0, fmt.Errorf("add webhook delivery: %w", err)
	}
	return id, nil
}

// WebhookAttempt is one attempt at a delivery.
type WebhookAttempt struct {
	HTTPStatus int // 0 when no answer came
	Error      string
	At         time.Time
}

// WebhookAttempts lists a delivery's attempts, oldest first.
func (tx *Tx) WebhookAttempts(ctx context.Context, deliveryID int64) ([]WebhookAttempt, error) {
	rows, err := tx.QueryContext(ctx, `SELECT http_status, error, at FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id`, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("attempts of webhook delivery %d: %w", deliveryID, err)
	}
	defer rows.Close()
	var out []WebhookAttempt
	for rows.Next() {
		var a WebhookAttempt
		var at int64
		if err := rows.Scan(&a.HTTPStatus, &a.Error, &at); err != nil {
			return nil, fmt.Errorf("attempts of webhook delivery %d: %w", deliveryID, err)
		}
		a.At = time.UnixMilli(at)
		out = append(out, a)
	}
	return out, rows.Err()
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

// RecordWebhookAttempt stores the outcome of an attempt: the delivery's
// latest state and a row of its attempt log.
func (tx *Tx) RecordWebhookAttempt(ctx context.Context, id int64, status string, httpStatus int, errMsg string) error {
	now := tx.db.now()
	res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_status = $2, last_error = $3, updated_at = $4
		WHERE id = $5`, status, httpStatus, errMsg, now, id)
	if err != nil {
		return fmt.Errorf("record webhook attempt %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("webhook delivery %d: %w", id, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, http_status, error, at) VALUES ($1, $2, $3, $4)`,
		id, httpStatus, errMsg, now); err != nil {
		return fmt.Errorf("record webhook attempt %d: %w", id, err)
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
