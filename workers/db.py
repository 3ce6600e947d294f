"""The PostgreSQL connection pool (psycopg 3)."""
from __future__ import annotations

from psycopg_pool import ConnectionPool


# A worker host that drops off the network in the middle of a transaction leaves its session
# "idle in transaction" on the server, holding the audit trail's append lock: every other writer
# waits until the server notices, which TCP alone takes hours to do. The server ends such a session
# after this long (a worker's transactions last milliseconds), and the job's lease brings it back.
WORKER_IDLE_IN_TRANSACTION_SECONDS = 10
# The API's sessions likewise (an API host cut off mid-request holds the same lock). Its requests
# do more Python work between statements than a worker's job (a governance proposal replays
# reviews, a batch is validated as it is stored), so the bound is looser; it is still minutes, not
# the hours TCP would take.
API_IDLE_IN_TRANSACTION_SECONDS = 60


def open_pool(url: str, *, max_size: int = 10, name: str = "finreview",
              idle_in_transaction_seconds: float | None = None) -> ConnectionPool:
    kwargs = {"application_name": name}
    if idle_in_transaction_seconds:
        kwargs["options"] = f"-c idle_in_transaction_session_timeout={int(idle_in_transaction_seconds * 1000)}"
    pool = ConnectionPool(
        url, min_size=1, max_size=max_size, name=name, open=False,
        # A dead server connection is noticed and replaced instead of failing a request.
        check=ConnectionPool.check_connection,
        kwargs=kwargs,
    )
    pool.open(wait=True, timeout=30)
    return pool
