"""Taiwan mobile numbers: 09xx-xxx-xxx, with optional spaces/dashes, or +886 / 886 / 00886 9xx...

No checksum exists, so the score comes from the shape plus context words (手機, mobile...).
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits

_PREFIX = r"(?:(?:\+|00)?886[ \-]?|\(\+?886\)[ \-]?|0)"


def is_placeholder_number(text: str) -> bool:
    # 0900-000-000 and 0999-999-999 are how copywriters blank out a number, not real subscribers.
    return len(set(digits(text)[-8:])) == 1


class TwMobileRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_MOBILE"
    PATTERNS = (
        ("tw_mobile", NUMBER_START + _PREFIX + r"9[0-9]{2}[ \-]?[0-9]{3}[ \-]?[0-9]{3}" + NUMBER_END, 0.5),
    )
    CONTEXT = ("手機", "行動電話", "電話", "聯絡", "來電", "撥打", "致電", "簡訊", "mobile", "phone", "call", "contact", "sms")

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if is_placeholder_number(pattern_text) else None
