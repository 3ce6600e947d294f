"""Personal data in marketing copy: detection (Presidio, offline) and masking.

Use::

    from rulesets.pii.detector import PiiDetector
    detector = PiiDetector.build(cache_dir)           # once per process (Presidio import ~5-10 s)
    findings = detector.detect(text, "zh-TW")         # list[rulesets.finding.Finding], source="pii"

    from rulesets.pii import mask                     # cheap: does not import Presidio
    mask("A123456789", "TW_NATIONAL_ID")              # 'A12*****89'

What is found (``recognizers/``): TW national ID (checksum), TW mobile, e-mail, payment card
(Luhn + issuer prefix). Every pattern is bounded with lookarounds instead of ``\\b`` so it matches
next to Chinese (``身分證字號A123456789``). Presidio's predefined recognizers are not loaded.

What a finding says (``entities.yaml``): rule id, default severity, zh-TW/en message,
suggestion and citation per jurisdiction. Compliance edits that file, not the code.

Adding a recognizer (e.g. a bank's own customer number)
------------------------------------------------------
1. Write ``recognizers/<name>.py`` (< 100 lines): a subclass of ``CjkSafeRecognizer`` with
   ``ENTITY``, ``PATTERNS`` as ``(name, regex, base score)``, ``CONTEXT`` words (zh and en; they
   raise the score when found among the 5 tokens before or 1 after the match) and, where the
   number has a checksum, ``validate_result`` returning True (certain), False (drop) or None
   (keep the base score). Start and end each regex with ``NUMBER_START``/``NUMBER_END`` from
   ``recognizers/base.py`` (or your own lookarounds), never ``\\b``.
2. Add the class to ``RECOGNIZERS`` in ``recognizers/__init__.py``.
3. Add the entity to ``entities.yaml`` (rule id ``pii.<name>``, severity, messages, citation).
4. Add positive and negative rows, next to CJK and in English, to ``tests/rulesets/test_pii_*.py``.
CJK context words are added to jieba's dictionary automatically, so they are not split.

Nothing here logs or raises the raw value: excerpts are masked, explanations name patterns and
context words only, Presidio's DEBUG logging is capped at WARNING, and analysis errors are
re-raised as ``PiiDetectionError`` carrying only the exception type.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rulesets.pii.masking import mask

if TYPE_CHECKING:
    from rulesets.pii.detector import PiiDetectionError, PiiDetector

__all__ = ["PiiDetectionError", "PiiDetector", "mask"]


def __getattr__(name: str):
    # Lazy: importing Presidio takes seconds; callers that only mask should not pay for it.
    if name in ("PiiDetector", "PiiDetectionError"):
        from rulesets.pii import detector

        return getattr(detector, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
