"""Who an actor is: the user name and role behind ``user:<id>``, for what people read (the desk,
the consistency report, an auditor's bundle). The audit trail itself keeps the id only: a name can
be personal data, and the trail is forever."""
from __future__ import annotations

from typing import Any, Iterable

import psycopg

PREFIX = "user:"


def _user_id(actor: Any) -> int | None:
    digits = actor[len(PREFIX):] if isinstance(actor, str) and actor.startswith(PREFIX) else ""
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 19 else None


def roster(conn: psycopg.Connection, actors: Iterable[Any]) -> dict[str, dict[str, str]]:
    """actor -> {"name", "role"} for the actors that are users; others (the worker, ...) are left out.

    Roles are set when a user is created and no command changes them, so the role read now is the
    role the user held at each of their decisions."""
    ids = sorted({i for i in map(_user_id, actors) if i is not None})
    if not ids:
        return {}
    rows = conn.execute("SELECT id, name, role FROM users WHERE id = ANY(%s)", (ids,)).fetchall()
    return {f"{PREFIX}{i}": {"name": name, "role": role} for i, name, role in rows}


def names(conn: psycopg.Connection, actors: Iterable[Any]) -> dict[str, str]:
    """actor -> user name; an actor that is no user stands for itself."""
    actors = [a for a in actors if a]
    known = roster(conn, actors)
    return {a: known[a]["name"] if a in known else a for a in actors}


def with_names(conn: psycopg.Connection, rows: list[dict[str, Any]], *keys: str) -> None:
    """Sets ``<key>_name`` beside each actor column of each row (None where the column is empty)."""
    found = names(conn, (row[k] for row in rows for k in keys))
    for row in rows:
        for k in keys:
            row[f"{k}_name"] = found.get(row[k]) if row[k] else None
