"""Observability on real processes: /metrics adds up the worker's figures and the database gauges,
logs are JSON lines carrying request and job ids, and no personal data or secret reaches a log."""
from __future__ import annotations

import json

import httpx
import pytest

from tests.conftest import Proc, start_api, wait_for
from tests.service.desk import PASSWORD, make_user

pytestmark = pytest.mark.slow

NATIONAL_ID, EMAIL, MOBILE = "A123456789", "lin.meihua.private@example.com", "0912345678"
SEEDED_COPY = (f"【極光卡】保證獲利！親愛的林美華小姐，您的身分證{NATIONAL_ID}已登錄，"
               f"請回信{EMAIL}或撥{MOBILE}。立即申辦。")


@pytest.fixture(scope="module")
def stack(service_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("observability")
    env = dict(service_env, FINREVIEW_HOME=str(logs / "home"), FINREVIEW_LOG_LEVEL="DEBUG",
               FINREVIEW_WEBHOOK_SECRET="whsec-seeded-secret-value-0123456789")
    worker = Proc(["worker", "--concurrency", "1"], env, logs / "worker.log")
    api, base = start_api(env, logs / "api.log", "--no-worker")
    yield base, worker, api, env
    api.stop()
    worker.stop()


def _routed(base: str, key: str, worker: Proc, text: str) -> str:
    resp = httpx.post(f"{base}/v1/reviews", headers={"Authorization": f"Bearer {key}", "X-Request-ID": "req-obs-1"},
                      json={"text": text, "jurisdiction": "TW", "product": "credit_card", "channel": "web"},
                      timeout=30)
    assert resp.status_code == 202, resp.text
    assert resp.headers["x-request-id"] == "req-obs-1"
    sub_id = resp.json()["id"]

    def done():
        if worker.popen.poll() is not None:
            raise AssertionError(worker.output()[-3000:])
        body = httpx.get(f"{base}/v1/reviews/{sub_id}", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
        return body.get("verdict")

    wait_for(done, timeout=180, interval=0.5, what="the worker to route the copy")
    return sub_id


def _value(metrics: str, prefix: str) -> float:
    lines = [line for line in metrics.splitlines() if line.startswith(prefix)]
    assert lines, f"no sample starting with {prefix}"
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines)


def test_metrics_include_worker_stage_latencies_and_database_gauges(stack, api_keys):
    """Stage histograms recorded in the worker process show up in the API's /metrics, next to the
    queue, verdict, auto-clear and override gauges and the reconciler's re-queue counter."""
    base, worker, _, _ = stack
    _routed(base, api_keys["submitter"], worker, SEEDED_COPY)
    text = httpx.get(f"{base}/metrics", timeout=30).text
    for stage in ("rules", "pii", "classifier", "routing"):
        assert _value(text, f'finreview_stage_seconds_count{{stage="{stage}"}}') >= 1
    assert _value(text, 'finreview_reports{') >= 1
    assert 'finreview_reports{jurisdiction="TW",product="credit_card",verdict="block"}' in text
    assert _value(text, "finreview_queue_depth{") >= 0 and "finreview_queue_oldest_job_age_seconds" in text
    assert 0 <= _value(text, "finreview_auto_clear_ratio") <= 1
    assert 0 <= _value(text, "finreview_officer_override_ratio") <= 1
    assert "finreview_reconciler_requeues_total" in text
    assert _value(text, "finreview_submissions_total") >= 1


def test_logs_are_json_with_request_and_job_ids_and_hold_no_personal_data_or_secrets(stack, api_keys, database_url):
    """The whole flow (submit, check, desk login, worker, reconciler) with seeded personal data and
    secrets: every structured line parses as JSON, request and job ids appear, and none of the
    seeded values, the copy, the API key, the desk password, the KEK or the webhook secret does."""
    base, worker, api, env = stack
    key = api_keys["submitter"]
    _routed(base, key, worker, SEEDED_COPY + " v2")
    httpx.post(f"{base}/v1/check", headers={"Authorization": f"Bearer {key}"}, timeout=60,
               json={"text": SEEDED_COPY, "jurisdiction": "TW", "product": "credit_card", "channel": "web"})
    httpx.post(f"{base}/v1/reviews", headers={"Authorization": "Bearer fr_not_a_real_key_but_secret"}, timeout=30,
               json={"text": SEEDED_COPY})
    name, _, _ = make_user(database_url, "reviewer")
    with httpx.Client(base_url=base, timeout=30) as client:  # a failed and a good desk login
        page = client.get("/ui/login").text
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/ui/login", data={"username": name, "password": "wrong-" + PASSWORD, "csrf_token": token})
        client.post("/ui/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
    logs = api.output() + worker.output()
    structured = []
    for line in logs.splitlines():
        if line.startswith("{"):
            structured.append(json.loads(line))
    assert any(entry.get("request_id") == "req-obs-1" for entry in structured)
    assert any("job_id" in entry for entry in structured)
    secrets = [NATIONAL_ID, EMAIL, MOBILE, "林美華", "保證獲利", key, "fr_not_a_real_key_but_secret", PASSWORD,
               env["FINREVIEW_WEBHOOK_SECRET"]]
    secrets += [env[name] for name in ("FINREVIEW_KEK", "FINREVIEW_AUDIT_KEY") if env.get(name)]
    for secret in secrets:
        assert secret not in logs, f"a seeded value reached the logs: {secret[:4]}…"
