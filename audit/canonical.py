"""RFC 8785 (JSON Canonicalization Scheme) encoding of audit event bodies.

The hash chain covers these exact bytes, so any two writers -- or an auditor's own tool --
that agree on the event content agree on its hash.
"""
from __future__ import annotations

import json
from typing import Any

import rfc8785

# Python's sorted, compact JSON equals RFC 8785 unless the text holds a float (number formatting
# differs) or a character outside the BMP (keys sort by UTF-16 code units there). Verification of
# a million events leans on this: the pure-Python encoder costs ~40 us an event, json ~10 us.
_FOUR_BYTE_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")  # UTF-8 of characters beyond the BMP
_floats_seen = [0]


def _count_float(text: str) -> float:
    _floats_seen[0] += 1
    return float(text)


# One decoder for all calls (building one per call costs more than the parse). Another thread
# bumping the counter only sends a body down the exact, slower path: never a wrong answer.
def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


_decoder = json.JSONDecoder(parse_float=_count_float, parse_constant=_no_constant)
_encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def encode(obj: Any) -> bytes:
    return rfc8785.dumps(obj)


def decode_canonical(raw: bytes, text: str | None = None) -> Any:
    """The parsed body if ``raw`` is valid RFC 8785 JSON; raises ValueError otherwise.

    ``text``, when given, must be ``raw`` decoded (it saves decoding twice)."""
    text = raw.decode("utf-8") if text is None else text
    before = _floats_seen[0]
    obj = _decoder.decode(text)
    if _floats_seen[0] == before and not any(lead in raw for lead in _FOUR_BYTE_LEADS):
        if _encoder.encode(obj) == text:
            return obj
    try:
        canonical = encode(obj)
    except Exception as exc:  # the encoder refuses NaN, huge integers and the like
        raise ValueError(f"body cannot be canonicalised: {exc}") from None
    if canonical != raw:
        raise ValueError("body is not in canonical form")
    return obj
