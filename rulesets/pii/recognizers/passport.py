"""Passport numbers, by context only: Taiwan and UK (nine digits), US (nine digits, or a letter
and eight digits on Next Generation passports).

Nothing in the number itself tells a passport from any other nine-digit number, so a match
counts only next to 護照 / passport.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits, is_dummy_number


class PassportRecognizer(CjkSafeRecognizer):
    ENTITY = "PASSPORT"
    PATTERNS = (
        ("passport_9_digits", NUMBER_START + r"[0-9]{9}" + NUMBER_END, 0.2),
        ("passport_letter_8_digits", NUMBER_START + r"[A-Z][0-9]{8}" + NUMBER_END, 0.2),
    )
    CONTEXT = ("護照號碼", "護照", "passport")
    NEEDS_CONTEXT = ("passport_9_digits", "passport_letter_8_digits")

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if is_dummy_number(digits(pattern_text)) else None
