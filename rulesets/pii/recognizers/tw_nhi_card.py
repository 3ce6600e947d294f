"""Taiwan National Health Insurance card number (健保卡號): twelve digits, by context only.

The card number has no public checksum and twelve-digit numbers are common (bank accounts,
serials), so a match counts only next to 健保卡, 健保卡號, NHI...
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import NUMBER_END, NUMBER_START, CjkSafeRecognizer, digits, is_dummy_number


class TwNhiCardRecognizer(CjkSafeRecognizer):
    ENTITY = "TW_NHI_CARD"
    PATTERNS = (("tw_nhi_card", NUMBER_START + r"[0-9]{4}([ \-]?)[0-9]{4}\1[0-9]{4}" + NUMBER_END, 0.2),)
    CONTEXT = ("健保卡號", "健保卡", "健保", "nhi")
    NEEDS_CONTEXT = ("tw_nhi_card",)

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if is_dummy_number(digits(pattern_text)) else None
