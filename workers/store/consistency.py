"""What the consistency report reads: final decisions with the rules that fired, every officer's
judgments, and decisions flagged for going against their precedents."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from workers.consistency.report import disagreements, pair_agreement, rule_overrides
from workers.store.people import names


def consistency_report(conn: psycopg.Connection) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        decided = cur.execute(
            "SELECT d.version_id, d.outcome,"
            " coalesce(array_agg(DISTINCT f.rule_id) FILTER (WHERE f.rule_id IS NOT NULL), '{}') AS rules"
            " FROM decisions d JOIN reports r ON r.version_id = d.version_id"
            " LEFT JOIN findings f ON f.report_id = r.id GROUP BY d.id").fetchall()
        judgments = cur.execute("SELECT version_id, officer, outcome FROM judgments ORDER BY id").fetchall()
        flags = cur.execute("SELECT version_id, officer, outcome, precedent_reason FROM consistency_flags"
                            " ORDER BY id").fetchall()
        out = {"rules": rule_overrides(decided), "pairs": pair_agreement(judgments),
               "disagreements": disagreements(judgments, flags)}
        ids = sorted({d["version_id"] for d in out["disagreements"]})
        items = cur.execute("SELECT id, submission_id::text AS submission_id, version FROM submission_versions"
                            " WHERE id = ANY(%s)", (ids,)).fetchall()
        officers = {o for p in out["pairs"] for o in (p.first, p.second)} | \
            {o for d in out["disagreements"] for o in d["judgments"]}
        out["names"] = names(conn, sorted(officers))
    out["items"] = {row["id"]: row for row in items}
    return out


def item_labels(report: dict[str, Any]) -> dict[int, str]:
    return {vid: f"{row['submission_id']} v{row['version']}" for vid, row in report["items"].items()}
