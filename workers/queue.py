"""Sending job ids to the broker. A failure here loses nothing: the job row stays queued and the
reconciler sends it again."""
from __future__ import annotations

import logging

from psycopg_pool import ConnectionPool

from workers.celery_app import REVIEW_MANY_TASK, REVIEW_TASK, app
from workers.store import jobs

log = logging.getLogger(__name__)


# Jobs per message for many jobs at once (a batch, a reconciler round): small enough that both pool
# processes share a batch's tail, large enough that handing out work stops showing in a profile.
JOBS_PER_MESSAGE = 8


def enqueue(pool: ConnectionPool, job_ids: list[int]) -> int:
    """Publish after commit; returns how many jobs were sent."""
    sent: list[int] = []
    try:
        with app.producer_or_acquire() as producer:
            for start in range(0, len(job_ids), JOBS_PER_MESSAGE):
                chunk = job_ids[start:start + JOBS_PER_MESSAGE]
                if len(chunk) == 1:
                    app.send_task(REVIEW_TASK, args=[chunk[0]], producer=producer)
                else:
                    app.send_task(REVIEW_MANY_TASK, args=[chunk], producer=producer)
                sent += chunk
    except Exception as exc:  # broker down: the reconciler will pick these up
        log.warning("broker publish failed; %d job(s) left for the reconciler (%s)", len(job_ids) - len(sent), type(exc).__name__)
    if sent:
        with pool.connection() as conn:
            jobs.mark_enqueued(conn, sent)
    return len(sent)
