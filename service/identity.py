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
    key_id: int | None = None  # None when the caller logged in with a password (a web session)

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


def list_users(conn: psycopg.Connection) -> list[dict]:
    rows = conn.execute(
        "SELECT u.id, u.name, u.role, u.disabled_at IS NOT NULL, u.password_hash IS NOT NULL,"
        " (SELECT count(*) FROM api_keys k WHERE k.user_id = u.id AND k.revoked_at IS NULL)"
        " FROM users u ORDER BY u.id"
    ).fetchall()
    return [{"id": r[0], "name": r[1], "role": r[2], "disabled": r[3], "has_password": r[4], "active_keys": r[5]}
            for r in rows]


def disable_user(conn: psycopg.Connection, *, name: str) -> bool:
    """Disable the user, revoke their keys and end their sessions; False if there is no such user."""
    row = conn.execute(
        "UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE name = %s RETURNING id", (name,)
    ).fetchone()
    if row is None:
        return False
    revoke_keys(conn, user_id=row[0])
    conn.execute("DELETE FROM sessions WHERE user_id = %s", (row[0],))
    return True


def revoke_keys(conn: psycopg.Connection, *, user_id: int) -> int:
    return conn.execute(
        "UPDATE api_keys SET revoked_at = now() WHERE user_id = %s AND revoked_at IS NULL", (user_id,)
    ).rowcount


def reset_key(conn: psycopg.Connection, *, user_id: int) -> str:
    """Revoke every key the user holds and issue one new key (shown once)."""
    revoke_keys(conn, user_id=user_id)
    return issue_key(conn, user_id=user_id)
