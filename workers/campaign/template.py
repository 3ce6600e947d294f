"""A campaign template: text with named slots, each slot's approved constraints, and the
disclosures every variant must keep. Parsing, validation and rendering; no I/O."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

SLOT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _refused(model: str, problems: list[tuple[tuple[str | int, ...], str, str, object]]) -> ValidationError:
    """Errors located at the offending slot, bound or disclosure (loc, type, message, input): a check
    across fields would otherwise be reported against the whole body. Messages never quote the
    input, since API errors must not echo personal data back."""
    return ValidationError.from_exception_data(model, [
        InitErrorDetails(type=PydanticCustomError(kind, message), loc=loc, input=value)
        for loc, kind, message, value in problems])


class SlotConstraint(BaseModel):
    """What an officer approves for one slot. Every given constraint must hold."""

    model_config = ConfigDict(extra="forbid")

    allowed: list[str] | None = Field(None, min_length=1, max_length=1000)
    # Finite only: a NaN bound compares false with every value, and JSON cannot carry either.
    min: float | None = Field(None, allow_inf_nan=False)
    max: float | None = Field(None, allow_inf_nan=False)
    pattern: str | None = Field(None, max_length=500)
    max_length: int | None = Field(None, ge=1, le=5000)
    # Personal data (a customer's name, an address) may appear only in slots that say so.
    pii: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> "SlotConstraint":
        problems = []
        if self.min is not None and self.max is not None and self.min > self.max:
            problems.append((("max",), "bound_order", "min is greater than max", self.max))
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                problems.append((("pattern",), "pattern_invalid", f"pattern does not compile: {exc}", self.pattern))
        if problems:
            raise _refused(type(self).__name__, problems)
        return self

    @property
    def numeric(self) -> bool:
        return self.min is not None or self.max is not None

    @property
    def free_text(self) -> bool:
        """Whether a value can carry words the officer never read: neither a list of approved
        values nor a number. A pattern alone does not close a slot (``[\u4e00-\u9fff]{2,12}``
        admits any short claim)."""
        return self.allowed is None and not self.numeric


class TemplateSpec(BaseModel):
    """The template as approved: its text, slots and disclosures, plus the delivery limits that
    apply to it (a stricter SMS segment count, the social platform whose truncation applies)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000)
    slots: dict[str, SlotConstraint] = Field(default_factory=dict)
    disclosures: list[str] = Field(default_factory=list, max_length=50)
    max_segments: int | None = Field(None, ge=1, le=20)
    platform: str | None = Field(None, max_length=50)

    @model_validator(mode="after")
    def _slots_match_text(self) -> "TemplateSpec":
        named = slot_names(self.text)
        problems = [(("slots", name), "slot_undeclared", f"slot used in the text but not declared: {name}", None)
                    for name in sorted(set(named) - set(self.slots))]
        # Named by its place only: a declared key need not be a slot name, and may be anything.
        problems += [(("slots", name), "slot_unused", "slot declared but not used in the text", None)
                     for name in sorted(set(self.slots) - set(named))]
        fixed = literal_text(self.text)
        for index, disclosure in enumerate(self.disclosures):
            if not disclosure.strip():
                problems.append((("disclosures", index), "disclosure_empty", "a disclosure is empty", disclosure))
            elif disclosure not in fixed:
                problems.append((("disclosures", index), "disclosure_not_in_text",
                                 "disclosure is not in the template text outside its slots", disclosure))
        if problems:
            raise _refused(type(self).__name__, problems)
        return self

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical spec: an approval names exactly what it approved."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def slot_names(text: str) -> list[str]:
    return [m.group(1) for m in SLOT.finditer(text)]


def literal_text(text: str) -> str:
    """The template's fixed text, slots cut out (a NUL between pieces so no phrase spans a slot)."""
    return SLOT.sub("\0", text)


@dataclass(frozen=True)
class Rendered:
    text: str
    # (slot name, start, end) in ``text`` for every occurrence of every slot, in order.
    spans: tuple[tuple[str, int, int], ...]
    # (disclosure, start, end) in ``text`` for each disclosure's first place in the fixed text.
    disclosures: tuple[tuple[str, int, int], ...]


def render(spec: TemplateSpec, values: dict[str, str]) -> Rendered:
    """The template with each slot replaced by its value; missing values render as empty."""
    out: list[str] = []
    spans: list[tuple[str, int, int]] = []
    # Where each template character lands in the output, for placing the disclosures.
    fixed_positions: list[int] = []
    pos, length = 0, 0
    for m in SLOT.finditer(spec.text):
        piece = spec.text[pos:m.start()]
        fixed_positions += range(length, length + len(piece))
        out.append(piece)
        length += len(piece)
        fixed_positions.append(-1)
        value = values.get(m.group(1), "")
        spans.append((m.group(1), length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = m.end()
    tail = spec.text[pos:]
    fixed_positions += range(length, length + len(tail))
    out.append(tail)
    fixed = literal_text(spec.text)
    placed = []
    for disclosure in spec.disclosures:
        at = fixed.find(disclosure)
        start = fixed_positions[at]
        placed.append((disclosure, start, start + len(disclosure)))
    return Rendered("".join(out), tuple(spans), tuple(placed))
