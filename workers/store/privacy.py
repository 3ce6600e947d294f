"""Erasing a submission's personal data by destroying its data key, with an audit event.

The ciphertext stays where it is and the trail keeps the digests it committed to, so audit
verification still passes; nobody can read the content again. Report excerpts quote the copy,
so they are blanked too. Erasure before the retention period ends needs an override reason.

Erasure also closes every version still open (queued, being checked, routed or passed but not
decided) with the status `erased`: copy nobody can read must not wait in the officers' queue, be
claimed or be approved. Its pending jobs are finished unrun, and claims and first approvals on it
are dropped. Decided versions keep their outcome.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import psycopg
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append
from workers.retention import RetentionPolicy

ERASED_MARK = "[erased]"
ERASED_STATUS = "erased"
# Everything before an officer's decision; `pass` too, since an officer may still decide it.
OPEN_STATUSES = ("queued", "checking", "pass", "review", "block")


class AlreadyErased(Exception):
    pass


class RetentionNotOver(Exception):
    def __init__(self, until: date, rule_id: str | None):
        super().__init__(f"kept until {until.isoformat()}")
        self.until, self.rule_id = until, rule_id


@dataclass(frozen=True)
class Erasure:
    submission_id: str
    versions: int
    retention_until: date
    overridden: bool
    seq: int
    closed: tuple[int, ...] = ()  # the versions that were open and are now closed as erased


def erase(conn: psycopg.Connection, *, submission_id: str, actor: str, policy: RetentionPolicy,
          override_reason: str | None = None, today: date | None = None) -> Erasure:
    """Destroy the data key; raises LookupError, AlreadyErased or RetentionNotOver."""
    today = today or datetime.now(timezone.utc).date()
    if conn.execute("SELECT 1 FROM submissions WHERE id = %s FOR UPDATE", (submission_id,)).fetchone() is None:
        raise LookupError(submission_id)  # the lock also holds off a resubmission racing the erasure
    # Locked so that a worker claiming a job or saving its report waits for the erasure (then it
    # finds the job done or stores nothing) or finishes first (then its report is blanked and its
    # route closed below); either way the statuses read next are the ones closed. Jobs before
    # versions, the order in which the worker takes them too (store/jobs.py, store/reports.py).
    conn.execute("SELECT 1 FROM jobs j JOIN submission_versions v ON v.id = j.version_id"
                 " WHERE v.submission_id = %s FOR UPDATE OF j", (submission_id,))
    conn.execute("SELECT 1 FROM submission_versions WHERE submission_id = %s FOR UPDATE", (submission_id,))
    versions = conn.execute(
        "SELECT v.id, v.jurisdiction, v.product, greatest(v.created_at, max(d.created_at)), v.version, v.status"
        " FROM submission_versions v LEFT JOIN decisions d ON d.version_id = v.id"
        " WHERE v.submission_id = %s GROUP BY v.id ORDER BY v.version", (submission_id,)).fetchall()
    if not versions:
        raise LookupError(submission_id)
    key = conn.execute("SELECT erased_at FROM data_keys WHERE submission_id = %s FOR UPDATE",
                       (submission_id,)).fetchone()
    if key is not None and key[0] is not None:
        raise AlreadyErased(submission_id)
    until, rule = max((policy.keep_until(jurisdiction=j, product=p, since=last.date())
                       for _, j, p, last, *_ in versions), key=lambda pair: pair[0])
    override = (override_reason or "").strip() or None
    if today < until and override is None:
        raise RetentionNotOver(until, rule.id if rule else None)
    if key is None:  # a submission stored before content encryption: its clear text goes instead
        conn.execute("INSERT INTO data_keys (submission_id, wrapped_key, erased_at, erased_by)"
                     " VALUES (%s, NULL, now(), %s)", (submission_id, actor))
    else:
        conn.execute("UPDATE data_keys SET wrapped_key = NULL, erased_at = now(), erased_by = %s"
                     " WHERE submission_id = %s", (actor, submission_id))
    ids = [v[0] for v in versions]
    conn.execute("UPDATE submission_versions SET text = NULL, metadata = '{}' WHERE id = ANY(%s)", (ids,))
    _blank_excerpts(conn, ids)
    still_open = [(v[0], v[4], v[5]) for v in versions if v[5] in OPEN_STATUSES]
    _close(conn, [version_id for version_id, _, _ in still_open])
    seq = append(conn, [NewEvent("erased", actor, f"submission:{submission_id}", {
        "data_key": "destroyed", "versions": len(ids), "retention_until": until.isoformat(),
        "retention_rule": rule.id if rule else None, "override": override is not None,
        "override_reason": override})] + [
        NewEvent("closed", actor, f"submission:{submission_id}/v{version}",
                 {"outcome": ERASED_STATUS, "previous_status": status})
        for _, version, status in still_open])[0]
    return Erasure(submission_id, len(ids), until, override is not None, seq,
                   tuple(version for _, version, _ in still_open))


def _close(conn: psycopg.Connection, version_ids: list[int]) -> None:
    """A job still waiting would find no copy and route the item back to an officer; finishing it
    here keeps the item closed. A job already running is stopped at its save (store/reports.py)."""
    if not version_ids:
        return
    conn.execute("UPDATE jobs SET state = 'done', lease_expires_at = NULL, last_error = 'content erased',"
                 " updated_at = now() WHERE version_id = ANY(%s) AND state <> 'done'", (version_ids,))
    conn.execute("DELETE FROM claims WHERE version_id = ANY(%s)", (version_ids,))
    conn.execute("DELETE FROM first_approvals WHERE version_id = ANY(%s)", (version_ids,))
    conn.execute("UPDATE submission_versions SET status = %s WHERE id = ANY(%s)", (ERASED_STATUS, version_ids))


def _blank_excerpts(conn: psycopg.Connection, version_ids: list[int]) -> None:
    """Excerpts and classifier evidence quote the copy; the report keeps rules, offsets and scores."""
    conn.execute("UPDATE findings SET excerpt = %s WHERE report_id IN"
                 " (SELECT id FROM reports WHERE version_id = ANY(%s))", (ERASED_MARK, version_ids))
    for report_id, report in conn.execute("SELECT id, report FROM reports WHERE version_id = ANY(%s)",
                                          (version_ids,)).fetchall():
        for finding in report.get("findings", []):
            finding["excerpt"] = ERASED_MARK
        for evidence in (report.get("classifier") or {}).get("evidence", []):
            evidence["text"] = ERASED_MARK
        conn.execute("UPDATE reports SET report = %s WHERE id = %s", (Jsonb(report), report_id))
