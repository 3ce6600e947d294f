"""Erasing a submission's personal data by destroying its data key, with an audit event.

The ciphertext stays where it is and the trail keeps the digests it committed to, so audit
verification still passes; nobody can read the content again. Report excerpts quote the copy,
so they are blanked too. Erasure before the retention period ends needs an override reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import psycopg
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append
from workers.retention import RetentionPolicy

ERASED_MARK = "[erased]"


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


def erase(conn: psycopg.Connection, *, submission_id: str, actor: str, policy: RetentionPolicy,
          override_reason: str | None = None, today: date | None = None) -> Erasure:
    """Destroy the data key; raises LookupError, AlreadyErased or RetentionNotOver."""
    today = today or datetime.now(timezone.utc).date()
    if conn.execute("SELECT 1 FROM submissions WHERE id = %s FOR UPDATE", (submission_id,)).fetchone() is None:
        raise LookupError(submission_id)  # the lock also holds off a resubmission racing the erasure
    versions = conn.execute(
        "SELECT v.id, v.jurisdiction, v.product, greatest(v.created_at, max(d.created_at))"
        " FROM submission_versions v LEFT JOIN decisions d ON d.version_id = v.id"
        " WHERE v.submission_id = %s GROUP BY v.id ORDER BY v.version", (submission_id,)).fetchall()
    if not versions:
        raise LookupError(submission_id)
    key = conn.execute("SELECT erased_at FROM data_keys WHERE submission_id = %s FOR UPDATE",
                       (submission_id,)).fetchone()
    if key is not None and key[0] is not None:
        raise AlreadyErased(submission_id)
    until, rule = max((policy.keep_until(jurisdiction=j, product=p, since=last.date()) for _, j, p, last in versions),
                      key=lambda pair: pair[0])
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
    seq = append(conn, [NewEvent("erased", actor, f"submission:{submission_id}", {
        "data_key": "destroyed", "versions": len(ids), "retention_until": until.isoformat(),
        "retention_rule": rule.id if rule else None, "override": override is not None,
        "override_reason": override})])[0]
    return Erasure(submission_id, len(ids), until, override is not None, seq)


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
