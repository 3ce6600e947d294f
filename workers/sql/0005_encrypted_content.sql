-- Submission content encrypted under a data key per submission, wrapped by the key-encryption
-- key from config. Erasing a submission's personal data sets wrapped_key to NULL: the content
-- can never be decrypted again, while the audit trail (which holds only digests of the
-- ciphertext) still verifies.
CREATE TABLE data_keys (
    submission_id  uuid        PRIMARY KEY REFERENCES submissions (id),
    wrapped_key    bytea,
    created_at     timestamptz NOT NULL DEFAULT now(),
    erased_at      timestamptz,
    erased_by      text,
    CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);

-- content: AES-GCM of {"text", "metadata"} (RFC 8785 JSON). Rows written before this migration
-- keep their clear text until they are erased; new rows leave text NULL and metadata empty.
ALTER TABLE submission_versions ALTER COLUMN text DROP NOT NULL;
ALTER TABLE submission_versions ADD COLUMN content bytea;
