"""Appending to and reading the audit trail in PostgreSQL (psycopg 3 connections)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator, Sequence

import psycopg
from psycopg.rows import dict_row

from audit.chain import GENESIS_HASH, seal
from audit.merkle import leaf_hash
from audit.schema import check_event
from audit.verify import VerifyResult, verify_chain

# One writer at a time: appends take this transaction-scoped advisory lock, so seq stays
# gap-free and each event links to the true previous head even with many workers.
APPEND_LOCK_KEY = 0x6672_6175_6469_74  # "fraudit"

EVENT_COLUMNS = "seq, event_type, actor, subject, occurred_at, body, prev_hash, hash, leaf_hash"


@dataclass(frozen=True)
class NewEvent:
    event_type: str
    actor: str
    subject: str
    payload: dict[str, Any] = field(default_factory=dict)


def append(conn: psycopg.Connection, events: Sequence[NewEvent]) -> list[int]:
    """Append events inside the caller's transaction; they commit or roll back with it."""
    if not events:
        return []
    for event in events:  # refuse before taking the lock: a bad event must not stall other writers
        check_event(event.event_type, event.actor, event.subject, event.payload)
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK_KEY,))
    head = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
    now = datetime.now(timezone.utc)
    time = now.isoformat(timespec="microseconds").replace("+00:00", "Z")
    rows, seqs = [], []
    for event in events:
        seq += 1
        body, digest = seal(
            seq=seq, event_type=event.event_type, actor=event.actor, subject=event.subject,
            time=time, payload=event.payload, prev_hash=prev_hash,
        )
        rows.append((seq, event.event_type, event.actor, event.subject, now, body, prev_hash, digest,
                     leaf_hash(body.encode("utf-8"))))
        seqs.append(seq)
        prev_hash = digest
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO audit_events ({EVENT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
    return seqs


def iter_events(conn: psycopg.Connection, *, batch: int = 5000, upto: int | None = None) -> Iterator[dict[str, Any]]:
    """All events (or the first ``upto``) in seq order, streamed with a server-side cursor."""
    with conn.cursor(name="audit_scan", row_factory=dict_row) as cur:
        cur.itersize = batch
        cur.execute(f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE %s::bigint IS NULL OR seq <= %s ORDER BY seq",
                    (upto, upto))
        yield from cur


def iter_rows_for_verify(conn: psycopg.Connection, *, batch: int = 10000) -> Iterator[tuple]:
    """Events as tuples in ``verify_log.ROW_FIELDS`` order, over the binary protocol (bytea and
    integers then cost no text parsing: about half the read time of a million events)."""
    with conn.cursor(name="audit_verify_scan", binary=True) as cur:
        cur.itersize = batch
        cur.execute("SELECT seq, event_type, actor, subject, body, prev_hash, hash, leaf_hash"
                    " FROM audit_events ORDER BY seq")
        yield from cur


def verify_database(conn: psycopg.Connection) -> VerifyResult:
    """The hash chain alone; ``audit.db_verify`` adds the signed checkpoints."""
    with conn.transaction():
        return verify_chain(iter_events(conn))


def head(conn: psycopg.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def events_for_subject(conn: psycopg.Connection, subject_prefix: str) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT seq, event_type, actor, subject, occurred_at, body FROM audit_events"
            " WHERE subject LIKE %s ORDER BY seq",
            (subject_prefix.replace("%", r"\%") + "%",),
        )
        return cur.fetchall()
