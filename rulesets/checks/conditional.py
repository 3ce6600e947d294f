"""``conditional``: when a trigger appears, one of the required disclosures must appear near it.

``within`` is ``sentence``, ``paragraph``, ``text`` or a number of characters either side of the
trigger (in normalised text). A trigger counts only inside a claim (``trigger_in: claims``, the
default): the 配息 inside 「配息可能由本金支出」 is the warning itself, not a claim that needs it.
The required disclosure may stand anywhere in the copy. One finding per rule, on the first trigger left without its
disclosure; the explanation lists all such triggers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, PositiveInt

from rulesets.checks.hit import Hit
from rulesets.exceptions import Exceptions
from rulesets.matcher import Match, Terms
from rulesets.normalize import Normalized
from rulesets.segments import Unit, unit_bounds

if TYPE_CHECKING:  # the structure module reads rules' wordings, so it imports the checks
    from rulesets.structure import Structure


class ConditionalCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["conditional"]
    trigger: Terms
    require: Terms
    within: Unit | PositiveInt = "text"
    trigger_in: Literal["claims", "anywhere"] = "claims"

    def finding_gate(self) -> frozenset[str] | None:
        """Literals one of which the copy must hold for a trigger, and so a finding, to appear."""
        return self.trigger.gate

    def hits(self, norm: Normalized, exceptions: Exceptions, structure: Structure | None = None) -> list[Hit]:
        text = norm.text
        triggers = exceptions.keep(text, self.trigger.find(text))
        if structure is not None and self.trigger_in == "claims":
            triggers = [t for t in triggers if structure.in_claim(t.start, t.end)]
        if not triggers:
            return []
        disclosures = self.require.find(text)
        bare = [t for t in triggers if not any(self._near(text, t, d) for d in disclosures)]
        if not bare:
            return []
        detail = {
            "check": self.type,
            "trigger": bare[0].term,
            "matched": text[bare[0].start : bare[0].end],
            "triggers_without_disclosure": [text[t.start : t.end] for t in bare],
            "missing_any_of": self.require.terms(),
            "within": self.within,
        }
        return [Hit(bare[0].start, bare[0].end, detail)]

    def _near(self, text: str, trigger: Match, disclosure: Match) -> bool:
        if isinstance(self.within, int):
            lo, hi = trigger.start - self.within, trigger.end + self.within
        else:
            lo, hi = unit_bounds(text, trigger.start, self.within)
        return disclosure.end > lo and disclosure.start < hi
