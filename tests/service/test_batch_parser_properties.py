"""Property tests of the `check --batch` line parser: any bytes give an item or an error object,
never an exception, and an accepted item's text is valid, storable Unicode."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from service.batch import BatchLine, Defaults, parse_line

DEFAULTS = Defaults(jurisdiction="TW", product="credit_card", channel="web", language="auto")


def _check(result) -> None:
    if isinstance(result, BatchLine):
        result.text.encode("utf-8")  # raises on lone surrogates
        assert result.text.strip()
    else:
        assert set(result) == {"id", "error"} and result["error"]["type"]
        assert isinstance(result["error"]["message"], str)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(raw):
    _check(parse_line(1, raw, DEFAULTS))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "text", "jurisdiction", "product", "channel", "language", "x"]),
                       st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans(),
                                 st.lists(st.integers(), max_size=3)), max_size=7))
def test_arbitrary_json_objects_never_raise(obj):
    _check(parse_line(3, json.dumps(obj).encode(), DEFAULTS))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=1),
       st.text(max_size=20))
def test_unpaired_surrogates_are_an_error_line(surrogates, rest):
    line = json.dumps({"id": "s", "text": rest + surrogates}).encode()  # json escapes them as \\udXXX
    result = parse_line(2, line, DEFAULTS)
    assert isinstance(result, dict) and result["error"]["type"] == "invalid-unicode"
