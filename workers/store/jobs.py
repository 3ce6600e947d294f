"""The jobs table: claiming work under a lease, and finding work the broker may have lost."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from workers.content import Vault, vault as default_vault


@dataclass(frozen=True)
class ClaimedJob:
    job_id: int
    version_id: int
    attempts: int
    pipeline_version: str
    text: str | None  # None: the content was erased before it was checked
    context: dict[str, Any]
    subject: str


def claim(conn: psycopg.Connection, *, job_id: int, lease_seconds: int, vault: Vault | None = None) -> ClaimedJob | None:
    """Take a job that is queued, or running under an expired lease. None if someone else has it
    or it is done -- which makes a duplicate delivery harmless."""
    row = conn.execute(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = now(),"
        " lease_expires_at = now() + make_interval(secs => %s)"
        " WHERE id = %s AND (state = 'queued' OR (state = 'running' AND lease_expires_at < now()))"
        " RETURNING version_id, attempts, pipeline_version",
        (lease_seconds, job_id),
    ).fetchone()
    if row is None:
        return None
    version_id, attempts, pipeline_version = row
    v = conn.execute(
        "UPDATE submission_versions SET status = 'checking' WHERE id = %s"
        " RETURNING text, language, jurisdiction, product, channel, submission_id::text, version,"
        " (created_at AT TIME ZONE 'UTC')::date, content",
        (version_id,),
    ).fetchone()
    content = (vault or default_vault()).open_or_none(conn, v[5], v[6], blob=v[8], legacy_text=v[0])
    context = {"language": v[1], "jurisdiction": v[2], "product": v[3], "channel": v[4], "as_of": v[7]}
    return ClaimedJob(job_id, version_id, attempts, pipeline_version, content.text if content else None, context,
                      f"submission:{v[5]}/v{v[6]}")


def mark_enqueued(conn: psycopg.Connection, job_ids: list[int]) -> None:
    conn.execute("UPDATE jobs SET enqueued_at = now() WHERE id = ANY(%s)", (job_ids,))


def due_for_requeue(conn: psycopg.Connection, *, requeue_after_seconds: int, limit: int = 1000) -> list[int]:
    """Jobs whose message was never sent or was probably lost, and running jobs whose lease expired.
    Marks them as re-sent now, so two reconcilers do not both send them."""
    rows = conn.execute(
        "UPDATE jobs SET enqueued_at = now() WHERE id IN ("
        "  SELECT id FROM jobs WHERE"
        "   (state = 'queued' AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => %s)))"
        "   OR (state = 'running' AND lease_expires_at < now()"
        "       AND (enqueued_at IS NULL OR enqueued_at < lease_expires_at))"
        "  ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED"
        ") RETURNING id",
        (requeue_after_seconds, limit),
    ).fetchall()
    return sorted(r[0] for r in rows)


def counts(conn: psycopg.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall())
