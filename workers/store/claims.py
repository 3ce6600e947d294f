"""Claiming an item for review: one officer at a time, and a claim that expires.

Claiming is a single conditional upsert on the claims table's primary key. PostgreSQL serialises
two concurrent inserts of the same key, and the loser re-evaluates the WHERE against the winner's
row, so two officers racing for one item can never both hold it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg

from audit.log import NewEvent, append

OPEN_STATUSES = ("review", "block")


class ClaimedByOther(Exception):
    def __init__(self, holder: str, expires_at: datetime):
        super().__init__(holder)
        self.holder, self.expires_at = holder, expires_at


class NotOpen(Exception):
    """The item is not waiting for an officer (not routed yet, or already decided)."""


@dataclass(frozen=True)
class Claim:
    version_id: int
    version: int
    claimed_by: str
    expires_at: datetime


def _latest_open(conn: psycopg.Connection, submission_id: str) -> tuple[int, int]:
    row = conn.execute(
        "SELECT id, version, status FROM submission_versions WHERE submission_id = %s ORDER BY version DESC LIMIT 1",
        (submission_id,),
    ).fetchone()
    if row is None:
        raise LookupError(submission_id)
    if row[2] not in OPEN_STATUSES:
        raise NotOpen(row[2])
    return row[0], row[1]


def claim(conn: psycopg.Connection, *, submission_id: str, actor: str, seconds: int) -> Claim:
    """Claim (or extend one's own claim on) the latest version; raises ClaimedByOther if taken."""
    version_id, version = _latest_open(conn, submission_id)
    row = conn.execute(
        "INSERT INTO claims (version_id, claimed_by, expires_at) VALUES (%s, %s, now() + make_interval(secs => %s))"
        " ON CONFLICT (version_id) DO UPDATE SET claimed_by = excluded.claimed_by,"
        "   claimed_at = CASE WHEN claims.claimed_by = excluded.claimed_by THEN claims.claimed_at ELSE now() END,"
        "   expires_at = excluded.expires_at"
        " WHERE claims.claimed_by = excluded.claimed_by OR claims.expires_at <= now()"
        " RETURNING expires_at",
        (version_id, actor, seconds),
    ).fetchone()
    if row is None:
        holder = conn.execute("SELECT claimed_by, expires_at FROM claims WHERE version_id = %s", (version_id,)).fetchone()
        raise ClaimedByOther(holder[0], holder[1])
    append(conn, [NewEvent("claimed", actor, f"submission:{submission_id}/v{version}", {"seconds": seconds})])
    return Claim(version_id, version, actor, row[0])


def release(conn: psycopg.Connection, *, submission_id: str, actor: str) -> bool:
    """Give one's own claim back; False if the caller held none."""
    row = conn.execute(
        "DELETE FROM claims c USING submission_versions v WHERE c.version_id = v.id AND v.submission_id = %s"
        " AND c.claimed_by = %s AND c.expires_at > now() RETURNING v.version",
        (submission_id, actor),
    ).fetchone()
    if row is None:
        return False
    append(conn, [NewEvent("released", actor, f"submission:{submission_id}/v{row[0]}", {})])
    return True


def holder(conn: psycopg.Connection, *, version_id: int) -> str | None:
    row = conn.execute(
        "SELECT claimed_by FROM claims WHERE version_id = %s AND expires_at > now()", (version_id,)
    ).fetchone()
    return row[0] if row else None
