"""Applying the SQL migrations that live beside each package, in order, exactly once."""
from __future__ import annotations

from importlib import resources

import psycopg

# Each package owns its schema; the order here is the order of dependencies between them.
SOURCES = ("audit", "service", "workers")
LOCK_KEY = 0x6672_6D69_6772  # one upgrader at a time when serve and workers start together


def migration_files() -> list[tuple[str, str]]:
    found = []
    for package in SOURCES:
        folder = resources.files(f"{package}.sql")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".sql"):
                found.append((f"{package}/{entry.name}", entry.read_text(encoding="utf-8")))
    return found


def upgrade(database_url: str) -> list[str]:
    """Apply pending migrations in one transaction; returns the names applied."""
    applied: list[str] = []
    with psycopg.connect(database_url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        for name, sql in migration_files():
            if name in done:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
            applied.append(name)
    return applied
