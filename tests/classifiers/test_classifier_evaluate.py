"""evaluate(): exact P/R/F1 on a table small enough to check by hand."""

import pytest

from classifiers.evaluate import evaluate

THRESHOLDS = {"a": 0.5, "b": 0.5}
# probabilities                    gold         a        b
TABLE = [
    ({"a": 0.9, "b": 0.1}, {"a"}),          # tp       tn
    ({"a": 0.6, "b": 0.7}, {"b"}),          # fp       tp
    ({"a": 0.2, "b": 0.4}, {"a", "b"}),     # fn       fn
    ({"a": 0.5, "b": 0.0}, set()),          # fp (>= threshold)
    ({"a": 0.1, "b": 0.5}, {"none"}),       # tn       fp ("none" is no label)
]


@pytest.fixture(scope="module")
def result():
    return evaluate([p for p, _ in TABLE], [g for _, g in TABLE], THRESHOLDS)


def test_per_label_counts_and_scores(result):
    a, b = result["per_label"]["a"], result["per_label"]["b"]
    assert (a["tp"], a["fp"], a["fn"], a["support"]) == (1, 2, 1, 2)
    assert (a["precision"], a["recall"], a["f1"]) == (1 / 3, 1 / 2, 2 / 5)
    assert (b["tp"], b["fp"], b["fn"], b["support"]) == (1, 1, 1, 2)
    assert (b["precision"], b["recall"], b["f1"]) == (1 / 2, 1 / 2, 1 / 2)


def test_micro_pools_counts(result):
    assert result["micro"] == {"precision": 2 / 5, "recall": 1 / 2, "f1": 4 / 9}


def test_macro_averages_labels(result):
    assert result["macro"]["precision"] == pytest.approx(5 / 12, abs=1e-15)
    assert result["macro"]["recall"] == pytest.approx(1 / 2, abs=1e-15)
    assert result["macro"]["f1"] == pytest.approx(9 / 20, abs=1e-15)


def test_any_violation_is_the_routing_task(result):
    # flagged & risky: rows 1, 2; missed: row 3; false alarms: rows 4, 5
    assert result["any_violation"] == {"precision": 1 / 2, "recall": 2 / 3, "f1": 4 / 7}
    assert result["n"] == 5


def test_empty_denominators_score_zero():
    result = evaluate([{"a": 0.1}], [set()], {"a": 0.5})
    assert result["per_label"]["a"] | result["micro"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0, "support": 0}


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        evaluate([{"a": 0.9}], [], {"a": 0.5})
