"""Whether a decision goes against its close precedents. Pure.

Outcomes compare as approve versus not approve: rejecting and requesting changes both stop the
copy, so an officer who asks for changes where others rejected is not contradicting them.
"""
from __future__ import annotations

from typing import Any

# A precedent at least this similar (rules hit and text, see workers/store/desk.similar_decisions) is close.
CLOSE_SIMILARITY = 0.75
# Fewer close precedents than this are too few to call a decision inconsistent.
MIN_CLOSE = 2


def stops_copy(outcome: str) -> bool:
    return outcome != "approve"


def contradicted_by(outcome: str, precedents: list[dict[str, Any]], *, close: float = CLOSE_SIMILARITY,
                    min_close: int = MIN_CLOSE) -> list[dict[str, Any]]:
    """The close precedents, when most of them went the other way; else an empty list."""
    near = [p for p in precedents if p["similarity"] >= close]
    if len(near) < min_close:
        return []
    against = [p for p in near if stops_copy(p["outcome"]) != stops_copy(outcome)]
    return near if 2 * len(against) > len(near) else []
