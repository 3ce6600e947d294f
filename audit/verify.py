"""Offline verification of a sequence of stored events: pure, no database."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from audit.canonical import decode_canonical
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
        problem = check_row(row, seq, expected_seq, prev_hash)
        if problem:
            # For a gap or reordering the first bad position is the seq that should have come next.
            return VerifyResult(False, checked, prev_hash, expected_seq, problem)
        prev_hash, expected_seq, checked = str(row["hash"]), seq + 1, checked + 1
    return VerifyResult(True, checked, prev_hash)


def check_row(row: Mapping[str, Any], seq: int, expected_seq: int, prev_hash: str) -> str | None:
    """Why this row cannot follow the event whose hash is ``prev_hash`` at ``expected_seq`` - 1, or None."""
    if seq != expected_seq:
        return f"expected seq {expected_seq}, found {seq} (gap, deletion or reordering)"
    body_problem, column_problem, body_prev = check_body(
        row["body"], row["hash"], (row["seq"], row["event_type"], row["actor"], row["subject"]))
    return body_problem or link_problem(body_prev, row["prev_hash"], prev_hash) or column_problem


def check_body(body_text: str, stored_hash: str, columns: tuple, raw: bytes | None = None
               ) -> tuple[str | None, str | None, Any]:
    """The checks one row allows on its own: (body problem, column problem, the body's prev_hash).

    Kept apart from the link to the previous event so verification can spread it over processes."""
    body_text = str(body_text)
    raw = raw if raw is not None else body_text.encode("utf-8")
    try:
        body = decode_canonical(raw, body_text)
    except ValueError as exc:
        return ("body is not in canonical form" if "canonical" in str(exc) else "body is not JSON"), None, None
    if not isinstance(body, dict):
        return "body is not a JSON object", None, None
    if body_hash(raw) != stored_hash:
        return "hash does not match body", None, None
    seq, event_type, actor, subject = columns
    if body.get("seq") != seq or body.get("type") != event_type or body.get("actor") != actor \
            or body.get("subject") != subject:
        name = next(n for n, k, v in (("seq", "seq", seq), ("event_type", "type", event_type), ("actor", "actor", actor),
                                      ("subject", "subject", subject)) if body.get(k) != v)
        return None, f"column {name} differs from the hashed body", body.get("prev_hash")
    return None, None, body.get("prev_hash")


def link_problem(body_prev: Any, column_prev: Any, prev_hash: str) -> str | None:
    if body_prev != prev_hash or column_prev != prev_hash:
        return "prev_hash does not link to the previous event"
    return None
