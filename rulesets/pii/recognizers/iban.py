"""International Bank Account Numbers: country code, two check digits, the national account
(GB82 WEST 1234 5698 7654 32), accepted only if python-stdnum validates country length and the
ISO 7064 mod-97 check. Upper case only, so ordinary words never extend a match.
"""
from __future__ import annotations

from stdnum import iban

from rulesets.pii.recognizers.base import CjkSafeRecognizer


def is_valid_iban(text: str) -> bool:
    return iban.is_valid(text)


class IbanRecognizer(CjkSafeRecognizer):
    ENTITY = "IBAN_CODE"
    PATTERNS = (
        ("iban_grouped", r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?(?![A-Za-z0-9])", 0.3),
        ("iban_compact", r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])", 0.3),
    )
    CONTEXT = ("iban", "國際銀行帳號", "account")
    CASE_SENSITIVE = True
    TRIGGER = "[A-Z]{2}[0-9]{2}"

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_iban(pattern_text)
