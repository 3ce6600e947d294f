"""Each check type on its own: what fires, where, and what the finding says."""
from __future__ import annotations

import pytest

from rulesets.engine import evaluate_rule
from rulesets.normalize import normalize
from rules_factory import make_rule


def spans(check: dict, text: str, **overrides: object) -> list[tuple[int, int, str]]:
    rule = make_rule(check=check, **overrides)
    return [(f.start, f.end, f.excerpt) for f in evaluate_rule(rule, normalize(text))]


def test_forbidden_reports_every_match_in_original_offsets() -> None:
    text = "穩 賺！真的穩賺不賠"
    assert spans({"type": "forbidden", "phrases": ["穩賺", "穩賺不賠"]}, text) == [
        (0, 3, "穩 賺"),
        (6, 10, "穩賺不賠"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("星光卡回饋1%。謹慎理財 信用至上", []),
        ("星光卡回饋1%", [(0, 7, "星光卡回饋1%")]),  # missing: the finding spans the whole copy
        ("", [(0, 0, "")]),
    ],
)
def test_required(text: str, expected: list) -> None:
    assert spans({"type": "required", "phrases": ["謹慎理財 信用至上"]}, text) == expected


CONDITIONAL = {
    "type": "conditional",
    "trigger": {"phrases": ["分期"]},
    "require": {"patterns": [r"循環信用利率[^。\n]{0,20}?\d+(?:\.\d+)?%"]},
}


@pytest.mark.parametrize(
    ("within", "text", "fires"),
    [
        ("text", "分期好輕鬆。\n\n循環信用利率6.88%", False),
        ("text", "分期好輕鬆", True),
        ("sentence", "分期好輕鬆，循環信用利率6.88%。", False),
        ("sentence", "分期好輕鬆。循環信用利率6.88%", True),
        ("paragraph", "分期好輕鬆。循環信用利率6.88%", False),
        ("paragraph", "分期好輕鬆。\n\n循環信用利率6.88%", True),
        (10, "分期好輕鬆，循環信用利率6.88%", False),
        (3, "分期好輕鬆，請洽官網詳情說明，循環信用利率6.88%", True),
    ],
)
def test_conditional_distance(within: object, text: str, fires: bool) -> None:
    assert bool(spans({**CONDITIONAL, "within": within}, text)) is fires


def test_conditional_reports_once_on_the_first_bare_trigger() -> None:
    rule = make_rule(check={**CONDITIONAL, "within": "sentence"})
    # each sentence a pitch (輕鬆): plain sentences beside the rate would be read as small print
    (finding,) = evaluate_rule(rule, normalize("分期輕鬆一。分期輕鬆二。分期三，循環信用利率6.88%"))
    assert (finding.start, finding.end) == (0, 2)
    assert finding.explanation["triggers_without_disclosure"] == ["分期", "分期"]


def test_substitution_suggests_the_replacement() -> None:
    rule = make_rule(check={"type": "substitution", "swap": {"0利率": "總費用年百分率0%"}})
    (finding,) = evaluate_rule(rule, normalize("享６期０利率"))
    assert (finding.start, finding.end, finding.excerpt) == (3, 6, "０利率")
    assert finding.suggestion == "總費用年百分率0%"


@pytest.mark.parametrize(
    ("check", "text", "excerpts"),
    [
        ({"type": "pattern", "pattern": r"卡號(?P<value>[\d ]{12,19})", "validator": "luhn"}, "卡號4111 1111 1111 1111", ["卡號4111 1111 1111 1111"]),
        ({"type": "pattern", "pattern": r"卡號(?P<value>[\d ]{12,19})", "validator": "luhn"}, "卡號4111 1111 1111 1112", []),
        ({"type": "pattern", "pattern": r"報酬保證(?P<value>\d+)%", "validator": "positive_number"}, "報酬保證8%", ["報酬保證8%"]),
        ({"type": "pattern", "pattern": r"報酬保證(?P<value>\d+)%", "validator": "positive_number"}, "報酬保證0%", []),
        ({"type": "pattern", "pattern": r"年利率\d+%"}, "年利率5%", ["年利率5%"]),
    ],
)
def test_pattern_with_validator(check: dict, text: str, excerpts: list[str]) -> None:
    assert [e for _, _, e in spans(check, text)] == excerpts


@pytest.mark.parametrize(
    ("text", "excerpts"),
    [
        ("最高回饋，第一品牌", []),
        ("最高回饋，第一品牌，唯一選擇", ["唯一"]),  # the first match past the limit
    ],
)
def test_count(text: str, excerpts: list[str]) -> None:
    check = {"type": "count", "phrases": ["最高", "第一", "唯一"], "more_than": 2}
    assert [e for _, _, e in spans(check, text)] == excerpts


def test_finding_fields() -> None:
    rule = make_rule(suggestion={"zh-TW": "刪除保證用語", "en": "Remove the guarantee"})
    (finding,) = evaluate_rule(rule, normalize("本行保證獲利"))
    assert finding.source == "rule"
    assert finding.rule_id == "tw.test.rule"
    assert finding.severity == "major"
    assert finding.message == {"zh-TW": "測試訊息", "en": "Test message"}
    assert finding.citation == "測試辦法 第1條 (https://example.test/law)"
    assert finding.suggestion == "刪除保證用語"
    assert finding.explanation["term"] == "保證獲利"
    (english,) = evaluate_rule(rule, normalize("We 保證獲利 for every customer who applies today"))
    assert english.suggestion == "Remove the guarantee"
