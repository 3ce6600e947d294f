"""Offline verification of a sequence of stored events: pure, no database."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Mapping

from audit.canonical import encode
from audit.chain import GENESIS_HASH, body_hash


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str | None = None


def verify_chain(rows: Iterable[Mapping[str, object]]) -> VerifyResult:
    """Check ordering, gap-freedom, body canonicality, hashes, links and the indexed columns.

    Each row needs ``seq, event_type, actor, subject, body, prev_hash, hash``. Stops at the first
    bad event, because everything after it is unverifiable.
    """
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for row in rows:
        seq = int(row["seq"])  # type: ignore[arg-type]
        problem = _check_row(row, seq, expected_seq, prev_hash)
        if problem:
            # For a gap or reordering the first bad position is the seq that should have come next.
            return VerifyResult(False, checked, prev_hash, expected_seq, problem)
        prev_hash, expected_seq, checked = str(row["hash"]), seq + 1, checked + 1
    return VerifyResult(True, checked, prev_hash)


def _check_row(row: Mapping[str, object], seq: int, expected_seq: int, prev_hash: str) -> str | None:
    if seq != expected_seq:
        return f"expected seq {expected_seq}, found {seq} (gap, deletion or reordering)"
    raw = str(row["body"]).encode("utf-8")
    try:
        body = json.loads(raw)
    except ValueError:
        return "body is not JSON"
    if encode(body) != raw:
        return "body is not in canonical form"
    if body_hash(raw) != row["hash"]:
        return "hash does not match body"
    if body.get("prev_hash") != prev_hash or row["prev_hash"] != prev_hash:
        return "prev_hash does not link to the previous event"
    for column, key in (("seq", "seq"), ("event_type", "type"), ("actor", "actor"), ("subject", "subject")):
        if body.get(key) != row[column]:
            return f"column {column} differs from the hashed body"
    return None
