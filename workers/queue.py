"""Sending job ids to the broker. A failure here loses nothing: the job row stays queued and the
reconciler sends it again."""
from __future__ import annotations

import logging

from psycopg_pool import ConnectionPool

from workers.celery_app import REVIEW_TASK, app
from workers.store import jobs

log = logging.getLogger(__name__)


def enqueue(pool: ConnectionPool, job_ids: list[int]) -> int:
    """Publish after commit; returns how many were sent."""
    sent: list[int] = []
    try:
        with app.producer_or_acquire() as producer:
            for job_id in job_ids:
                app.send_task(REVIEW_TASK, args=[job_id], producer=producer)
                sent.append(job_id)
    except Exception as exc:  # broker down: the reconciler will pick these up
        log.warning("broker publish failed; %d job(s) left for the reconciler (%s)", len(job_ids) - len(sent), type(exc).__name__)
    if sent:
        with pool.connection() as conn:
            jobs.mark_enqueued(conn, sent)
    return len(sent)
