"""Shared fixtures: a real PostgreSQL database and a real Celery broker for the whole session.

CI (.ci/run) points FINREVIEW_TEST_DATABASE_URL at the machine's PostgreSQL and
FINREVIEW_TEST_BROKER_URL at its Redis, and a missing service there is a failure. Without those
variables (a newcomer's laptop) the suite starts an embedded PostgreSQL from pgserver and uses
Celery's SQL transport on it, so the README's test command works with nothing installed."""
from __future__ import annotations

import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from audit.note import generate

ROOT = Path(__file__).resolve().parent.parent

# One key-encryption key for this process and every finreview process it starts, so submission
# content one of them stores (encrypted) the others can read, as in a real deployment.
os.environ.setdefault("FINREVIEW_KEK", base64.b64encode(secrets.token_bytes(32)).decode())
# Likewise one audit signing key for the session's processes: a stack started with a FINREVIEW_HOME of
# its own would otherwise sign checkpoints in the shared database with a key the others lack, and a
# later `audit verify` there would pass or fail depending on which modules ran first.
AUDIT_KEY = os.environ.get("FINREVIEW_AUDIT_KEY") or generate("finreview.local/audit").encode()


def _admin_url(tmp_root: Path) -> tuple[str, object | None]:
    url = os.environ.get("FINREVIEW_TEST_DATABASE_URL")
    if url:
        return url, None
    import pgserver

    server = pgserver.get_server(tmp_root / "pgdata", cleanup_mode="delete")
    return server.get_uri(), server


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, migrated database of its own for this test session."""
    admin, server = _admin_url(tmp_path_factory.mktemp("pg"))
    with _migrated_database(admin, "finreview_test") as url:
        yield url
    del server


@pytest.fixture
def fresh_db(database_url):
    """A migrated database of its own for one test, beside the session's: for the audit tamper
    tests, which commit damage on purpose."""
    with _migrated_database(_with_database(database_url, "postgres"), "finreview_audit") as url:
        yield url


@pytest.fixture
def empty_db(database_url):
    """A database of its own with no tables at all, for the migration runner's tests."""
    with _migrated_database(_with_database(database_url, "postgres"), "finreview_empty", migrate=False) as url:
        yield url


@contextmanager
def _migrated_database(admin: str, prefix: str, *, migrate: bool = True):
    """A new database on the server `admin` points at, migrated unless told not to; dropped afterwards."""
    from service.migrations import upgrade

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = _with_database(admin, name)
        if migrate:
            upgrade(url)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def broker_url(database_url):
    url = os.environ.get("FINREVIEW_TEST_BROKER_URL")
    if url:
        if url.startswith("redis://") and url.rstrip("/").count("/") == 2:
            url = f"{url.rstrip('/')}/{secrets.randbelow(15) + 1}"  # a db of its own, away from other runs
        return url
    from workers.config import sql_broker_url

    return sql_broker_url(database_url)


@pytest.fixture(scope="session")
def service_env(database_url, broker_url, tmp_path_factory):
    """Environment for the API, worker and CLI processes of this session."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINREVIEW_") and k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(DATABASE_URL=database_url, CELERY_BROKER_URL=broker_url,
               FINREVIEW_HOME=str(tmp_path_factory.mktemp("home")),
               FINREVIEW_REQUEUE_AFTER_SECONDS="5", FINREVIEW_RECONCILE_INTERVAL="1",
               FINREVIEW_KEK=os.environ["FINREVIEW_KEK"], FINREVIEW_AUDIT_KEY=AUDIT_KEY,
               PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="session")
def settings(service_env):
    from service.settings import Settings

    return Settings.model_validate({k: v for k, v in service_env.items() if k.startswith(("FINREVIEW_", "DATABASE_URL", "CELERY_"))})


@pytest.fixture(scope="session")
def components(settings):
    """The real pipeline parts (rule packs, Presidio, the committed model), built once."""
    from workers.components import load_components

    built = load_components(settings)
    assert not built.load_errors, built.load_errors
    return built


@pytest.fixture(scope="session")
def pool(database_url):
    from workers.db import open_pool

    p = open_pool(database_url, max_size=4, name="finreview-tests")
    yield p
    p.close()


@pytest.fixture(scope="session")
def api_keys(database_url):
    """One user per role, with a fresh API key each."""
    from service.identity import ROLES, create_user, issue_key

    keys = {}
    with psycopg.connect(database_url) as conn:
        for role in ROLES:
            user_id = create_user(conn, name=f"test-{role}-{secrets.token_hex(3)}", role=role)
            keys[role] = issue_key(conn, user_id=user_id)
    return keys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.25, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Proc:
    """A finreview process started for a test, with its output kept in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path, *, group: bool = False):
        """group=True starts it in a process group of its own, so kill9() takes its children too."""
        self.log = log
        self._fh = log.open("wb")
        self.popen = subprocess.Popen([sys.executable, "-m", "service", *args], env=env, cwd=ROOT,
                                      stdout=self._fh, stderr=subprocess.STDOUT, start_new_session=group)

    def kill9(self) -> None:
        """SIGKILL to the process group (for a Celery worker: the parent and its pool processes)."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()
        self._fh.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, timeout: float = 40) -> int:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._fh.close()
        return self.popen.returncode


def start_api(env: dict[str, str], log: Path, *extra: str) -> tuple[Proc, str]:
    port = free_port()
    proc = Proc(["serve", "--port", str(port), *extra], env, log)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if proc.popen.poll() is not None:
            raise AssertionError(f"serve exited early:\n{proc.output()[-3000:]}")
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(up, timeout=90, what="the API to answer /healthz")
    return proc, base
