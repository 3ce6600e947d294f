"""Replaying stored copy against the working rule packs, to judge a rule change before it ships."""
from __future__ import annotations

from datetime import date
from typing import Any

from psycopg_pool import ConnectionPool

from workers.components import Components
from workers.content import vault
from workers.judge import judge
from workers.pipeline import CopyContext
from workers.store.templates import variant_context

_STORED = """
SELECT v.submission_id::text, v.version, v.text, v.language, v.jurisdiction, v.product, v.channel,
       (v.created_at AT TIME ZONE 'UTC')::date, r.report,
       (SELECT outcome FROM decisions d WHERE d.version_id = v.id ORDER BY d.id DESC LIMIT 1),
       v.content, v.id,
       EXISTS (SELECT 1 FROM variant_slots vs WHERE vs.version_id = v.id),
       EXISTS (SELECT 1 FROM templates t WHERE t.id = v.submission_id), v.provenance
FROM submission_versions v
JOIN LATERAL (SELECT report FROM reports WHERE version_id = v.id ORDER BY id DESC LIMIT 1) r ON true
WHERE v.created_at >= %s ORDER BY v.created_at, v.id LIMIT %s
"""


def _rule_ids(report: dict[str, Any]) -> set[str]:
    return {f["rule_id"] for f in report["findings"] if f["source"] == "rule"}


def replay(pool: ConnectionPool, *, since: date, components: Components, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The versions submitted on or after ``since`` whose verdict the working packs would change.

    Each is judged as the worker judges it (a variant against its template, a template held for
    approval, on the rules in force on its submission day), so only a rule change shows up."""
    keys = vault()
    with pool.connection() as conn:
        rows = conn.execute(_STORED, (since, limit)).fetchall()
        stored = []
        for row in rows:
            content = keys.open_or_none(conn, row[0], row[1], blob=row[10], legacy_text=row[2])
            variant = variant_context(conn, row[11], keys) if row[12] and content is not None else None
            stored.append((row, content, variant))
    changes = []
    for row, content, variant in stored:
        sub_id, version, _, language, jurisdiction, product, channel, as_of, old, decision = row[:10]
        if content is None:  # erased copy cannot be replayed, and is never shown
            continue
        ctx = CopyContext(jurisdiction, product, channel, language, as_of=as_of, provenance=row[14])
        new = judge(content.text, ctx, components, variant=variant, is_template=row[13])
        added, removed = _rule_ids(new) - _rule_ids(old), _rule_ids(old) - _rule_ids(new)
        if new["verdict"] != old["verdict"]:
            changes.append({"submission_id": sub_id, "version": version, "old_verdict": old["verdict"],
                            "new_verdict": new["verdict"], "decision": decision,
                            "rules_added": sorted(added), "rules_removed": sorted(removed)})
    return changes, len(rows)
