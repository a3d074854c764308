-- Outbox of contact changes: each is written in the transaction of the
-- change, so a rolled-back change leaves no row and a committed one always
-- has one. The webhook relay turns rows into webhook_deliveries and
-- deletes them; id is the change id receivers see, never reused.
CREATE TABLE contact_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id BIGINT NOT NULL,
    type       TEXT   NOT NULL,
    data       TEXT   NOT NULL,
    at         BIGINT NOT NULL
);

-- One row per attempt of a webhook delivery: the delivery log.
CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
    http_status BIGINT NOT NULL,
    error       TEXT   NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
