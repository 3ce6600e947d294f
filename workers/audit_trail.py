"""The audit trail's operations as the product runs them: checkpoints each reconciler round,
verification against the configured key and directory, and exports for auditors (a campaign
becomes the set of its submissions' subjects)."""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Callable

import psycopg
from psycopg_pool import ConnectionPool

from audit.checkpoint import Checkpoint
from audit.checkpoints import CheckpointPolicy, checkpoint_if_due, make_checkpoint
from audit.db_verify import verify_database_log
from audit.export import ExportRequest, ExportResult, export
from audit.note import Verifier
from audit.verify_log import LogVerdict
from workers.config import RuntimeConfig
from workers.keys import audit_signer
from workers.store.people import roster

log = logging.getLogger(__name__)


def policy(config: RuntimeConfig) -> CheckpointPolicy:
    return CheckpointPolicy(config.audit_origin, config.checkpoint_every_events, config.checkpoint_every_seconds,
                            config.checkpoints_path)


def checkpoint_round(pool: ConnectionPool, config: RuntimeConfig) -> Checkpoint | None:
    """Sign a checkpoint when N events or T seconds have passed since the last one."""
    with pool.connection() as conn:
        made = checkpoint_if_due(conn, audit_signer(config), policy(config))
    if made is not None:
        log.info("audit checkpoint signed at tree size %d", made.size)
    return made


def checkpoint_now(conn: psycopg.Connection, config: RuntimeConfig) -> Checkpoint | None:
    return make_checkpoint(conn, audit_signer(config), policy(config))


def verify(conn: psycopg.Connection, config: RuntimeConfig, verifier: Verifier | None) -> LogVerdict:
    """``verifier`` None: no key exists yet, so any checkpoint found is reported as unverifiable."""
    return verify_database_log(conn, verifier, origin=config.audit_origin, directory=config.checkpoints_path)


def campaign_subjects(conn: psycopg.Connection, campaign: str) -> frozenset[str]:
    rows = conn.execute("SELECT id::text FROM submissions WHERE campaign_id = %s", (campaign,)).fetchall()
    return frozenset(f"submission:{r[0]}" for r in rows)


def run_export(conn: psycopg.Connection, config: RuntimeConfig, *, start: datetime, end: datetime,
               campaign: str | None, events_format: str, out: Path,
               progress: Callable[[int], None] | None = None) -> ExportResult:
    """Checkpoint first so every event appended until now is covered, then write the bundle (with the
    names and roles of the users its events name, read from the user table)."""
    signer = audit_signer(config)
    make_checkpoint(conn, signer, policy(config))
    subjects = campaign_subjects(conn, campaign) if campaign is not None else None
    request = ExportRequest(start, end, subjects, {"campaign": campaign} if campaign is not None else None)
    return export(conn, request, out, verifier=signer.verifier, origin=config.audit_origin,
                  events_format=events_format, progress=progress, people=lambda actors: roster(conn, actors))


def count_in_range(conn: psycopg.Connection, start: datetime, end: datetime) -> int:
    return conn.execute("SELECT count(*) FROM audit_events WHERE occurred_at >= %s AND occurred_at < %s",
                        (start, end)).fetchone()[0]
