"""The jobs table: claiming work under a lease, and finding work the broker may have lost."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from workers.content import Vault, vault as default_vault
from workers.store import heartbeats


@dataclass(frozen=True)
class ClaimedJob:
    job_id: int
    version_id: int
    attempts: int
    pipeline_version: str
    text: str | None  # None: the content was erased before it was checked
    context: dict[str, Any]
    subject: str
    is_variant: bool = False  # the version carries slot values for a template (see store/templates.py)
    is_template: bool = False  # the version is a template waiting for approval


# One round trip: take the lease, mark the version, and read what the review needs (content, its
# key, whether it is a template or a variant). A worker spent a third of its time waiting on the
# five statements this replaced.
_CLAIM = """
WITH job AS (
    UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = now(), taken_at = now(),
                    lease_expires_at = now() + make_interval(secs => %(lease)s)
    WHERE id = %(job_id)s AND (state = 'queued' OR (state = 'running' AND lease_expires_at < now()))
    RETURNING version_id, attempts, pipeline_version
), version AS (
    UPDATE submission_versions v SET status = 'checking' FROM job WHERE v.id = job.version_id
    RETURNING v.id, v.text, v.language, v.jurisdiction, v.product, v.channel, v.submission_id, v.version,
              (v.created_at AT TIME ZONE 'UTC')::date AS as_of, v.content, v.provenance
)
SELECT job.version_id, job.attempts, job.pipeline_version, version.text, version.language, version.jurisdiction,
       version.product, version.channel, version.submission_id::text, version.version, version.as_of,
       version.content, k.wrapped_key, k.erased_at,
       EXISTS (SELECT 1 FROM variant_slots vs WHERE vs.version_id = version.id),
       EXISTS (SELECT 1 FROM templates t WHERE t.id = version.submission_id), version.provenance
FROM job JOIN version ON version.id = job.version_id
LEFT JOIN data_keys k ON k.submission_id = version.submission_id
"""


def claim(conn: psycopg.Connection, *, job_id: int, lease_seconds: int, vault: Vault | None = None) -> ClaimedJob | None:
    """Take a job that is queued, or running under an expired lease. None if someone else has it
    or it is done -- which makes a duplicate delivery harmless."""
    row = conn.execute(_CLAIM, {"lease": lease_seconds, "job_id": job_id}).fetchone()
    if row is None:
        return None
    (version_id, attempts, pipeline_version, legacy_text, language, jurisdiction, product, channel, submission_id,
     version, as_of, blob, wrapped_key, erased_at, is_variant, is_template, provenance) = row
    content = (vault or default_vault()).open_or_none(conn, submission_id, version, blob=blob, legacy_text=legacy_text,
                                                      key_row=(wrapped_key, erased_at))
    context = {"language": language, "jurisdiction": jurisdiction, "product": product, "channel": channel,
               "as_of": as_of, "provenance": provenance}
    return ClaimedJob(job_id, version_id, attempts, pipeline_version, content.text if content else None, context,
                      f"submission:{submission_id}/v{version}", is_variant, is_template)


def mark_enqueued(conn: psycopg.Connection, job_ids: list[int]) -> None:
    """Record that ``job_ids`` were sent, in that order: each send takes the next number of
    job_send_seq, so the jobs of one batch are ordered although they share a send time."""
    conn.execute(_MARK_SENT, (job_ids,))


_MARK_SENT = """
UPDATE jobs SET enqueued_at = now(), sends = jobs.sends + 1, send_seq = sent.seq
FROM (SELECT id, nextval('job_send_seq') AS seq
      FROM (SELECT id FROM unnest(%s::bigint[]) WITH ORDINALITY AS u(id, n) ORDER BY n) ordered) sent
WHERE jobs.id = sent.id
"""

# Which jobs to send again. A job never sent is sent once the API has had time to send it itself
# (it publishes a batch after its commit, which takes a while for thousands). A running job whose lease ran out (its worker
# died) is sent again. A queued job is sent again only when its message is probably lost or held by
# a dead worker, never merely because it waits behind a long line or behind a worker still loading
# its model (re-sending those only floods the broker with duplicates):
# - overtaken: the broker hands messages out in order, so when a job sent *after* it was taken
#   `after` seconds ago or more and it still waits, its message went astray;
# - the line stopped: nothing at all has been taken for `after` seconds although a worker has been
#   ready (parts loaded) for that long, is alive and holds no job: the broker lost its messages
#   (restarted empty). Workers that hold jobs and take no more are busy or blocked (on a lock held
#   by a host that dropped off the network), and re-sending the line would not move it.
# Only a job taken after its last send counts (taken_at >= enqueued_at): a dead worker's job sent
# again a moment ago says nothing about the line.
_DUE = """
WITH overtaken AS (
    SELECT send_seq FROM jobs
    WHERE send_seq IS NOT NULL AND taken_at >= enqueued_at AND taken_at < now() - make_interval(secs => %(after)s)
    ORDER BY send_seq DESC LIMIT 1
), stopped AS (
    SELECT NOT EXISTS (SELECT 1 FROM jobs WHERE taken_at > now() - make_interval(secs => %(after)s))
       AND NOT EXISTS (SELECT 1 FROM jobs WHERE state = 'running' AND lease_expires_at > now())
       AND EXISTS (SELECT 1 FROM worker_heartbeats
                   WHERE ready_at < now() - make_interval(secs => %(after)s)
                     AND seen_at > now() - make_interval(secs => %(alive)s)) AS yes
)
UPDATE jobs SET enqueued_at = now() WHERE id IN (
  SELECT id FROM jobs WHERE
    (state = 'queued' AND (
        (enqueued_at IS NULL AND created_at < now() - make_interval(secs => %(after)s))
        OR (enqueued_at < now() - make_interval(secs => %(after)s) AND (
              send_seq IS NULL  -- picked for sending, but the publish failed (or sent before 0008)
              OR send_seq < (SELECT send_seq FROM overtaken) OR (SELECT yes FROM stopped)))))
    OR (state = 'running' AND lease_expires_at < now()
        AND (enqueued_at IS NULL OR enqueued_at < lease_expires_at))
  ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
) RETURNING id
"""


def due_for_requeue(conn: psycopg.Connection, *, requeue_after_seconds: int, limit: int = 1000) -> list[int]:
    """Jobs whose message was never sent or was probably lost (see _DUE), and running jobs whose
    lease expired. Marks them as re-sent now, so two reconcilers do not both send them (the send
    order and count are recorded when the reconciler publishes them)."""
    rows = conn.execute(_DUE, {"after": requeue_after_seconds, "alive": heartbeats.alive_window(requeue_after_seconds),
                               "limit": limit}).fetchall()
    return sorted(r[0] for r in rows)


def counts(conn: psycopg.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall())
