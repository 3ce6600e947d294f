"""``pattern``: a regex, optionally confirmed by a named validator (e.g. a checksum)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from rulesets.checks.hit import Hit
from rulesets.checks.validators import VALIDATORS, ValidatorName
from rulesets.exceptions import Exceptions
from rulesets.matcher import Regex, can_match
from rulesets.normalize import Normalized

if TYPE_CHECKING:  # claims and disclosures; only conditional checks read them
    from rulesets.structure import Structure


class PatternCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["pattern"]
    pattern: Regex
    validator: ValidatorName | None = None

    def hits(self, norm: Normalized, exceptions: Exceptions, structure: Structure | None = None) -> list[Hit]:
        text = norm.text
        hits: list[Hit] = []
        if not can_match(self.pattern, text):
            return hits
        for m in self.pattern.finditer(text):
            # A named group `hit` narrows the finding to its span, as in the other check types.
            start, end = m.span("hit") if "hit" in self.pattern.groupindex and m.start("hit") >= 0 else m.span()
            if end == start:
                continue
            value = m.group("value") if "value" in self.pattern.groupindex else m.group()
            if self.validator and not VALIDATORS[self.validator](value):
                continue
            if exceptions.why_suppressed(text, start, end) is not None:
                continue
            detail = {"check": self.type, "term": self.pattern.pattern, "matched": text[start:end]}
            if self.validator:
                detail["validator"] = f"{self.validator}: passed"
            hits.append(Hit(start, end, detail))
        return hits
