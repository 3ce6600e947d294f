-- Officers log in with a password (Argon2id hash), hold a server-side session, and are locked
-- out for a while after repeated failures.
ALTER TABLE users
    ADD COLUMN password_hash   text,
    ADD COLUMN failed_logins   integer     NOT NULL DEFAULT 0,
    ADD COLUMN locked_until    timestamptz;

-- The cookie carries a random token; only its SHA-256 is stored, so a database read does not
-- yield a usable session. Each session has its own CSRF token (synchroniser token pattern).
CREATE TABLE sessions (
    token_hash  char(64)    PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id),
    csrf_token  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
