-- How far each Snapshot source has read: creation times (Unix seconds) of
-- the last proposal and vote stored.
CREATE TABLE snapshot_cursors (
    source     TEXT PRIMARY KEY,
    proposals  BIGINT NOT NULL DEFAULT 0,
    votes      BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
