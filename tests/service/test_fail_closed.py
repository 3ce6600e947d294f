"""Fail closed through the real API: a corrupt model file and an invalid rule pack route copy to a
human with the reason in `errors`, and /readyz names the degraded parts."""
from __future__ import annotations

import shutil

import httpx
import pytest

from classifiers.model import DEFAULT_MODEL_DIR
from rulesets.packs import PACKS_ROOT
from tests.conftest import start_api, wait_for
from tests.samples import COMPLIANT_CARD_AD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def degraded_api(service_env, api_keys, tmp_path_factory):
    root = tmp_path_factory.mktemp("broken-parts")
    model = root / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, model)
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 3])  # a half-copied file
    rules = root / "rules"
    shutil.copytree(PACKS_ROOT, rules)
    pack = next((rules / "tw" / "credit_card").glob("*.yaml"))
    pack.write_text(pack.read_text(encoding="utf-8") + "\nunknown_key: true\n", encoding="utf-8")
    env = dict(service_env, FINREVIEW_MODEL_DIR=str(model), FINREVIEW_RULES_DIR=str(rules))
    api, base = start_api(env, root / "api.log", "--no-worker")
    yield base, api_keys
    api.stop()


def test_copy_checked_with_broken_parts_goes_to_a_human_with_the_reasons(degraded_api):
    """Compliant copy that would pass is routed to review: the classifier and rules stages report
    why, and nothing is cleared."""
    base, keys = degraded_api
    resp = httpx.post(f"{base}/v1/check", headers={"Authorization": f"Bearer {keys['submitter']}"}, timeout=120,
                      json={"text": COMPLIANT_CARD_AD, "jurisdiction": "TW", "product": "credit_card",
                            "channel": "web"})
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["verdict"] == "review"
    assert {e["stage"] for e in report["errors"]} >= {"classifier", "rules"}
    assert report["model"] is None


def test_readyz_names_the_degraded_parts(degraded_api):
    """The database is fine, so the API is up (200), but it says which parts failed."""
    base, _ = degraded_api
    resp = wait_for(lambda: (r := httpx.get(f"{base}/readyz", timeout=120)).json()["parts"].get("pipeline") != "loading"
                    and r, timeout=120, what="the pipeline parts to finish loading")
    body = resp.json()
    assert resp.status_code == 200 and body["status"] == "degraded"
    assert body["parts"]["classifier"] == "failed" and body["parts"]["rules"] == "failed"
    assert body["parts"]["database"] == "ok" and body["parts"]["pii"] == "ok"
