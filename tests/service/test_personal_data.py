"""Personal data through the real API and a real worker: masked in every report, response, log and
audit event; revealed only to an allowed role, and every reveal is an audit event."""
from __future__ import annotations

import json

import httpx
import psycopg
import pytest

from rulesets.pii.recognizers.tw_national_id import is_valid_tw_national_id
from service.identity import ROLES, create_user, issue_key
from tests.conftest import Proc, start_api, wait_for

pytestmark = pytest.mark.slow

# The one check digit that makes F23456781? valid, found by the checksum itself.
NATIONAL_ID = next(v for d in "0123456789" if is_valid_tw_national_id(v := f"F23456781{d}"))
CARD = "4111111111111111"
EMAIL = "mei.lin.private@example.com"
RAW_VALUES = (NATIONAL_ID, CARD, EMAIL)
TEXT = (f"親愛的客戶您好，您的身分證字號{NATIONAL_ID}已完成登錄，卡號{CARD}的帳單將寄至{EMAIL}。"
        "本卡保證獲利，立即申辦！")


@pytest.fixture(scope="module")
def stack(service_env, tmp_path_factory):
    # DEBUG everywhere: the strictest setting a bank might switch on while chasing a problem.
    env = {**service_env, "FINREVIEW_LOG_LEVEL": "DEBUG"}
    logs = tmp_path_factory.mktemp("pii-logs")
    worker = Proc(["worker", "--concurrency", "1"], env, logs / "worker.log")
    api, base = start_api(env, logs / "api.log", "--no-worker")
    yield base, worker, api
    api.stop()
    worker.stop()


@pytest.fixture(scope="module")
def routed(stack, api_keys):
    base, worker, _ = stack
    key = api_keys["submitter"]
    resp = httpx.post(f"{base}/v1/reviews", headers=_auth(key), timeout=30, json={
        "text": TEXT, "jurisdiction": "TW", "product": "credit_card", "channel": "email", "campaign_id": "pii"})
    assert resp.status_code == 202, resp.text
    sub_id = resp.json()["id"]

    def done():
        if worker.popen.poll() is not None:
            raise AssertionError(f"worker died:\n{worker.output()[-3000:]}")
        response = httpx.get(f"{base}/v1/reviews/{sub_id}", headers=_auth(key), timeout=10)
        return response if response.json().get("verdict") else None

    return wait_for(done, timeout=180, interval=0.5, what="the worker to route the submission")


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _pii_findings(body: dict) -> list[dict]:
    return [f for f in body["versions"][-1]["report"]["findings"] if f["source"] == "pii"]


def test_the_report_finds_each_value_and_shows_it_masked(routed):
    body = routed.json()
    assert body["verdict"] == "block"
    found = {f["entity_type"]: f for f in _pii_findings(body)}
    assert {"TW_NATIONAL_ID", "CREDIT_CARD", "EMAIL_ADDRESS"} <= set(found)
    for entity, raw in (("TW_NATIONAL_ID", NATIONAL_ID), ("CREDIT_CARD", CARD), ("EMAIL_ADDRESS", EMAIL)):
        finding = found[entity]
        assert TEXT[finding["start"]:finding["end"]] == raw
        assert finding["excerpt"] != raw and "*" in finding["excerpt"]
    assert found["TW_NATIONAL_ID"]["severity"] == "blocker" and found["CREDIT_CARD"]["severity"] == "blocker"


def test_no_raw_value_reaches_responses_logs_reports_or_the_audit_trail(stack, routed, database_url):
    base, worker, api = stack
    places = {"GET /v1/reviews/{id}": routed.text, "api log": api.output(), "worker log": worker.output(),
              "metrics": httpx.get(f"{base}/metrics", timeout=10).text}
    with psycopg.connect(database_url) as conn:
        places["stored reports"] = json.dumps(
            [r[0] for r in conn.execute("SELECT report FROM reports").fetchall()], ensure_ascii=False)
        places["audit events"] = "\n".join(r[0] for r in conn.execute("SELECT body FROM audit_events").fetchall())
        places["jobs"] = json.dumps(conn.execute("SELECT * FROM jobs").fetchall(), default=str, ensure_ascii=False)
    assert '"level": "debug"' in places["worker log"]  # the logs really ran at DEBUG
    for where, content in places.items():
        for raw in RAW_VALUES:
            assert raw not in content, f"{where} holds a raw personal value"


def test_only_an_allowed_role_can_unmask_and_each_unmask_is_audited(stack, routed, api_keys, database_url):
    base, _, _ = stack
    body = routed.json()
    national_id = next(f for f in _pii_findings(body) if f["entity_type"] == "TW_NATIONAL_ID")
    url = f"{base}/v1/reviews/{body['id']}/versions/{body['versions'][-1]['version']}/unmask"

    for role in ("submitter", "reviewer", "auditor"):  # default policy: senior_reviewer and admin only
        denied = httpx.post(url, headers=_auth(api_keys[role]), json={"finding_id": national_id["id"]}, timeout=10)
        assert denied.status_code == 403, role
        assert NATIONAL_ID not in denied.text

    shown = httpx.post(url, headers=_auth(api_keys["senior_reviewer"]), json={"finding_id": national_id["id"]},
                       timeout=10)
    assert shown.status_code == 200, shown.text
    assert shown.json()["value"] == NATIONAL_ID and shown.headers["cache-control"] == "no-store"

    with psycopg.connect(database_url) as conn:
        events = [json.loads(r[0]) for r in conn.execute(
            "SELECT body FROM audit_events WHERE body::jsonb->>'type' = 'pii_unmasked'").fetchall()]
    assert any(e["payload"]["finding_id"] == national_id["id"] and e["subject"].startswith(f"submission:{body['id']}")
               for e in events)
    assert all(NATIONAL_ID not in json.dumps(e) for e in events)


def test_unmask_refuses_findings_that_are_not_personal_data_or_do_not_exist(stack, routed, api_keys):
    base, _, _ = stack
    body = routed.json()
    rule_finding = next(f for f in body["versions"][-1]["report"]["findings"] if f["source"] == "rule")
    url = f"{base}/v1/reviews/{body['id']}/versions/{body['versions'][-1]['version']}/unmask"
    key = _auth(api_keys["senior_reviewer"])
    not_pii = httpx.post(url, headers=key, json={"finding_id": rule_finding["id"]}, timeout=10)
    assert not_pii.status_code == 422 and not_pii.json()["type"].endswith("not-personal-data")
    missing = httpx.post(url, headers=key, json={"finding_id": "no-such-finding"}, timeout=10)
    assert missing.status_code == 404
    bad_id = httpx.post(f"{base}/v1/reviews/not-a-uuid/versions/1/unmask", headers=key,
                        json={"finding_id": "x"}, timeout=10)
    assert bad_id.status_code == 404


def test_the_unmask_policy_rejects_unknown_roles():
    from pydantic import ValidationError

    from service.settings import Settings

    with pytest.raises(ValidationError, match="unknown role"):
        Settings(FINREVIEW_UNMASK_ROLES="senior_reviewer,janitor")
    assert Settings(FINREVIEW_UNMASK_ROLES="reviewer, admin").unmask_role_set == {"reviewer", "admin"}
    assert set(ROLES) >= Settings().unmask_role_set


def test_a_user_added_later_with_an_allowed_role_can_unmask(stack, routed, database_url):
    """The policy is by role, not by a fixed list of users."""
    base, _, _ = stack
    with psycopg.connect(database_url) as conn:
        key = issue_key(conn, user_id=create_user(conn, name="late-admin-pii", role="admin"))
    body = routed.json()
    card = next(f for f in _pii_findings(body) if f["entity_type"] == "CREDIT_CARD")
    url = f"{base}/v1/reviews/{body['id']}/versions/{body['versions'][-1]['version']}/unmask"
    shown = httpx.post(url, headers=_auth(key), json={"finding_id": card["id"]}, timeout=10)
    assert shown.status_code == 200 and shown.json()["value"] == CARD
