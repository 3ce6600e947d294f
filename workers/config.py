"""Runtime configuration shared by the API, the workers and the reconciler (environment variables)."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RuntimeConfig(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    database_url: str | None = Field(None, alias="DATABASE_URL")
    celery_broker_url: str | None = Field(None, alias="CELERY_BROKER_URL")
    home: Path = Field(Path(".finreview"), alias="FINREVIEW_HOME")
    # A running job whose worker vanished is re-queued once its lease runs out.
    lease_seconds: int = Field(300, alias="FINREVIEW_LEASE_SECONDS", ge=5)
    # A queued job nobody picked up (lost message, broker down at submit) is re-sent after this.
    requeue_after_seconds: int = Field(60, alias="FINREVIEW_REQUEUE_AFTER_SECONDS", ge=1)
    reconcile_interval_seconds: float = Field(10.0, alias="FINREVIEW_RECONCILE_INTERVAL", gt=0)
    model_dir: Path | None = Field(None, alias="FINREVIEW_MODEL_DIR")
    rules_dir: Path | None = Field(None, alias="FINREVIEW_RULES_DIR")
    policy_file: Path | None = Field(None, alias="FINREVIEW_POLICY_FILE")
    worker_concurrency: int = Field(2, alias="FINREVIEW_WORKER_CONCURRENCY", ge=1)
    db_pool_max: int = Field(10, alias="FINREVIEW_DB_POOL_MAX", ge=1)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="FINREVIEW_LOG_LEVEL")

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


def sql_broker_url(database_url: str) -> str:
    for scheme in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if database_url.startswith(scheme):
            return "sqla+postgresql+psycopg://" + database_url[len(scheme):]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")
