-- Erasing a submission closes whatever of it was still open (issue 17): nobody can read the copy
-- any more, so nobody may decide it, and it must leave the officers' queue. 'erased' joins the
-- version statuses; 0001 created the constraint unnamed, so it carries PostgreSQL's default name.
ALTER TABLE submission_versions DROP CONSTRAINT submission_versions_status_check;
ALTER TABLE submission_versions ADD CONSTRAINT submission_versions_status_check
    CHECK (status IN ('queued', 'checking', 'pass', 'review', 'block',
                      'approved', 'rejected', 'changes_requested', 'erased'));

-- Submissions erased before this migration are closed the same way. Their `erased` audit event is
-- already in the trail and records the act; a migration cannot append to the hash chain itself.
-- The statuses change last: the statements before find the open versions by them.
UPDATE jobs SET state = 'done', lease_expires_at = NULL, last_error = 'content erased', updated_at = now()
    WHERE state <> 'done' AND version_id IN (
        SELECT v.id FROM submission_versions v JOIN data_keys k ON k.submission_id = v.submission_id
        WHERE k.erased_at IS NOT NULL AND v.status IN ('queued', 'checking', 'pass', 'review', 'block'));
DELETE FROM claims WHERE version_id IN (
    SELECT v.id FROM submission_versions v JOIN data_keys k ON k.submission_id = v.submission_id
    WHERE k.erased_at IS NOT NULL AND v.status IN ('queued', 'checking', 'pass', 'review', 'block'));
DELETE FROM first_approvals WHERE version_id IN (
    SELECT v.id FROM submission_versions v JOIN data_keys k ON k.submission_id = v.submission_id
    WHERE k.erased_at IS NOT NULL AND v.status IN ('queued', 'checking', 'pass', 'review', 'block'));
UPDATE submission_versions v SET status = 'erased' FROM data_keys k
    WHERE k.submission_id = v.submission_id AND k.erased_at IS NOT NULL
      AND v.status IN ('queued', 'checking', 'pass', 'review', 'block');
