-- People and marketing tools. API keys are stored only as SHA-256 digests: a key is shown once.
CREATE TABLE users (
    id           bigserial PRIMARY KEY,
    name         text        NOT NULL UNIQUE,
    role         text        NOT NULL
        CHECK (role IN ('submitter', 'reviewer', 'senior_reviewer', 'auditor', 'admin')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    disabled_at  timestamptz
);

CREATE TABLE api_keys (
    id          bigserial PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id),
    prefix      text        NOT NULL UNIQUE,
    key_hash    char(64)    NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
