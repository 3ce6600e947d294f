"""The embedded default: with no DATABASE_URL and no CELERY_BROKER_URL, `finreview serve --demo`
starts its own PostgreSQL in an empty FINREVIEW_HOME, loads the demo (with a campaign template and
its variants), runs a worker, routes a submission, and stops cleanly."""
from __future__ import annotations

import os
import re

import httpx
import pytest

from tests.conftest import start_api, wait_for
from tests.samples import VIOLATING_CARD_AD

pytestmark = pytest.mark.slow


def test_serve_runs_the_whole_product_on_an_empty_home(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CELERY_BROKER_URL") and not k.startswith("FINREVIEW_")}
    env.update(FINREVIEW_HOME=str(home), PYTHONUNBUFFERED="1")
    proc, base = start_api(env, tmp_path / "serve.log", "--demo")
    try:
        key = wait_for(lambda: re.search(r"demo-submitter\s+submitter\s+(\S+)", proc.output()), timeout=120,
                       what="the demo keys").group(1)
        assert "finreview is running at http://127.0.0.1:" in proc.output()
        resp = httpx.post(f"{base}/v1/reviews", headers={"Authorization": f"Bearer {key}"}, timeout=30, json={
            "text": VIOLATING_CARD_AD, "jurisdiction": "TW", "product": "credit_card", "channel": "social"})
        assert resp.status_code == 202, resp.text

        def verdict():
            body = httpx.get(f"{base}/v1/reviews/{resp.json()['id']}", headers={"Authorization": f"Bearer {key}"},
                             timeout=10).json()
            return body.get("verdict")

        assert wait_for(verdict, timeout=240, interval=0.5, what="a verdict from the embedded worker") == "block"
        # The demo's campaign: an approved template, three variants cleared by it and two that deviate.
        campaign = httpx.get(f"{base}/v1/reviews", params={"campaign": "demo-2026-card-sms"}, timeout=10,
                             headers={"Authorization": f"Bearer {key}"}).json()["items"]
        assert sorted(item["status"] for item in campaign) == ["approved", "pass", "pass", "pass", "review", "review"]
        ready = httpx.get(f"{base}/readyz", timeout=10).json()
        assert ready["parts"]["database"] == "ok"
    finally:
        code = proc.stop(timeout=60)
    assert code == 0, proc.output()[-3000:]
    assert "finreview stopped" in proc.output()
    assert (home / "pgdata" / "PG_VERSION").exists()
    assert not (home / "pgdata" / "postmaster.pid").exists(), "the embedded PostgreSQL was left running"
