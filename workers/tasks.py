"""Thin Celery tasks: take an id, call the domain."""
from __future__ import annotations

import functools
import logging
import threading

import structlog
from celery.signals import worker_process_init, worker_process_shutdown

from psycopg_pool import ConnectionPool

from workers.celery_app import RECONCILE_TASK, REVIEW_MANY_TASK, REVIEW_TASK, app
from classifiers.score_cache import ScoreCache
from workers.components import Components, shared_components
from workers.config import RuntimeConfig
from workers.db import WORKER_IDLE_IN_TRANSACTION_SECONDS, open_pool
from workers.liveness import beat_forever, process_name
from workers.reconciler import reconcile_once
from workers.runner import run_job
from workers.store import heartbeats
from workers.keys import KeyConfigError, content_kek
from workers.store.scores import SharedScores

log = logging.getLogger(__name__)
_lock = threading.Lock()
_pool: ConnectionPool | None = None
_loader: list[threading.Thread] = []  # this pool process's parts loader, then heartbeat
_stop_beating = threading.Event()
_cache_lock = threading.Lock()
_cache_refused: list[bool] = []  # the shared score cache could not be keyed (no usable content key)


def _shared_pool(cfg: RuntimeConfig) -> ConnectionPool:
    global _pool
    with _lock:
        if _pool is None:  # opened lazily so each forked worker process gets its own connections
            _pool = open_pool(cfg.require_database_url(), max_size=2, name="finreview-worker",
                              idle_in_transaction_seconds=WORKER_IDLE_IN_TRANSACTION_SECONDS)
        return _pool


@worker_process_init.connect
def _load_parts_when_forked(**_) -> None:
    """Load this pool process's parts (imports, Presidio, the model: ~15 s) as soon as it is forked,
    not on its first job: a batch submitted right after start-up then finds them ready. In the
    background, because Celery waits only seconds for a new pool process to report in; a job that
    arrives first simply waits for the same load (shared_components holds a lock)."""
    _loader.append(threading.Thread(target=_load_parts_then_beat, args=(_config(),), name="finreview-load-parts",
                                    daemon=True))
    _loader[-1].start()


def _load_parts_then_beat(cfg: RuntimeConfig) -> None:
    """Ready only once the parts are loaded: the reconciler must not take a worker that is still
    loading its model for one waiting on a broker that lost its messages."""
    shared_components(cfg)
    if cfg.database_url:
        beat_forever(cfg.database_url, name=process_name(), stop=_stop_beating,
                     every=heartbeats.beat_every(cfg.requeue_after_seconds))


@worker_process_shutdown.connect
def _sign_off(**_) -> None:
    """A clean exit says so at once: the reconciler must not wait for this worker's beats to age
    out before it can tell that no ready worker is left."""
    _stop_beating.set()
    for thread in _loader:
        thread.join(timeout=3)


@functools.lru_cache(maxsize=1)
def _config() -> RuntimeConfig:
    # Read once per process: building the settings from the environment cost ~2.5 ms per job.
    return RuntimeConfig()


def _components(cfg: RuntimeConfig) -> Components:
    """The shared parts, with a score cache that lists what it scores: each job writes those
    scores to PostgreSQL with its report, and reads its copy's there when claiming it, so a copy
    that one worker scored (a resubmission, a repeated variant) is not scored again by another."""
    components = shared_components(cfg)
    if not cfg.shared_scores:
        return components
    if components.shared_scores is None and not _cache_refused:
        with _cache_lock:
            if components.shared_scores is None and not _cache_refused:
                try:
                    shared = SharedScores(content_kek(cfg))
                except KeyConfigError as exc:  # the job itself reports the key; scores stay in memory
                    log.warning("score cache kept in memory: %s", exc)
                    _cache_refused.append(True)
                    return components
                components.score_cache = ScoreCache(track_new=True)
                components.shared_scores = shared
    return components


def _review(job_id: int) -> str:
    cfg = _config()
    with structlog.contextvars.bound_contextvars(job_id=int(job_id)):  # every log line of this job carries it
        outcome = run_job(_shared_pool(cfg), int(job_id), components=_components(cfg),
                          lease_seconds=cfg.lease_seconds)
        log.info("job finished", extra={"outcome": outcome})
        return outcome


@app.task(name=REVIEW_TASK, acks_late=True, reject_on_worker_lost=True)
def review_job(job_id: int) -> str:
    return _review(job_id)


@app.task(name=REVIEW_MANY_TASK, acks_late=True, reject_on_worker_lost=True)
def review_jobs(job_ids: list[int]) -> list[str]:
    """A batch's jobs travel a few per message: a pool process then waits once per message, not once
    per job, for the pool's parent to hand it work. Each job is still claimed, leased and stored on
    its own, so a redelivered message skips the jobs already done."""
    return [_review(job_id) for job_id in job_ids]


@app.task(name=RECONCILE_TASK)
def reconcile() -> int:
    cfg = _config()
    return reconcile_once(_shared_pool(cfg), requeue_after_seconds=cfg.requeue_after_seconds,
                          sql_broker=cfg.celery_broker_url is None, config=cfg)
