-- Telling a stranded job from one that is only waiting (issue 19). Every send of a job gets the next
-- number of one sequence, in the order the messages went out, so jobs of one batch (sent in the same
-- transaction, with the same send time) still have an order; a job records when a worker last took
-- it, and how many times it was sent. Workers whose parts are loaded say so, and keep saying they
-- are alive: a line that stops moving while such a worker waits means the broker lost its messages,
-- while a line behind a worker that is still loading its model is only waiting.
CREATE SEQUENCE job_send_seq;
ALTER TABLE jobs ADD COLUMN send_seq bigint,
                 ADD COLUMN sends integer NOT NULL DEFAULT 0,
                 ADD COLUMN taken_at timestamptz;
CREATE TABLE worker_heartbeats (
    name      text        PRIMARY KEY,
    ready_at  timestamptz NOT NULL,
    seen_at   timestamptz NOT NULL
);
