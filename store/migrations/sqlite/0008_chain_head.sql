-- The node's head as last seen by the indexer, so status and lag can be
-- read from the store while no indexer runs.
ALTER TABLE chain_checkpoints ADD COLUMN head BIGINT NOT NULL DEFAULT 0;
