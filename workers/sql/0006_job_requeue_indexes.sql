-- The reconciler asks, every few seconds, for the newest send of a job already taken and whether any
-- job was taken lately (store/jobs.py _DUE); without these it would scan every job ever run.
CREATE INDEX jobs_enqueued_at ON jobs (enqueued_at);
CREATE INDEX jobs_updated_at ON jobs (updated_at);
