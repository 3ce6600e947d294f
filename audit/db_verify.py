"""`finreview audit verify` against the database: every event, every checkpoint in the database
and in the checkpoint directory, checked with a public key the caller trusts."""
from __future__ import annotations

import os
from pathlib import Path

import psycopg

from audit import checkpoint_dir
from audit.checkpoints import notes as db_notes
from audit.log import iter_rows_for_verify
from audit.note import Verifier
from audit.verify_log import LogVerdict, verify_log


def verify_database_log(conn: psycopg.Connection, verifier: Verifier | None, *, origin: str | None,
                        directory: Path | None, workers: int | None = None) -> LogVerdict:
    """``workers``: processes for the per-event checks (default: one per CPU)."""
    workers = workers or os.cpu_count() or 1
    kept_notes, kept_leaves = checkpoint_dir.read(directory) if directory is not None else ([], {})
    fresh = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with conn.transaction():
        if fresh:  # one snapshot for events and checkpoints, so a concurrent append is no false alarm
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        stored = [note for _, note in db_notes(conn)]
        return verify_log(iter_rows_for_verify(conn), stored + kept_notes, verifier, origin=origin, kept_leaves=kept_leaves,
                          workers=workers)
