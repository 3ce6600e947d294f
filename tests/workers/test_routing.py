"""The routing policy turns a report into pass / review / block, and fails closed."""
from __future__ import annotations

import pytest

from workers.routing import RoutingPolicy, load_policy, route

POLICY = load_policy()


def finding(severity="major", source="rule", rule_id="tw.x", entity_type=None):
    f = {"severity": severity, "source": source, "rule_id": rule_id}
    if entity_type:
        f["entity_type"] = entity_type
    return f


def report(findings=(), risk=0.1, errors=()):
    return {"findings": list(findings), "risk_score": risk, "errors": list(errors)}


@pytest.mark.parametrize("rep, verdict, reason", [
    (report(), "pass", None),
    (report([finding("blocker")]), "block", "blocker:tw.x"),
    (report([finding("major")]), "review", "major:tw.x"),
    (report([finding("minor")]), "pass", None),
    (report(risk=0.9), "review", "risk"),
    # a label over the model's own (lower) threshold routes even when the risk is under risk_threshold
    (report([finding("minor", "classifier", "classifier.pressure_tactics")], risk=0.45), "review",
     "classifier:classifier.pressure_tactics"),
    (report(risk=None), "review", "error:no-risk-score"),
    (report([finding("major", "pii", "pii.tw_mobile", "TW_MOBILE")]), "review", "pii"),
    (report([finding("blocker", "pii", "pii.tw_national_id", "TW_NATIONAL_ID")]), "block", "blocker:pii.tw_national_id"),
    (report(errors=[{"stage": "classifier", "reason": "x"}]), "review", "error:classifier"),
    (report([finding("blocker")], errors=[{"stage": "pii", "reason": "x"}]), "block", "blocker:tw.x"),
])
def test_route_table(rep, verdict, reason):
    decided = route(rep, product="credit_card", channel="web", policy=POLICY)
    assert decided.verdict == verdict
    if reason:
        assert reason in decided.reasons


def test_a_clean_report_goes_to_a_human_where_the_policy_forbids_auto_clear():
    policy = RoutingPolicy(version=1, risk_threshold=0.5, auto_clear={"products": ["deposit"], "channels": ["*"]})
    assert route(report(), product="deposit", channel="sms", policy=policy).verdict == "pass"
    decided = route(report(), product="fund", channel="sms", policy=policy)
    assert decided.verdict == "review" and decided.reasons == ("policy:no-auto-clear",)


def test_an_unknown_key_in_the_policy_file_is_rejected(tmp_path):
    bad = tmp_path / "routing.yaml"
    bad.write_text("version: 1\nrisk_threshold: 0.5\nauto_clear_everything: true\n")
    with pytest.raises(Exception, match="auto_clear_everything"):
        load_policy(bad)


def test_the_fingerprint_changes_with_the_policy():
    other = POLICY.model_copy(update={"risk_threshold": 0.7})
    assert other.fingerprint != POLICY.fingerprint


def test_the_policy_sets_the_severity_of_each_pii_entity_type():
    assert POLICY.pii_severity_of("TW_NATIONAL_ID", "major") == "blocker"
    assert POLICY.pii_severity_of("CREDIT_CARD", "minor") == "blocker"
    assert POLICY.pii_severity_of("SOMETHING_UNLISTED", "major") == "major"  # the detector's default stands


def test_the_shipped_policy_names_only_entity_types_the_detector_reports():
    """A misspelt entity type in the policy would silently keep the default severity."""
    from rulesets.pii.entities import default_entity_policies

    assert set(POLICY.pii_severity) <= set(default_entity_policies().entities)
