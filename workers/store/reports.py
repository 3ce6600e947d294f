"""Storing a report once per (version, pipeline version), with its findings and audit events."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from audit.log import NewEvent, append

WORKER_ACTOR = "system:worker"


def save_report(
    conn: psycopg.Connection, *, job_id: int, version_id: int, subject: str, pipeline_version: str,
    report: dict[str, Any], digest: str,
) -> bool:
    """True if this call stored the report; False if an earlier delivery already had, or the
    version was erased meanwhile.

    Pipeline mode sends the statements that need no answer together with the next one that does:
    three round trips instead of eight, which a worker otherwise spends idle."""
    with conn.pipeline():
        # The job row before the version row, the order in which claiming and erasing lock them.
        conn.execute("UPDATE jobs SET state = 'done', lease_expires_at = NULL, updated_at = now() WHERE id = %s",
                     (job_id,))
        # A version erased while its job ran gets no report: the report would quote copy that is
        # gone, and its route would put the closed item back in the officers' queue. The row lock
        # makes a concurrent erasure either wait for this save or be seen by it.
        inserted = conn.execute(
            "INSERT INTO reports (version_id, job_id, pipeline_version, verdict, risk_score, report, digest)"
            " SELECT id, %s, %s, %s, %s, %s, %s FROM submission_versions WHERE id = %s AND status <> 'erased'"
            " FOR UPDATE ON CONFLICT (version_id, pipeline_version) DO NOTHING RETURNING id",
            (job_id, pipeline_version, report["verdict"], report["risk_score"], Jsonb(report), digest, version_id),
        )
        row = inserted.fetchone()
        if row is None:
            return False
        report_id = row[0]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO findings (report_id, finding_id, source, rule_id, severity, start_at, end_at, excerpt,"
                " message, citation, suggestion) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [(report_id, f["id"], f["source"], f["rule_id"], f["severity"], f["start"], f["end"], f["excerpt"],
                  Jsonb(f["message"]), f["citation"], f["suggestion"]) for f in report["findings"]],
            )
        conn.execute("UPDATE submission_versions SET status = %s WHERE id = %s", (report["verdict"], version_id))
        _append_outcome(conn, subject, pipeline_version, report, digest)
    return True


def _append_outcome(conn: psycopg.Connection, subject: str, pipeline_version: str, report: dict[str, Any],
                    digest: str) -> None:
    append(conn, [
        NewEvent("checked", WORKER_ACTOR, subject, {
            "report_sha256": digest, "rulesets": report["rulesets"], "model": report["model"],
            "pipeline": pipeline_version, "findings": sorted({f["rule_id"] for f in report["findings"]}),
            "errors": [e["stage"] for e in report["errors"]],
        }),
        NewEvent("routed", WORKER_ACTOR, subject, {
            "verdict": report["verdict"], "reasons": report["route"]["reasons"], "policy": report["policy"],
        }),
    ])
