"""Every rule's own examples are tests (Semgrep ruleid:/ok:), and the rules lint clean."""
from __future__ import annotations

import pytest

from rulesets.testing import lint, run_examples
from rules_factory import make_rule, pack_of, shipped_packs

SHIPPED = run_examples(shipped_packs())


@pytest.mark.parametrize("result", SHIPPED, ids=[f"{r.rule_id}:{r.kind}:{r.text[:20]}" for r in SHIPPED])
def test_shipped_example(result) -> None:
    expectation = "at least one finding" if result.kind == "flag" else "no finding"
    assert result.ok, f"{result.rule_id} {result.kind} example should give {expectation}: {result.text!r}"


def test_every_shipped_rule_has_both_kinds_of_example() -> None:
    kinds = {(r.rule_id, r.kind) for r in SHIPPED}
    for pack in shipped_packs():
        for rule in pack.rules:
            assert {(rule.id, "flag"), (rule.id, "pass")} <= kinds


def test_shipped_packs_lint_clean() -> None:
    assert lint(shipped_packs()) == []


def test_run_examples_reports_failures() -> None:
    rule = make_rule(examples={"flag": ["投資有風險"], "pass": ["保證獲利"]})
    results = run_examples([pack_of(rule)])
    assert [(r.kind, r.ok, r.findings) for r in results] == [("flag", False, 0), ("pass", False, 1)]


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"message": {"zh-TW": " ", "en": "x"}}, "message.zh-TW is empty"),
        ({"title": ""}, "title is empty"),
        ({"examples": {"flag": ["保證獲利", "本產品保證獲利"]}}, "fewer than 2 `pass` examples (0)"),
        ({"examples": {"flag": ["保證獲利", "本產品保證獲利"], "pass": ["投資有風險"]}}, "fewer than 2 `pass` examples (1)"),
        ({"examples": {"pass": ["投資有風險", "本產品不保本"]}}, "fewer than 2 `flag` examples (0)"),
        ({"citation": {"instrument": "測試辦法", "article": " "}}, "citation.article is empty"),
        ({"examples": {"flag": ["保證獲利", "x保證獲利"], "pass": ["保證獲利", "投資有風險"]}}, "is both `flag` and `pass`"),
        ({"id": "us.test.rule"}, "id should start with 'tw.'"),
        ({"check": {"type": "forbidden", "patterns": [r"\bguarantee"]}}, r"uses \b"),
        ({"check": {"type": "forbidden", "patterns": ["保证"]}}, "which normalised text never contains"),
        ({"check": {"type": "forbidden", "patterns": ["臺灣"]}}, "which normalised text never contains"),
    ],
)
def test_lint_problems(overrides: dict, problem: str) -> None:
    (message,) = lint([pack_of(make_rule(**overrides))])
    assert problem in message


def test_lint_duplicate_ids() -> None:
    assert lint([pack_of(make_rule(), make_rule())]) == ["tw.test.rule: duplicate rule id (2 rules)"]
