"""The Celery app. Messages carry job ids only; the jobs table is the source of truth."""
from __future__ import annotations

from celery import Celery
from kombu.transport import sqlalchemy as sql_transport

from workers.config import RuntimeConfig

REVIEW_TASK = "finreview.review_job"
REVIEW_MANY_TASK = "finreview.review_jobs"
RECONCILE_TASK = "finreview.reconcile"
QUEUE = "finreview"

# The SQL transport polls; its interval must be set on the class (as a broker option it crashes
# the worker -- measured, see ARCHITECTURE.md).
sql_transport.Transport.polling_interval = 0.5

app = Celery("finreview", include=["workers.tasks"])


def configure(cfg: RuntimeConfig) -> Celery:
    broker = cfg.broker_url()
    # Redis redelivers an unacknowledged task after this; it must outlast the longest job. (The SQL
    # transport hands its options to SQLAlchemy's create_engine, which rejects this key.)
    transport_options = {"visibility_timeout": max(cfg.lease_seconds * 2, 600)} if broker.startswith("redis") else {}
    app.conf.update(
        broker_url=broker,
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        # Submit must not hang on a dead broker: the reconciler re-sends whatever was not sent.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
        broker_connection_timeout=3,
        broker_transport_options=transport_options,
        worker_hijack_root_logger=False,
        beat_schedule={"reconcile": {"task": RECONCILE_TASK, "schedule": cfg.reconcile_interval_seconds}},
    )
    return app


def configure_from_env() -> Celery:
    cfg = RuntimeConfig()
    if cfg.database_url or cfg.celery_broker_url:
        configure(cfg)
    return app
