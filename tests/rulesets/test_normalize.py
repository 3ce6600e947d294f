"""Normalisation: what rules see, and how every span maps back to what the author wrote."""
from __future__ import annotations

import pytest

from rulesets.normalize import fold, normalize


@pytest.mark.parametrize(
    ("original", "normalised"),
    [
        # evasion between CJK characters
        ("保 證 獲 利", "保證獲利"),
        ("保‧證‧獲‧利", "保證獲利"),
        ("保🔥證獲利", "保證獲利"),
        ("保・證・獲・利", "保證獲利"),
        ("保　證　獲　利", "保證獲利"),  # full-width spaces
        ("保-證_獲*利", "保證獲利"),
        ("保\u200b證\u200d獲\ufeff利", "保證獲利"),  # zero-width
        ("保\u00ad證", "保證"),  # soft hyphen
        ("穩👍🏽賺️不賠", "穩賺不賠"),  # emoji with skin tone, variation selector
        # width and case
        ("１００％安全", "100%安全"),
        ("ＡＰＰＬＹ　ＮＯＷ", "apply now"),
        ("Guaranteed Returns", "guaranteed returns"),
        # English spacing and sentence punctuation stay
        ("no  risk at all", "no  risk at all"),
        ("不保證，本行", "不保證,本行"),
        ("誰說不保證？本行", "誰說不保證?本行"),
        ("第一句。第二句", "第一句。第二句"),
        ("謹慎理財\n信用至上", "謹慎理財\n信用至上"),  # line breaks are structure, not evasion
        ("6.75%~15%", "6.75%~15%"),
        # Simplified → Traditional (Taiwan), with post-fixes and variant folding
        ("保证获利", "保證獲利"),
        ("稳赚不赔", "穩賺不賠"),
        ("发卡银行", "發卡銀行"),  # OpenCC says 髮卡銀行
        ("循环信用利率", "循環信用利率"),  # OpenCC says 迴圈信用利率
        ("循環信用利率", "循環信用利率"),  # ... even from Traditional input
        ("臺灣", "台灣"),
        ("保証", "保證"),
        ("账单分期", "帳單分期"),
        ("内存", "記憶體"),  # s2twp changes vocabulary and length
        # digits written for letters inside Latin words
        ("Guarant33d returns", "guaranteed returns"),
        ("R1SK-FR3E investing", "risk-free investing"),
        ("n0 l0ss", "no loss"),
        ("fr33 cash", "free cash"),
        # ... but numbers, units, codes and ordinals stay as written
        ("12months at APR29.9%", "12months at apr29.9%"),
        ("FTSE100, covid-19, 1st, 4G, 24/7", "ftse100, covid-19, 1st, 4g, 24/7"),
        ("a1 b2 rate 5%", "a1 b2 rate 5%"),
        ("iPhone15 保證", "iphone15 保證"),
        # Cyrillic and Greek look-alikes inside Latin words (а, е, ρ, ι below are not Latin)
        ("Guаrаnteed", "guaranteed"),
        ("Rιsk-free, no ρrofit cap", "risk-free, no profit cap"),
        ("ΝΟ RISK", "no risk"),  # Greek capitals; their lowercase ν would read as v
        ("ѕаfе bet", "safe bet"),  # all look-alikes, in copy with no other Cyrillic
        # real Russian or Greek stays as it is
        ("Это доход", "это доход"),
        ("Καλή απόδοση", "καλή απόδοση"),
    ],
)
def test_normalised_text(original: str, normalised: str) -> None:
    assert normalize(original).text == normalised


@pytest.mark.parametrize(
    ("original", "needle", "expected_excerpt"),
    [
        ("本行保 證 獲 利！", "保證獲利", "保 證 獲 利"),
        ("本行保🔥證獲利！", "保證獲利", "保🔥證獲利"),
        ("ＡＢ１００％安全", "100%安全", "１００％安全"),
        ("好\u200b保證", "保證", "保證"),
        ("发卡银行的内存很好", "記憶體", "内存"),  # a length-changing phrase maps as a whole
        ("发卡银行的内存很好", "記憶體很好", "内存很好"),
        ("发卡银行的内存很好", "憶", "内存"),  # part of such a phrase maps to the whole phrase
        ("发卡银行", "發卡", "发卡"),
        ("Our r1sk-fr3e fund", "risk-free", "r1sk-fr3e"),  # a folded word maps back letter for letter
        ("Our Guаrаnteed fund", "guaranteed", "Guаrаnteed"),
    ],
)
def test_span_maps_back_to_original(original: str, needle: str, expected_excerpt: str) -> None:
    norm = normalize(original)
    at = norm.text.index(needle)
    start, end = norm.to_original(at, at + len(needle))
    assert original[start:end] == expected_excerpt


def test_whole_text_and_empty_spans() -> None:
    norm = normalize("\u200b保證\u200b")
    assert norm.text == "保證"
    assert norm.to_original(0, 2) == (0, 4)  # the whole text, invisible edges included
    assert norm.to_original(1, 1) == (2, 2)
    assert normalize("").to_original(0, 0) == (0, 0)
    assert normalize("\u200b").to_original(0, 0) == (0, 1)


@pytest.mark.parametrize("bad", [(-1, 1), (1, 0), (0, 99)])
def test_out_of_range_span_is_an_error(bad: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        normalize("保證獲利").to_original(*bad)


def test_fold_gives_the_form_rule_phrases_take() -> None:
    assert fold("謹慎理財 信用至上") == "謹慎理財信用至上"
    assert fold("臺灣保証") == "台灣保證"
    assert fold("No Risk") == "no risk"
