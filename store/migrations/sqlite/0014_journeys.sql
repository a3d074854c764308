-- Journeys started by something other than a chain event (segment, points,
-- tier, link, API event, schedule) keep what started them, for conditions
-- and templates. A run converts when its flow's goal event arrives in time;
-- a run waiting for an event names it, so the event can wake it.
ALTER TABLE flow_runs ADD COLUMN trigger_vars TEXT NOT NULL DEFAULT '{}';
ALTER TABLE flow_runs ADD COLUMN converted_at BIGINT;
ALTER TABLE flow_runs ADD COLUMN wait_event TEXT NOT NULL DEFAULT '';
ALTER TABLE flow_runs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
CREATE INDEX flow_runs_contact ON flow_runs (contact_id, status);
CREATE INDEX flow_runs_flow ON flow_runs (flow, status);
CREATE INDEX flow_effects_kind ON flow_effects (kind, created_at);
