"""Runtime configuration shared by the API, the workers and the reconciler (environment variables)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class RuntimeConfig(BaseSettings):
    # Only the aliases are read, case-sensitively: accepting a field by its bare name made HOME
    # into FINREVIEW_HOME and LOG_LEVEL (which other tools set) into ours.
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=False, case_sensitive=True)

    database_url: str | None = Field(None, alias="DATABASE_URL")
    celery_broker_url: str | None = Field(None, alias="CELERY_BROKER_URL")
    home: Path = Field(Path(".finreview"), alias="FINREVIEW_HOME")
    # A running job whose worker vanished is re-queued once its lease runs out.
    lease_seconds: int = Field(300, alias="FINREVIEW_LEASE_SECONDS", ge=5)
    # A queued job nobody picked up (lost message, broker down at submit) is re-sent after this.
    requeue_after_seconds: int = Field(60, alias="FINREVIEW_REQUEUE_AFTER_SECONDS", ge=1)
    reconcile_interval_seconds: float = Field(10.0, alias="FINREVIEW_RECONCILE_INTERVAL", gt=0)
    model_dir: Path | None = Field(None, alias="FINREVIEW_MODEL_DIR")
    # Threads per model inside one process; `finreview worker` divides the cores among its processes.
    model_threads: int | None = Field(None, alias="FINREVIEW_MODEL_THREADS", ge=1)
    rules_dir: Path | None = Field(None, alias="FINREVIEW_RULES_DIR")
    policy_file: Path | None = Field(None, alias="FINREVIEW_POLICY_FILE")
    # Workers share classifier scores through PostgreSQL (classifier_scores); off, each process keeps
    # its own in memory. Sharing pays where copies repeat across workers and costs ~0.7 ms a job.
    shared_scores: bool = Field(True, alias="FINREVIEW_SHARED_SCORES")
    # Purpose/consent policies and the data-category vocabulary (rulesets/purpose/ by default).
    purpose_dir: Path | None = Field(None, alias="FINREVIEW_PURPOSE_DIR")
    worker_concurrency: int = Field(2, alias="FINREVIEW_WORKER_CONCURRENCY", ge=1)
    db_pool_max: int = Field(10, alias="FINREVIEW_DB_POOL_MAX", ge=1)
    # Webhooks: without a secret no delivery is attempted (rows wait, pending, until one is set).
    webhook_secret: SecretStr | None = Field(None, alias="FINREVIEW_WEBHOOK_SECRET")
    # Retry n (1-based) waits min(base * 2**(n-1), cap) seconds; after max_attempts the row is failed.
    webhook_backoff_seconds: float = Field(30.0, alias="FINREVIEW_WEBHOOK_BACKOFF_SECONDS", ge=0)
    webhook_backoff_cap_seconds: float = Field(3600.0, alias="FINREVIEW_WEBHOOK_BACKOFF_CAP_SECONDS", ge=0)
    webhook_max_attempts: int = Field(10, alias="FINREVIEW_WEBHOOK_MAX_ATTEMPTS", ge=1)
    webhook_timeout_seconds: float = Field(5.0, alias="FINREVIEW_WEBHOOK_TIMEOUT", gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="FINREVIEW_LOG_LEVEL")
    # The audit trail's checkpoints. Keys are read from the variable or the file, never logged;
    # with neither, a development key is generated under FINREVIEW_HOME/keys (see README).
    audit_key: SecretStr | None = Field(None, alias="FINREVIEW_AUDIT_KEY")
    audit_key_file: Path | None = Field(None, alias="FINREVIEW_AUDIT_KEY_FILE")
    audit_origin: str = Field("finreview.local/audit", alias="FINREVIEW_AUDIT_ORIGIN", pattern=r"^[^\s+]+$")
    checkpoint_dir: Path | None = Field(None, alias="FINREVIEW_CHECKPOINT_DIR")
    checkpoint_every_events: int = Field(1000, alias="FINREVIEW_CHECKPOINT_EVERY_EVENTS", ge=1)
    checkpoint_every_seconds: float = Field(300.0, alias="FINREVIEW_CHECKPOINT_EVERY_SECONDS", gt=0)
    # The key-encryption key that wraps each submission's data key (32 bytes, base64).
    content_kek: SecretStr | None = Field(None, alias="FINREVIEW_KEK")
    content_kek_file: Path | None = Field(None, alias="FINREVIEW_KEK_FILE")
    retention_file: Path | None = Field(None, alias="FINREVIEW_RETENTION_FILE")

    def require_database_url(self) -> str:
        if not self.database_url:
            raise RuntimeError("DATABASE_URL is not set and no embedded database was started")
        return self.database_url

    def broker_url(self) -> str:
        """The configured broker, or Celery's SQL transport on our own database."""
        if self.celery_broker_url:
            return self.celery_broker_url
        return sql_broker_url(self.require_database_url())

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def keys_dir(self) -> Path:
        return self.home / "keys"

    @property
    def checkpoints_path(self) -> Path:
        return self.checkpoint_dir or self.home / "checkpoints"


def settings_problems(exc: ValidationError) -> list[str]:
    """One line per bad variable, naming it and what it must be. The value itself is never
    repeated: it may be a key or a URL with a password."""
    lines = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "settings"
        lines.append(f"{name}: {error['msg']}")
    return lines


def sql_broker_url(database_url: str) -> str:
    for scheme in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if database_url.startswith(scheme):
            return "sqla+postgresql+psycopg://" + database_url[len(scheme):]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


def share_cores_among(processes: int) -> None:
    """Before forking `processes` model-holding processes: give each cores / processes threads, unless
    FINREVIEW_MODEL_THREADS says otherwise; more threads than cores in total only thrash."""
    os.environ.setdefault("FINREVIEW_MODEL_THREADS", str(max(1, usable_cores() // processes)))


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity (taskset, a container's cpuset), not
    every core of the machine."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
