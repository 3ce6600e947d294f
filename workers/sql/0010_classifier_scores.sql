-- Classifier scores shared by the workers (issue 20): keyed by the model (id, version, runtime,
-- weights fingerprint) and a keyed digest (HMAC) of the token ids it read. Digests and scores only,
-- never text.
CREATE TABLE IF NOT EXISTS classifier_scores (
    model text NOT NULL,
    digest bytea NOT NULL CHECK (length(digest) = 32),
    scores double precision[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, digest)
);
CREATE INDEX IF NOT EXISTS classifier_scores_created_at ON classifier_scores (created_at);
