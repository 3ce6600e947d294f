"""Monitoring figures from decisions in a real PostgreSQL (a database of its own): per rule and per
model hit and override rates with the policy's revision mark, the weekly drift of risk scores,
overdue items, and the same figures on /metrics."""
from __future__ import annotations

import secrets

import pytest

from service.metrics import exposition
from tests.service.desk import routed_item
from workers.db import open_pool
from workers.governance.policy import load_governance
from workers.routing import load_policy
from workers.store.decisions import record_decision
from workers.store.monitoring import monitoring_report

POLICY = load_governance()


@pytest.fixture
def pool(fresh_db):
    p = open_pool(fresh_db, max_size=2, name="monitoring-tests")
    yield p
    p.close()


def finding(rule_id: str, source: str = "rule") -> dict:
    return {"id": secrets.token_hex(6), "source": source, "rule_id": rule_id, "severity": "major", "start": 0, "end": 2,
            "excerpt": "xx", "message": {"zh-TW": "x", "en": "x"}, "citation": None, "suggestion": None}


def decide(pool, submission_id: str, outcome: str) -> None:
    code = {"approve": "false-positive", "reject": "other"}[outcome]
    with pool.connection() as conn:
        record_decision(conn, submission_id=submission_id, decided_by="user:officer", role="senior_reviewer",
                        outcome=outcome, reason_code=code, reason="test", risk_threshold=1.0)


def test_override_rates_marks_and_drift_come_from_stored_decisions(pool):
    noisy = [routed_item(pool, risk=0.2, findings=[finding("tw.test.noisy"), finding("classifier.pressure_tactics",
                                                                                            "classifier")])
             for _ in range(6)]
    for sub_id, outcome in zip(noisy, ["approve", "approve", "approve", "approve", "reject"]):
        decide(pool, sub_id, outcome)  # the sixth waits
    sharp = [routed_item(pool, risk=0.2, findings=[finding("tw.test.sharp")]) for _ in range(2)]
    decide(pool, sharp[0], "reject")
    with pool.connection() as conn:  # two reports of last week, the rest of this week
        conn.execute("UPDATE reports SET risk_score = 0.1 WHERE id = (SELECT min(id) FROM reports)")
        conn.execute("UPDATE reports SET created_at = created_at - interval '7 days', risk_score = 0.3"
                     " WHERE id IN (SELECT id FROM reports ORDER BY id LIMIT 2) AND risk_score <> 0.1")
        conn.execute("UPDATE reports SET created_at = created_at - interval '7 days'"
                     " WHERE id = (SELECT min(id) FROM reports)")
        conn.execute("UPDATE reports SET risk_score = 0.5 WHERE created_at > now() - interval '1 day'")
        conn.execute("UPDATE submission_versions SET created_at = now() - interval '100 hours'"
                     " WHERE submission_id = %s", (sharp[1],))
        report = monitoring_report(conn, POLICY, load_policy())

    rules = {r.name: r for r in report["rules"]}
    noisy_rate, sharp_rate = rules["tw.test.noisy"], rules["tw.test.sharp"]
    assert (noisy_rate.fired, noisy_rate.decided, noisy_rate.overridden) == (6, 5, 4)
    assert noisy_rate.override_rate == 0.8 and noisy_rate.marked  # above 0.5 on 5 decisions
    assert noisy_rate.hit_rate == 6 / 8
    assert (sharp_rate.decided, sharp_rate.override_rate, sharp_rate.marked) == (1, 0.0, False)
    model = report["models"][0]
    assert (model.name, model.fired, model.reports, model.override_rate) == ("m@1", 6, 8, 0.8)
    last, this = report["weeks"][-2], report["weeks"][-1]
    assert (last["n"], last["mean"]) == (2, 0.2) and last["drift"] is None
    assert (this["n"], this["mean"]) == (6, 0.5) and this["drift"] == 0.3
    assert report["overdue"] == 1  # review SLA passed 100 hours ago

    with pool.connection() as conn:
        body = exposition(conn, routing=load_policy()).decode()
    assert 'finreview_rule_override_ratio{rule="tw.test.noisy"} 0.8' in body
    assert 'finreview_rule_marked_for_revision{rule="tw.test.noisy"} 1.0' in body
    assert 'finreview_rule_marked_for_revision{rule="tw.test.sharp"} 0.0' in body
    assert 'finreview_model_override_ratio{model="m@1"} 0.8' in body
    assert "finreview_overdue_items 1.0" in body


def test_metrics_reuse_the_oversight_figures_for_as_long_as_asked(pool):
    """The oversight gauges read every report of the monitoring window, so /metrics reuses them for
    FINREVIEW_METRICS_OVERSIGHT_SECONDS: within that age a scrape shows the figures computed
    before, and an age of 0 computes them again."""
    items = [routed_item(pool, risk=0.2, findings=[finding("tw.test.remembered")]) for _ in range(2)]
    decide(pool, items[0], "approve")
    routing = load_policy()
    line = 'finreview_rule_override_ratio{rule="tw.test.remembered"} '
    with pool.connection() as conn:
        first = exposition(conn, routing=routing, oversight_max_age=0).decode()
    decide(pool, items[1], "reject")
    with pool.connection() as conn:
        remembered = exposition(conn, routing=routing, oversight_max_age=600).decode()
        fresh = exposition(conn, routing=routing, oversight_max_age=0).decode()
    assert line + "1.0" in first and line + "1.0" in remembered
    assert line + "0.5" in fresh
