"""The finding type shared by the rule engine and the PII detectors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["blocker", "major", "minor"]
SEVERITY_ORDER: dict[str, int] = {"blocker": 0, "major": 1, "minor": 2}


@dataclass(frozen=True)
class Finding:
    """One problem found in a copy.

    ``start``/``end`` are Python string indices into the *original* text (before normalisation),
    and ``excerpt`` is ``original[start:end]`` -- except for PII, where the excerpt is masked so
    the raw value never leaves the detector.
    """

    source: Literal["rule", "pii"]
    rule_id: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: dict[str, str]  # {"zh-TW": ..., "en": ...}
    citation: str
    suggestion: str | None = None
    entity_type: str | None = None  # PII only, e.g. "TW_NATIONAL_ID"
    # Why it fired: pattern name, score, context boost, validator result, exception checked...
    explanation: dict[str, object] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (self.start, self.end, SEVERITY_ORDER[self.severity], self.rule_id)
