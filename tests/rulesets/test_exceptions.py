"""Negation and disclaimer context: when prohibited wording is not a claim."""
from __future__ import annotations

import pytest

from rulesets.engine import evaluate_rule
from rulesets.normalize import normalize
from rules_factory import make_rule

GUARANTEE = make_rule(
    check={"type": "forbidden", "phrases": ["保證獲利", "絕無風險", "guaranteed returns", "risk-free"],
           "patterns": ["保證[^,!?;:、。\\n]{0,4}?(?:獲利|報酬|收益)"]},
    exceptions={
        "negated_by": ["不", "並不", "無法", "不會", "非", "not", "no"],
        "not_negation": ["不只", "不僅"],
        "disclaimer_context": ["惟不表示絕無風險", "not guaranteed"],
    },
)


def fired(text: str) -> list[str]:
    return [f.excerpt for f in evaluate_rule(GUARANTEE, normalize(text))]


@pytest.mark.parametrize(
    ("text", "excerpts"),
    [
        ("本行保證獲利", ["保證獲利"]),
        ("本行不保證獲利", []),
        ("並不保證獲利", []),
        ("不保證最低收益", []),
        ("基金經理公司不負責本基金之盈虧，亦不保證最低之收益", []),
        ("本基金經核准，惟不表示絕無風險", []),
        ("無法保證報酬", []),
        # the negated clause ends at the question mark; the claim after it stands
        ("誰說不保證？本行保證獲利", ["保證獲利"]),
        ("不保證獲利，但本行保證收益", ["保證收益"]),
        # 「不只」 starts with 不 but does not negate
        ("不只保證獲利，還送好禮", ["保證獲利"]),
        # a negator too far back (outside the window) does not negate
        ("不用懷疑喔喔喔本行保證獲利", ["保證獲利"]),
        ("Guaranteed returns for all", ["Guaranteed returns"]),
        ("There are no guaranteed returns", []),
        ("This fund is not risk-free", []),
        ("Returns are not guaranteed.", []),
        ("I know guaranteed returns", ["guaranteed returns"]),  # "no" inside "know" is no negator
    ],
)
def test_negation_and_disclaimers(text: str, excerpts: list[str]) -> None:
    assert fired(text) == excerpts


def test_explanation_lists_the_exceptions_checked() -> None:
    (finding,) = evaluate_rule(GUARANTEE, normalize("本行保證獲利"))
    assert finding.explanation["exceptions_checked"] == ["negated_by", "disclaimer_context"]
