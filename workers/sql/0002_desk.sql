-- The officers' desk: claims with an expiry, and the first approval of a four-eyes decision.

-- At most one claim per version (the primary key); a claim whose expires_at has passed may be
-- taken over by anyone. Claiming is one conditional upsert, so two officers never both win.
CREATE TABLE claims (
    version_id  bigint      PRIMARY KEY REFERENCES submission_versions (id),
    claimed_by  text        NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

-- A blocker or a high risk score needs two approvers: the first approval waits here until a
-- different senior reviewer confirms it (or anyone rejects / requests changes).
CREATE TABLE first_approvals (
    version_id   bigint      PRIMARY KEY REFERENCES submission_versions (id),
    approved_by  text        NOT NULL,
    role         text        NOT NULL,
    reason_code  text        NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE decisions ADD COLUMN second_approver text;
