"""US Individual Taxpayer Identification Numbers: 9XX-XX-XXXX whose middle group is 50-65,
70-88, 90-92 or 94-99 (IRS ranges); nine plain digits only by context.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits

ITIN_GROUPS = frozenset(range(50, 66)) | frozenset(range(70, 89)) | frozenset(range(90, 93)) | frozenset(range(94, 100))


def is_valid_itin(text: str) -> bool:
    number = digits(text)
    return len(number) == 9 and number[0] == "9" and int(number[3:5]) in ITIN_GROUPS and number[5:] != "0000"


class UsItinRecognizer(CjkSafeRecognizer):
    ENTITY = "US_ITIN"
    PATTERNS = (
        ("us_itin", NUMBER_START + r"9[0-9]{2}([ \-])[0-9]{2}\1[0-9]{4}" + NUMBER_END, 0.5),
        ("us_itin_plain", NUMBER_START + r"9[0-9]{8}" + NUMBER_END, 0.2),
    )
    CONTEXT = ("itin", "taxpayer", "納稅")
    NEEDS_CONTEXT = ("us_itin_plain",)

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_valid_itin(pattern_text) else False
