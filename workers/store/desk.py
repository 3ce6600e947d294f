"""Read models for the officers' desk: the queue, one item for review, and similar past decisions."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import psycopg
from psycopg.rows import dict_row

from workers.content import vault
from workers.routing import RoutingPolicy
from workers.store.people import with_names

FILTERS = ("campaign", "product", "channel", "language", "jurisdiction", "verdict", "assignee", "generator", "consent")

_QUEUE_SQL = """
SELECT s.id::text AS submission_id, s.campaign_id, v.id AS version_id, v.version, v.status AS verdict,
       coalesce(r.report->>'language', v.language) AS language, v.jurisdiction, v.product, v.channel,
       v.created_at, r.risk_score,
       EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.source = 'pii') AS has_pii,
       c.claimed_by, c.expires_at AS claim_expires_at, fa.approved_by AS first_approver,
       v.provenance->'generator' AS generator
FROM submission_versions v
JOIN submissions s ON s.id = v.submission_id
LEFT JOIN LATERAL (SELECT id, report, risk_score FROM reports WHERE version_id = v.id ORDER BY id DESC LIMIT 1) r ON true
LEFT JOIN claims c ON c.version_id = v.id AND c.expires_at > now()
LEFT JOIN first_approvals fa ON fa.version_id = v.id
WHERE v.status IN ('review', 'block')
  AND v.version = (SELECT max(version) FROM submission_versions WHERE submission_id = v.submission_id)
  AND (%(campaign)s::text IS NULL OR s.campaign_id = %(campaign)s)
  AND (%(product)s::text IS NULL OR v.product = %(product)s)
  AND (%(channel)s::text IS NULL OR v.channel = %(channel)s)
  AND (%(language)s::text IS NULL OR coalesce(r.report->>'language', v.language) = %(language)s)
  AND (%(jurisdiction)s::text IS NULL OR v.jurisdiction = %(jurisdiction)s)
  AND (%(verdict)s::text IS NULL OR v.status = %(verdict)s)
  AND (%(assignee)s::text IS NULL OR (%(assignee)s = 'none' AND c.claimed_by IS NULL) OR c.claimed_by = %(assignee)s)
  -- the generating system by vendor, by model, or as "vendor/model"; copy that declared none is "none"
  AND (%(generator)s::text IS NULL
       OR (%(generator)s = 'none' AND v.provenance IS NULL)
       OR %(generator)s IN (v.provenance->'generator'->>'vendor', v.provenance->'generator'->>'model',
                            (v.provenance->'generator'->>'vendor') || '/' || (v.provenance->'generator'->>'model')))
  AND (%(consent)s::text IS NULL OR v.provenance->'consent'->>'marketing' = %(consent)s)
-- block > personal data > risk score (a missing score is treated as the worst) > age
ORDER BY (v.status = 'block') DESC, has_pii DESC, coalesce(r.risk_score, 1) DESC, v.created_at ASC, v.id
"""


@dataclass(frozen=True)
class Counters:
    waiting: int
    claimed: int
    overdue: int


def list_queue(conn: psycopg.Connection, *, policy: RoutingPolicy, filters: dict[str, str | None],
               now: datetime | None = None) -> tuple[list[dict[str, Any]], Counters]:
    """Open items in priority order, each with its age, SLA deadline and overdue flag, plus counters."""
    now = now or datetime.now(timezone.utc)
    params = {name: (filters.get(name) or None) for name in FILTERS}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_QUEUE_SQL, params).fetchall()
    for row in rows:
        hours = policy.sla_hours_for(row["verdict"], row["product"], row["channel"])
        row["deadline"] = row["created_at"] + timedelta(hours=hours) if hours is not None else None
        row["overdue"] = row["deadline"] is not None and row["deadline"] < now
        row["age"] = now - row["created_at"]
    with_names(conn, rows, "claimed_by")
    counters = Counters(waiting=sum(1 for r in rows if not r["claimed_by"]),
                        claimed=sum(1 for r in rows if r["claimed_by"]),
                        overdue=sum(1 for r in rows if r["overdue"]))
    return rows, counters


def get_item(conn: psycopg.Connection, submission_id: str) -> dict[str, Any] | None:
    """The latest version with its report, claim and first approval, and the version before it."""
    with conn.cursor(row_factory=dict_row) as cur:
        versions = cur.execute(
            "SELECT v.id AS version_id, v.version, v.text, v.content, v.status, v.language, v.jurisdiction, v.product,"
            " v.channel, v.created_at, v.provenance, s.campaign_id, r.report, d.outcome, d.reason_code, d.reason, d.decided_by,"
            " d.second_approver, c.claimed_by, c.expires_at AS claim_expires_at,"
            " fa.approved_by AS first_approver, fa.reason_code AS first_reason_code, fa.reason AS first_reason"
            " FROM submission_versions v JOIN submissions s ON s.id = v.submission_id"
            " LEFT JOIN LATERAL (SELECT report FROM reports WHERE version_id = v.id ORDER BY id DESC LIMIT 1) r ON true"
            " LEFT JOIN LATERAL (SELECT * FROM decisions WHERE version_id = v.id ORDER BY id DESC LIMIT 1) d ON true"
            " LEFT JOIN claims c ON c.version_id = v.id AND c.expires_at > now()"
            " LEFT JOIN first_approvals fa ON fa.version_id = v.id"
            " WHERE v.submission_id = %s ORDER BY v.version DESC LIMIT 2",
            (submission_id,),
        ).fetchall()
        keys = vault()
        for v in versions:  # erased content comes back as text None, and the page says so
            content = keys.open_or_none(conn, submission_id, v["version"], blob=v.pop("content"), legacy_text=v["text"])
            v["text"] = content.text if content else None
        with_names(conn, versions, "decided_by", "second_approver", "claimed_by", "first_approver")
    if not versions:
        return None
    item = versions[0]
    item["submission_id"] = submission_id
    item["previous"] = versions[1] if len(versions) > 1 else None
    return item


def similar_decisions(conn: psycopg.Connection, *, version_id: int, text: str, rule_ids: list[str],
                      limit: int = 5) -> list[dict[str, Any]]:
    """Decided versions that hit at least one of the same rules, ranked by rule overlap and text
    similarity, with outcome, officers and reason: the precedents. Copy that hit no rule has none:
    text alone says too little about why an officer decided."""
    if not rule_ids:
        return []
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "SELECT s.id::text AS submission_id, v.version, v.text, v.content, d.outcome, d.reason_code, d.reason,"
            " d.decided_by, d.second_approver, d.created_at AS decided_at,"
            " array_agg(DISTINCT f2.rule_id) AS rules"
            " FROM decisions d JOIN submission_versions v ON v.id = d.version_id"
            " JOIN submissions s ON s.id = v.submission_id"
            " JOIN reports r ON r.version_id = v.id JOIN findings f2 ON f2.report_id = r.id"
            " WHERE v.id <> %s AND EXISTS (SELECT 1 FROM findings f JOIN reports r2 ON r2.id = f.report_id"
            "   WHERE r2.version_id = v.id AND f.rule_id = ANY(%s))"
            " GROUP BY s.id, v.id, d.id ORDER BY d.created_at DESC LIMIT 200",
            (version_id, rule_ids),
        ).fetchall()
        keys = vault()
        for row in rows:
            content = keys.open_or_none(conn, row["submission_id"], row["version"], blob=row.pop("content"),
                                        legacy_text=row["text"])
            row["text"] = content.text if content else ""
        with_names(conn, rows, "decided_by", "second_approver")
    wanted = set(rule_ids)
    for row in rows:
        rules = set(row["rules"])
        row["shared_rules"] = sorted(rules & wanted)
        rule_overlap = len(rules & wanted) / len(rules | wanted)
        row["similarity"] = round(0.5 * rule_overlap + 0.5 * difflib.SequenceMatcher(None, text, row.pop("text")).ratio(), 3)
    rows.sort(key=lambda r: (-r["similarity"], -r["decided_at"].timestamp()))
    return rows[:limit]
