"""UK bank details: a sort code (12-34-56) with an eight-digit account number, or an eight-digit
account number alone next to "account" / "acct".

A sort code alone names a branch, not a person, and is not reported.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits, is_dummy_number

_SORT_CODE = r"[0-9]{2}([\- ])[0-9]{2}\1[0-9]{2}"
# Between the two: commas, slashes or words such as "account no." / "a/c".
_BETWEEN = r"(?:\s*[,;/]?\s*(?:(?:account|acct|acc|a/c)(?:\s*(?:no\.?|number|#))?\s*:?\s*)?)"


def is_plausible_uk_account(text: str) -> bool:
    account = digits(text)[-8:]
    return not is_dummy_number(account)


class UkBankAccountRecognizer(CjkSafeRecognizer):
    ENTITY = "UK_BANK_ACCOUNT"
    PATTERNS = (
        ("uk_sort_code_account", NUMBER_START + _SORT_CODE + _BETWEEN + r"[0-9]{8}" + NUMBER_END, 0.5),
        ("uk_account_number", NUMBER_START + r"[0-9]{8}" + NUMBER_END, 0.2),
    )
    CONTEXT = ("account", "acct", "sort", "bank")
    NEEDS_CONTEXT = ("uk_account_number",)

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_plausible_uk_account(pattern_text) else False
