"""The embedded default: with no DATABASE_URL, run PostgreSQL from the pgserver package."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def start_embedded_postgres(home: Path) -> tuple[Any, str]:
    """Start (or join) the PostgreSQL server whose data lives in ``home/pgdata``.

    pgserver listens on a Unix socket only and stops the server when the last process that
    started it exits."""
    import pgserver

    home = home.resolve()
    home.mkdir(parents=True, exist_ok=True)  # pgserver needs the data dir's parent to exist
    server = pgserver.get_server(home / "pgdata", cleanup_mode="stop")
    return server, server.get_uri()


def ensure_database(settings) -> Any | None:
    """Fill in DATABASE_URL from an embedded server when none is configured. Child processes
    (the embedded worker) inherit it through the environment."""
    if settings.database_url:
        return None
    server, url = start_embedded_postgres(settings.home)
    settings.database_url = url
    os.environ["DATABASE_URL"] = url
    return server
