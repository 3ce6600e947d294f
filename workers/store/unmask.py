"""Revealing one masked personal-data finding to an officer whose role allows it.

The clear value exists only in the submission's text; reports hold masked excerpts. Each reveal
is an audit event naming who saw which finding, never the value itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

from audit.log import NewEvent, append
from workers.content import vault


@dataclass(frozen=True)
class Revealed:
    finding_id: str
    entity_type: str | None
    start: int
    end: int
    value: str


class NotPersonalData(Exception):
    """The finding exists but is not a PII finding: there is nothing masked to reveal."""


def reveal(conn: psycopg.Connection, *, submission_id: str, version: int, finding_id: str, actor: str) -> Revealed:
    """The clear value of one PII finding, recorded as an audit event in the same transaction.

    Raises LookupError when the version, its report or the finding does not exist, and
    ContentErased when the submission's personal data was erased.
    """
    row = conn.execute(
        "SELECT v.text, r.report, v.content FROM submission_versions v JOIN reports r ON r.version_id = v.id"
        " WHERE v.submission_id = %s AND v.version = %s",
        (submission_id, version),
    ).fetchone()
    if row is None:
        raise LookupError(submission_id)
    legacy_text, report, blob = row
    finding = next((f for f in report.get("findings", []) if f.get("id") == finding_id), None)
    if finding is None:
        raise LookupError(finding_id)
    if finding.get("source") != "pii":
        raise NotPersonalData(finding_id)
    start, end = finding["start"], finding["end"]
    text = vault().open(conn, submission_id, version, blob=blob, legacy_text=legacy_text).text
    append(conn, [NewEvent("pii_unmasked", actor, f"submission:{submission_id}/v{version}", {
        "finding_id": finding_id, "entity_type": finding.get("entity_type"), "rule_id": finding.get("rule_id"),
    })])
    return Revealed(finding_id, finding.get("entity_type"), start, end, text[start:end])
