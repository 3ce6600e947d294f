"""A worker process's heartbeat: once its parts are loaded it says it is ready, then that it is
alive every few seconds, on a connection of its own (the job pool's two are for jobs)."""
from __future__ import annotations

import logging
import os
import socket
import threading

import psycopg

from workers.store import heartbeats

log = logging.getLogger(__name__)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat_forever(database_url: str, *, name: str, stop: threading.Event, every: float = heartbeats.BEAT_SECONDS) -> None:
    """Say ``name`` is ready, then alive, until ``stop`` is set, then that it is gone; a database
    that is away is tried again on the next beat (a worker must not die because a heartbeat failed)."""
    conn: psycopg.Connection | None = None
    said_ready = False
    while True:
        try:
            if conn is None or conn.closed:
                conn = psycopg.connect(database_url, autocommit=True, application_name="finreview-heartbeat",
                                       connect_timeout=5)
            (heartbeats.beat if said_ready else heartbeats.ready)(conn, name)
            said_ready = True
        except Exception as exc:
            log.warning("heartbeat failed: %s", type(exc).__name__)
            if conn is not None:
                conn.close()
            conn = None
        if stop.wait(every):
            break
    try:
        if conn is not None and said_ready:
            heartbeats.gone(conn, name)
    except Exception as exc:  # a worker killed outright leaves its row too; it ages out
        log.warning("heartbeat sign-off failed: %s", type(exc).__name__)
    finally:
        if conn is not None:
            conn.close()
