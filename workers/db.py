"""The PostgreSQL connection pool (psycopg 3)."""
from __future__ import annotations

from psycopg_pool import ConnectionPool


def open_pool(url: str, *, max_size: int = 10, name: str = "finreview") -> ConnectionPool:
    pool = ConnectionPool(
        url, min_size=1, max_size=max_size, name=name, open=False,
        # A dead server connection is noticed and replaced instead of failing a request.
        check=ConnectionPool.check_connection,
        kwargs={"application_name": name},
    )
    pool.open(wait=True, timeout=30)
    return pool
