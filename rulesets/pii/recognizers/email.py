"""E-mail addresses, bounded so they match inside CJK text (請寄至abc@example.com謝謝).

Presidio's own e-mail recognizer uses ``\\b`` and fetches a TLD list over the network at load;
we check the shape only and treat placeholder mailboxes (xxx@..., ○○○@...) as not PII.
"""
from __future__ import annotations

from rulesets.pii.recognizers.base import CjkSafeRecognizer

_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
# Local parts that stand for "someone" in templates; ○○○ never matches the ASCII pattern anyway.
PLACEHOLDER_LOCAL_PARTS = frozenset({"xxx", "xxxx", "xxxxx", "user", "username", "name", "yourname", "your.name", "email"})


def is_placeholder_address(text: str) -> bool:
    local = text.rsplit("@", 1)[0].lower()
    return local in PLACEHOLDER_LOCAL_PARTS or set(local) <= {"x", "."}


class EmailRecognizer(CjkSafeRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = (
        ("email", r"(?<![A-Za-z0-9._%+\-@])" + _LOCAL + "@" + _DOMAIN + r"(?![A-Za-z0-9\-@])(?!\.[A-Za-z0-9])", 0.6),
    )
    CONTEXT = ("電子郵件", "電郵", "信箱", "郵件", "寄至", "mail", "contact")
    TRIGGER = "@"

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if is_placeholder_address(pattern_text) else None
