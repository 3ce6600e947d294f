"""Property tests: for any text, the offset map is in bounds, ordered and faithful."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rulesets.normalize import ZERO_WIDTH, normalize

TRADITIONAL = "保證獲利謹慎理財信用至上本行不卡"
SIMPLIFIED = "保证获利发卡银行内存循环软件台湾里"
EVASION = " \u3000‧・·•-_*/|🔥👍🏽\ufe0f"
WIDTH = "ＡＢｚ０９％＄，。！？；：～"
ODD = "İﬁ㎏①\u0301\n\t"
ASCII = "abcXYZ019 .,%$"

any_text = st.text(
    alphabet=st.sampled_from(TRADITIONAL + SIMPLIFIED + EVASION + "".join(ZERO_WIDTH) + WIDTH + ODD + ASCII),
    max_size=40,
)
# Characters that need no Simplified → Traditional step, and no digits (a digit beside a letter is
# a letter in disguise), so a piece of text normalises on its own exactly as it does in context.
stable_text = st.text(
    alphabet=st.sampled_from(TRADITIONAL + EVASION + "".join(ZERO_WIDTH) + "ＡＢｚ％＄，。！？；：～" + "abcXYZ .,%$\n"),
    max_size=30,
)
LOOKALIKE = "abcxyzABCXYZ0134579 -.%аеορΝ"


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_every_character_maps_inside_the_original_in_order(text: str) -> None:
    norm = normalize(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for i in range(len(norm.text)):
        assert 0 <= norm.starts[i] < norm.ends[i] <= len(text)
        if i:
            assert norm.starts[i - 1] <= norm.starts[i] and norm.ends[i - 1] <= norm.ends[i]


@settings(max_examples=300, deadline=None)
@given(any_text, st.data())
def test_any_span_maps_to_a_span_of_the_original(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    lo, hi = norm.to_original(start, end)
    assert 0 <= lo <= hi <= len(text)
    if start < end:
        assert lo < hi


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_only_invisible_or_separator_characters_are_dropped(text: str) -> None:
    norm = normalize(text)
    covered = {k for s, e in zip(norm.starts, norm.ends) for k in range(s, e)}
    for k, ch in enumerate(text):
        if k not in covered:
            assert ch in ZERO_WIDTH or not unicodedata.normalize("NFKC", ch).strip() or not ch.isalnum()


@settings(max_examples=300, deadline=None)
@given(stable_text, st.data())
def test_literal_matches_map_onto_the_characters_that_produced_them(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    needle = norm.text[start:end]
    lo, hi = norm.to_original(start, end)
    assert needle in normalize(text[lo:hi]).text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(TRADITIONAL + SIMPLIFIED), min_size=2, max_size=12),
    st.lists(st.text(alphabet=st.sampled_from(EVASION + "".join(ZERO_WIDTH)), max_size=3), min_size=11, max_size=11),
)
def test_separators_between_cjk_do_not_change_what_rules_see(word: str, gaps: list[str]) -> None:
    evaded = word[0] + "".join(gap + ch for gap, ch in zip(gaps, word[1:]))
    plain, spaced = normalize(word), normalize(evaded)
    assert spaced.text == plain.text
    assert spaced.to_original(0, len(spaced.text)) == (0, len(evaded))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(LOOKALIKE), max_size=40))
def test_look_alike_folding_keeps_one_character_for_one(text: str) -> None:
    """Spelling 「r1sk」 as 「risk」 or a Cyrillic 'а' as 'a' never moves an offset."""
    norm = normalize(text)
    assert len(norm.text) == len(text)
    assert list(norm.starts) == list(range(len(text)))
