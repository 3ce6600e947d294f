"""Making signed checkpoints of the log in PostgreSQL, every N events or T seconds.

One checkpointer at a time (an advisory lock). Each checkpoint extends the previous one's compact
range with the events added since, recomputing their leaves from the bodies so that what is
signed is what is stored. The note goes to the database (served to auditors) and to the
checkpoint directory outside it (the copy an attacker with the database cannot rewrite).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg

from audit import checkpoint_dir
from audit.checkpoint import Checkpoint, sign_checkpoint
from audit.merkle import CompactRange, leaf_hash
from audit.note import Signer

CHECKPOINT_LOCK_KEY = 0x6672_6370_6F69_6E74  # "frcpoint"


@dataclass(frozen=True)
class CheckpointPolicy:
    origin: str
    every_events: int
    every_seconds: float
    directory: Path | None


class LogGap(Exception):
    """The events to checkpoint are not gap-free; signing them would certify a broken log."""


def latest(conn: psycopg.Connection) -> tuple[int, bytes, bytes] | None:
    """(tree_size, root_hash, frontier) of the newest checkpoint, or None."""
    row = conn.execute("SELECT tree_size, root_hash, frontier FROM audit_checkpoints"
                       " ORDER BY tree_size DESC LIMIT 1").fetchone()
    return (row[0], bytes(row[1]), bytes(row[2])) if row else None


def is_due(conn: psycopg.Connection, policy: CheckpointPolicy) -> bool:
    row = conn.execute(
        "SELECT (SELECT coalesce(max(seq), 0) FROM audit_events),"
        " (SELECT coalesce(max(tree_size), 0) FROM audit_checkpoints),"
        " (SELECT extract(epoch FROM now() - max(created_at)) FROM audit_checkpoints)"
    ).fetchone()
    head, signed, age = row[0], row[1], row[2]
    new = head - signed
    return new >= policy.every_events or (new > 0 and (age is None or float(age) >= policy.every_seconds))


def make_checkpoint(conn: psycopg.Connection, signer: Signer, policy: CheckpointPolicy) -> Checkpoint | None:
    """Sign the log as it stands (committed events only); None when nothing new was appended."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (CHECKPOINT_LOCK_KEY,))
        last = latest(conn)
        compact = CompactRange() if last is None else CompactRange(last[0], _split(last[2]))
        rows = conn.execute("SELECT seq, body FROM audit_events WHERE seq > %s ORDER BY seq",
                            (compact.size,)).fetchall()
        if not rows:
            return None
        added = bytearray()
        for seq, body in rows:
            if seq != compact.size + 1:
                raise LogGap(f"seq {compact.size + 1} is missing")
            leaf = leaf_hash(body.encode("utf-8"))
            compact.append(leaf)
            added += leaf
        checkpoint = Checkpoint(policy.origin, compact.size, compact.root())
        note = sign_checkpoint(checkpoint, signer)
        conn.execute("INSERT INTO audit_checkpoints (tree_size, root_hash, note, frontier) VALUES (%s, %s, %s, %s)",
                     (checkpoint.size, checkpoint.root, note, b"".join(compact.nodes())))
        if policy.directory is not None:  # a failed write rolls the row back: nothing signed goes unkept
            checkpoint_dir.write(policy.directory, checkpoint.size, note, bytes(added))
    return checkpoint


def checkpoint_if_due(conn: psycopg.Connection, signer: Signer, policy: CheckpointPolicy) -> Checkpoint | None:
    if not is_due(conn, policy):
        conn.rollback()
        return None
    conn.rollback()  # end the read's transaction before taking the lock in a fresh one
    return make_checkpoint(conn, signer, policy)


def notes(conn: psycopg.Connection, *, upto: int | None = None) -> list[tuple[int, str]]:
    return conn.execute("SELECT tree_size, note FROM audit_checkpoints WHERE %s::bigint IS NULL OR tree_size <= %s"
                        " ORDER BY tree_size", (upto, upto)).fetchall()


def _split(frontier: bytes) -> list[bytes]:
    return [frontier[i:i + 32] for i in range(0, len(frontier), 32)]
