"""``pattern``: a regex, optionally confirmed by a named validator (e.g. a checksum)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from rulesets.checks.hit import Hit
from rulesets.checks.validators import VALIDATORS, ValidatorName
from rulesets.exceptions import Exceptions
from rulesets.matcher import Regex
from rulesets.normalize import Normalized


class PatternCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["pattern"]
    pattern: Regex
    validator: ValidatorName | None = None

    def hits(self, norm: Normalized, exceptions: Exceptions) -> list[Hit]:
        text = norm.text
        hits = []
        for m in self.pattern.finditer(text):
            if m.end() == m.start():
                continue
            value = m.group("value") if "value" in self.pattern.groupindex else m.group()
            if self.validator and not VALIDATORS[self.validator](value):
                continue
            if exceptions.why_suppressed(text, m.start(), m.end()) is not None:
                continue
            detail = {"check": self.type, "term": self.pattern.pattern, "matched": m.group()}
            if self.validator:
                detail["validator"] = f"{self.validator}: passed"
            hits.append(Hit(m.start(), m.end(), detail))
        return hits
