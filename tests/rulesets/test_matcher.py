"""Phrase and pattern matching on normalised text: ASCII word edges without \\b, overlaps."""
from __future__ import annotations

import pytest

from rulesets.matcher import Terms
from rulesets.normalize import normalize


def found(terms: Terms, text: str) -> list[str]:
    norm = normalize(text).text
    return [norm[m.start : m.end] for m in terms.find(norm)]


@pytest.mark.parametrize(
    ("phrases", "text", "expected"),
    [
        (["no"], "no risk", ["no"]),
        (["no"], "I know", []),  # ASCII word edge respected
        (["no"], "no風險", ["no"]),  # CJK next to ASCII is an edge (where \b would fail)
        (["0利率"], "享0利率", ["0利率"]),
        (["0利率"], "享10利率", []),
        (["穩賺", "穩賺不賠"], "穩賺不賠", ["穩賺不賠"]),  # leftmost-longest
        (["保證獲利"], "保 證 獲 利", ["保證獲利"]),  # phrases and text are folded alike
        (["臺灣"], "台灣", ["台灣"]),
        (["謹慎理財 信用至上"], "謹慎理財信用至上", ["謹慎理財信用至上"]),
        (["Risk-Free"], "RISK-FREE fund", ["risk-free"]),
    ],
)
def test_phrases(phrases: list[str], text: str, expected: list[str]) -> None:
    assert found(Terms(phrases=phrases), text) == expected


@pytest.mark.parametrize(
    ("patterns", "text", "expected"),
    [
        ([r"報酬保證\d+%"], "報酬保證８％", ["報酬保證8%"]),
        ([r"(?<![a-z])guaranteed?(?![a-z])"], "Guaranteed!", ["guaranteed"]),  # IGNORECASE, lookarounds
        ([r"(?<![a-z])guaranteed?(?![a-z])"], "unguaranteed", []),
    ],
)
def test_patterns(patterns: list[str], text: str, expected: list[str]) -> None:
    assert found(Terms(patterns=patterns), text) == expected


def test_terms_need_a_phrase_or_a_pattern() -> None:
    with pytest.raises(ValueError):
        Terms()
