"""The API's PostgreSQL sessions: one left idle inside a transaction (its host cut off mid-request,
holding the audit trail's append lock) is ended by the server within a minute, not held for the
hours TCP takes to notice. (The server's side of this is shown on the workers' pool in
tests/workers/test_db.py.)"""
from __future__ import annotations

from workers.db import API_IDLE_IN_TRANSACTION_SECONDS


def test_the_api_pool_sessions_carry_an_idle_in_transaction_limit(client):
    with client.app.state.pool.connection() as conn:
        (shown,) = conn.execute("SHOW idle_in_transaction_session_timeout").fetchone()
        (name,) = conn.execute("SELECT current_setting('application_name')").fetchone()
    assert name == "finreview-api"
    assert shown == f"{API_IDLE_IN_TRANSACTION_SECONDS // 60}min"
