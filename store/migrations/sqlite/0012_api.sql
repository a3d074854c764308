-- API keys: only a SHA-256 hash of each secret is kept; the prefix (the
-- secret's first characters) names the key in listings and logs.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT   NOT NULL,
    prefix       TEXT   NOT NULL UNIQUE,
    hash         TEXT   NOT NULL UNIQUE,
    scope        TEXT   NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);

-- Flows created or updated through the API: the YAML as sent, and whether
-- the engine should run it.
CREATE TABLE flow_definitions (
    name       TEXT    PRIMARY KEY,
    yaml       TEXT    NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1,
    version    BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

-- Off-chain events posted to the signed custom-event intake. dedupe_key is
-- the sender's idempotency key, or the signature when none was given, so a
-- replayed request is stored (and triggers flows) once.
CREATE TABLE custom_events (
    id         INTEGER PRIMARY KEY,
    name       TEXT   NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    dedupe_key TEXT   NOT NULL UNIQUE,
    properties TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX custom_events_contact ON custom_events (contact_id, id);

-- API reads: runs of one flow newest first, events by contract.
CREATE INDEX flow_runs_flow_id ON flow_runs (flow, id);
CREATE INDEX chain_events_contract ON chain_events (chain_id, contract, block_number);
