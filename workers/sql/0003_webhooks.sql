-- Telling the submitter the outcome: an optional callback URL per submission, and an outbox of
-- webhook deliveries written in the same transaction as the final decision, so none is lost.

ALTER TABLE submissions ADD COLUMN callback_url text;

-- One row per event to send. A row is never deleted: it ends delivered (delivered_at) or, after the
-- last allowed attempt, failed (failed_at), so an undelivered outcome stays visible to operators.
CREATE TABLE webhook_deliveries (
    id               bigserial   PRIMARY KEY,
    submission_id    uuid        NOT NULL REFERENCES submissions (id),
    version          integer     NOT NULL,
    event            text        NOT NULL CHECK (event IN ('decided')),
    -- The address in force when the decision was made (a later resubmission may change it).
    url              text        NOT NULL,
    payload          jsonb       NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    failed_at        timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_submission ON webhook_deliveries (submission_id);
