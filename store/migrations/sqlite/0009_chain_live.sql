-- Events above the chain's confirmation depth (or above its safe or
-- finalized block) are stored provisional and promoted once deep enough;
-- a reorg retracts them like any other event.
ALTER TABLE chain_events ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
-- Events per second in `beckon index status` counts recent inserts.
CREATE INDEX chain_events_created ON chain_events (chain_id, created_at);
-- Only provisional events are promoted; keep that scan small.
CREATE INDEX chain_events_provisional ON chain_events (chain_id, block_number) WHERE provisional = TRUE;
