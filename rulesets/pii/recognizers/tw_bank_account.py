"""Bank account numbers in Taiwanese style, by context only: 10-16 digits, plain or grouped with
dashes/spaces, optionally after a 3-digit bank code: (822)123456789012, 822-123-456-789012.

An account number has no public checksum, so a match counts only next to 帳號, 帳戶, 戶名,
匯款, 轉帳, account... A bank code alone (銀行代碼822) is not an account and never matches.
"""
from __future__ import annotations

import re

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits, is_dummy_number

_ACCOUNT = r"[0-9]{2,16}(?:[ \-][0-9]{2,8}){0,4}"
_BANK_CODE = re.compile(r"^(?:\(([0-9]{3})\)[ \-]?|([0-9]{3})[ \-])")
MIN_DIGITS, MAX_DIGITS = 10, 16


def account_digits(text: str) -> str:
    """The account's digits; a leading 3-digit bank code counts only if the rest is too short."""
    number = digits(text)
    code = _BANK_CODE.match(text)
    if code and (code.group(1) or not MIN_DIGITS <= len(number) <= MAX_DIGITS):
        return digits(text[code.end():])
    return number


# A mobile (0912-345-678), toll-free (0800-123-456) or landline (02-2345-6789) number near 匯款
# is still a phone number.
_PHONE_SHAPE = re.compile(
    r"^(?:09[0-9]{2}[ \-]?[0-9]{3}[ \-]?[0-9]{3}|080[09][ \-]?[0-9]{3}[ \-]?[0-9]{3}"
    r"|0[2-8][0-9]{0,2}[ \-][0-9]{3,4}[ \-]?[0-9]{4})$"
)


def is_plausible_account(text: str) -> bool:
    number = account_digits(text)
    return (
        MIN_DIGITS <= len(number) <= MAX_DIGITS
        and not is_dummy_number(number)
        and not _PHONE_SHAPE.match(text)
    )


class TwBankAccountRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_BANK_ACCOUNT"
    PATTERNS = (
        ("tw_bank_code_account", NUMBER_START + r"(?:\([0-9]{3}\)[ \-]?|[0-9]{3}[ \-])" + _ACCOUNT + NUMBER_END, 0.3),
        ("tw_bank_account", NUMBER_START + _ACCOUNT + NUMBER_END, 0.2),
    )
    CONTEXT = ("帳號", "帳戶", "账号", "戶名", "匯款", "轉帳", "轉入", "存款", "銀行代碼", "account", "acct")
    NEEDS_CONTEXT = ("tw_bank_code_account", "tw_bank_account")
    SUPPRESS_BEFORE = r"客服|專線|服務|免付費|電話|手機|傳真|customer|service|hotline|phone|fax"

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_plausible_account(pattern_text) else False
