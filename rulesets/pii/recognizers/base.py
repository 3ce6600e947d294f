"""The shared shape of our recognizers, and token edges that hold next to CJK text.

Why not ``\\b``: Python treats 中文 as word characters, so in ``身分證字號A123456789`` there is no
``\\b`` before the ``A`` and Presidio's predefined patterns miss it. We refuse only ASCII
letters/digits (and the pieces of e-mails and longer numbers) as neighbours instead.

Patterns are compiled here with the standard ``re`` module, or with ``regex`` (Presidio's) when
they need a variable-length lookbehind such as ``(?<=Dear\\s+)``; see ``CjkSafeRecognizer.analyze``.
"""
from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

# Start/end of a number: not glued to ASCII letters/digits, not inside an e-mail, not the
# continuation of a longer number (1,234,567; 2024/09/12; 3.14159), and not a document number:
# FSC letters from ROC years 96-99 read 金管證投字第0960012345號, which looks like a mobile number.
NUMBER_START = r"(?<![A-Za-z0-9_@.第])(?<![0-9][,/\-])"
NUMBER_END = r"(?![A-Za-z0-9_@號号])(?![.,/\-][0-9])"
# Han characters (CJK Unified Ideographs and extension A). ○, 〇 and Ｘ are not in it, so the
# placeholders 王○○ and 王XX never match a name pattern.
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# A clause ends here: a word that suppresses a match must sit in the same clause (or, with
# SUPPRESS_IN_PHRASE, the same comma-separated phrase).
CLAUSE_END = re.compile(r"[。！？!?;；\n]|\.\s")
PHRASE_END = re.compile(r"[。！？!?;；\n，,、]|\.\s")
DEFAULT_FLAGS = regex.DOTALL | regex.MULTILINE
# A NEEDS_CONTEXT match with none of its context words within this many characters before/after
# it is dropped before Presidio's context enhancer runs. The enhancer would drop it too (its
# window is 5 English / 12 Chinese keywords, always narrower than this), but dropping it here
# spares jieba and spaCy on copies whose only matches are such look-alikes (dates, 8-digit numbers).
PREFILTER_BEFORE, PREFILTER_AFTER = 100, 40


def digits(text: str) -> str:
    """The ASCII digits of a match, without separators (patterns only admit ASCII digits)."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


def is_dummy_number(number: str) -> bool:
    """0000000000, 9999999999: how copywriters blank out a number. Runs such as 123456789012 are
    not treated as placeholders: nothing says a copy uses them as such, and real numbers can be."""
    return len(set(number)) == 1


class CjkSafeRecognizer(PatternRecognizer):
    """A Presidio ``PatternRecognizer`` declared by class attributes.

    Subclasses set ``ENTITY``, ``PATTERNS`` as ``(name, regex, score)``, ``CONTEXT`` words (zh
    and en; matched as substrings of tokens) and ``VERSION``, and may override
    ``validate_result`` (True: certain, False: drop, None: keep the pattern score).

    Optional:

    * ``NEEDS_CONTEXT``: names of patterns whose matches are kept only when one of ``CONTEXT``
      is found near them (an 8-digit number is a UBN only after 統一編號). The detector drops
      the rest after Presidio's context enhancer has run.
    * ``SUPPRESS_BEFORE``: a regex; a match is dropped when it occurs in the same clause
      within ``SUPPRESS_WINDOW`` characters before the match (客服專線(02)2345-6789 is a
      company line, not a person's). ``SUPPRESS_AFTER`` likewise just after the match
      (王大明先生（化名）is not a real name). With ``SUPPRESS_IN_PHRASE`` the window also
      stops at commas.
    * ``TRIGGER``: a cheap regex that every match needs somewhere in the text (先生|小姐... for
      names); without it the recognizer's patterns are not run at all.
    * ``CASE_SENSITIVE``: Presidio's default is case-insensitive; names need capitals.
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[tuple[tuple[str, str, float], ...]]
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    VERSION: ClassVar[str] = "1"
    NEEDS_CONTEXT: ClassVar[tuple[str, ...]] = ()
    SUPPRESS_BEFORE: ClassVar[str] = ""
    SUPPRESS_AFTER: ClassVar[str] = ""
    SUPPRESS_WINDOW: ClassVar[int] = 15
    SUPPRESS_IN_PHRASE: ClassVar[bool] = False
    TRIGGER: ClassVar[str] = ""
    CASE_SENSITIVE: ClassVar[bool] = False

    def __init__(self, language: str) -> None:
        flags = DEFAULT_FLAGS if self.CASE_SENSITIVE else DEFAULT_FLAGS | regex.IGNORECASE
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language=language,
            patterns=[Pattern(name, rx, score) for name, rx, score in self.PATTERNS],
            context=list(self.CONTEXT),
            version=self.VERSION,
            global_regex_flags=flags,
        )
        self._compiled = [_compile(p.regex, flags) for p in self.patterns]
        self._suppress = _compile(self.SUPPRESS_BEFORE, flags) if self.SUPPRESS_BEFORE else None
        self._suppress_after = _compile(self.SUPPRESS_AFTER, flags) if self.SUPPRESS_AFTER else None
        self._trigger = _compile(self.TRIGGER, flags) if self.TRIGGER else None
        words = sorted(self.CONTEXT, key=len, reverse=True)
        self._context = _compile("|".join(map(regex.escape, words)), regex.IGNORECASE) if words else None
        self._only_with_context = bool(self.PATTERNS) and {n for n, _, _ in self.PATTERNS} <= set(self.NEEDS_CONTEXT)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None) -> list[RecognizerResult]:
        """Presidio's pattern analysis (same results, scores and explanations), made cheaper.

        Presidio's loop compiles with the ``regex`` module and times and logs every pattern; on
        a 500-character copy with ~40 patterns that was most of the stage's time. Here patterns
        are compiled once, with the standard ``re`` where it accepts them (several times faster
        on the name patterns) and ``regex`` otherwise (variable-length lookbehinds), and whole
        recognizers are skipped when their ``TRIGGER`` or (for context-only recognizers) every
        context word is missing from the text. ``regex_flags`` is ignored: flags are per class.
        """
        if self._trigger is not None and self._trigger.search(text) is None:
            return []
        if self._only_with_context and (self._context is None or self._context.search(text) is None):
            return []
        results = []
        for pattern, compiled in zip(self.patterns, self._compiled):
            for match in compiled.finditer(text):
                start, end = match.span()
                if start == end:
                    continue
                result = self._result(text, pattern, start, end)
                if result is not None:
                    results.append(result)
        return EntityRecognizer.remove_duplicates(results) if len(results) > 1 else results

    def _result(self, text: str, pattern: Pattern, start: int, end: int) -> RecognizerResult | None:
        matched = text[start:end]
        validation = self.validate_result(matched)
        explanation = self.build_regex_explanation(
            self.name, pattern.name, pattern.regex, pattern.score, validation, self.global_regex_flags
        )
        score = pattern.score
        if validation is not None:
            score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
        if self.invalidate_result(matched):
            score = EntityRecognizer.MIN_SCORE
        explanation.score = score
        if score <= EntityRecognizer.MIN_SCORE or self.suppressed(text, start, end):
            return None
        if pattern.name in self.NEEDS_CONTEXT and not self.context_nearby(text, start, end):
            return None
        return RecognizerResult(
            entity_type=self.ENTITY, start=start, end=end, score=score, analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def suppressed(self, text: str, start: int, end: int) -> bool:
        """True when a suppressing word sits in the clause just before ``start`` (or after ``end``)."""
        boundary = PHRASE_END if self.SUPPRESS_IN_PHRASE else CLAUSE_END
        if self._suppress is not None:
            before = boundary.split(text[max(0, start - self.SUPPRESS_WINDOW):start])[-1]
            if self._suppress.search(before) is not None:
                return True
        if self._suppress_after is not None:
            after = boundary.split(text[end:end + self.SUPPRESS_WINDOW])[0]
            if self._suppress_after.search(after) is not None:
                return True
        return False

    def context_nearby(self, text: str, start: int, end: int) -> bool:
        """Whether any context word occurs within the prefilter window around a match."""
        if self._context is None:
            return False
        window_start, window_end = max(0, start - PREFILTER_BEFORE), min(len(text), end + PREFILTER_AFTER)
        return self._context.search(text, window_start, window_end) is not None

    @classmethod
    def definition(cls) -> tuple:
        """Everything about this class that decides its findings (for the detector's fingerprint)."""
        return (cls.__name__, cls.VERSION, cls.PATTERNS, cls.CONTEXT, cls.NEEDS_CONTEXT,
                cls.SUPPRESS_BEFORE, cls.SUPPRESS_AFTER, cls.SUPPRESS_WINDOW, cls.SUPPRESS_IN_PHRASE, cls.TRIGGER, cls.CASE_SENSITIVE)


def _compile(pattern: str, flags: int):
    """Standard ``re`` where it accepts the pattern, else ``regex`` (variable-length lookbehind)."""
    try:
        return re.compile(pattern, int(flags))
    except re.error:
        return regex.compile(pattern, flags)
