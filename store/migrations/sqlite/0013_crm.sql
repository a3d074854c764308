-- Typed custom traits: contacts.traits keeps the values, trait_types names
-- the declared type of each typed trait (string, number, bool, time).
ALTER TABLE contacts ADD COLUMN trait_types TEXT NOT NULL DEFAULT '{}';

-- Token holdings per wallet and configured contract, moved by every
-- transfer and mint as it is processed (and back when a reorg removes it).
CREATE TABLE wallet_holdings (
    wallet   TEXT             NOT NULL,
    contract TEXT             NOT NULL,
    balance  REAL             NOT NULL DEFAULT 0,
    tokens   BIGINT           NOT NULL DEFAULT 0,
    PRIMARY KEY (wallet, contract)
);

-- Facts per live contact, refreshed whenever an event touches the contact:
-- what segments compile to SQL over. Points and tier are read live from
-- point_balances and contact_tiers. Times are unix milliseconds.
CREATE TABLE contact_facts (
    contact_id     BIGINT PRIMARY KEY REFERENCES contacts (id),
    mints          BIGINT           NOT NULL DEFAULT 0,
    transfers      BIGINT           NOT NULL DEFAULT 0,
    votes          BIGINT           NOT NULL DEFAULT 0,
    proposals      BIGINT           NOT NULL DEFAULT 0,
    claims         BIGINT           NOT NULL DEFAULT 0,
    stakes         BIGINT           NOT NULL DEFAULT 0,
    unstakes       BIGINT           NOT NULL DEFAULT 0,
    events         BIGINT           NOT NULL DEFAULT 0,
    events_90d     BIGINT           NOT NULL DEFAULT 0,
    staked_value   REAL             NOT NULL DEFAULT 0,
    staked_since   BIGINT,
    first_activity BIGINT,
    last_activity  BIGINT,
    handles        BIGINT           NOT NULL DEFAULT 0,
    engagement     REAL             NOT NULL DEFAULT 0,
    churn_risk     REAL             NOT NULL DEFAULT 0,
    updated_at     BIGINT           NOT NULL
);

CREATE TABLE contact_holdings (
    contact_id BIGINT           NOT NULL REFERENCES contacts (id),
    contract   TEXT             NOT NULL,
    balance    REAL             NOT NULL,
    tokens     BIGINT           NOT NULL,
    PRIMARY KEY (contact_id, contract)
);

-- Segments saved through the API (config segments are not stored here).
CREATE TABLE segments (
    name        TEXT PRIMARY KEY,
    expr        TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE segment_members (
    segment    TEXT   NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    since      BIGINT NOT NULL,
    PRIMARY KEY (segment, contact_id)
);
CREATE INDEX segment_members_contact ON segment_members (contact_id);

-- Every entry into and exit from a segment, in order: what flows and CRM
-- sync read.
CREATE TABLE segment_changes (
    id         INTEGER PRIMARY KEY,
    segment    TEXT    NOT NULL,
    contact_id BIGINT  NOT NULL,
    entered    BOOLEAN NOT NULL,
    at         BIGINT  NOT NULL
);
CREATE INDEX segment_changes_segment ON segment_changes (segment, id);

-- Trained churn models, newest last; the latest one scores contacts.
CREATE TABLE score_models (
    id         INTEGER PRIMARY KEY,
    kind       TEXT   NOT NULL,
    model      TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- Where each CRM sync stopped: contacts changed after cursor (unix ms) are
-- pushed next time.
CREATE TABLE crm_sync_state (
    name       TEXT PRIMARY KEY,
    cursor_ms  BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Outbound webhook deliveries: the payload as signed and sent, and how the
-- last attempt went; a delivery can be replayed from here.
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    endpoint    TEXT   NOT NULL,
    event       TEXT   NOT NULL,
    payload     TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_status BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
