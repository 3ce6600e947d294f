-- Workflow store: what was submitted, what is queued, what the pipeline said, what officers decided.
-- Actors are text ids ("key:<id>", "user:<name>", "system:worker") so this store does not depend
-- on how identities are kept.

CREATE TABLE submissions (
    id               uuid PRIMARY KEY,
    submitted_by     text        NOT NULL,
    campaign_id      text,
    template_id      text,
    idempotency_key  text,
    request_hash     text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (submitted_by, idempotency_key)
);
CREATE INDEX submissions_campaign ON submissions (campaign_id, created_at);

-- A resubmission is a new version of the same submission.
CREATE TABLE submission_versions (
    id             bigserial PRIMARY KEY,
    submission_id  uuid        NOT NULL REFERENCES submissions (id),
    version        integer     NOT NULL CHECK (version > 0),
    text           text        NOT NULL,
    language       text        NOT NULL,
    jurisdiction   text        NOT NULL,
    product        text        NOT NULL,
    channel        text        NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}',
    status         text        NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'checking', 'pass', 'review', 'block',
                          'approved', 'rejected', 'changes_requested')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (submission_id, version)
);
CREATE INDEX submission_versions_status ON submission_versions (status, created_at);

-- The jobs table, not the broker, is the source of truth for pending work.
CREATE TABLE jobs (
    id                bigserial PRIMARY KEY,
    version_id        bigint      NOT NULL REFERENCES submission_versions (id),
    state             text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done')),
    attempts          integer     NOT NULL DEFAULT 0,
    lease_expires_at  timestamptz,
    enqueued_at       timestamptz,
    pipeline_version  text        NOT NULL,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_pending ON jobs (state, lease_expires_at) WHERE state <> 'done';

CREATE TABLE reports (
    id                bigserial PRIMARY KEY,
    version_id        bigint      NOT NULL REFERENCES submission_versions (id),
    job_id            bigint      NOT NULL REFERENCES jobs (id),
    pipeline_version  text        NOT NULL,
    verdict           text        NOT NULL CHECK (verdict IN ('pass', 'review', 'block')),
    risk_score        double precision,
    report            jsonb       NOT NULL,
    digest            char(64)    NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- exactly one report per version and pipeline version, however often a job is delivered
    UNIQUE (version_id, pipeline_version)
);

CREATE TABLE findings (
    id          bigserial PRIMARY KEY,
    report_id   bigint  NOT NULL REFERENCES reports (id),
    finding_id  text    NOT NULL,
    source      text    NOT NULL,
    rule_id     text    NOT NULL,
    severity    text    NOT NULL,
    start_at    integer NOT NULL,
    end_at      integer NOT NULL,
    excerpt     text    NOT NULL,
    message     jsonb   NOT NULL,
    citation    text,
    suggestion  text
);
CREATE INDEX findings_report ON findings (report_id);
CREATE INDEX findings_rule ON findings (rule_id);

CREATE TABLE decisions (
    id           bigserial PRIMARY KEY,
    version_id   bigint      NOT NULL REFERENCES submission_versions (id),
    decided_by   text        NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('approve', 'reject', 'request_changes')),
    reason_code  text        NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_version ON decisions (version_id);
