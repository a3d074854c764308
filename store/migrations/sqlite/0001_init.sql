-- Chain indexing: checkpoints, the recent header chain for reorg detection, events.
CREATE TABLE chain_checkpoints (
    chain_id     BIGINT PRIMARY KEY,
    block_number BIGINT NOT NULL,
    block_hash   TEXT   NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE chain_headers (
    chain_id    BIGINT NOT NULL,
    number      BIGINT NOT NULL,
    hash        TEXT   NOT NULL,
    parent_hash TEXT   NOT NULL,
    PRIMARY KEY (chain_id, number)
);

CREATE TABLE chain_events (
    id           INTEGER PRIMARY KEY,
    chain_id     BIGINT  NOT NULL,
    block_number BIGINT  NOT NULL,
    block_hash   TEXT    NOT NULL,
    tx_hash      TEXT    NOT NULL,
    log_index    BIGINT  NOT NULL,
    contract     TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    wallet       TEXT    NOT NULL,
    args         TEXT    NOT NULL,
    removed      INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL,
    UNIQUE (chain_id, block_hash, log_index)
);
CREATE INDEX chain_events_block ON chain_events (chain_id, block_number);
CREATE INDEX chain_events_wallet ON chain_events (wallet);

CREATE TABLE chain_reorgs (
    id             INTEGER PRIMARY KEY,
    chain_id       BIGINT NOT NULL,
    fork_block     BIGINT NOT NULL,
    depth          BIGINT NOT NULL,
    removed_events BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);

-- Contacts and their identities (wallets, email, handles).
CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    email      TEXT,
    timezone   TEXT   NOT NULL DEFAULT '',
    locale     TEXT   NOT NULL DEFAULT '',
    traits     TEXT   NOT NULL DEFAULT '{}',
    merged_into BIGINT REFERENCES contacts (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX contacts_email ON contacts (email) WHERE email IS NOT NULL;

CREATE TABLE identities (
    kind       TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (kind, value)
);
CREATE INDEX identities_contact ON identities (contact_id);

CREATE TABLE contact_merges (
    id           INTEGER PRIMARY KEY,
    from_contact BIGINT NOT NULL,
    into_contact BIGINT NOT NULL,
    reason       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE siwe_nonces (
    nonce      TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- Loyalty: an append-only points ledger; reversals are entries, never deletes.
CREATE TABLE points_ledger (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    amount     BIGINT NOT NULL,
    reason     TEXT   NOT NULL,
    source     TEXT   NOT NULL,
    idem_key   TEXT   NOT NULL UNIQUE,
    reverses   BIGINT UNIQUE REFERENCES points_ledger (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX points_ledger_contact ON points_ledger (contact_id);
CREATE INDEX points_ledger_source ON points_ledger (source);

-- Flow runs and the per-(run, step) effect record that makes side effects happen at most once.
CREATE TABLE flow_runs (
    id          INTEGER PRIMARY KEY,
    flow        TEXT   NOT NULL,
    contact_id  BIGINT NOT NULL REFERENCES contacts (id),
    trigger_key TEXT   NOT NULL,
    event_id    BIGINT REFERENCES chain_events (id),
    status      TEXT   NOT NULL,
    step        TEXT   NOT NULL DEFAULT '',
    error       TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (flow, trigger_key)
);
CREATE INDEX flow_runs_event ON flow_runs (event_id);

CREATE TABLE flow_effects (
    run_id     BIGINT NOT NULL REFERENCES flow_runs (id),
    step       TEXT   NOT NULL,
    kind       TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    detail     TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, step)
);

-- Reward epochs: cumulative allocations and the merkle tree published on-chain.
CREATE TABLE reward_epochs (
    id           INTEGER PRIMARY KEY,
    chain_id     BIGINT NOT NULL,
    distributor  TEXT   NOT NULL,
    root         TEXT   NOT NULL,
    tree         TEXT   NOT NULL,
    publish_tx   TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);

CREATE TABLE reward_allocations (
    epoch_id   BIGINT NOT NULL REFERENCES reward_epochs (id),
    account    TEXT   NOT NULL,
    cumulative TEXT   NOT NULL,
    PRIMARY KEY (epoch_id, account)
);
