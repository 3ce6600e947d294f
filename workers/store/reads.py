"""Read models for the API: a submission with its versions, reports and decisions."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from workers.content import vault


def get_submission(conn: psycopg.Connection, submission_id: str) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT id::text, submitted_by, campaign_id, template_id, callback_url, created_at FROM submissions"
            " WHERE id = %s",
            (submission_id,),
        )
        sub = cur.fetchone()
        if sub is None:
            return None
        cur.execute(
            "SELECT v.id, v.version, v.language, v.jurisdiction, v.product, v.channel, v.status, v.metadata,"
            " v.created_at, v.text, v.content, v.provenance, r.report, d.outcome, d.reason_code, d.reason, d.decided_by, d.created_at AS decided_at,"
            " d.second_approver, fa.approved_by AS first_approver, fa.created_at AS first_approved_at"
            " FROM submission_versions v"
            " LEFT JOIN reports r ON r.version_id = v.id"
            " LEFT JOIN first_approvals fa ON fa.version_id = v.id"
            " LEFT JOIN LATERAL (SELECT * FROM decisions WHERE version_id = v.id ORDER BY id DESC LIMIT 1) d ON true"
            " WHERE v.submission_id = %s ORDER BY v.version",
            (submission_id,),
        )
        rows = cur.fetchall()
        keys = vault()
        for row in rows:  # metadata lives in the encrypted content; erased content reads as erased
            content = keys.open_or_none(conn, submission_id, row["version"], blob=row.pop("content"),
                                        legacy_text=row.pop("text"), legacy_metadata=row["metadata"])
            row["erased"], row["metadata"] = content is None, content.metadata if content else None
        versions = [_version(row) for row in rows]
    return {**sub, "versions": versions}


def _version(row: dict[str, Any]) -> dict[str, Any]:
    decision = None
    if row["outcome"]:
        decision = {k: row[k] for k in ("outcome", "reason_code", "reason", "decided_by", "decided_at",
                                         "second_approver")}
    # Four eyes: a first approval waits for a different senior reviewer; the version is not decided yet.
    awaiting = {"awaiting_second_approval": row["first_approver"] is not None}
    if row["first_approver"] is not None:
        awaiting.update(first_approver=row["first_approver"], first_approved_at=row["first_approved_at"])
    return {
        "version": row["version"], "status": row["status"], "language": row["language"],
        "jurisdiction": row["jurisdiction"], "product": row["product"], "channel": row["channel"],
        "metadata": row["metadata"], "erased": row["erased"], "created_at": row["created_at"], "report": row["report"],
        "provenance": row["provenance"], "decision": decision,
        **awaiting,
    }


def list_by_campaign(
    conn: psycopg.Connection, campaign_id: str, *, submitted_by: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT s.id::text AS id, v.version, v.status, s.created_at FROM submissions s"
            " JOIN LATERAL (SELECT version, status FROM submission_versions WHERE submission_id = s.id"
            "               ORDER BY version DESC LIMIT 1) v ON true"
            " WHERE s.campaign_id = %s AND (%s::text IS NULL OR s.submitted_by = %s)"
            " ORDER BY s.created_at, s.id LIMIT %s OFFSET %s",
            (campaign_id, submitted_by, submitted_by, limit, offset),
        )
        return cur.fetchall()
