"""``required``: a disclosure that must appear, as any one of several phrases or patterns.

A missing disclosure has no place of its own, so the finding spans the whole copy
(``start=0, end=len(text)``): the copy as a whole lacks it. Copy that makes no claim at all (a
fee table, terms, a risk warning on its own) is small print, not an ad, and is not asked for one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rulesets.checks.hit import Hit
from rulesets.exceptions import Exceptions
from rulesets.matcher import Terms
from rulesets.normalize import Normalized

if TYPE_CHECKING:  # claims and disclosures
    from rulesets.structure import Structure


class RequiredCheck(Terms):
    type: Literal["required"]

    def hits(self, norm: Normalized, exceptions: Exceptions, structure: Structure | None = None) -> list[Hit]:
        # Exceptions do not apply: negating a mandated slogan still shows it.
        if (structure is not None and structure.small_print_only) or self.find(norm.text):
            return []
        return [Hit(0, len(norm.text), {"check": self.type, "missing_any_of": self.terms()})]
