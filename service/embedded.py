"""The embedded default: with no DATABASE_URL, run PostgreSQL from the pgserver package."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def start_embedded_postgres(home: Path) -> tuple[Any, str]:
    """Start (or join) the PostgreSQL server whose data lives in ``home/pgdata``.

    pgserver listens on a Unix socket only and stops the server when the last process that
    started it exits."""
    home = home.resolve()
    home.mkdir(parents=True, exist_ok=True)  # pgserver needs the data dir's parent to exist
    pgserver = _import_pgserver(home / "run")
    server = pgserver.get_server(home / "pgdata", cleanup_mode="stop")
    return server, server.get_uri()


def _import_pgserver(runtime: Path):
    """pgserver fixes its lock file and spare socket folder at import, in the user's runtime
    folder; without XDG_RUNTIME_DIR that is /tmp/runtime-<uid> and warns on every command. Point
    it under FINREVIEW_HOME for the import only, so no other program sees the change."""
    import sys

    if "pgserver" in sys.modules:
        return sys.modules["pgserver"]
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    saved = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    try:
        import pgserver
    finally:
        if saved is None:
            os.environ.pop("XDG_RUNTIME_DIR", None)
        else:
            os.environ["XDG_RUNTIME_DIR"] = saved
    return pgserver


def ensure_database(settings) -> Any | None:
    """Fill in DATABASE_URL from an embedded server when none is configured. Child processes
    (the embedded worker) inherit it through the environment."""
    if settings.database_url:
        return None
    server, url = start_embedded_postgres(settings.home)
    settings.database_url = url
    os.environ["DATABASE_URL"] = url
    return server
