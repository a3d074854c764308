-- Allocations granted by flow reward steps ("reward: {allocate: …}"),
-- waiting for the next merkle epoch, which adds them to the contact's
-- wallet and stamps epoch_id. grant_key is the step's idempotency key, so
-- a retried step grants once.
CREATE TABLE reward_grants (
    id         INTEGER PRIMARY KEY,
    grant_key  TEXT   NOT NULL UNIQUE,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    account    TEXT   NOT NULL, -- checksummed address
    amount     TEXT   NOT NULL, -- token base units, decimal
    epoch_id   BIGINT REFERENCES reward_epochs (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX reward_grants_epoch ON reward_grants (epoch_id);
