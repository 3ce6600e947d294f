"""The literal prefilter may skip a regex only when the regex cannot match: it never loses a finding."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rulesets.matcher import _LITERALS, can_match, leftmost_longest, regex_matches
from rulesets.normalize import normalize
from rulesets.prefilter import LiteralRegistry, required_literals
from rules_factory import shipped_packs


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # one set per part that every match needs
        (r"(?<![a-z])guaranteed?\s+(?:returns?|income)", [{"guarantee", "guaranteed"}, {"return", "returns", "income"}]),
        # the parser factors 存款保險|存保 into 存(款保險|保); the prefilter puts it back together
        ("(?:受|享)(?:存款保險|存保)", [{"受存款保險", "受存保", "享存款保險", "享存保"}]),
        ("穩穩?領(?!先)", [{"穩領", "穩穩領"}]),
        ("(?P<hit>0利率)期", [{"0利率期"}]),
        # an alternative without a literal, or literals too short to filter: nothing required
        (r"\d+%", []),
        (r"apr|\d+%", []),
        ("a|bc", []),
        (r"(?:up|to)\s+\d", []),
    ],
)
def test_required_literals(pattern: str, expected: list[set[str]]) -> None:
    assert [set(option) for option in required_literals(re.compile(pattern))] == expected


def test_a_pattern_is_skipped_only_when_a_required_literal_is_missing() -> None:
    registry = LiteralRegistry()
    pattern = re.compile(r"(?:earn|get)\s+\d+%\s+(?:apy|interest)")
    registry.register(pattern)
    assert registry.may_match(pattern, "earn 5% apy")
    assert not registry.may_match(pattern, "earn 5% a year")  # no apy/interest: cannot match
    assert not registry.may_match(pattern, "a 5% apy")


def test_a_registry_with_no_literals_lets_everything_through() -> None:
    registry = LiteralRegistry()
    pattern = re.compile(r"\d+%")
    registry.register(pattern)
    assert registry.may_match(pattern, "5%") and registry.may_match(pattern, "none")


def _shipped_patterns() -> list[re.Pattern[str]]:
    shipped_packs()  # compiling the rules registers their patterns
    return [pattern for pattern, requirement in _LITERALS._needs.items() if requirement]


def _shipped_examples() -> list[str]:
    return [normalize(text).text for pack in shipped_packs() for rule in pack.rules
            for text in (*rule.examples.flag, *rule.examples.pass_)]


def test_no_shipped_pattern_loses_a_match_on_any_shipped_example() -> None:
    patterns, examples = _shipped_patterns(), _shipped_examples()
    assert len(patterns) > 100 and len(examples) > 300
    for text in examples:
        for pattern in patterns:
            if pattern.search(text):
                assert can_match(pattern, text), (pattern.pattern, text)


# Texts built from pieces of the shipped examples, cut and joined at random, so that literals land
# next to each other in ways no example has.
_pieces = st.sampled_from(_shipped_examples()).flatmap(
    lambda text: st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(lambda ab: text[min(ab):max(ab)])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=4))
def test_no_shipped_pattern_loses_a_match_on_spliced_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for pattern in _shipped_patterns():
        if pattern.search(text):
            assert can_match(pattern, text), (pattern.pattern, text)


def _shipped_phrase_lists() -> list:
    from rulesets.disclosures import cue_files
    from rulesets.matcher import Terms

    found = []

    def walk(value: object) -> None:
        if isinstance(value, Terms):
            found.append(value)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            for inner in vars(value).values():
                walk(inner)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner)

    for pack in shipped_packs():
        for rule in pack.rules:
            walk(rule.check)
    for cue_file in cue_files():
        walk(cue_file.cues)
        walk(cue_file.claim_signals)
    return [terms for terms in found if terms.phrases]


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=4))
def test_a_phrase_list_skipped_by_the_shared_scan_never_loses_a_phrase(pieces: list[str]) -> None:
    """A phrase list whose phrases are all absent from the shared literal scan skips its own
    automaton pass; on spliced text it finds exactly what its own automaton finds."""
    text = "".join(pieces)
    lists = _shipped_phrase_lists()
    assert sum(terms._searcher.phrase_gate is not None for terms in lists) > 20  # the gate is in use
    for terms in lists:
        every = terms._searcher.index.find_all(text) + [m for p in terms.patterns for m in regex_matches(p, text)]
        assert terms.find(text) == leftmost_longest(every), (terms.phrases[:5], text)


def test_a_copy_without_a_header_word_skips_the_header_test_and_one_with_it_does_not() -> None:
    """The header hint says only whether some header word or title end occurs at all; a header
    anywhere in the copy always passes it."""
    from rulesets.disclosures import knowledge_for

    knowledge = knowledge_for([])
    assert knowledge.header_hint.any_in(normalize("前言\n注意事項：本活動限新戶。").text)
    assert knowledge.header_hint.any_in(normalize("Apply now.\nImportant information: rates may change.").text)
    assert not knowledge.header_hint.any_in(normalize("星河卡首刷享5%回饋，立即申辦！").text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=4))
def test_a_rule_skipped_by_its_gate_would_have_found_nothing(pieces: list[str]) -> None:
    """check_copy skips a forbidden or conditional rule whose trigger literals are all absent from
    the copy; on spliced text, such a rule's own evaluation finds nothing either."""
    from rulesets.engine import _gate, evaluate_rule
    from rulesets.matcher import literals_present

    norm = normalize("".join(pieces))
    present = literals_present(norm.text)
    gated = [(rule, _gate(rule)) for pack in shipped_packs() for rule in pack.rules]
    assert sum(gate is not None for _, gate in gated) > 50  # most rules can be skipped this way
    for rule, gate in gated:
        if gate is not None and gate.isdisjoint(present):
            assert evaluate_rule(rule, norm) == [], rule.id
