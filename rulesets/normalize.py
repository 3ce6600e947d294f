"""Text normalisation for matching, with an exact offset map back to the original text.

Rules match against ``Normalized.text``; findings must point into the text the author wrote, so
every normalised character remembers the original span ``[start, end)`` that produced it.
Steps, in order (each keeps the map):

1. NFKC per character (full-width digits/letters/％ become half-width), length-preserving
   lowercase, zero-width characters dropped;
2. spacing, punctuation and emoji *between two CJK characters* dropped (「保 證」「保‧證」「保🔥證」),
   so evasion fails while English spacing and sentence punctuation stay;
3. look-alikes inside Latin words: digits written for letters (「guarant33d」「r1sk-fr3e」
   「n0 l0ss」) and Cyrillic or Greek letters that look Latin (а, е, о, ρ, ι...), one character for
   one, so the map is untouched;
4. Simplified → Traditional (OpenCC ``s2twp``) per run of Han characters, then post-fixes for
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
# A run of non-Han characters with Han on both sides: dropped when it is all separators. The class
# already leaves out what can never be one (letters and digits: \w less its '_', which is Pc; line
# breaks; clause punctuation), so the per-character category test runs on few candidates.
_NEVER_SEPARATOR = re.escape("".join(sorted(LINE_BREAKS | CLAUSE_PUNCT)))
_BETWEEN_HAN = re.compile(f"(?<=[{HAN_CLASS}])(?:[^{HAN_CLASS}\\w{_NEVER_SEPARATOR}]|_)+(?=[{HAN_CLASS}])")


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
    folded, starts, ends = _width_case_invisibles(text)
    folded = _fold_lookalikes(folded, text, starts)
    folded, starts, ends = _drop_separators_between_cjk(folded, starts, ends)
    folded, starts, ends = to_traditional(folded, starts, ends)
    return Normalized(text=folded, original=text, starts=tuple(starts), ends=tuple(ends))


def fold(phrase: str) -> str:
    """A rule phrase in the form it has in normalised text (used when compiling rules)."""
    return normalize(phrase).text


class _FoldTable(dict):
    """``str.translate`` table filled on demand with ``_fold_char``; it remembers the characters
    that do not fold to exactly one character, since only those need a per-character offset map."""

    def __init__(self) -> None:
        super().__init__()
        self.resizing: set[str] = set()
        # The same set as a character class: a regex scan of a copy costs a tenth of a set test
        # that hashes every character. Recompiled only when the set grows, which stops early.
        self.resizing_pattern = re.compile("(?!)")

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _fold_char(ch)
        if len(out) != 1:
            self.resizing.add(ch)
            self.resizing_pattern = re.compile("[" + re.escape("".join(sorted(self.resizing))) + "]")
        self[code] = out
        return out


_FOLD = _FoldTable()


def _width_case_invisibles(text: str) -> tuple[str, list[int], list[int]]:
    # One C-level translate instead of a Python loop per character (issue 3, measured 5x faster);
    # the per-character loop runs only for copy with a zero-width or multi-character fold.
    folded = text.translate(_FOLD)
    if not _FOLD.resizing_pattern.search(text):
        return folded, list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        out = _FOLD[ord(ch)]
        chars.append(out)
        starts += [i] * len(out)
    return "".join(chars), starts, [s + 1 for s in starts]


def _fold_char(ch: str) -> str:
    """NFKC per character, not per string, so each output character has exactly one source."""
    if ch in ZERO_WIDTH:
        return ""
    lowered = (low if len(low := out.lower()) == 1 else out for out in unicodedata.normalize("NFKC", ch))
    return "".join(lowered)  # 'İ'.lower() is two characters: such a character keeps its case


# Letters an evader swaps in because they look Latin. Keyed by the author's character, not the
# lowercased one: Greek 'Ν' reads as N but its lowercase 'ν' reads as v.
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "А": "a", "а": "a", "В": "b", "Е": "e", "е": "e", "Ё": "e", "ё": "e", "К": "k", "к": "k",
    "М": "m", "Н": "h", "һ": "h", "О": "o", "о": "o", "Р": "p", "р": "p", "С": "c", "с": "c",
    "Т": "t", "У": "y", "у": "y", "Х": "x", "х": "x", "І": "i", "і": "i", "Ї": "i", "ї": "i",
    "Ј": "j", "ј": "j", "Ѕ": "s", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "Ү": "y", "ү": "y",
    "ӏ": "l", "Ӏ": "l",
    # Greek
    "Α": "a", "α": "a", "Β": "b", "β": "b", "Ε": "e", "ε": "e", "Ζ": "z", "Η": "h", "Ι": "i",
    "ι": "i", "Κ": "k", "κ": "k", "Μ": "m", "Ν": "n", "ν": "v", "Ο": "o", "ο": "o", "Ρ": "p",
    "ρ": "p", "Τ": "t", "τ": "t", "Υ": "y", "υ": "u", "Χ": "x", "χ": "x", "ϲ": "c",
}
_LEET = str.maketrans("013456789", "oieasgtbg")
_GLYPH_CLASS = re.escape("".join(sorted({ch.lower() for ch in _HOMOGLYPHS})))
# Cheap screen, run on every copy: a digit touching a Latin letter, or any look-alike letter.
# One character class first and lookarounds after it: three times faster than an alternation.
_LOOKALIKE_HINT = re.compile(f"[0-9{_GLYPH_CLASS}](?:(?<=[a-z][0-9])|(?<=[{_GLYPH_CLASS}])|(?=[a-z]))")
_WORD = re.compile(f"[a-z0-9{_GLYPH_CLASS}]+")
_LETTER = re.compile(f"[a-z{_GLYPH_CLASS}]")
_FOREIGN = re.compile("[\u0370-\u052f]")
# A digit run is a letter in disguise inside a word (「fr3e」) or at its end (「fr33」, 「n0」):
# only a one- or two-digit tail after a letter, in a short word or one with digits inside too, and
# never one that a decimal, a percentage or a thousands group continues, so "apr29.9%", "ftse100",
# "iphone15" and "covid-19" stay as written.
_INNER_DIGITS = re.compile(r"(?<=[^\W\d_])\d+(?=[^\W\d_])")
_TAIL_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}$")


def _fold_lookalikes(folded: str, original: str, starts: list[int]) -> str:
    """Latin words written with digits or foreign look-alike letters, spelt in plain letters.

    A word that starts with a digit never changes ("12months", "1st", "4g"); a one-letter word
    only loses a trailing zero ("n0", "s0"). A word of look-alike letters alone changes only when
    the copy has no other Cyrillic or Greek, so real Russian or Greek text stays as it is."""
    if not _LOOKALIKE_HINT.search(folded):
        return folded
    foreign_script = any(ch not in _HOMOGLYPHS and ch.isalpha() for ch in _FOREIGN.findall(original))
    chars = list(folded)
    for word in _WORD.finditer(folded):
        text, lo = word.group(), word.start()
        if text.isdigit() or (foreign_script and not any("a" <= ch <= "z" for ch in text)):
            continue
        for i in range(lo, word.end()):
            chars[i] = _HOMOGLYPHS.get(original[starts[i]], chars[i])
        if text[0].isdigit():
            continue
        after = folded[word.end():word.end() + 2]
        continues_number = after[:1] == "%" or (after[:1] in ".," and after[1:2].isdigit())
        tail = _TAIL_DIGITS.search(text)
        if len(_LETTER.findall(text)) < 2:
            if tail and tail.group() == "0" and not continues_number:
                chars[lo + tail.start()] = "o"
            continue
        inner = list(_INNER_DIGITS.finditer(text))
        for run in inner:
            chars[lo + run.start():lo + run.end()] = run.group().translate(_LEET)
        if tail and not continues_number and (inner or len(text) <= 5):
            chars[lo + tail.start():lo + tail.end()] = tail.group().translate(_LEET)
    return "".join(chars)


@lru_cache(maxsize=4096)
def _is_separator(ch: str) -> bool:
    if ch in LINE_BREAKS or ch in CLAUSE_PUNCT:
        return False
    return ch.isspace() or unicodedata.category(ch) in _SEPARATOR_CATEGORIES


def _drop_separators_between_cjk(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    drop = [m.span() for m in _BETWEEN_HAN.finditer(text) if all(map(_is_separator, m.group()))]
    if not drop:
        return text, starts, ends
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    done = 0
    for lo, hi in drop:  # slices, not a loop per character
        pieces.append(text[done:lo])
        new_starts += starts[done:lo]
        new_ends += ends[done:lo]
        done = hi
    pieces.append(text[done:])
    return "".join(pieces), new_starts + starts[done:], new_ends + ends[done:]
