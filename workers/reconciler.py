"""Re-sending jobs the broker may have lost: never sent, lost in flight, or held by a dead worker;
and posting due webhook deliveries (first tries and retries) from the outbox."""
from __future__ import annotations

import logging
import threading

from psycopg_pool import ConnectionPool

from workers import audit_trail, webhooks
from workers.config import RuntimeConfig
from workers.metrics import REQUEUES
from workers.queue import enqueue
from workers.store import heartbeats, jobs, scores

log = logging.getLogger(__name__)


def reconcile_once(pool: ConnectionPool, *, requeue_after_seconds: int, sql_broker: bool = False,
                   config: RuntimeConfig | None = None) -> int:
    with pool.connection() as conn:
        due = jobs.due_for_requeue(conn, requeue_after_seconds=requeue_after_seconds)
        heartbeats.forget_gone(conn)
        scores.forget_old(conn)
    if due:
        log.info("reconciler re-sending %d job(s)", len(due))
        REQUEUES.inc(enqueue(pool, due))
    if sql_broker:
        _purge_consumed_messages(pool)
    if config is not None:
        try:
            webhooks.deliver_due(pool, config)
        except Exception as exc:  # a webhook problem must not stop the re-sending of jobs
            log.warning("webhook round failed: %s", type(exc).__name__)
        try:
            audit_trail.checkpoint_round(pool, config)
        except Exception as exc:  # nor may a checkpoint problem; the next round tries again
            log.warning("audit checkpoint round failed: %s", type(exc).__name__)
    return len(due)


def _purge_consumed_messages(pool: ConnectionPool) -> None:
    # Kombu's SQL transport marks consumed messages invisible but never deletes them.
    with pool.connection() as conn:
        exists = conn.execute("SELECT to_regclass('kombu_message') IS NOT NULL").fetchone()[0]
        if exists:
            conn.execute("DELETE FROM kombu_message WHERE visible = false AND timestamp < now() - interval '10 minutes'")


def run_forever(pool: ConnectionPool, *, interval: float, requeue_after_seconds: int, sql_broker: bool,
                stop: threading.Event, config: RuntimeConfig | None = None) -> None:
    while not stop.wait(interval):
        try:
            reconcile_once(pool, requeue_after_seconds=requeue_after_seconds, sql_broker=sql_broker, config=config)
        except Exception as exc:  # the database may be restarting; try again next round
            log.warning("reconciler round failed: %s", type(exc).__name__)
