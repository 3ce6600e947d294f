"""`finreview rules ...` through the real console entry point."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from tests.conftest import ROOT
from tests.service.campaign_client import api  # noqa: F401 (fixture)
from tests.samples import VIOLATING_CARD_AD


def finreview(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_list_filters_by_jurisdiction_and_product():
    out = finreview("rules", "list", "--jurisdiction", "TW", "--product", "credit_card").stdout
    assert "tw.fsc.card.slogan-required" in out
    assert "us." not in out and "uk." not in out


def test_explain_shows_citation_scope_and_examples():
    result = finreview("rules", "explain", "tw.fsc.card.slogan-required")
    assert result.returncode == 0
    assert "信用卡業務機構管理辦法" in result.stdout and "fires on:" in result.stdout and "stays quiet on:" in result.stdout


def test_explain_of_an_unknown_rule_is_a_usage_error():
    result = finreview("rules", "explain", "tw.no.such-rule")
    assert result.returncode == 2 and "no rule 'tw.no.such-rule'" in result.stderr


@pytest.mark.parametrize("command", ["test", "lint"])
def test_the_shipped_packs_pass_their_own_examples_and_lint(command):
    result = finreview("rules", command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_replay_lists_past_verdicts_the_working_packs_would_change(service_env, pool):
    from workers.pipeline import PIPELINE_VERSION
    from workers.store import jobs, reports
    from workers.store.submissions import NewCopy, store_copy

    with pool.connection() as conn:  # a past report that passed copy today's packs block
        stored = store_copy(conn, submitted_by="user:replay", pipeline_version=PIPELINE_VERSION,
                            copy=NewCopy(text=VIOLATING_CARD_AD, language="zh-TW", jurisdiction="TW",
                                         product="credit_card", channel="web"))
        claimed = jobs.claim(conn, job_id=stored.job_id, lease_seconds=60)
        reports.save_report(conn, job_id=stored.job_id, version_id=stored.version_id, subject=claimed.subject,
                            pipeline_version=PIPELINE_VERSION, digest="0" * 64, report={
                                "verdict": "pass", "risk_score": 0.1, "findings": [], "rulesets": {}, "model": None,
                                "errors": [], "policy": None, "route": {"reasons": []}})
    result = finreview("rules", "replay", "--since", date.today().isoformat(), "--format", "json", env=service_env)
    assert result.returncode == 0, result.stderr
    changes = [json.loads(line) for line in result.stdout.splitlines()]
    mine = [c for c in changes if c["submission_id"] == stored.submission_id]
    assert mine and mine[0]["old_verdict"] == "pass" and mine[0]["new_verdict"] == "block"
    assert "tw.fsc.card.slogan-required" in mine[0]["rules_added"]


def test_replay_refuses_a_bad_date():
    result = finreview("rules", "replay", "--since", "last tuesday")
    assert result.returncode == 2 and "--since must be a date" in result.stderr


def test_replay_judges_templates_and_variants_as_the_worker_did(api, api_keys, pool, components, database_url,
                                                               service_env):
    """With unchanged packs, a template held for approval and its variants (cleared, deviating and
    stopped for a slot's claim) replay to the verdicts the worker gave them: no false change."""
    from tests.service.campaign_client import bearer, check_all
    from tests.service.desk import make_user
    from tests.workers.campaign_samples import DISCLOSURES, GOOD, SLOTS, TEXT, fill

    where = {"jurisdiction": "TW", "product": "credit_card", "channel": "sms", "language": "zh-TW"}
    submitter = bearer(api_keys["submitter"])
    template_id = api.post("/v1/templates", headers=submitter, json={
        "text": TEXT, "slots": SLOTS, "disclosures": DISCLOSURES, "max_segments": 1, **where}).json()["id"]
    assert check_all(pool, components, template_id) == ["review"]
    decided = api.post(f"/v1/reviews/{template_id}/decision", headers=bearer(make_user(database_url, "reviewer")[1]),
                       json={"outcome": "approve", "reason_code": "disclosures-complete", "reason": "Approved."})
    assert decided.status_code == 201, decided.text
    variants = [GOOD, {**GOOD, "tier": "鑽石"}, {**GOOD, "branch": "保證核卡穩賺不賠"}]
    ids = [api.post("/v1/reviews", headers=submitter, json={
        "text": fill(values), "template_id": template_id, "slots": values, **where}).json()["id"] for values in variants]
    assert [check_all(pool, components, sub)[0] for sub in ids] == ["pass", "review", "block"]

    result = finreview("rules", "replay", "--since", date.today().isoformat(), "--format", "json", env=service_env)
    assert result.returncode == 0, result.stderr
    changed = {json.loads(line)["submission_id"] for line in result.stdout.splitlines()}
    assert changed.isdisjoint({template_id, *ids}), result.stdout


def test_replay_says_no_change_in_words_when_nothing_would_change(fresh_db, service_env):
    result = finreview("rules", "replay", "--since", date.today().isoformat(), env={**service_env, "DATABASE_URL": fresh_db})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no change" and "0 would change" in result.stderr


def test_replay_names_the_rules_added_and_removed_in_words():
    from service.cli_rules import _change_line

    line = _change_line({"submission_id": "s1", "version": 1, "old_verdict": "pass", "new_verdict": "block",
                         "decision": None, "rules_added": ["tw.a", "tw.b"], "rules_removed": []})
    assert line == "s1 v1: pass -> block; rules added: tw.a, tw.b"
    same = _change_line({"submission_id": "s1", "version": 2, "old_verdict": "review", "new_verdict": "pass",
                         "decision": "approve", "rules_added": [], "rules_removed": []})
    assert "+-" not in same and "same rules fire" in same and "(decided: approve)" in same
