"""Thin Celery tasks: take an id, call the domain."""
from __future__ import annotations

import logging
import threading

import structlog

from psycopg_pool import ConnectionPool

from workers.celery_app import RECONCILE_TASK, REVIEW_TASK, app
from workers.components import shared_components
from workers.config import RuntimeConfig
from workers.db import open_pool
from workers.reconciler import reconcile_once
from workers.runner import run_job

log = logging.getLogger(__name__)
_lock = threading.Lock()
_pool: ConnectionPool | None = None


def _shared_pool(cfg: RuntimeConfig) -> ConnectionPool:
    global _pool
    with _lock:
        if _pool is None:  # opened lazily so each forked worker process gets its own connections
            _pool = open_pool(cfg.require_database_url(), max_size=2, name="finreview-worker")
        return _pool


@app.task(name=REVIEW_TASK, acks_late=True, reject_on_worker_lost=True)
def review_job(job_id: int) -> str:
    cfg = RuntimeConfig()
    with structlog.contextvars.bound_contextvars(job_id=int(job_id)):  # every log line of this job carries it
        outcome = run_job(_shared_pool(cfg), int(job_id), components=shared_components(cfg),
                          lease_seconds=cfg.lease_seconds)
        log.info("job finished", extra={"outcome": outcome})
        return outcome


@app.task(name=RECONCILE_TASK)
def reconcile() -> int:
    cfg = RuntimeConfig()
    return reconcile_once(_shared_pool(cfg), requeue_after_seconds=cfg.requeue_after_seconds,
                          sql_broker=cfg.celery_broker_url is None, config=cfg)
