"""``conditional``: when a trigger appears, one of the required disclosures must appear near it.

``within`` is ``sentence``, ``paragraph``, ``text`` or a number of characters either side of the
trigger (in normalised text). One finding per rule, on the first trigger left without its
disclosure; the explanation lists all such triggers.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, PositiveInt

from rulesets.checks.hit import Hit
from rulesets.exceptions import Exceptions
from rulesets.matcher import Match, Terms
from rulesets.normalize import Normalized
from rulesets.segments import Unit, unit_bounds


class ConditionalCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["conditional"]
    trigger: Terms
    require: Terms
    within: Unit | PositiveInt = "text"

    def hits(self, norm: Normalized, exceptions: Exceptions) -> list[Hit]:
        text = norm.text
        triggers = exceptions.keep(text, self.trigger.find(text))
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
