"""The shared shape of our recognizers, and token edges that hold next to CJK text.

Why not ``\\b``: Python treats 中文 as word characters, so in ``身分證字號A123456789`` there is no
``\\b`` before the ``A`` and Presidio's predefined patterns miss it. We refuse only ASCII
letters/digits (and the pieces of e-mails and longer numbers) as neighbours instead.
"""
from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

# Start/end of a number: not glued to ASCII letters/digits, not inside an e-mail, not the
# continuation of a longer number (1,234,567; 2024/09/12; 3.14159), and not a document number:
# FSC letters from ROC years 96-99 read 金管證投字第0960012345號, which looks like a mobile number.
NUMBER_START = r"(?<![A-Za-z0-9_@.第])(?<![0-9][,/\-])"
NUMBER_END = r"(?![A-Za-z0-9_@號号])(?![.,/\-][0-9])"


def digits(text: str) -> str:
    """The ASCII digits of a match, without separators (patterns only admit ASCII digits)."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


class CjkSafeRecognizer(PatternRecognizer):
    """A Presidio ``PatternRecognizer`` declared by four class attributes.

    Subclasses set ``ENTITY``, ``PATTERNS`` as ``(name, regex, score)``, ``CONTEXT`` words (zh
    and en; matched as substrings of tokens) and ``VERSION``, and may override
    ``validate_result`` (True: certain, False: drop, None: keep the pattern score).
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[tuple[tuple[str, str, float], ...]]
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    VERSION: ClassVar[str] = "1"

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language=language,
            patterns=[Pattern(name, regex, score) for name, regex, score in self.PATTERNS],
            context=list(self.CONTEXT),
            version=self.VERSION,
        )
