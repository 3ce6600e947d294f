"""Finding rule phrases and patterns in normalised text.

Literal phrases go through one Aho-Corasick automaton per phrase list; regexes are compiled on load.
Neither uses ``\\b``: Python treats CJK characters as word characters, so ``\\b`` fails next to
them. A phrase that begins or ends with an ASCII letter/digit instead requires that the
neighbouring character is not one ("no" must not fire inside "know"; 「0利率」 not inside 「10利率」).
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, NamedTuple

import ahocorasick
from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, PrivateAttr, model_validator

from rulesets.normalize import fold
from rulesets.prefilter import LiteralRegistry


class Match(NamedTuple):
    start: int
    end: int
    term: str  # the phrase as written in the rule, or the regex source


# Every compiled rule regex with the literals one of which each of its matches contains.
_LITERALS = LiteralRegistry()
_MIN_GATE = 3
_ESCAPE_OR_GROUP_NAME = re.compile(r"\\.|\(\?P[<=]")


def _compile(value: object) -> re.Pattern[str]:
    if isinstance(value, re.Pattern):
        return value
    if not isinstance(value, str) or not value:
        raise ValueError("a regex must be a non-empty string")
    # Normalised text is lowercased. IGNORECASE keeps a pattern written with capitals working,
    # but costs a third of the matching time, so only such patterns get it.
    capitals = any(ch != ch.lower() for ch in _ESCAPE_OR_GROUP_NAME.sub("", value))
    try:
        compiled = re.compile(value, re.IGNORECASE if capitals else 0)
    except re.error as exc:
        raise ValueError(f"invalid regex {value!r}: {exc}") from exc
    _LITERALS.register(compiled)
    return compiled


def can_match(pattern: re.Pattern[str], text: str) -> bool:
    """False when ``text`` lacks every literal the pattern needs, so running it would find nothing."""
    return _LITERALS.may_match(pattern, text)


Regex = Annotated[re.Pattern[str], BeforeValidator(_compile), PlainSerializer(lambda p: p.pattern, return_type=str)]


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class PhraseIndex:
    """All occurrences of a fixed list of phrases (folded like the text) in normalised text."""

    def __init__(self, phrases: list[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase in phrases:
            folded = fold(phrase)
            if not folded:
                raise ValueError(f"phrase {phrase!r} is empty after normalisation")
            # Which ends need a word boundary is known per phrase, not per match.
            self._automaton.add_word(folded, (len(folded), phrase, _is_word(folded[0]), _is_word(folded[-1])))
        self._empty = not phrases
        if phrases:
            self._automaton.make_automaton()

    def find_all(self, text: str, lo: int = 0, hi: int | None = None) -> list[Match]:
        """Every (possibly overlapping) occurrence inside ``text[lo:hi]``, boundaries judged on ``text``."""
        if self._empty:
            return []
        found = []
        size = len(text)
        for last, (length, phrase, word_start, word_end) in (
                self._automaton.iter(text) if lo == 0 and hi is None else self._automaton.iter(text, lo, size if hi is None else hi)):
            start, end = last + 1 - length, last + 1
            if word_start and start > 0 and _is_word(text[start - 1]):
                continue
            if word_end and end < size and _is_word(text[end]):
                continue
            found.append(Match(start, end, phrase))
        return found


class LiteralGate:
    """Whether any of some strings occurs in a copy, read off the shared literal scan that the
    rule patterns use anyway (a regex alternation of English words costs tens of microseconds)."""

    __slots__ = ("words",)

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        _LITERALS.register_phrases(words)

    def any_in(self, text: str) -> bool:
        return not self.words.isdisjoint(_LITERALS.present(text))


class _Searcher:
    """A Terms' phrases and patterns in plain attributes (a pydantic private attribute costs a
    slow lookup, and ``find`` runs dozens of times per copy). Each pattern carries its literal
    requirement, tested inline against the copy's shared literal scan: most patterns are skipped
    that way, and a function call per skipped pattern was most of their cost."""

    __slots__ = ("index", "phrase_gate", "patterns", "gate_literals", "gate")

    def __init__(self, phrases: list[str], patterns: list[re.Pattern[str]]) -> None:
        self.index = PhraseIndex(phrases) if phrases else None
        # The folded phrases go into the shared scan too: a list none of whose phrases occurs in
        # the copy skips its own automaton pass. Lists with a short Latin phrase ("no") are not
        # gated, since such a phrase turns up inside most words and would swell every scan.
        folded = frozenset(map(fold, phrases))
        self.phrase_gate = folded if phrases and all(len(p) >= _MIN_GATE or not p.isascii() for p in folded) else None
        if self.phrase_gate:
            _LITERALS.register_phrases(self.phrase_gate)
        self.patterns = [(p, _LITERALS.requirement(p)) for p in patterns]
        # When every pattern needs one of its first set's literals and none of them is in the
        # copy, no pattern can match: one set test skips them all.
        gated = all(requirement for _, requirement in self.patterns)
        self.gate_literals = frozenset().union(*(r[0] for _, r in self.patterns)) if gated and patterns else None
        # Literals one of which every match of any phrase or pattern needs (None: no such set).
        if (self.index is None or self.phrase_gate is not None) and (not patterns or self.gate_literals is not None):
            self.gate = (self.phrase_gate or frozenset()) | (self.gate_literals or frozenset())
        else:
            self.gate = None

    def find(self, text: str) -> list[Match]:
        present = _LITERALS.present(text) if self.patterns or self.phrase_gate else None
        if self.index is None or (self.phrase_gate is not None and self.phrase_gate.isdisjoint(present)):
            found = []
        else:
            found = self.index.find_all(text)
        if self.patterns:
            if self.gate_literals is None or not self.gate_literals.isdisjoint(present):
                for pattern, requirement in self.patterns:  # in order: on a tie the first pattern is named
                    for option in requirement:
                        if option.isdisjoint(present):
                            break
                    else:
                        found += _run(pattern, text)
        return leftmost_longest(found) if len(found) > 1 else found


class Terms(BaseModel):
    """A set of phrases and/or regexes; ``find`` gives leftmost-longest, non-overlapping matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrases: list[str] = []
    patterns: list[Regex] = []
    _searcher: _Searcher = PrivateAttr()

    @model_validator(mode="after")
    def _compile_phrases(self) -> Terms:
        if not self.phrases and not self.patterns:
            raise ValueError("give at least one of `phrases` or `patterns`")
        self._searcher = _Searcher(self.phrases, self.patterns)
        # The searcher's own bound method, set on the instance, shadows the method below: calls
        # skip pydantic's __getattr__ for private attributes, which cost as much as a pattern test.
        self.__dict__["find"] = self._searcher.find
        return self

    def find(self, text: str) -> list[Match]:
        return self._searcher.find(text)

    def terms(self) -> list[str]:
        return [*self.phrases, *(p.pattern for p in self.patterns)]

    @cached_property  # read for every rule on every copy; cached, it skips pydantic's __getattr__
    def gate(self) -> frozenset[str] | None:
        """Literals of which a copy must hold one for anything to be found (None: no such set)."""
        return self._searcher.gate


def literals_present(text: str) -> frozenset[str]:
    """The registered literals (rule pattern literals, gated phrases) that occur in ``text``."""
    return _LITERALS.present(text)


def regex_matches(pattern: re.Pattern[str], text: str) -> list[Match]:
    """Non-empty matches of ``pattern``; a named group ``hit`` narrows each match to its span.

    ``hit`` lets a pattern demand context without highlighting it: in
    ``(?P<hit>0利率)[^\\n]{0,40}?手續費\\d`` the finding sits on 「0利率」 alone.
    """
    return _run(pattern, text) if can_match(pattern, text) else []


def _run(pattern: re.Pattern[str], text: str) -> list[Match]:
    if "hit" not in pattern.groupindex:
        return [Match(m.start(), m.end(), pattern.pattern) for m in pattern.finditer(text) if m.end() > m.start()]
    found = []
    for m in pattern.finditer(text):
        start, end = m.span("hit") if m.start("hit") >= 0 else m.span()
        if end > start:
            found.append(Match(start, end, pattern.pattern))
    return found


def leftmost_longest(matches: list[Match]) -> list[Match]:
    """Resolve overlaps the way a reader would: 「穩賺不賠」 wins over 「穩賺」 inside it."""
    chosen: list[Match] = []
    # Stable sort: on a tie, phrases (listed first) win over patterns, so explanations name the phrase.
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if not chosen or m.start >= chosen[-1].end:
            chosen.append(m)
    return chosen
