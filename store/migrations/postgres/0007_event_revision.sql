-- A log orphaned by a reorg and then canonical again (the chain switched
-- back) is revived with a new revision, so whatever it earns the second
-- time has keys of its own, distinct from the reversed first time.
ALTER TABLE chain_events ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
