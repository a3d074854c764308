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

-- A global schedule's run belongs to no contact. SQLite cannot drop a NOT
-- NULL in place, so the table is rebuilt under its own name. Foreign keys
-- are checked at commit: dropping the table counts flow_effects' rows as
-- violations, and inserting their runs again settles them (a rename would
-- not).
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE flow_runs_copy AS SELECT id, flow, contact_id, trigger_key, event_id, status, step, error,
    created_at, updated_at, trigger_vars, converted_at, wait_event, attempts FROM flow_runs;
DROP TABLE flow_runs;
CREATE TABLE flow_runs (
    id           INTEGER PRIMARY KEY,
    flow         TEXT   NOT NULL,
    contact_id   BIGINT REFERENCES contacts (id),
    trigger_key  TEXT   NOT NULL,
    event_id     BIGINT REFERENCES chain_events (id),
    status       TEXT   NOT NULL,
    step         TEXT   NOT NULL DEFAULT '',
    error        TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    trigger_vars TEXT   NOT NULL DEFAULT '{}',
    converted_at BIGINT,
    wait_event   TEXT   NOT NULL DEFAULT '',
    attempts     BIGINT NOT NULL DEFAULT 0,
    UNIQUE (flow, trigger_key)
);
INSERT INTO flow_runs (id, flow, contact_id, trigger_key, event_id, status, step, error, created_at, updated_at,
    trigger_vars, converted_at, wait_event, attempts)
SELECT id, flow, contact_id, trigger_key, event_id, status, step, error, created_at, updated_at,
    trigger_vars, converted_at, wait_event, attempts FROM flow_runs_copy;
DROP TABLE flow_runs_copy;
CREATE INDEX flow_runs_event ON flow_runs (event_id);
CREATE INDEX flow_runs_flow_id ON flow_runs (flow, id);
CREATE INDEX flow_runs_contact ON flow_runs (contact_id, status);
CREATE INDEX flow_runs_flow ON flow_runs (flow, status);
