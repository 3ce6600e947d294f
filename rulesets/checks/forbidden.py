"""``forbidden``: phrases or patterns that must not appear (e.g. 「保證獲利」)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rulesets.checks.hit import Hit
from rulesets.exceptions import Exceptions
from rulesets.matcher import Terms
from rulesets.normalize import Normalized

if TYPE_CHECKING:  # claims and disclosures; only conditional checks read them
    from rulesets.structure import Structure


class ForbiddenCheck(Terms):
    type: Literal["forbidden"]

    def finding_gate(self) -> frozenset[str] | None:
        """Literals one of which the copy must hold for this check to find anything."""
        return self.gate

    def hits(self, norm: Normalized, exceptions: Exceptions, structure: Structure | None = None) -> list[Hit]:
        return [
            Hit(m.start, m.end, {"check": self.type, "term": m.term, "matched": norm.text[m.start : m.end]})
            for m in exceptions.keep(norm.text, self.find(norm.text))
        ]
