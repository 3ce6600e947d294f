"""Four-eyes governance of a rule-pack change in a real browser, against a real `finreview serve`
(API, worker and reconciler in one process, on a database of its own): the pack edited on disk
does not take effect on restart; one senior reviewer proposes it and sees the replay report; a
second approves it; later reports carry the new pack fingerprint; the audit chain verifies."""
from __future__ import annotations

import shutil
import subprocess
import sys

import httpx
import psycopg
import pytest

from rulesets.packs import PACKS_ROOT, load_packs
from tests.conftest import ROOT, start_api, wait_for
from tests.service.desk import make_user
from tests.service.test_desk_browser import _login, browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = pytest.mark.slow
BASE = "本基金經金管會核准，惟不表示絕無風險。投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。"
PHRASE = "躺著領錢"
RULE_FILE = ("tw", "general", "no-guarantee-wording.yaml")


def submit_and_wait(base: str, key: str, text: str) -> dict:
    response = httpx.post(f"{base}/v1/reviews", headers={"Authorization": f"Bearer {key}"}, timeout=30, json={
        "text": text, "jurisdiction": "TW", "product": "fund", "channel": "web", "language": "zh-TW"})
    assert response.status_code == 202, response.text
    sub_id = response.json()["id"]

    def routed():
        body = httpx.get(f"{base}/v1/reviews/{sub_id}", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
        return body["versions"][-1]["report"] if body.get("verdict") else None

    return wait_for(routed, timeout=180, interval=0.5, what="the worker to route the copy")


def phrase_found(report: dict) -> bool:
    return any(PHRASE in f["excerpt"] for f in report["findings"] if f["rule_id"] == "tw.fsc.no-guarantee-wording")


def test_a_pack_change_takes_effect_only_after_a_second_senior_approves_it(browser, fresh_db, service_env,  # noqa: F811
                                                                           tmp_path):
    packs = tmp_path / "packs"
    shutil.copytree(PACKS_ROOT, packs, ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.md"))
    env = {**service_env, "DATABASE_URL": fresh_db, "FINREVIEW_HOME": str(tmp_path / "home"),
           "FINREVIEW_RULES_DIR": str(packs)}
    for name in ("CELERY_BROKER_URL", "FINREVIEW_CHECKPOINT_DIR"):  # the SQL transport on this database
        env.pop(name, None)
    alice, bob = make_user(fresh_db, "senior_reviewer")[0], make_user(fresh_db, "senior_reviewer")[0]
    _, key, _ = make_user(fresh_db, "submitter")

    api, base = start_api(env, tmp_path / "api-1.log", "--worker")
    try:  # the first start records the installed set as the register's first approved set
        old = submit_and_wait(base, key, BASE)["rulesets"]["tw.general"]
    finally:
        api.stop()

    rule = packs.joinpath(*RULE_FILE)
    rule.write_text(rule.read_text(encoding="utf-8").replace("零風險, ", f"零風險, {PHRASE}, ", 1), encoding="utf-8")
    new = next(p.fingerprint for p in load_packs(packs) if p.name == "tw.general")
    assert new != old

    api, base = start_api(env, tmp_path / "api-2.log", "--worker")
    try:
        held = submit_and_wait(base, key, BASE + f"每月{PHRASE}。")
        assert held["rulesets"]["tw.general"] == old and not phrase_found(held)  # on disk, not in force

        proposer = _login(browser, base, alice)
        proposer.goto(f"{base}/ui/governance")
        model = proposer.locator('tr[data-artifact="model:finreview-risk"]').inner_text()
        assert "Model risk management" in model and "high" in model and "dev F1" in model  # owner, tier, evidence
        assert proposer.locator("#drift-chart").count() == 1 and proposer.locator("#rule-rates").count() == 1
        proposer.locator('li[data-artifact="rule_pack:tw.general"]').get_by_role("button", name="重跑並提案").click()
        proposer.wait_for_url("**/ui/governance#proposal-*")
        proposal = proposer.locator('article.proposal[data-state="proposed"]')
        assert proposal.get_attribute("data-fingerprint") == new
        replay = proposal.locator("div.replay")
        assert int(replay.get_attribute("data-checked")) >= 2 and int(replay.get_attribute("data-changed")) >= 1
        assert proposal.get_by_role("button", name="核准").count() == 0  # the proposer cannot approve
        assert "等待另一位資深審查人員核准" in proposal.inner_text()

        approver = _login(browser, base, bob)
        approver.goto(f"{base}/ui/governance")
        article = approver.locator('article.proposal[data-state="proposed"]')
        assert "件判定將改變" in article.inner_text()  # the replay report travels with the proposal
        article.get_by_label("理由").fill("Replay reviewed: only copy with the new phrase changes.")
        article.get_by_role("button", name="核准").click()
        approver.wait_for_url("**/ui/governance#proposal-*")
        assert approver.locator('tr[data-artifact="rule_pack:tw.general"]').get_attribute("data-fingerprint") == new

        def in_force():
            report = submit_and_wait(base, key, BASE + f"每週{PHRASE}。")
            return report if report["rulesets"]["tw.general"] == new else None

        later = wait_for(in_force, timeout=60, interval=1, what="workers to run the approved pack")
        assert phrase_found(later) and later["verdict"] == "block"
    finally:
        api.stop()

    with psycopg.connect(fresh_db) as conn:
        types = [r[0] for r in conn.execute("SELECT event_type FROM audit_events WHERE subject LIKE 'governance:%'"
                                            " ORDER BY seq")]
    assert types == ["governance_bootstrapped", "governance_proposed", "governance_approved"]
    verify = subprocess.run([sys.executable, "-m", "service", "audit", "verify"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0 and verify.stdout.startswith("ok:"), verify.stdout + verify.stderr
