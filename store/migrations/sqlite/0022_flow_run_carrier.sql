-- The step job that runs a run's current step in place of a job of its
-- own (steps run back to back in one job); NULL when the step has its own
-- job. A retried carrier goes on from the run's step; any other job whose
-- step the run has left is a stale duplicate.
ALTER TABLE flow_runs ADD COLUMN job_id BIGINT;
