"""The classifier's view of a copy's structure: labels raised only inside disclosures, and
evidence that is mostly warning, do not count."""
from __future__ import annotations

from classifiers.explain import Evidence
from classifiers.model import Prediction
from workers.claim_spans import claim_spans, in_claims, raised_by_disclosures

SEGMENTS = [{"start": 0, "end": 10, "kind": "claim"}, {"start": 10, "end": 40, "kind": "disclosure"}]


def test_unknown_structure_hides_nothing_and_an_all_disclosure_copy_has_no_claims():
    assert claim_spans(None, 25) == [(0, 25)]
    assert claim_spans([{"start": 0, "end": 9, "kind": "disclosure"}], 9) == []
    assert claim_spans(SEGMENTS, 40) == [(0, 10)]


def test_evidence_counts_as_a_claims_only_when_most_of_it_lies_in_claims():
    claims = claim_spans(SEGMENTS, 40)
    assert in_claims(Evidence(2, 8, "x", 0.5), claims)
    assert in_claims(Evidence(4, 14, "x", 0.5), claims)  # 6 of 10 characters in the claim
    assert not in_claims(Evidence(8, 30, "x", 0.5), claims)  # mostly warning
    assert not in_claims(Evidence(12, 20, "x", 0.5), claims)


def test_a_label_whose_every_phrase_is_inside_disclosures_is_raised_by_them():
    claims = claim_spans(SEGMENTS, 40)
    prediction = Prediction(risk_score=0.9, labels={"guarantee_or_promissory": 0.9, "pressure_tactics": 0.8},
                            label_evidence={"guarantee_or_promissory": [Evidence(12, 30, "不保證最低收益", 0.6)],
                                            "pressure_tactics": [Evidence(0, 8, "今晚截止", 0.5)]})
    thresholds = {"guarantee_or_promissory": 0.5, "pressure_tactics": 0.5}
    assert raised_by_disclosures(prediction, claims, thresholds) == {"guarantee_or_promissory"}


def test_a_finding_stands_in_the_segment_it_starts_in_or_in_the_whole_copy():
    from workers.claim_spans import segment_kind

    assert segment_kind(SEGMENTS, 3, 6, 40) == "claim"
    assert segment_kind(SEGMENTS, 12, 20, 40) == "disclosure"
    assert segment_kind(SEGMENTS, 0, 40, 40) == "whole-copy"  # a missing warning is about the copy
    assert segment_kind(SEGMENTS, 5, 5, 40) == "whole-copy"
    assert segment_kind(None, 3, 6, 40) == "claim"  # structure unknown: nothing is excused
