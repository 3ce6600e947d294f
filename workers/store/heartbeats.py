"""Worker processes that have loaded their parts say so, and keep saying they are alive. The
reconciler reads this to tell a line of jobs that stopped moving because the broker lost its
messages (a ready worker waits, nothing comes) from one that waits for a worker still loading its
model (store/jobs.py _DUE)."""
from __future__ import annotations

import psycopg

# How often a ready worker process says it is alive, and how long after its last word it counts as
# gone (several missed beats, so a busy database does not make a live worker look dead). Both
# shrink with a short re-send delay (see alive_window), so a worker killed a moment ago is not
# taken for one that waits on a broker that lost its messages.
BEAT_SECONDS = 5.0
ALIVE_SECONDS = 30


def beat_every(requeue_after_seconds: float) -> float:
    return min(BEAT_SECONDS, requeue_after_seconds / 3)


def alive_window(requeue_after_seconds: float) -> float:
    return min(ALIVE_SECONDS, requeue_after_seconds)


def ready(conn: psycopg.Connection, name: str) -> None:
    """``name``'s parts are loaded now."""
    conn.execute("INSERT INTO worker_heartbeats (name, ready_at, seen_at) VALUES (%s, now(), now())"
                 " ON CONFLICT (name) DO UPDATE SET ready_at = now(), seen_at = now()", (name,))


def beat(conn: psycopg.Connection, name: str) -> None:
    """``name`` is still alive (a row lost meanwhile comes back, ready from now)."""
    conn.execute("INSERT INTO worker_heartbeats (name, ready_at, seen_at) VALUES (%s, now(), now())"
                 " ON CONFLICT (name) DO UPDATE SET seen_at = now()", (name,))


def forget_gone(conn: psycopg.Connection, *, older_than_seconds: int = 86400) -> int:
    """Drop workers silent for a day (each process start adds a row)."""
    return conn.execute("DELETE FROM worker_heartbeats WHERE seen_at < now() - make_interval(secs => %s)",
                        (older_than_seconds,)).rowcount


def gone(conn: psycopg.Connection, name: str) -> None:
    """``name`` is shutting down cleanly."""
    conn.execute("DELETE FROM worker_heartbeats WHERE name = %s", (name,))
