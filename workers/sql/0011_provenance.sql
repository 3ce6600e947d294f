-- Provenance of AI-written copy (issue 21): the generating system, the personal-data categories
-- that personalised it, the recipient segment and marketing consent, as the submitter declared
-- them. Categories and consent states, never the recipient's identity, so it is stored in the
-- clear (the queue filters on it); NULL when none was declared.
ALTER TABLE submission_versions ADD COLUMN IF NOT EXISTS provenance jsonb;
CREATE INDEX IF NOT EXISTS submission_versions_generator
    ON submission_versions ((provenance->'generator'->>'vendor'), (provenance->'generator'->>'model'))
    WHERE provenance IS NOT NULL;
