"""Cohen's kappa, the contradiction rule for precedents and the consistency report's tables."""
from __future__ import annotations

import pytest

from workers.consistency.kappa import cohen_kappa
from workers.consistency.precedent import contradicted_by
from workers.consistency.report import disagreements, pair_agreement, rule_overrides, to_csv


def test_kappa_matches_a_worked_example():
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 -> po 0.7, pe 0.5, kappa 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_kappa_is_one_for_full_agreement_below_zero_for_systematic_disagreement_and_undefined_without_variety():
    assert cohen_kappa([("a", "a"), ("r", "r"), ("c", "c")]) == pytest.approx(1.0)
    assert cohen_kappa([("a", "r"), ("r", "a")]) == pytest.approx(-1.0)
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None and cohen_kappa([]) is None


def p(outcome, similarity):
    return {"outcome": outcome, "similarity": similarity, "submission_id": "s", "version": 1}


@pytest.mark.parametrize("outcome, precedents, contradicts", [
    ("approve", [p("reject", 0.9), p("request_changes", 0.8), p("approve", 0.8)], True),
    ("reject", [p("reject", 0.9), p("request_changes", 0.8), p("approve", 0.8)], False),
    ("request_changes", [p("reject", 0.9), p("reject", 0.8)], False),  # both stop the copy
    ("approve", [p("reject", 0.9), p("approve", 0.8)], False),        # half is not most
    ("approve", [p("reject", 0.9), p("reject", 0.3), p("reject", 0.2)], False),  # one close precedent is too few
])
def test_a_decision_contradicts_when_most_of_at_least_two_close_precedents_went_the_other_way(outcome, precedents, contradicts):
    assert bool(contradicted_by(outcome, precedents)) is contradicts


def test_rule_override_rates_count_approvals_of_copy_the_rule_fired_on():
    decided = [{"outcome": "approve", "rules": ["r1", "r2"]}, {"outcome": "reject", "rules": ["r1"]},
               {"outcome": "approve", "rules": ["r1"]}, {"outcome": "request_changes", "rules": []}]
    table = {r.rule_id: (r.decided, r.overridden) for r in rule_overrides(decided)}
    assert table == {"r1": (3, 2), "r2": (1, 1)}
    assert [r.rule_id for r in rule_overrides(decided)] == ["r2", "r1"]  # the most overridden first


def test_pairs_and_disagreements_use_each_officers_last_judgment_per_item():
    judgments = [{"version_id": 1, "officer": "a", "outcome": "approve"}, {"version_id": 1, "officer": "b", "outcome": "reject"},
                 {"version_id": 2, "officer": "a", "outcome": "reject"}, {"version_id": 2, "officer": "b", "outcome": "reject"},
                 {"version_id": 3, "officer": "a", "outcome": "approve"}, {"version_id": 3, "officer": "a", "outcome": "reject"},
                 {"version_id": 3, "officer": "b", "outcome": "reject"}]
    [pair] = pair_agreement(judgments)
    assert (pair.first, pair.second, pair.items, pair.agreed) == ("a", "b", 3, 2)
    flags = [{"version_id": 9, "officer": "c", "outcome": "approve", "precedent_reason": "new FSC letter"}]
    found = disagreements(judgments, flags)
    assert [(d["version_id"], d["kind"]) for d in found] == [(1, "officers-disagree"), (9, "against-precedents")]
    csv_text = to_csv("disagreements", found, {1: "sub-1 v1"})
    assert csv_text.splitlines()[0] == "item,kind,judgments,reason"
    assert "sub-1 v1,officers-disagree,a=approve; b=reject," in csv_text and "new FSC letter" in csv_text


def test_consistency_csv_cells_an_officer_typed_never_run_as_spreadsheet_formulas():
    """User names and precedent reasons are people's text: a leading = + - @ is quoted away."""
    judgments = [{"version_id": 1, "officer": "a", "outcome": "approve"}, {"version_id": 1, "officer": "b", "outcome": "reject"}]
    flags = [{"version_id": 9, "officer": "c", "outcome": "approve", "precedent_reason": "=HYPERLINK(\"x\")"}]
    names = {"a": "=cmd|' /C calc'!A0", "b": "bob"}
    pairs = to_csv("pairs", pair_agreement(judgments), None, names).splitlines()
    assert pairs[1].startswith("'=cmd")
    rows = to_csv("disagreements", disagreements(judgments, flags), None, names)
    assert "'=cmd" in rows and "'=HYPERLINK" in rows and "\n=" not in rows and ",=" not in rows
