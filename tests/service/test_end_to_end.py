"""The whole product path on real services: HTTP submit -> broker -> a real Celery worker process ->
report -> officer decision -> audit chain verifies. In CI the broker is the machine's Redis."""
from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.conftest import ROOT, Proc, start_api, wait_for
from tests.samples import COMPLIANT_CARD_AD, VIOLATING_CARD_AD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(service_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("e2e-logs")
    worker = Proc(["worker", "--concurrency", "1"], service_env, logs / "worker.log")
    api, base = start_api(service_env, logs / "api.log", "--no-worker")
    yield base, worker, api
    api.stop()
    worker.stop()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def submit_and_wait(base: str, key: str, text: str, worker: Proc) -> dict:
    resp = httpx.post(f"{base}/v1/reviews", headers=auth(key), timeout=30, json={
        "text": text, "jurisdiction": "TW", "product": "credit_card", "channel": "web", "campaign_id": "e2e"})
    assert resp.status_code == 202, resp.text
    sub_id = resp.json()["id"]

    def routed():
        body = httpx.get(f"{base}/v1/reviews/{sub_id}", headers=auth(key), timeout=10).json()
        if worker.popen.poll() is not None:
            raise AssertionError(f"worker died:\n{worker.output()[-3000:]}")
        return body if body.get("verdict") else None

    return wait_for(routed, timeout=180, interval=0.5, what="the worker to route the submission")


def test_a_violating_card_ad_is_blocked_then_rejected_and_the_chain_verifies(stack, api_keys, service_env):
    base, worker, _ = stack
    body = submit_and_wait(base, api_keys["submitter"], VIOLATING_CARD_AD, worker)
    report = body["versions"][-1]["report"]
    assert body["verdict"] == "block" and body["status"] == "block"
    rule_ids = {f["rule_id"] for f in report["findings"]}
    assert {"tw.fsc.card.slogan-required", "tw.fsc.no-guarantee-wording"} <= rule_ids
    guarantee = next(f for f in report["findings"] if f["rule_id"] == "tw.fsc.no-guarantee-wording")
    start = VIOLATING_CARD_AD.index("保證獲利")
    assert (guarantee["start"], guarantee["end"]) == (start, start + 4)
    assert report["model"].startswith("finreview-risk@") and report["rulesets"]

    decision = httpx.post(f"{base}/v1/reviews/{body['id']}/decision", headers=auth(api_keys["reviewer"]), timeout=30,
                          json={"outcome": "reject", "reason_code": "guarantee-wording", "reason": "Remove 保證獲利."})
    assert decision.status_code == 201, decision.text
    after = httpx.get(f"{base}/v1/reviews/{body['id']}", headers=auth(api_keys["auditor"]), timeout=10).json()
    assert after["status"] == "rejected" and after["versions"][-1]["decision"]["reason_code"] == "guarantee-wording"

    verify = subprocess.run([sys.executable, "-m", "service", "audit", "verify"], cwd=ROOT, env=service_env,
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0 and verify.stdout.startswith("ok:"), verify.stdout + verify.stderr


def test_a_compliant_card_ad_passes(stack, api_keys):
    base, worker, _ = stack
    body = submit_and_wait(base, api_keys["submitter"], COMPLIANT_CARD_AD, worker)
    report = body["versions"][-1]["report"]
    assert body["verdict"] == "pass", report
    assert [f for f in report["findings"] if f["severity"] in ("blocker", "major")] == []
    assert report["errors"] == []


def test_events_record_every_state_change(stack, api_keys, database_url):
    import psycopg

    base, worker, _ = stack
    body = submit_and_wait(base, api_keys["submitter"], VIOLATING_CARD_AD, worker)
    httpx.post(f"{base}/v1/reviews/{body['id']}/decision", headers=auth(api_keys["senior_reviewer"]), timeout=30,
               json={"outcome": "request_changes", "reason_code": "slogan", "reason": "Add the slogan."})
    with psycopg.connect(database_url) as conn:
        types = [r[0] for r in conn.execute(
            "SELECT event_type FROM audit_events WHERE subject = %s ORDER BY seq", (f"submission:{body['id']}/v1",))]
    assert types == ["submitted", "queued", "checked", "routed", "decided"]


def test_a_job_whose_message_never_reached_the_broker_is_still_checked(stack, pool):
    """The API commits before it publishes; if the publish is lost, the reconciler re-sends the job."""
    from workers.pipeline import PIPELINE_VERSION
    from workers.store.submissions import NewCopy, store_copy

    _, worker, _ = stack
    with pool.connection() as conn:  # stored exactly as the API stores it, but never published
        stored = store_copy(conn, submitted_by="user:lost-message", pipeline_version=PIPELINE_VERSION,
                            copy=NewCopy(text=VIOLATING_CARD_AD, language="auto", jurisdiction="TW",
                                         product="credit_card", channel="web"))

    def reported():
        if worker.popen.poll() is not None:
            raise AssertionError(f"worker died:\n{worker.output()[-3000:]}")
        with pool.connection() as conn:
            return conn.execute("SELECT verdict FROM reports WHERE version_id = %s", (stored.version_id,)).fetchone()

    assert wait_for(reported, timeout=120, interval=0.5, what="the reconciler to re-send the job")[0] == "block"


def wait_verdict(base: str, key: str, sub_id: str, worker: Proc) -> dict:
    def routed():
        if worker.popen.poll() is not None:
            raise AssertionError(f"worker died:\n{worker.output()[-3000:]}")
        body = httpx.get(f"{base}/v1/reviews/{sub_id}", headers=auth(key), timeout=10).json()
        return body if body.get("verdict") else None

    return wait_for(routed, timeout=180, interval=0.5, what="the worker to route the submission")


@pytest.mark.parametrize("where, text, disclosures, risky, plain, rule", [
    ({"jurisdiction": "TW", "product": "credit_card", "channel": "sms", "language": "zh-TW"},
     "【星光銀行】{{name}}您好，{{offer}}。詳洽官網，拒收回R。循環信用利率最高15%，謹慎理財 信用至上",
     ["謹慎理財 信用至上", "拒收回R"], "保證核卡穩賺不賠", "白金卡友刷卡享3%回饋", "tw.fsc.no-guarantee-wording"),
    ({"jurisdiction": "US", "product": "credit_card", "channel": "sms", "language": "en"},
     "Hi {{name}}, {{offer}}. Apply at starbank.com. APR 29.99% variable. Reply STOP to opt out.",
     ["Reply STOP to opt out."], "guaranteed approval, no credit check", "enjoy 2% cash back on dining",
     "us.cfpa.udaap.guaranteed-approval"),
], ids=["TW", "US"])
def test_a_claim_in_a_free_text_slot_of_an_approved_template_reaches_an_officer(
        stack, api_keys, where, text, disclosures, risky, plain, rule):
    """Through the API and a real worker: the officer's approval of a template covers its fixed
    text, never what a free-text slot brings in. A risky slot value is stopped with the rule that
    catches it; a plain one is cleared citing the approval."""
    base, worker, _ = stack
    submitter = auth(api_keys["submitter"])
    name = "王小明" if where["jurisdiction"] == "TW" else "Sam"
    resp = httpx.post(f"{base}/v1/templates", headers=submitter, timeout=30, json={
        "text": text, "slots": {"name": {"pii": True, "max_length": 4}, "offer": {"max_length": 80}},
        "disclosures": disclosures, **where, "campaign_id": "slot-e2e"})
    assert resp.status_code == 202, resp.text
    template_id = resp.json()["id"]
    held = wait_verdict(base, api_keys["submitter"], template_id, worker)
    assert "template:needs-approval" in held["versions"][-1]["report"]["route"]["reasons"]
    approved = httpx.post(f"{base}/v1/reviews/{template_id}/decision", headers=auth(api_keys["senior_reviewer"]),
                          timeout=30, json={"outcome": "approve", "reason_code": "disclosures-complete",
                                            "reason": "Fixed text and disclosures approved."})
    assert approved.status_code == 201, approved.text

    verdicts = {}
    for offer in (risky, plain):
        filled = text.replace("{{name}}", name).replace("{{offer}}", offer)
        sent = httpx.post(f"{base}/v1/reviews", headers=submitter, timeout=30, json={
            "text": filled, "template_id": template_id, "slots": {"name": name, "offer": offer}, **where,
            "campaign_id": "slot-e2e"})
        assert sent.status_code == 202, sent.text
        verdicts[offer] = wait_verdict(base, api_keys["submitter"], sent.json()["id"], worker)
    stopped = verdicts[risky]["versions"][-1]["report"]
    assert verdicts[risky]["verdict"] in ("review", "block") and rule in {f["rule_id"] for f in stopped["findings"]}
    assert stopped["template"]["approval"] is not None and stopped["template"]["deviations"] == []
    cleared = verdicts[plain]["versions"][-1]["report"]
    assert verdicts[plain]["verdict"] == "pass", cleared["findings"]
    assert cleared["route"]["reasons"] == [f"template:{template_id}"]
