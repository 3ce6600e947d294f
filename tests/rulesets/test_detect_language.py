from __future__ import annotations

import pytest

from rulesets.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("謹慎理財 信用至上", "zh-TW"),
        ("星光Visa卡綁定Apple Pay享3%回饋", "zh-TW"),
        ("Earn 3% cash back with the Starlight card", "en"),
        ("Apply for the Visa card 申請", "en"),
        ("12345 %", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
