"""``count``: more than N matches of a phrase set (e.g. superlatives) is exaggeration.

The finding sits on the first match past the limit; the explanation lists every match.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import NonNegativeInt

from rulesets.checks.hit import Hit
from rulesets.exceptions import Exceptions
from rulesets.matcher import Terms
from rulesets.normalize import Normalized

if TYPE_CHECKING:  # claims and disclosures; only conditional checks read them
    from rulesets.structure import Structure


class CountCheck(Terms):
    type: Literal["count"]
    more_than: NonNegativeInt

    def hits(self, norm: Normalized, exceptions: Exceptions, structure: Structure | None = None) -> list[Hit]:
        found = exceptions.keep(norm.text, self.find(norm.text))
        if len(found) <= self.more_than:
            return []
        first_over = found[self.more_than]
        detail = {
            "check": self.type,
            "limit": self.more_than,
            "count": len(found),
            "matched": [norm.text[m.start : m.end] for m in found],
        }
        return [Hit(first_over.start, first_over.end, detail)]
