"""US Social Security numbers: 123-45-6789 or 123 45 6789; nine plain digits only by context.

The SSA never issues area 000, 666 or 900-999 (900-999 are ITINs), group 00 or serial 0000;
078-05-1120 (the Woolworth wallet card), 219-09-9999 (an SSA advertisement), 123-45-6789 and
runs of one digit are the well-known samples.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits

SAMPLE_SSNS = frozenset({"078051120", "219099999", "123456789", "987654321"})


def is_valid_ssn(text: str) -> bool:
    number = digits(text)
    if len(number) != 9 or number in SAMPLE_SSNS or len(set(number)) == 1:
        return False
    area, group, serial = number[:3], number[3:5], number[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


class UsSsnRecognizer(CjkSafeRecognizer):
    ENTITY = "US_SSN"
    PATTERNS = (
        ("us_ssn", NUMBER_START + r"[0-9]{3}([ \-])[0-9]{2}\1[0-9]{4}" + NUMBER_END, 0.5),
        ("us_ssn_plain", NUMBER_START + r"[0-9]{9}" + NUMBER_END, 0.2),
    )
    CONTEXT = ("ssn", "social", "社會安全", "社安")
    NEEDS_CONTEXT = ("us_ssn_plain",)

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_valid_ssn(pattern_text) else False
