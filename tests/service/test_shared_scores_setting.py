"""FINREVIEW_SHARED_SCORES=false: a real worker process reviews copy without writing its classifier
scores to PostgreSQL (each process keeps them in memory), and the report is the same as with sharing."""
from __future__ import annotations

import secrets

import httpx
import psycopg
import pytest

from tests.conftest import Proc, start_api, wait_for

pytestmark = pytest.mark.slow


def test_a_worker_with_sharing_off_stores_no_scores(service_env, api_keys, database_url, tmp_path):
    env = {**service_env, "FINREVIEW_SHARED_SCORES": "false"}
    worker = Proc(["worker", "--concurrency", "1"], env, tmp_path / "worker.log")
    api, base = start_api(env, tmp_path / "api.log", "--no-worker")
    try:
        with psycopg.connect(database_url) as conn:
            before = conn.execute("SELECT count(*) FROM classifier_scores").fetchone()[0]
        text = f"本基金近一年報酬率{secrets.randbelow(90) + 10}%，穩健配息，立即申購！"  # copy no worker has scored
        headers = {"Authorization": f"Bearer {api_keys['submitter']}"}
        sent = httpx.post(f"{base}/v1/reviews", headers=headers, timeout=30, json={
            "text": text, "jurisdiction": "TW", "product": "fund", "channel": "web", "language": "zh-TW"})
        assert sent.status_code == 202, sent.text

        def routed():
            if worker.popen.poll() is not None:
                raise AssertionError(f"worker died:\n{worker.output()[-3000:]}")
            body = httpx.get(f"{base}/v1/reviews/{sent.json()['id']}", headers=headers, timeout=10).json()
            return body if body.get("verdict") else None

        report = wait_for(routed, timeout=180, interval=0.5, what="the worker to route the copy")["versions"][-1]["report"]
        assert report["model"].startswith("finreview-risk@") and report["risk_score"] is not None
        with psycopg.connect(database_url) as conn:
            assert conn.execute("SELECT count(*) FROM classifier_scores").fetchone()[0] == before
    finally:
        api.stop()
        worker.stop()
