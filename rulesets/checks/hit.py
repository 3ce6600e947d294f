"""What a check reports: a span of the *normalised* text and why; the engine maps it back."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    detail: dict[str, object] = field(default_factory=dict)  # goes into Finding.explanation
    suggestion: str | None = None  # a replacement wording, when the check knows one
