"""Applying the SQL migrations that live beside each package, in order, exactly once."""
from __future__ import annotations

import re
import time
from importlib import resources

import psycopg

# Each package owns its schema; the order here is the order of dependencies between them.
SOURCES = ("audit", "service", "workers")
LOCK_KEY = 0x6672_6D69_6772  # one upgrader at a time when serve and workers start together
# A migration whose first line is this marker runs outside a transaction, one statement at a time:
# CREATE INDEX CONCURRENTLY builds an index on a live table without blocking the submissions that
# write to it, and PostgreSQL refuses it inside a transaction. Such a file must be safe to re-run
# from the top (it is recorded only once every statement has succeeded) and holds plain statements
# ended by ";" at the end of a line.
NO_TRANSACTION = "-- finreview: no-transaction"


def migration_files() -> list[tuple[str, str]]:
    found = []
    for package in SOURCES:
        folder = resources.files(f"{package}.sql")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".sql"):
                found.append((f"{package}/{entry.name}", entry.read_text(encoding="utf-8")))
    return found


def statements(sql: str) -> list[str]:
    """The statements of a no-transaction migration, comments dropped."""
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in re.split(r";[ \t]*(?:\n|$)", body) if part.strip()]


def upgrade(database_url: str) -> list[str]:
    """Apply pending migrations; returns the names applied. Consecutive ordinary migrations share
    one transaction; a no-transaction migration commits what came before it and runs on its own."""
    applied: list[str] = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        _lock(conn)
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                         "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
            pending = [(name, sql) for name, sql in migration_files() if name not in done]
            group: list[tuple[str, str]] = []
            for name, sql in pending:
                if not sql.startswith(NO_TRANSACTION):
                    group.append((name, sql))
                    continue
                applied += _apply_in_one_transaction(conn, group)
                group = []
                for statement in statements(sql):
                    conn.execute(statement)
                _record(conn, name)
                applied.append(name)
            applied += _apply_in_one_transaction(conn, group)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    return applied


def _lock(conn: psycopg.Connection) -> None:
    """Take the upgrade lock at session level (it must outlive the commits between groups) by polling.
    Blocking in pg_advisory_lock would deadlock: a waiter holds a snapshot, and CREATE INDEX
    CONCURRENTLY in the holder waits for every older snapshot to go away."""
    delay = 0.05
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]:
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def _apply_in_one_transaction(conn: psycopg.Connection, group: list[tuple[str, str]]) -> list[str]:
    if group:
        with conn.transaction():
            for name, sql in group:
                conn.execute(sql)
                _record(conn, name)
    return [name for name, _ in group]


def _record(conn: psycopg.Connection, name: str) -> None:
    conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
