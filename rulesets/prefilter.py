"""Literal prefilters for rule regexes: sets of strings that every match must draw from.

Most copies contain few of a rule's key words, and a substring scan is far cheaper than running
the regex (whose leading lookbehinds and alternations defeat the regex engine's own prefix scan).
The requirements are read off the parsed pattern, so they are exact: a pattern is skipped only
when it cannot match, and skipping it never loses a finding.

A requirement is a conjunction of sets: every match contains at least one string of each set.
``(?:earn|get)\\s+\\d+%\\s+(?:apy|interest)`` needs one of {earn, get} and one of {apy, interest}.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from operator import itemgetter
from re import _constants as C  # noqa: N812 - the parser's opcode names
from re import _parser

import ahocorasick

# Shorter Latin literals ("to", "of") are in most English texts: they filter nothing and make
# the shared scan report dozens of hits per copy.
_MIN_LENGTH = 3
# A bound on the strings a part may expand to (the set test's cost grows with it).
_MAX_LITERALS = 256
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)

Requirement = tuple[frozenset[str], ...]  # empty: nothing is required (the regex must always run)


def required_literals(pattern: re.Pattern[str]) -> Requirement:
    """Lower-cased literal sets, each of which has a member in every match of ``pattern``."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled already
        return ()
    return tuple(sorted(set(_required(list(parsed))), key=sorted))


def _useful(option: frozenset[str]) -> bool:
    # One or two Han characters are rare enough in copy to be worth testing for; Latin ones are not.
    return 0 < len(option) <= _MAX_LITERALS and all(
        len(literal) >= _MIN_LENGTH or not literal.isascii() for literal in option
    )


def _required(items: list) -> list[frozenset[str]]:
    """Every useful requirement among the parts of a concatenation.

    Runs of parts that match a small finite set of strings (literals, alternations of literals,
    optional literals) combine into the set of their concatenations: the parser factors
    「存款保險|存保」 into 存 followed by (款保險|保), which this puts back together.
    """
    options: list[frozenset[str]] = []
    run: set[str] | None = None
    for item in items:
        exact = _exact(item)
        if exact is not None:
            merged = exact if run is None else _product(run, exact)
            if merged is None:  # too many combinations: keep what the run had, start afresh
                options.append(frozenset(run or ()))
                merged = exact
            run = merged
            continue
        if run:
            options.append(frozenset(run))
        run = None
        options += _inner(item)
    if run:
        options.append(frozenset(run))
    return [option for option in options if "" not in option and _useful(option)]


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The single most selective set: the one whose shortest member is longest."""
    if not options:
        return None
    return max(options, key=lambda found: (min(map(len, found)), -len(found)))


def _exact(item: tuple) -> set[str] | None:
    """Every string ``item`` can match, when that is a small finite set."""
    op, arg = item
    if op is C.LITERAL:
        return {chr(arg).lower()}
    if op is C.SUBPATTERN:
        return _exact_sequence(list(arg[-1]))
    if op is C.BRANCH:
        union: set[str] = set()
        for alternative in arg[1]:
            found = _exact_sequence(list(alternative))
            if found is None:
                return None
            union |= found
        return union if len(union) <= _MAX_LITERALS else None
    if op is C.IN and all(member_op is C.LITERAL for member_op, _ in arg):
        return {chr(code).lower() for _, code in arg}
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and arg[0] == 0 and arg[1] == 1:
        inner = _exact_sequence(list(arg[2]))
        return None if inner is None else inner | {""}
    return None


def _exact_sequence(items: list) -> set[str] | None:
    result: set[str] | None = {""}
    for item in items:
        exact = _exact(item)
        if exact is None or result is None:
            return None
        result = _product(result, exact)
    return result


def _product(left: set[str], right: set[str]) -> set[str] | None:
    if len(left) * len(right) > _MAX_LITERALS:
        return None
    return {a + b for a in left for b in right}


def _inner(item: tuple) -> list[frozenset[str]]:
    """The requirements of a part that is not a finite set of strings."""
    op, arg = item
    if op is C.SUBPATTERN:
        return _required(list(arg[-1]))
    if op in _REPEATS and arg[0] >= 1:
        return _required(list(arg[2]))
    if op is C.BRANCH:  # one alternative matches: the union of each alternative's best set
        union: set[str] = set()
        for alternative in arg[1]:
            best = _best(_required(list(alternative)))
            if best is None:
                return []
            union |= best
        return [frozenset(union)]
    return []  # classes, optional parts, lookarounds, anchors: no literal of their own


class LiteralRegistry:
    """The literals of every registered regex, found in a text by one Aho-Corasick pass.

    A copy is checked against dozens of regexes; one scan that lists which literals occur, shared
    by all of them, costs less than a substring test per literal per regex.
    """

    def __init__(self) -> None:
        self._needs: dict[re.Pattern[str], Requirement] = {}
        self._lock = threading.Lock()
        self._automaton: ahocorasick.Automaton | None = None
        self._present = lru_cache(maxsize=8)(self._scan)
        self._phrases: set[str] = set()  # registered as they are: see register_phrases

    def register_phrases(self, phrases: frozenset[str]) -> None:
        """Add plain strings to the shared scan, so a phrase list can tell from ``present`` that
        none of its phrases occurs and skip its own automaton pass."""
        with self._lock:
            if not phrases <= self._phrases:
                self._phrases |= phrases
                self._automaton = None
                self._present.cache_clear()

    def register(self, pattern: re.Pattern[str]) -> None:
        with self._lock:
            if pattern in self._needs:
                return
            self._needs[pattern] = requirement = required_literals(pattern)
            if requirement:
                self._automaton = None  # rebuilt on the next scan, with the new literals
                self._present.cache_clear()

    def requirement(self, pattern: re.Pattern[str]) -> Requirement:
        """What ``pattern`` needs (registered on first use)."""
        if pattern not in self._needs:
            self.register(pattern)
        return self._needs[pattern]

    def present(self, text: str) -> frozenset[str]:
        """The registered literals that occur in ``text`` (the last few texts are remembered)."""
        return self._present(text)

    def may_match(self, pattern: re.Pattern[str], text: str) -> bool:
        """False only when ``text`` lacks a literal that every match of ``pattern`` needs."""
        requirement = self._needs.get(pattern)
        if not requirement:
            return True
        present = self._present(text)
        for option in requirement:  # a loop, not all(genexpr): this runs for every regex and copy
            if option.isdisjoint(present):
                return False
        return True

    def _scan(self, text: str) -> frozenset[str]:
        automaton = self._automaton or self._build()
        if automaton.kind != ahocorasick.AHOCORASICK:  # no literal registered yet
            return frozenset()
        return frozenset(map(itemgetter(1), automaton.iter(text)))

    def _build(self) -> ahocorasick.Automaton:
        with self._lock:
            automaton = ahocorasick.Automaton()
            literals = {literal for requirement in self._needs.values() for option in requirement for literal in option}
            for literal in literals | self._phrases:
                automaton.add_word(literal, literal)
            if len(automaton):
                automaton.make_automaton()
            self._automaton = automaton
            return automaton
