"""US and UK phone numbers, checked by the ``phonenumbers`` library (Presidio's dependency).

Shapes: (212) 555-1234, 212-555-1234, 212.555.1234, +1 212 555 1234; 020 7946 0958, 07911 123456,
+44 (0)20 7946 0958, +44 7911 123456. Ten plain digits count only next to phone words.
Kept: fixed-line, mobile and personal numbers. Not personal, so not reported: toll-free
(800/888..., 0800/0808), shared-cost and non-geographic company lines (0345, 0370...), premium
rate, the fictional 555-01XX range, Ofcom's drama ranges (phonenumbers rejects them), and any
number after "customer service", "helpline", "call us"... in the same clause.
"""
from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits

PERSONAL_TYPES = frozenset({
    PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.VOIP,
})
_US = r"(?:\+?1[ .\-]?)?"
_UK_TRUNK = r"(?:\+44 ?(?:\(0\) ?)?|0)"
SERVICE_WORDS = (r"customer|service|helpline|hotline|toll|freephone|call us|contact us|our team|"
                 r"客服|專線|服務|免付費")


def region_of(text: str) -> str:
    stripped = text.lstrip("(")
    if stripped.startswith("+44") or stripped.startswith("0"):
        return "GB"
    return "US"


def is_personal_phone_number(text: str) -> bool:
    try:
        number = phonenumbers.parse(text, region_of(text))
    except phonenumbers.NumberParseException:
        return False
    national = str(number.national_number)
    if number.country_code == 1 and national[3:6] == "555" and national[6:8] == "01":
        return False  # 555-0100..0199 are reserved for fiction
    if len(set(digits(national)[-7:])) == 1:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in PERSONAL_TYPES


class PhoneNumberRecognizer(CjkSafeRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        ("us_phone_parens", NUMBER_START + _US + r"\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[ .\-][0-9]{4}" + NUMBER_END, 0.4),
        ("us_phone", NUMBER_START + _US + r"[2-9][0-9]{2}([ .\-])[2-9][0-9]{2}\1[0-9]{4}" + NUMBER_END, 0.4),
        ("us_phone_e164", NUMBER_START + r"\+1[2-9][0-9]{9}" + NUMBER_END, 0.4),
        ("us_phone_plain", NUMBER_START + r"[2-9][0-9]{2}[2-9][0-9]{6}" + NUMBER_END, 0.2),
        ("uk_mobile", NUMBER_START + _UK_TRUNK + r"7[0-9]{3} ?[0-9]{3} ?[0-9]{3}" + NUMBER_END, 0.4),
        ("uk_landline", NUMBER_START + r"(?:\+44 ?(?:\(0\) ?)?|\(?0)[1-3][0-9]{1,4}\)? ?[0-9]{3,4} ?[0-9]{3,4}" + NUMBER_END, 0.4),
    )
    CONTEXT = ("telephone", "phone", "tel", "mobile", "cell", "call", "text", "電話", "手機")
    NEEDS_CONTEXT = ("us_phone_plain",)
    SUPPRESS_BEFORE = SERVICE_WORDS
    SUPPRESS_WINDOW = 25

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_personal_phone_number(pattern_text) else False
