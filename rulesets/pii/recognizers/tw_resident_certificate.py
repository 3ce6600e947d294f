"""Taiwan resident certificate (居留證 / ARC, 外來人口統一證號): two formats, both with a checksum.

* New (from 2021-01-02): like the national ID, one area letter, then 8 (male) or 9 (female),
  then eight digits; the national ID's checksum.
* Old (before 2021): two letters and eight digits. The first letter is the issuing area; the
  second (A-D: sex and kind) goes through the same area-code table and only its last digit
  counts, e.g. ``FA12345689``: F -> 15, A -> 10 -> 0, then weights 1 9 8 7 6 5 4 3 2 1 1.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer
from rulesets.pii.recognizers.tw_national_id import AREA_CODES, WEIGHTS


def is_valid_new_resident_certificate(value: str) -> bool:
    value = value.upper()
    if len(value) != 10 or value[0] not in AREA_CODES or value[1] not in "89" or not value[1:].isdigit():
        return False
    area = AREA_CODES[value[0]]
    total = area // 10 + (area % 10) * 9 + sum(int(d) * w for d, w in zip(value[1:], WEIGHTS))
    return total % 10 == 0


def is_valid_old_resident_certificate(value: str) -> bool:
    value = value.upper()
    if len(value) != 10 or value[0] not in AREA_CODES or value[1] not in "ABCD" or not value[2:].isdigit():
        return False
    area = AREA_CODES[value[0]]
    second = AREA_CODES[value[1]] % 10
    total = area // 10 + (area % 10) * 9 + second * 8 + sum(int(d) * w for d, w in zip(value[2:], WEIGHTS[1:]))
    return total % 10 == 0


def is_valid_resident_certificate(value: str) -> bool:
    return is_valid_new_resident_certificate(value) or is_valid_old_resident_certificate(value)


class TwResidentCertificateRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_RESIDENT_CERTIFICATE"
    # Low base scores: the checksum decides (validate_result sets 1.0 or drops the match).
    PATTERNS = (
        ("tw_arc_new", NUMBER_START + r"[A-Z][89][0-9]{8}" + NUMBER_END, 0.3),
        ("tw_arc_old", NUMBER_START + r"[A-Z][A-D][0-9]{8}" + NUMBER_END, 0.3),
    )
    CONTEXT = ("居留證號", "居留證", "統一證號", "外僑", "外籍", "移民署", "resident", "arc")

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_resident_certificate(pattern_text)
