"""``substitution``: discouraged wording with the wording to use instead (Vale's substitution)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from rulesets.checks.hit import Hit
from rulesets.exceptions import Exceptions
from rulesets.matcher import PhraseIndex, leftmost_longest
from rulesets.normalize import Normalized

if TYPE_CHECKING:  # claims and disclosures; only conditional checks read them
    from rulesets.structure import Structure


class SubstitutionCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["substitution"]
    swap: dict[str, str]  # discouraged phrase -> suggested wording
    _index: PhraseIndex = PrivateAttr()

    @model_validator(mode="after")
    def _compile(self) -> SubstitutionCheck:
        if not self.swap:
            raise ValueError("`swap` needs at least one discouraged phrase")
        self._index = PhraseIndex(list(self.swap))
        return self

    def hits(self, norm: Normalized, exceptions: Exceptions, structure: Structure | None = None) -> list[Hit]:
        found = exceptions.keep(norm.text, leftmost_longest(self._index.find_all(norm.text)))
        return [
            Hit(
                m.start,
                m.end,
                {"check": self.type, "term": m.term, "matched": norm.text[m.start : m.end], "use": self.swap[m.term]},
                suggestion=self.swap[m.term],
            )
            for m in found
        ]
