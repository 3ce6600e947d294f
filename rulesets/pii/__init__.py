"""Personal data in marketing copy: detection (Presidio, offline) and masking.

Use::

    from rulesets.pii.detector import PiiDetector
    detector = PiiDetector.build(cache_dir)           # once per process (Presidio import ~5-10 s)
    findings = detector.detect(text, "zh-TW")         # list[rulesets.finding.Finding], source="pii"

    from rulesets.pii import mask                     # cheap: does not import Presidio
    mask("A123456789", "TW_NATIONAL_ID")              # 'A12*****89'

What is found (``recognizers/``, one module per entity; severities from ``entities.yaml``):

* Taiwan: national ID and resident certificate, old and new format (checksums); unified
  business number (checksum, by context); mobile and landline numbers (+886 or not; toll-free
  0800/0809 and lines after 客服/專線 are company lines, not reported); NHI card and passport
  numbers (by context); bank accounts (by context, optional 3-digit bank code); street
  addresses (縣/市 + 區/鄉/鎮 + 路/街 + 號); dates of birth (by context); names with an
  honorific, title or greeting (王小明先生, 親愛的林志明，).
* US/UK: SSN and ITIN (SSA/IRS ranges), NI number (HMRC prefix rules), sort code + account,
  IBAN (python-stdnum), phone numbers (``phonenumbers``; toll-free and company lines skipped),
  names after Dear/Hi/Hello or a title (not "Dear Customer").
* Everywhere: e-mail, payment cards (Luhn + issuer prefix).

Every pattern is bounded with lookarounds instead of ``\\b`` so it matches next to Chinese
(``身分證字號A123456789``). Presidio's predefined recognizers are not loaded. Placeholders
({{name}}, 【姓名】, ○○○, XXX, 王OO) never match, and numbers that only look like identifiers
(fund codes, dates, rates, amounts, 金管證投字第…號, checksum failures) are refused.

Context: Presidio's context enhancer raises a match's score when a context word sits among the
keywords before it (5 in English, 12 in Chinese, same sentence) or the one after. Blank
pipelines have no lemmas, so ``finreview_lower_lemma`` copies each token's lower-cased text into
its lemma; CJK context words are added to jieba's dictionary. Entities listed in a recognizer's
``NEEDS_CONTEXT`` (UBN, NHI card, passport, bank accounts, dates of birth, plain 9/10-digit
SSN/ITIN/phone) are reported only when a context word was found.

Speed (``bench/pii.py``): jieba and spaCy run only when some pattern matched, and then only on
the text around the matches; recognizers skip patterns whose trigger words are absent.

What a finding says (``entities.yaml``): rule id, default severity, zh-TW/en message,
suggestion and citation per jurisdiction. Compliance edits that file, not the code.

Adding a recognizer (e.g. a bank's own customer number)
------------------------------------------------------
1. Write ``recognizers/<name>.py`` (< 100 lines): a subclass of ``CjkSafeRecognizer`` with
   ``ENTITY``, ``PATTERNS`` as ``(name, regex, base score)``, ``CONTEXT`` words (zh and en; they
   raise the score when found among the keywords before or the one after the match) and, where
   the number has a checksum, ``validate_result`` returning True (certain), False (drop) or None
   (keep the base score). Start and end each regex with ``NUMBER_START``/``NUMBER_END`` from
   ``recognizers/base.py`` (or your own lookarounds), never ``\\b``. Optional: ``NEEDS_CONTEXT``
   (patterns reported only with a context word), ``SUPPRESS_BEFORE``/``SUPPRESS_AFTER`` (words
   that make a match not personal, e.g. 客服專線), ``TRIGGER`` (a cheap regex every match needs).
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
