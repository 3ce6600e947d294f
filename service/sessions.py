"""Password login (Argon2id), lockout after repeated failures, and server-side sessions.

The session cookie holds a random token; the database keeps only its SHA-256, the user and the
session's CSRF token. Logging out deletes the row, so a copied cookie stops working at once.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from audit.log import NewEvent, append
from service.identity import Principal

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile
# Verified against when the user does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("finreview-no-such-user")
MIN_PASSWORD_LENGTH = 10


class WeakPassword(ValueError):
    pass


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None
    locked: bool = False


@dataclass(frozen=True)
class Session:
    principal: Principal
    csrf_token: str


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def set_password(conn: psycopg.Connection, *, user_id: int, password: str) -> None:
    """Set a new password; this also lifts a lockout and ends the user's sessions."""
    conn.execute("UPDATE users SET password_hash = %s, failed_logins = 0, locked_until = NULL WHERE id = %s",
                 (hash_password(password), user_id))
    conn.execute("DELETE FROM sessions WHERE user_id = %s", (user_id,))


def check_password(conn: psycopg.Connection, *, name: str, password: str, max_failures: int,
                   lockout_seconds: int) -> LoginResult:
    """The user if the password is right and the account is neither disabled nor locked.

    After ``max_failures`` wrong passwords in a row the account is locked for ``lockout_seconds``;
    while locked even the right password is refused. Attempts and lockouts are audit events."""
    row = conn.execute(
        "SELECT id, name, role, password_hash, locked_until > now() FROM users"
        " WHERE name = %s AND disabled_at IS NULL FOR UPDATE",
        (name,),
    ).fetchone()
    if row is None or row[3] is None:
        _verify(_DUMMY_HASH, password)
        return LoginResult(None)
    user_id, user_name, role, stored, locked = row
    subject = f"user:{user_id}"
    if locked:
        append(conn, [NewEvent("login_refused", subject, subject, {"reason": "locked"})])
        return LoginResult(None, locked=True)
    if not _verify(stored, password):
        failures = conn.execute(
            "UPDATE users SET failed_logins = failed_logins + 1,"
            " locked_until = CASE WHEN failed_logins + 1 >= %s THEN now() + make_interval(secs => %s) END"
            " WHERE id = %s RETURNING failed_logins",
            (max_failures, lockout_seconds, user_id),
        ).fetchone()[0]
        now_locked = failures >= max_failures
        append(conn, [NewEvent("login_failed", subject, subject, {"failures": failures, "locked": now_locked})])
        return LoginResult(None, locked=now_locked)
    conn.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = %s", (user_id,))
    if _hasher.check_needs_rehash(stored):
        conn.execute("UPDATE users SET password_hash = %s WHERE id = %s", (_hasher.hash(password), user_id))
    append(conn, [NewEvent("logged_in", subject, subject, {})])
    return LoginResult(Principal(user_id=user_id, name=user_name, role=role))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(conn: psycopg.Connection, *, user_id: int, lifetime_seconds: int) -> str:
    """A new session; returns the cookie token (shown to the browser only)."""
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)"
        " VALUES (%s, %s, %s, now() + make_interval(secs => %s))",
        (_digest(token), user_id, secrets.token_urlsafe(32), lifetime_seconds),
    )
    return token


def find_session(conn: psycopg.Connection, token: str) -> Session | None:
    row = conn.execute(
        "SELECT u.id, u.name, u.role, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = %s AND s.expires_at > now() AND u.disabled_at IS NULL",
        (_digest(token),),
    ).fetchone()
    if row is None:
        return None
    return Session(Principal(user_id=row[0], name=row[1], role=row[2]), csrf_token=row[3])


def close_session(conn: psycopg.Connection, token: str) -> None:
    row = conn.execute("DELETE FROM sessions WHERE token_hash = %s RETURNING user_id", (_digest(token),)).fetchone()
    if row is not None:
        subject = f"user:{row[0]}"
        append(conn, [NewEvent("logged_out", subject, subject, {})])


def csrf_matches(expected: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(expected.encode(), presented.encode())
