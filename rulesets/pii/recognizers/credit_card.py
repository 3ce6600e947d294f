"""Payment card numbers (PAN): 13-19 digits, plain or grouped, accepted only if Luhn-valid.

The Luhn check (ISO/IEC 7812-1) drops 9 of 10 random digit runs; the issuer prefix check drops
amounts and serial numbers that happen to pass Luhn but start with a digit no scheme uses.
"""
from __future__ import annotations

from stdnum import luhn

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits


def has_known_issuer_prefix(number: str) -> bool:
    # 3: Amex/JCB/Diners, 4: Visa, 5: Mastercard, 6: Discover/UnionPay, 2221-2720: Mastercard 2-series.
    return number[:1] in "3456" or 222100 <= int(number[:6]) <= 272099


def is_valid_card_number(text: str) -> bool:
    number = digits(text)
    return 13 <= len(number) <= 19 and has_known_issuer_prefix(number) and luhn.is_valid(number)


class CreditCardRecognizer(CjkSafeRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = (
        ("card_plain", NUMBER_START + r"[0-9]{13,19}" + NUMBER_END, 0.3),
        # 4-4-4-4(-3), one separator style throughout (Visa, Mastercard, JCB, UnionPay 19-digit).
        ("card_4x4", NUMBER_START + r"[0-9]{4}([ \-])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{3})?" + NUMBER_END, 0.3),
        # 4-6-5 (Amex) and 4-6-4 (Diners).
        ("card_4_6_5", NUMBER_START + r"[0-9]{4}([ \-])[0-9]{6}\1[0-9]{4,5}" + NUMBER_END, 0.3),
    )
    CONTEXT = ("卡號", "信用卡", "信用卡號", "金融卡", "簽帳卡", "card", "visa", "mastercard", "jcb", "amex")

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_card_number(pattern_text)
