"""UK National Insurance numbers: two letters, six digits, a suffix A-D (AB 12 34 56 C).

HMRC's prefix rules: the first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q,
U or V; BG, GB, KN, NK, NT, TN and ZZ are never issued (QQ 12 34 56 C is the sample form).
python-stdnum has no NINO module, so the rules are here.
"""
from __future__ import annotations

import re

from rulesets.pii.recognizers.base import CjkSafeRecognizer

INVALID_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_SHAPE = re.compile(r"[A-Z]{2}[0-9]{6}[A-D]")


def is_valid_nino(text: str) -> bool:
    value = "".join(text.split()).upper()
    if not _SHAPE.fullmatch(value):
        return False
    first, second = value[0], value[1]
    return (first not in "DFIQUV" and second not in "DFIOQUV" and value[:2] not in INVALID_PREFIXES
            and len(set(value[2:8])) > 1)


class UkNinoRecognizer(CjkSafeRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS = (
        ("uk_nino", r"(?<![A-Za-z0-9])[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])", 0.4),
    )
    CONTEXT = ("insurance", "nino", "國民保險")

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_nino(pattern_text)
