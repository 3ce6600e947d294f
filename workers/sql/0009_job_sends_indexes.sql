-- finreview: no-transaction
-- The reconciler looks, every round, for the newest send of a job taken a while ago and for any job
-- taken lately (store/jobs.py _DUE). Built concurrently, dropped first, as in 0006.
DROP INDEX CONCURRENTLY IF EXISTS jobs_send_seq;
CREATE INDEX CONCURRENTLY jobs_send_seq ON jobs (send_seq);
DROP INDEX CONCURRENTLY IF EXISTS jobs_taken_at;
CREATE INDEX CONCURRENTLY jobs_taken_at ON jobs (taken_at);
