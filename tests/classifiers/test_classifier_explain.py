"""Occlusion spans: clauses or short windows, exact offsets, bounded count."""

import pytest

from classifiers.explain import occlusions, rank, rank_alone, segments

CASES = [
    # text, max_segments, expected phrases
    ("保證獲利，穩賺不賠！立即申購。", 8, ["保證獲利", "穩賺不賠", "立即申購"]),
    ("Earn 4.25% on $1,000. Terms apply!", 8, ["Earn 4.25% on $1,000", "Terms apply"]),
    ("  Act now!  Only 3 left.  ", 8, ["Act now", "Only 3 left"]),
    ("一。二。三。四。五。六", 3, ["一。二", "三。四", "五。六"]),  # merged into 3 contiguous groups
    ("Guaranteed returns every year", 8, ["Guaranteed", "returns", "every", "year"]),  # one clause: words
    ("保證獲利", 8, ["保", "證", "獲", "利"]),  # one clause: characters
    ("！！！", 8, []),
]


@pytest.mark.parametrize("text, limit, expected", CASES)
def test_segments(text, limit, expected):
    spans = segments(text, limit)
    assert [text[a:b] for a, b in spans] == expected
    assert len(spans) <= limit
    assert all(0 <= a < b <= len(text) for a, b in spans)


def test_occlusions_remove_exactly_one_span():
    text = "甲，乙，丙"
    assert occlusions(text, segments(text, 8)) == ["，乙，丙", "甲，，丙", "甲，乙，"]


def test_rank_keeps_risk_lowering_spans_largest_first():
    text = "a, b, c, d"
    spans = segments(text, 8)
    evidence = rank(text, spans, 0.9, [0.2, 0.95, 0.8, 0.9], top_k=2)
    assert [(e.text, e.weight) for e in evidence] == [("a", 0.7), ("c", 0.1)]
    assert all(text[e.start:e.end] == e.text for e in evidence)


def test_rank_alone_reports_phrases_risky_on_their_own():
    text = "x. y. z."
    evidence = rank_alone(text, segments(text, 8), [0.6, 0.1, 0.9], min_risk=0.5, top_k=3)
    assert [(e.text, e.weight) for e in evidence] == [("z", 0.9), ("x", 0.6)]
