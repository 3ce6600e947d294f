-- finreview: no-transaction
-- The reconciler asks, every few seconds, for the newest send of a job already taken and whether any
-- job was taken lately (store/jobs.py _DUE); without these it would scan every job ever run.
-- Built concurrently so that upgrading a busy install does not stop submissions while the jobs table
-- is indexed. A build that was interrupted leaves an invalid index behind, so each one is dropped
-- first: re-running this file from the top always ends with both indexes valid.
DROP INDEX CONCURRENTLY IF EXISTS jobs_enqueued_at;
CREATE INDEX CONCURRENTLY jobs_enqueued_at ON jobs (enqueued_at);
DROP INDEX CONCURRENTLY IF EXISTS jobs_updated_at;
CREATE INDEX CONCURRENTLY jobs_updated_at ON jobs (updated_at);
