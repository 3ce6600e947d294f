"""Erasure closes the item (issue 17), through the real `finreview privacy erase`, the API and the
desk on real PostgreSQL, with copy checked by the worker code (run_job): once erased, an item reads
`erased`, is gone from the officers' queue, and a claim or a decision on it is a 409 `erased`; a job
still queued for it is finished unrun instead of routing it back to an officer."""
from __future__ import annotations

import json
import secrets
import subprocess
import sys

import psycopg
import pytest

from audit.log import events_for_subject, verify_database
from service.identity import create_user
from tests.conftest import ROOT
from tests.service.campaign_client import api, bearer, check_all, desk_login  # noqa: F401 (fixture)
from tests.service.desk import PASSWORD, csrf_of, make_user
from tests.service.inproc import in_process_api
from workers.runner import run_job

pytestmark = pytest.mark.services
CAMPAIGN = f"camp-erasure-{secrets.token_hex(3)}"
COPY = {"text": "本基金保證獲利，請洽王先生 0912345678", "jurisdiction": "TW", "product": "fund", "channel": "web",
        "campaign_id": CAMPAIGN}


def finreview(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def admin_name(database_url) -> str:
    name = f"admin-{secrets.token_hex(3)}"
    with psycopg.connect(database_url) as conn:
        create_user(conn, name=name, role="admin")
    return name


@pytest.fixture(scope="module")
def desk(settings, components, service_env, database_url):
    """A second in-process app for a logged-in reviewer's desk session (the `api` client keeps bearer auth)."""
    name, _, _ = make_user(database_url, "senior_reviewer")
    with in_process_api(settings, components, service_env) as client:
        desk_login(client, name, PASSWORD)
        yield client


def erase(submission_id: str, admin: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = finreview("privacy", "erase", "--submission", submission_id, "--by", admin,
                     "--override-reason", "data subject request", env=env)
    assert done.returncode == 0, done.stderr
    return done


def test_an_erased_item_leaves_the_queue_reads_erased_and_refuses_claims_and_decisions(
        api, desk, api_keys, pool, components, database_url, service_env, admin_name):
    """A routed, claimed item is erased through the CLI: its status and the campaign listing read
    `erased`, the desk queue no longer lists it, a claim or decision through the API and the desk's
    decision form are 409 `erased`, the item page names the status in the officer's language, the closure is a `closed` audit event, and the chain verifies."""
    submitter = bearer(api_keys["submitter"])
    item = api.post("/v1/reviews", json=COPY, headers=submitter).json()["id"]
    [routed] = check_all(pool, components, item)
    assert routed in ("review", "block")
    officer = bearer(make_user(database_url, "senior_reviewer")[1])
    assert api.post(f"/v1/reviews/{item}/claim", headers=officer).status_code == 200
    assert item in desk.get("/ui/queue", params={"campaign": CAMPAIGN}).text

    done = erase(item, admin_name, service_env)
    assert "closed v1 as erased" in done.stdout and "0912345678" not in done.stdout + done.stderr

    read = api.get(f"/v1/reviews/{item}", headers=submitter).json()
    assert read["status"] == "erased" and read["versions"][0]["status"] == "erased"
    listed = api.get("/v1/reviews", params={"campaign": CAMPAIGN}, headers=submitter).json()
    assert [r["status"] for r in listed["items"] if r["id"] == item] == ["erased"]
    assert item not in desk.get("/ui/queue", params={"campaign": CAMPAIGN}).text

    for path, body in ((f"/v1/reviews/{item}/claim", None),
                       (f"/v1/reviews/{item}/decision", {"outcome": "approve", "reason_code": "false-positive",
                                                         "reason": "Looks fine."})):
        refused = api.post(path, json=body, headers=officer)
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["type"].endswith("/erased")
    page = desk.get(f"/ui/items/{item}").text
    assert "個資已抹除" in page  # the desk's default language names the status, not its code
    form = desk.post(f"/ui/items/{item}/decision", data={
        "csrf_token": csrf_of(page), "outcome": "reject", "reason_code": "guarantee-wording", "reason": "No."})
    assert form.status_code == 409 and 'data-error="erased"' in form.text
    claim_form = desk.post(f"/ui/items/{item}/claim", data={"csrf_token": csrf_of(page)}, follow_redirects=False)
    assert claim_form.status_code == 409 and 'data-error="erased"' in claim_form.text

    with psycopg.connect(database_url) as conn:
        closed = [json.loads(e["body"]) for e in events_for_subject(conn, f"submission:{item}/v1")
                  if e["event_type"] == "closed"]
        assert [(c["payload"]["outcome"], c["payload"]["previous_status"]) for c in closed] == [("erased", routed)]
        assert conn.execute("SELECT count(*) FROM claims c JOIN submission_versions v ON v.id = c.version_id"
                            " WHERE v.submission_id = %s", (item,)).fetchone()[0] == 0
        assert verify_database(conn).ok


def test_a_job_still_queued_when_the_copy_is_erased_does_not_reopen_the_item(
        api, api_keys, pool, components, database_url, service_env, admin_name):
    """Erased before the worker reached it: the queued job is finished unrun, so the worker skips it
    and stores no report; the item stays `erased` instead of going to an officer as a failed check."""
    submitter = bearer(api_keys["submitter"])
    item = api.post("/v1/reviews", json=COPY, headers=submitter).json()["id"]
    with psycopg.connect(database_url) as conn:
        job_id = conn.execute("SELECT j.id FROM jobs j JOIN submission_versions v ON v.id = j.version_id"
                              " WHERE v.submission_id = %s", (item,)).fetchone()[0]
    erase(item, admin_name, service_env)
    assert run_job(pool, job_id, components=components, lease_seconds=60) == "skipped"
    read = api.get(f"/v1/reviews/{item}", headers=submitter).json()
    assert read["status"] == "erased" and read["versions"][0]["report"] is None
    officer = bearer(make_user(database_url, "reviewer")[1])
    decided = api.post(f"/v1/reviews/{item}/decision", headers=officer,
                       json={"outcome": "reject", "reason_code": "guarantee-wording", "reason": "Unreadable."})
    assert decided.status_code == 409 and decided.json()["type"].endswith("/erased")
