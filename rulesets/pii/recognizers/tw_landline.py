"""Taiwan landline numbers: (02)2345-6789, 02-2345-6789, 07 123 4567, +886-2-2345-6789.

The national number (without 0 or +886) has 9 digits in areas 2 and 4 (Taipei, Taichung,
Changhua, Nantou) and 8 elsewhere; a local number never starts with 0 or 1. So 080x (toll-free
0800/0809 service lines) and 020x (premium information lines) are refused by the same rule.
A company's service line is not personal data: a number after 客服, 專線, 總機... in the same
clause is not reported (mobile numbers are, wherever they appear).
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits, is_dummy_number

_SEP = r"[ \-]?"
_COUNTRY = r"(?:(?:\+|00)886" + _SEP + r"(?:\(0?[2-8][0-9]{0,2}\)|0?[2-8][0-9]{0,2})" + _SEP + ")"
_AREA = r"(?:\(0[2-8][0-9]{0,2}\)" + _SEP + r"|0[2-8][0-9]{0,2}" + _SEP + ")"
# Words that mark a company's own line (service, switchboard, branch, fax for orders...).
SERVICE_WORDS = r"客服|專線|總機|服務|免付費|分行|總行|營業部|本行|本公司|代表號|customer|service|hotline|toll"
NATIONAL_LENGTHS = {"2": 9, "3": 8, "4": 9, "5": 8, "6": 8, "7": 8, "8": 8}


def national_number(text: str) -> str:
    number = digits(text)
    if text.lstrip("(").startswith(("+886", "00886", "886")):
        number = number[3:] if number.startswith("886") else number[5:]
    return number[1:] if number.startswith("0") else number


def is_valid_tw_landline(text: str) -> bool:
    number = national_number(text)
    return (
        NATIONAL_LENGTHS.get(number[:1]) == len(number)
        and number[1] not in "01"
        and not is_dummy_number(number[-7:])
    )


class TwLandlineRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_LANDLINE"
    PATTERNS = (
        ("tw_landline", NUMBER_START + r"(?:" + _COUNTRY + "|" + _AREA + r")[2-9][0-9]{1,3}" + _SEP + r"[0-9]{4}" + NUMBER_END, 0.4),
    )
    CONTEXT = ("電話", "市話", "室內電話", "住家", "住宅", "家裡", "聯絡", "傳真", "tel", "phone", "fax")
    SUPPRESS_BEFORE = SERVICE_WORDS
    SUPPRESS_WINDOW = 30  # 客服專線0800-123-456，或撥(02)2345-6789: both are the company's

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_valid_tw_landline(pattern_text) else False
