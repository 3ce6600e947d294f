"""Users, roles and API keys. Keys are random, shown once, and stored as SHA-256 digests."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import psycopg

ROLES = ("submitter", "reviewer", "senior_reviewer", "auditor", "admin")
KEY_SCHEME = "frk"


class UserExists(Exception):
    pass


@dataclass(frozen=True)
class Principal:
    user_id: int
    name: str
    role: str
    key_id: int

    @property
    def actor(self) -> str:
        # Ids, not names: names can be personal data and the audit trail is forever.
        return f"user:{self.user_id}"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_user(conn: psycopg.Connection, *, name: str, role: str) -> int:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    row = conn.execute(
        "INSERT INTO users (name, role) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING RETURNING id", (name, role)
    ).fetchone()
    if row is None:
        raise UserExists(name)
    return row[0]


def find_user(conn: psycopg.Connection, *, name: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, role FROM users WHERE name = %s", (name,)).fetchone()
    return (row[0], row[1]) if row else None


def issue_key(conn: psycopg.Connection, *, user_id: int) -> str:
    """A new key for the user; the plaintext is returned once and never stored."""
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO api_keys (user_id, prefix, key_hash) VALUES (%s, %s, %s)", (user_id, prefix, _digest(secret))
    )
    return f"{KEY_SCHEME}_{prefix}_{secret}"


def authenticate(conn: psycopg.Connection, presented: str) -> Principal | None:
    scheme, _, rest = presented.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != KEY_SCHEME or not prefix or not secret:
        return None
    row = conn.execute(
        "SELECT k.id, k.key_hash, u.id, u.name, u.role FROM api_keys k JOIN users u ON u.id = k.user_id"
        " WHERE k.prefix = %s AND k.revoked_at IS NULL AND u.disabled_at IS NULL",
        (prefix,),
    ).fetchone()
    if row is None or not hmac.compare_digest(row[1], _digest(secret)):
        return None
    return Principal(user_id=row[2], name=row[3], role=row[4], key_id=row[0])
