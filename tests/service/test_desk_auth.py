"""Desk login against a real API process and PostgreSQL: Argon2 passwords, server-side sessions,
CSRF on every form, lockout, logout, and the users CLI (list, disable, reset-key)."""
from __future__ import annotations

import subprocess
import sys

import httpx
import psycopg
import pytest

from tests.conftest import ROOT, start_api
from tests.service.desk import PASSWORD, csrf_of, logged_in, login, make_user

pytestmark = pytest.mark.slow


def test_passwords_are_stored_as_argon2id_hashes_never_in_clear(database_url):
    name, _, _ = make_user(database_url, "reviewer")
    with psycopg.connect(database_url) as conn:
        stored = conn.execute("SELECT password_hash FROM users WHERE name = %s", (name,)).fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_reviewer_logs_in_sees_the_queue_and_logging_out_ends_the_session_server_side(desk_api, database_url):
    client, token, _ = logged_in(desk_api, database_url, "reviewer")
    cookie = client.cookies.get("finreview_session")
    assert client.get("/ui/queue").status_code == 200
    assert client.post("/ui/logout", data={"csrf_token": token}).status_code == 303
    # The old cookie, replayed, no longer opens anything: the session row is gone.
    replay = httpx.get(f"{desk_api}/ui/queue", cookies={"finreview_session": cookie}, follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/ui/login")


def test_pages_without_a_session_redirect_to_login(desk_api):
    resp = httpx.get(f"{desk_api}/ui/queue", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/ui/login?next=/ui/queue"


def test_a_form_posted_without_or_with_a_wrong_csrf_token_is_refused(desk_api, database_url):
    client, token, _ = logged_in(desk_api, database_url, "reviewer")
    for data in ({}, {"csrf_token": "forged"}):
        resp = client.post("/ui/logout", data=data)
        assert resp.status_code == 403 and 'data-error="csrf"' in resp.text
    assert client.get("/ui/queue").status_code == 200  # the session survived the forged posts


def test_the_login_form_itself_needs_its_csrf_token(desk_api, database_url):
    name, _, _ = make_user(database_url, "reviewer")
    resp = httpx.post(f"{desk_api}/ui/login", data={"username": name, "password": PASSWORD}, follow_redirects=False)
    assert resp.status_code == 403 and "finreview_session" not in resp.cookies


def test_repeated_failures_lock_the_account_even_against_the_right_password(desk_api, database_url):
    name, _, user_id = make_user(database_url, "reviewer")
    statuses = [login(desk_api, name, "wrong password!")[1].status_code for _ in range(3)]
    assert statuses == [401, 401, 423]  # FINREVIEW_LOGIN_MAX_FAILURES=3 in desk_api
    client, resp = login(desk_api, name)
    assert resp.status_code == 423 and "finreview_session" not in client.cookies
    with psycopg.connect(database_url) as conn:
        events = [r[0] for r in conn.execute(
            "SELECT event_type FROM audit_events WHERE subject = %s ORDER BY seq", (f"user:{user_id}",))]
    assert events == ["login_failed", "login_failed", "login_failed", "login_refused"]


def test_a_wrong_user_name_gets_the_same_answer_as_a_wrong_password(desk_api):
    _, resp = login(desk_api, "nobody-by-this-name", "whatever it is")
    assert resp.status_code == 401


def test_failures_from_one_address_across_accounts_are_throttled_with_retry_after(service_env, database_url,
                                                                                   tmp_path):
    """Guessing one password against many accounts locks none of them; the address budget stops it."""
    env = {**service_env, "FINREVIEW_LOGIN_MAX_FAILURES": "3", "FINREVIEW_LOGIN_ADDRESS_FAILURES": "4"}
    proc, base = start_api(env, tmp_path / "api.log", "--no-worker")
    try:
        victims = [make_user(database_url, "reviewer")[0] for _ in range(4)]
        assert [login(base, name, "Summer2026!")[1].status_code for name in victims] == [401] * 4
        # The fifth try from this address is refused before any password is checked, even a right one.
        client, resp = login(base, make_user(database_url, "reviewer")[0])
        assert resp.status_code == 429 and 'id="login-error"' in resp.text
        assert 1 <= int(resp.headers["Retry-After"]) <= 900 and "finreview_session" not in client.cookies
        throttled = [line for line in proc.output().splitlines() if "login_throttled" in line]
        assert len(throttled) == 1 and "127.0.0.1" not in throttled[0]  # logged, without the address
    finally:
        proc.stop()


@pytest.mark.parametrize("trusted", ["127.0.0.1", "192.0.2.1"])
def test_the_address_throttle_counts_clients_behind_a_trusted_proxy_and_ignores_forged_addresses(
        service_env, database_url, tmp_path, trusted):
    """Behind a trusted proxy (the tests connect from 127.0.0.1) each forwarded client has its own
    budget, so one person's failures do not lock the office out. From a peer that is not a trusted
    proxy, X-Forwarded-For is ignored: rotating it does not buy more guesses."""
    env = {**service_env, "FINREVIEW_LOGIN_MAX_FAILURES": "3", "FINREVIEW_LOGIN_ADDRESS_FAILURES": "2",
           "FINREVIEW_TRUSTED_PROXIES": trusted}
    proc, base = start_api(env, tmp_path / "api.log", "--no-worker")
    try:
        forwarded = lambda address: {"X-Forwarded-For": address}  # noqa: E731
        guesser = [login(base, make_user(database_url, "reviewer")[0], "Summer2026!",
                         headers=forwarded("203.0.113.7"))[1].status_code for _ in range(2)]
        assert guesser == [401, 401]
        _, again = login(base, make_user(database_url, "reviewer")[0], headers=forwarded("203.0.113.7"))
        assert again.status_code == 429
        _, other = login(base, make_user(database_url, "reviewer")[0], headers=forwarded("198.51.100.9"))
        # trusted: another client signs in; untrusted: both "clients" are this one peer, still throttled
        assert other.status_code == (303 if trusted == "127.0.0.1" else 429)
    finally:
        proc.stop()


def _cli(env, *args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "service", "users", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_users_cli_adds_lists_resets_keys_and_disables(desk_api, service_env):
    added = _cli(service_env, "add", "cli-officer", "--role", "senior_reviewer", "--password-stdin",
                 stdin="a long enough password\n")
    assert added.returncode == 0, added.stderr
    old_key = added.stdout.strip().splitlines()[-1]
    auth = lambda key: {"Authorization": f"Bearer {key}"}  # noqa: E731
    claim_path = f"{desk_api}/v1/reviews/00000000-0000-0000-0000-000000000000/claim"
    assert httpx.post(claim_path, headers=auth(old_key)).status_code == 404  # a valid key: gets past auth

    listed = _cli(service_env, "list")
    line = next(l for l in listed.stdout.splitlines() if " cli-officer " in l)
    assert "senior_reviewer" in line and "active" in line and old_key not in listed.stdout

    reset = _cli(service_env, "reset-key", "cli-officer")
    new_key = reset.stdout.strip().splitlines()[-1]
    assert reset.returncode == 0 and new_key != old_key
    assert httpx.post(claim_path, headers=auth(old_key)).status_code == 401  # revoked
    assert httpx.post(claim_path, headers=auth(new_key)).status_code == 404

    client, resp = login(desk_api, "cli-officer", "a long enough password")
    assert resp.status_code == 303
    assert _cli(service_env, "disable", "cli-officer").returncode == 0
    assert httpx.post(claim_path, headers=auth(new_key)).status_code == 401
    assert client.get("/ui/queue").status_code == 303  # the live session ended with the account
    assert login(desk_api, "cli-officer", "a long enough password")[1].status_code == 401
    assert _cli(service_env, "disable", "no-such-user").returncode == 1
