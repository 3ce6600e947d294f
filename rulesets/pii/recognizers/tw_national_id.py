"""Taiwan national ID (國民身分證統一編號): one letter, 1 or 2 (sex), eight digits, checksum.

The checksum is the Ministry of the Interior's: the letter maps to a two-digit area code, the
weighted sum of code and digits must be divisible by 10. It rejects 9 of 10 random look-alikes.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer

# Letter -> area code. I, O, W, X, Y, Z are out of alphabetical order (areas added later).
AREA_CODES = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
    10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
    22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
)))
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1, 1)  # for the 2nd..10th characters


def is_valid_tw_national_id(value: str) -> bool:
    value = value.upper()
    if len(value) != 10 or value[0] not in AREA_CODES or value[1] not in "12" or not value[1:].isdigit():
        return False
    area = AREA_CODES[value[0]]
    total = area // 10 + (area % 10) * 9 + sum(int(d) * w for d, w in zip(value[1:], WEIGHTS))
    return total % 10 == 0


class TwNationalIdRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_NATIONAL_ID"
    # A low base score: the checksum, not the shape, decides (validate_result sets 1.0 or drops).
    PATTERNS = (("tw_national_id", NUMBER_START + r"[A-Z][12][0-9]{8}" + NUMBER_END, 0.3),)
    CONTEXT = ("身分證", "身份證", "身分證字號", "身分證號", "統一編號", "證號", "identity", "identification")

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_tw_national_id(pattern_text)
