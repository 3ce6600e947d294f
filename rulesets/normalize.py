"""Text normalisation for matching, with an exact offset map back to the original text.

Rules match against ``Normalized.text``; findings must point into the text the author wrote, so
every normalised character remembers the original span ``[start, end)`` that produced it.
Steps, in order (each keeps the map):

1. NFKC per character (full-width digits/letters/％ become half-width), length-preserving
   lowercase, zero-width characters dropped;
2. spacing, punctuation and emoji *between two CJK characters* dropped (「保 證」「保‧證」「保🔥證」),
   so evasion fails while English spacing and sentence punctuation stay;
3. Simplified → Traditional (OpenCC ``s2twp``) per run of Han characters, then post-fixes for
   known mis-conversions and folding of variants (証→證, 臺→台) so one rule phrase matches both.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rulesets.chinese import HAN_CLASS, to_traditional

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Kept between CJK characters: they carry the sentence/clause structure that distance and
# negation windows rely on (NFKC already turned ，！？；： into their ASCII forms).
CLAUSE_PUNCT = frozenset(",!?;:、。")
# Unicode categories an evader puts between characters: symbols and emoji (So, Sk, Sm, Sc),
# combining marks and variation selectors (Mn, Me), format characters (Cf), dashes, connectors and
# other punctuation (‧ ・ * /) -- brackets and quotes (Ps, Pe, Pi, Pf) stay.
_SEPARATOR_CATEGORIES = frozenset({"So", "Sk", "Sm", "Sc", "Mn", "Me", "Cf", "Co", "Pd", "Pc", "Po"})
# A run of non-Han characters with Han on both sides: dropped when it is all separators.
_BETWEEN_HAN = re.compile(f"(?<=[{HAN_CLASS}])[^{HAN_CLASS}]+(?=[{HAN_CLASS}])")


@dataclass(frozen=True)
class Normalized:
    """``text`` is what rules match; ``starts[i]:ends[i]`` is the original span of ``text[i]``."""

    text: str
    original: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` onto the smallest original span that produced it.

        A span touching either end of ``text`` is stretched to that end of the original, so the
        characters dropped there (zero-width) belong to it; a whole-text span maps to the whole text.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        if start == 0 and end == len(self.text):
            return 0, len(self.original)
        if start == end:
            pos = self.ends[start - 1] if start > 0 else 0
            return pos, pos
        lo = 0 if start == 0 else self.starts[start]
        hi = len(self.original) if end == len(self.text) else self.ends[end - 1]
        return lo, hi


def normalize(text: str) -> Normalized:
    chars, spans = _width_case_invisibles(text)
    chars, spans = _drop_separators_between_cjk(chars, spans)
    chars, spans = to_traditional(chars, spans)
    return Normalized(
        text="".join(chars),
        original=text,
        starts=tuple(s for s, _ in spans),
        ends=tuple(e for _, e in spans),
    )


def fold(phrase: str) -> str:
    """A rule phrase in the form it has in normalised text (used when compiling rules)."""
    return normalize(phrase).text


def _width_case_invisibles(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        for out in _fold_char(ch):
            chars.append(out)
            spans.append((i, i + 1))
    return chars, spans


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """NFKC per character, not per string, so each output character has exactly one source."""
    if ch in ZERO_WIDTH:
        return ""
    lowered = (low if len(low := out.lower()) == 1 else out for out in unicodedata.normalize("NFKC", ch))
    return "".join(lowered)  # 'İ'.lower() is two characters: such a character keeps its case


def _is_separator(ch: str) -> bool:
    if ch in LINE_BREAKS or ch in CLAUSE_PUNCT:
        return False
    return ch.isspace() or unicodedata.category(ch) in _SEPARATOR_CATEGORIES


def _drop_separators_between_cjk(
    chars: list[str], spans: list[tuple[int, int]]
) -> tuple[list[str], list[tuple[int, int]]]:
    keep = [True] * len(chars)
    for m in _BETWEEN_HAN.finditer("".join(chars)):  # one character per list item
        if all(_is_separator(ch) for ch in m.group()):
            keep[m.start() : m.end()] = [False] * (m.end() - m.start())
    return [c for c, k in zip(chars, keep) if k], [s for s, k in zip(spans, keep) if k]
