-- The governance register (issue 21): every model, rule pack and policy version that was proposed,
-- approved, rejected or replaced. Packs and policies keep their content, so workers run the
-- approved version whatever the files on their host say; a model is gated by its fingerprint.
CREATE TABLE IF NOT EXISTS governance_versions (
    id            bigserial PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('rule_pack', 'routing_policy', 'purpose_policy', 'model')),
    name          text        NOT NULL,
    fingerprint   text        NOT NULL,
    label         text        NOT NULL,
    content       jsonb,
    evidence      jsonb       NOT NULL DEFAULT '{}',
    replay        jsonb,
    owner         text        NOT NULL,
    risk_tier     text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'superseded')),
    proposed_by   text        NOT NULL,
    proposed_at   timestamptz NOT NULL DEFAULT now(),
    decided_by    text,
    decided_at    timestamptz,
    reason        text,
    -- four eyes: whoever proposed a change never approves it
    CHECK (state <> 'approved' OR proposed_by = 'system:bootstrap' OR decided_by IS DISTINCT FROM proposed_by)
);
-- One version in force per artifact, and one open proposal per artifact version.
CREATE UNIQUE INDEX IF NOT EXISTS governance_in_force ON governance_versions (kind, name) WHERE state = 'approved';
CREATE UNIQUE INDEX IF NOT EXISTS governance_open_proposal
    ON governance_versions (kind, name, fingerprint) WHERE state = 'proposed';
