"""Provenance of AI-written copy through the real API and a real Celery worker (issue 21): it is
validated, stored, sealed into the audit trail and exported; purpose and consent blocks fire with
their citations; and copy without provenance is judged and recorded exactly as before."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date

import httpx
import psycopg
import pytest

from tests.conftest import ROOT, Proc, start_api
from tests.samples import COMPLIANT_CARD_AD
from tests.service.test_end_to_end import wait_verdict

pytestmark = pytest.mark.slow

PROVENANCE = {
    "generator": {"vendor": "Acme AI", "model": "copywriter-xl", "version": "2026.11"},
    "prompt_id": "card-cashback-v3",
    "data_categories": ["age_band", "transaction_history"],
    "recipient_segment": "young-professionals",
    "consent": {"marketing": "granted", "channel": "web"},
}


@pytest.fixture(scope="module")
def stack(service_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("provenance-logs")
    worker = Proc(["worker", "--concurrency", "1"], service_env, logs / "worker.log")
    api, base = start_api(service_env, logs / "api.log", "--no-worker")
    yield base, worker
    api.stop()
    worker.stop()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def submit(base: str, key: str, **extra) -> httpx.Response:
    body = {"text": COMPLIANT_CARD_AD, "jurisdiction": "TW", "product": "credit_card", "channel": "web",
            "language": "zh-TW", **extra}
    return httpx.post(f"{base}/v1/reviews", headers=auth(key), json=body, timeout=30)


routed = wait_verdict  # submission id -> its body once the worker has routed it


def submitted_event(database_url: str, sub_id: str) -> dict:
    """The payload the `submitted` event sealed (its body is the canonical JSON the hash covers)."""
    with psycopg.connect(database_url) as conn:
        body = conn.execute("SELECT body FROM audit_events WHERE subject = %s AND event_type = 'submitted'",
                            (f"submission:{sub_id}/v1",)).fetchone()[0]
    return json.loads(body)["payload"]


def test_provenance_is_stored_sealed_exported_and_verified(stack, api_keys, database_url, service_env, tmp_path):
    base, worker = stack
    response = submit(base, api_keys["submitter"], campaign_id="prov-export", provenance=PROVENANCE)
    assert response.status_code == 202, response.text
    body = routed(base, api_keys["submitter"], response.json()["id"], worker)
    version = body["versions"][-1]
    assert version["provenance"] == PROVENANCE
    assert body["verdict"] == "pass", version["report"]  # allowed categories, consent for this channel
    assert version["report"]["purpose"] == {"policy": "purpose.tw@1"}
    assert "purpose.tw" in version["report"]["rulesets"]
    assert submitted_event(database_url, body["id"])["provenance"] == PROVENANCE

    out = tmp_path / "bundle.zip"
    exported = subprocess.run([sys.executable, "-m", "service", "audit", "export", "--from", date.today().isoformat(),
                               "--to", date.today().isoformat(), "--campaign", "prov-export", "--out", str(out)],
                              cwd=ROOT, env=service_env, capture_output=True, text=True, timeout=300)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(out) as zf:
        events = [json.loads(json.loads(line)["body"]) for line in zf.read("events.jsonl").splitlines()]
    sealed = [e for e in events if e["type"] == "submitted"]
    assert len(sealed) == 1 and sealed[0]["payload"]["provenance"] == PROVENANCE


def test_altering_sealed_provenance_is_detected_by_verify(fresh_db, service_env, tmp_path):
    """On a database of its own (the damage is committed): verify passes, then an edit of the
    declared consent in the stored event makes it fail."""
    from service.identity import create_user, issue_key

    with psycopg.connect(fresh_db) as conn:
        key = issue_key(conn, user_id=create_user(conn, name="prov-tamper", role="submitter"))
    # A home of its own: the checkpoints signed for this database must not mix with the session's.
    env = {**service_env, "DATABASE_URL": fresh_db, "FINREVIEW_HOME": str(tmp_path / "home")}
    env.pop("FINREVIEW_CHECKPOINT_DIR", None)
    api, base = start_api(env, tmp_path / "api.log", "--no-worker")
    try:
        response = submit(base, key, provenance=PROVENANCE)
        assert response.status_code == 202, response.text
    finally:
        api.stop()

    def verify():
        return subprocess.run([sys.executable, "-m", "service", "audit", "verify"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    first = verify()
    assert first.returncode == 0 and first.stdout.startswith("ok:"), first.stdout + first.stderr
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # the append-only trigger off, as an intruder would
        edited = conn.execute("UPDATE audit_events SET body = replace(body, '\"marketing\":\"granted\"',"
                              " '\"marketing\":\"unknown\"') WHERE event_type = 'submitted'")
        assert edited.rowcount == 1
    second = verify()
    assert second.returncode == 1, second.stdout + second.stderr


@pytest.mark.parametrize("provenance, product, channel, rule, citation", [
    ({**PROVENANCE, "consent": {"marketing": "opted_out", "channel": "all"}}, "credit_card", "web",
     "tw.pdpa.20.marketing-after-objection", "個人資料保護法 第20條"),
    ({**PROVENANCE, "data_categories": ["holdings"]}, "insurance", "web",
     "tw.pdpa.5-20.marketing-outside-purpose", "個人資料保護法 第5條"),
    ({**PROVENANCE, "data_categories": ["health"]}, "credit_card", "web",
     "tw.pdpa.6.special-category-data", "個人資料保護法 第6條"),
], ids=["opted-out", "outside-purpose", "special-category"])
def test_consent_and_purpose_blocks_fire_with_their_citations(stack, api_keys, provenance, product, channel, rule,
                                                              citation):
    base, worker = stack
    response = submit(base, api_keys["submitter"], provenance=provenance, product=product, channel=channel)
    assert response.status_code == 202, response.text
    body = routed(base, api_keys["submitter"], response.json()["id"], worker)
    report = body["versions"][-1]["report"]
    assert body["verdict"] == "block"
    found = [f for f in report["findings"] if f["rule_id"] == rule]
    assert len(found) == 1 and found[0]["severity"] == "blocker" and citation in found[0]["citation"]
    assert f"blocker:{rule}" in report["route"]["reasons"]


def test_a_submission_without_provenance_behaves_as_today(stack, api_keys, database_url):
    base, worker = stack
    response = submit(base, api_keys["submitter"])
    assert response.status_code == 202
    body = routed(base, api_keys["submitter"], response.json()["id"], worker)
    report = body["versions"][-1]["report"]
    assert body["verdict"] == "pass" and body["versions"][-1]["provenance"] is None
    assert "purpose" not in report and not any(k.startswith("purpose.") for k in report["rulesets"])
    assert set(submitted_event(database_url, body["id"])) == {
        "campaign_id", "jurisdiction", "product", "channel", "language", "content_sha256", "resubmission"}


@pytest.mark.parametrize("change, field", [
    ({"data_categories": ["age_band", "shoe_size"]}, "provenance.data_categories[1]"),
    ({"consent": {"marketing": "maybe", "channel": "web"}}, "provenance.consent.marketing"),
    ({"consent": {"marketing": "granted"}}, "provenance.consent.channel"),
    ({"generator": {"vendor": "Acme AI", "model": "x"}}, "provenance.generator.version"),
    ({"colour": "blue"}, "provenance.colour"),
], ids=["unknown-category", "unknown-consent", "no-consent-channel", "no-generator-version", "unknown-field"])
def test_malformed_provenance_is_a_422_naming_the_field_and_stores_nothing(stack, api_keys, database_url, change,
                                                                           field):
    base, _ = stack
    with psycopg.connect(database_url) as conn:
        before = conn.execute("SELECT count(*) FROM submissions").fetchone()[0]
    response = submit(base, api_keys["submitter"], provenance={**PROVENANCE, **change})
    assert response.status_code == 422
    problem = response.json()
    assert field in [e["field"] for e in problem["errors"]], problem
    batch = httpx.post(f"{base}/v1/reviews/batch", headers=auth(api_keys["submitter"]), timeout=30, json={"items": [
        {"text": "ok", "jurisdiction": "TW", "product": "credit_card", "channel": "web"},
        {"text": "ok", "jurisdiction": "TW", "product": "credit_card", "channel": "web",
         "provenance": {**PROVENANCE, **change}}]})
    assert batch.status_code == 422 and f"items[1].{field}" in [e["field"] for e in batch.json()["errors"]]
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM submissions").fetchone()[0] == before


def test_officers_see_provenance_on_the_item_and_filter_the_queue_by_it(stack, api_keys, database_url):
    from tests.service.desk import logged_in

    base, worker = stack
    mine = {**PROVENANCE, "generator": {"vendor": "Queue Labs", "model": "qwriter", "version": "1"},
            "consent": {"marketing": "opted_out", "channel": "all"}}
    held = submit(base, api_keys["submitter"], provenance=mine, campaign_id="prov-queue").json()["id"]
    plain = submit(base, api_keys["submitter"], text=COMPLIANT_CARD_AD + " 保證獲利", campaign_id="prov-queue").json()["id"]
    for sub_id in (held, plain):
        routed(base, api_keys["submitter"], sub_id, worker)
    client, _, _ = logged_in(base, database_url, "reviewer")
    client.cookies.set("finreview_lang", "zh-TW")
    by_model = client.get("/ui/queue", params={"campaign": "prov-queue", "generator": "qwriter"}).text
    assert held in by_model and plain not in by_model
    by_pair = client.get("/ui/queue", params={"campaign": "prov-queue", "generator": "Queue Labs/qwriter"}).text
    assert held in by_pair
    undeclared = client.get("/ui/queue", params={"campaign": "prov-queue", "generator": "none"}).text
    assert plain in undeclared and held not in undeclared
    assert held in client.get("/ui/queue", params={"campaign": "prov-queue", "consent": "opted_out"}).text
    assert held not in client.get("/ui/queue", params={"campaign": "prov-queue", "consent": "granted"}).text
    page = client.get(f"/ui/items/{held}")
    assert page.status_code == 200
    assert 'id="provenance"' in page.text and "Queue Labs · qwriter 1" in page.text
    assert 'data-consent="opted_out"' in page.text
    assert "交易紀錄" in page.text  # the category by its name in the reader's language, not its id


def test_the_per_generator_report_counts_verdicts_rules_and_overrides(stack, api_keys, database_url):
    """Two generators' copy through the real worker, then officers' decisions: the report as JSON,
    CSV and a page with its chart agree with what happened."""
    from tests.service.desk import logged_in, make_user

    base, worker = stack
    g1 = {**PROVENANCE, "generator": {"vendor": "Report Co", "model": "alpha", "version": "3"}}
    g2 = {**PROVENANCE, "generator": {"vendor": "Report Co", "model": "beta", "version": "1"}}
    opted_out = {"marketing": "opted_out", "channel": "all"}
    ids = {
        "g1-pass": submit(base, api_keys["submitter"], provenance=g1).json()["id"],
        "g1-block-a": submit(base, api_keys["submitter"], provenance={**g1, "consent": opted_out}).json()["id"],
        "g1-block-b": submit(base, api_keys["submitter"], provenance={**g1, "consent": opted_out}).json()["id"],
        "g2-pass": submit(base, api_keys["submitter"], provenance=g2).json()["id"],
    }
    verdicts = {k: routed(base, api_keys["submitter"], v, worker)["verdict"] for k, v in ids.items()}
    assert verdicts == {"g1-pass": "pass", "g1-block-a": "block", "g1-block-b": "block", "g2-pass": "pass"}

    def decide(sub_id, key, outcome, code):
        return httpx.post(f"{base}/v1/reviews/{sub_id}/decision", headers=auth(key), timeout=30, json={
            "outcome": outcome, "reason_code": code, "reason": "test decision", "precedent_reason": "test"})

    assert decide(ids["g1-block-a"], api_keys["reviewer"], "reject", "guarantee-wording").status_code == 201
    _, second_senior, _ = make_user(database_url, "senior_reviewer")
    assert decide(ids["g1-block-b"], api_keys["senior_reviewer"], "approve", "override-justified").status_code == 202
    assert decide(ids["g1-block-b"], second_senior, "approve", "override-justified").status_code == 201

    report = httpx.get(f"{base}/v1/reports/generators", headers=auth(api_keys["auditor"]), timeout=30)
    assert report.status_code == 200
    by_model = {g["generator"]["model"]: g for g in report.json()["generators"]}
    alpha, beta = by_model["alpha"], by_model["beta"]
    assert (alpha["items"], alpha["passed"], alpha["blocked"], alpha["reviewed"]) == (3, 1, 2, 0)
    assert alpha["shares"]["blocked"] == round(2 / 3, 4)
    assert (alpha["decided"], alpha["overridden"], alpha["override_rate"]) == (2, 1, 0.5)
    assert alpha["top_rules"][0] == {"rule_id": "tw.pdpa.20.marketing-after-objection", "items": 2}
    assert (beta["items"], beta["passed"], beta["override_rate"]) == (1, 1, None)

    as_csv = httpx.get(f"{base}/v1/reports/generators", params={"format": "csv"},
                       headers=auth(api_keys["senior_reviewer"]), timeout=30)
    assert as_csv.headers["content-type"].startswith("text/csv")
    row = next(line for line in as_csv.text.splitlines() if line.startswith("Report Co,alpha,3,"))
    assert row.split(",")[3:7] == ["3", "1", "0", "2"]
    assert httpx.get(f"{base}/v1/reports/generators", headers=auth(api_keys["submitter"]), timeout=30).status_code == 403
    assert httpx.get(f"{base}/v1/reports/generators", params={"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
                     headers=auth(api_keys["auditor"]), timeout=30).status_code == 422

    client, _, _ = logged_in(base, database_url, "reviewer")
    page = client.get("/ui/generators").text
    assert 'id="generator-chart"' in page and 'data-generator="Report Co/alpha/3"' in page
    assert "50% (1/2)" in page  # alpha's override rate in the table
    assert client.get("/ui/generators.csv").text.count("Report Co,") == 2


def test_a_template_variant_for_an_opted_out_recipient_is_blocked_and_one_with_consent_clears(stack, api_keys):
    """Provenance rides on template variants too: the officer's approval of the template covers its
    fixed text, never marketing to a recipient who refused it."""
    base, worker = stack
    where = {"jurisdiction": "TW", "product": "credit_card", "channel": "sms", "language": "zh-TW"}
    text = "【星光銀行】{{name}}您好，{{offer}}。詳洽官網，拒收回R。循環信用利率最高15%，謹慎理財 信用至上"
    created = httpx.post(f"{base}/v1/templates", headers=auth(api_keys["submitter"]), timeout=30, json={
        "text": text, "slots": {"name": {"pii": True, "max_length": 4}, "offer": {"max_length": 80}},
        "disclosures": ["謹慎理財 信用至上", "拒收回R"], **where, "campaign_id": "prov-template"})
    assert created.status_code == 202, created.text
    template_id = created.json()["id"]
    routed(base, api_keys["submitter"], template_id, worker)
    approval = httpx.post(f"{base}/v1/reviews/{template_id}/decision", headers=auth(api_keys["senior_reviewer"]),
                          timeout=30, json={"outcome": "approve", "reason_code": "disclosures-complete",
                                            "reason": "Fixed text approved."})
    assert approval.status_code == 201, approval.text
    outcomes = {}
    for consent in ("opted_out", "granted"):
        filled = text.replace("{{name}}", "王小明").replace("{{offer}}", "白金卡友刷卡享3%回饋")
        provenance = {**PROVENANCE, "template_id": template_id, "consent": {"marketing": consent, "channel": "sms"}}
        sent = httpx.post(f"{base}/v1/reviews", headers=auth(api_keys["submitter"]), timeout=30, json={
            "text": filled, "template_id": template_id, "slots": {"name": "王小明", "offer": "白金卡友刷卡享3%回饋"},
            **where, "campaign_id": "prov-template", "provenance": provenance})
        assert sent.status_code == 202, sent.text
        outcomes[consent] = routed(base, api_keys["submitter"], sent.json()["id"], worker)
    blocked = outcomes["opted_out"]["versions"][-1]["report"]
    assert outcomes["opted_out"]["verdict"] == "block"
    assert "tw.pdpa.20.marketing-after-objection" in {f["rule_id"] for f in blocked["findings"]}
    assert outcomes["granted"]["verdict"] == "pass", outcomes["granted"]["versions"][-1]["report"]["findings"]
