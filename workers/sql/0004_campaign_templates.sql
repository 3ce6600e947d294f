-- Campaign templates approved once, their variants' slot values, clusters of near-duplicate
-- variants reviewed together, and what the consistency report reads.

-- A template is reviewed as an ordinary submission (same id); its approved spec lives here.
-- Version 1 of that submission holds the spec's text, and its approval is the evidence every
-- cleared variant points to. A changed template is a new template, never a new version.
CREATE TABLE templates (
    id           uuid        PRIMARY KEY REFERENCES submissions (id),
    spec         jsonb       NOT NULL,
    spec_sha256  char(64)    NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The slot values a variant was submitted with. They can hold personal data (a customer's
-- name), so they are sealed under the submission's data key like its text: erasing the
-- submission erases them too.
CREATE TABLE variant_slots (
    version_id     bigint PRIMARY KEY REFERENCES submission_versions (id),
    template_id    uuid   NOT NULL REFERENCES templates (id),
    sealed_values  bytea  NOT NULL
);
CREATE INDEX variant_slots_template ON variant_slots (template_id);

-- Near-duplicate open items of one campaign, decided once. A member whose findings differ from
-- the representative's is kept with split_reason set and goes back to its own review.
CREATE TABLE clusters (
    id                 bigserial   PRIMARY KEY,
    campaign_id        text        NOT NULL,
    representative_id  bigint      NOT NULL REFERENCES submission_versions (id),
    formed_by          text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    decided_at         timestamptz
);
CREATE TABLE cluster_members (
    cluster_id    bigint NOT NULL REFERENCES clusters (id),
    version_id    bigint NOT NULL REFERENCES submission_versions (id),
    similarity    double precision NOT NULL,
    split_reason  text,
    PRIMARY KEY (cluster_id, version_id)
);
CREATE INDEX cluster_members_version ON cluster_members (version_id);

-- Every officer's judgment on a version (a first approval, a decision, the second approval of
-- four eyes), so agreement between officers can be measured on items both judged.
CREATE TABLE judgments (
    id          bigserial   PRIMARY KEY,
    version_id  bigint      NOT NULL REFERENCES submission_versions (id),
    officer     text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('approve', 'reject', 'request_changes')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX judgments_version ON judgments (version_id);
INSERT INTO judgments (version_id, officer, outcome, created_at)
    SELECT version_id, decided_by, outcome, created_at FROM decisions
    UNION ALL
    SELECT version_id, second_approver, outcome, created_at FROM decisions WHERE second_approver IS NOT NULL;

-- A decision that went against most of its close precedents, with the officer's explicit reason.
CREATE TABLE consistency_flags (
    id               bigserial   PRIMARY KEY,
    version_id       bigint      NOT NULL REFERENCES submission_versions (id),
    officer          text        NOT NULL,
    outcome          text        NOT NULL,
    precedent_reason text        NOT NULL,
    precedents       jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consistency_flags_version ON consistency_flags (version_id);
