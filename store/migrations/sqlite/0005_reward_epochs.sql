-- Reward epochs are cumulative: each one names the epoch it builds on, so
-- two epochs built at once on the same predecessor cannot both be stored
-- (epochs stored before this migration have no predecessor recorded).
ALTER TABLE reward_epochs ADD COLUMN prev_epoch BIGINT;
ALTER TABLE reward_epochs ADD COLUMN total TEXT NOT NULL DEFAULT '';
ALTER TABLE reward_epochs ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE reward_epochs ADD COLUMN published_at BIGINT;
CREATE UNIQUE INDEX reward_epochs_chain_prev ON reward_epochs (chain_id, distributor, prev_epoch);

-- The part of each cumulative amount that came from points, so points are
-- paid once however many epochs follow.
ALTER TABLE reward_allocations ADD COLUMN from_points TEXT NOT NULL DEFAULT '0';

-- Soulbound badge mints, at most one per contact and badge id.
CREATE TABLE badge_mints (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id),
    badge_id   TEXT   NOT NULL,
    chain_id   BIGINT NOT NULL,
    contract   TEXT   NOT NULL,
    wallet     TEXT   NOT NULL,
    reason     TEXT   NOT NULL DEFAULT '',
    status     TEXT   NOT NULL,
    tx_hash    TEXT   NOT NULL DEFAULT '',
    raw_tx     TEXT   NOT NULL DEFAULT '',
    error      TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (contact_id, badge_id)
);
