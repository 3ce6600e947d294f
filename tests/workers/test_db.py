"""The workers' connection pool on real PostgreSQL: a session left idle inside a transaction (its
host dropped off the network while holding the audit trail's append lock) is ended by the server,
so the other writers go on."""
from __future__ import annotations

import time

import psycopg
import pytest

from audit.log import APPEND_LOCK_KEY
from workers.db import open_pool


def test_a_worker_session_idle_in_a_transaction_loses_its_lock_to_the_server(database_url):
    pool = open_pool(database_url, max_size=1, name="finreview-test-idle", idle_in_transaction_seconds=1)
    try:
        stranded = pool.getconn()
        stranded.execute("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK_KEY,))  # then its host goes silent
        with psycopg.connect(database_url, autocommit=True) as other:
            other.execute("SET lock_timeout = '5s'")
            started = time.monotonic()
            other.execute("SELECT pg_advisory_lock(%s)", (APPEND_LOCK_KEY,))  # waits, then gets it
            other.execute("SELECT pg_advisory_unlock(%s)", (APPEND_LOCK_KEY,))
            assert time.monotonic() - started < 5
        with pytest.raises(psycopg.errors.IdleInTransactionSessionTimeout):
            stranded.execute("SELECT 1")  # the server ended that session
        pool.putconn(stranded)
    finally:
        pool.close()
