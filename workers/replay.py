"""Replaying stored copy against the working rule packs, to judge a rule change before it ships."""
from __future__ import annotations

from datetime import date
from typing import Any

from psycopg_pool import ConnectionPool

from workers.components import Components
from workers.content import vault
from workers.pipeline import CopyContext, review


def _rule_ids(report: dict[str, Any]) -> set[str]:
    return {f["rule_id"] for f in report["findings"] if f["source"] == "rule"}


def replay(pool: ConnectionPool, *, since: date, components: Components, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The versions submitted on or after ``since`` whose verdict the working packs would change."""
    with pool.connection() as conn:
        rows = conn.execute(
            "SELECT v.submission_id::text, v.version, v.text, v.language, v.jurisdiction, v.product, v.channel,"
            " r.report, (SELECT outcome FROM decisions d WHERE d.version_id = v.id ORDER BY d.id DESC LIMIT 1),"
            " v.content"
            " FROM submission_versions v JOIN reports r ON r.version_id = v.id"
            " WHERE v.created_at >= %s ORDER BY v.created_at, v.id LIMIT %s",
            (since, limit),
        ).fetchall()
        keys = vault()
        contents = [keys.open_or_none(conn, r[0], r[1], blob=r[9], legacy_text=r[2]) for r in rows]
    changes = []
    for row, content in zip(rows, contents):
        sub_id, version, _, language, jurisdiction, product, channel, old, decision, _ = row
        if content is None:  # erased copy cannot be replayed, and is never shown
            continue
        new = review(content.text, CopyContext(jurisdiction, product, channel, language), components)
        added, removed = _rule_ids(new) - _rule_ids(old), _rule_ids(old) - _rule_ids(new)
        if new["verdict"] != old["verdict"]:
            changes.append({"submission_id": sub_id, "version": version, "old_verdict": old["verdict"],
                            "new_verdict": new["verdict"], "decision": decision,
                            "rules_added": sorted(added), "rules_removed": sorted(removed)})
    return changes, len(rows)
