"""Verifying one variant against its approved template. Deterministic and pure: the caller
passes the personal data found in the variant's text (the PII stage's spans)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from workers.campaign.deviations import Deviation
from workers.campaign.limits import ChannelLimits
from workers.campaign.sms import segment
from workers.campaign.template import Rendered, SlotConstraint, TemplateSpec, render

MAX_EDIT_REGIONS = 20


@dataclass(frozen=True)
class PiiSpan:
    start: int
    end: int
    entity_type: str


def verify_variant(spec: TemplateSpec, values: dict[str, str], text: str, *, channel: str,
                   pii: list[PiiSpan], limits: ChannelLimits) -> list[Deviation]:
    """Every way ``text`` (with ``values``) leaves ``spec``; an empty list means it is the approved
    template with approved values, its disclosures intact and delivered."""
    found: list[Deviation] = []
    found += [Deviation("slot-missing", 0, 0, slot=name) for name in spec.slots if name not in values]
    found += [Deviation("slot-unknown", 0, 0, slot=name) for name in sorted(values) if name not in spec.slots]
    rendered = render(spec, values)
    to_text = _position_map(rendered.text, text)
    if rendered.text != text:
        found += _edits(rendered, text)
    for disclosure, start, end in rendered.disclosures:
        if disclosure not in text:
            found.append(Deviation("disclosure-missing", to_text(start), max(to_text(start), to_text(end)),
                                   detail={"disclosure": disclosure}))
    for name, start, end in _first_spans(rendered):
        if name in values:
            problem = slot_problem(spec.slots[name], values[name])
            if problem:
                kind, detail = problem
                found.append(Deviation(kind, to_text(start), max(to_text(start), to_text(end, end=True)), slot=name,
                                       detail=detail))
    found += _personal_data(spec, rendered, pii, to_text)
    found += _delivery(spec, text, channel=channel, limits=limits)
    return found


def slot_problem(constraint: SlotConstraint, value: str) -> tuple[str, dict[str, object]] | None:
    """The first constraint ``value`` breaks, as (deviation kind, limits it broke), or None."""
    if constraint.allowed is not None and value not in constraint.allowed:
        return "slot-not-allowed", {"allowed_count": len(constraint.allowed)}
    if constraint.max_length is not None and len(value) > constraint.max_length:
        return "slot-too-long", {"max_length": constraint.max_length, "length": len(value)}
    if constraint.pattern is not None and re.fullmatch(constraint.pattern, value) is None:
        return "slot-pattern", {"pattern": constraint.pattern}
    if constraint.numeric:
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            return "slot-not-numeric", {}
        if (constraint.min is not None and number < constraint.min) or (constraint.max is not None and number > constraint.max):
            return "slot-out-of-range", {"min": constraint.min, "max": constraint.max}
    return None


def _first_spans(rendered: Rendered) -> list[tuple[str, int, int]]:
    seen, out = set(), []
    for name, start, end in rendered.spans:
        if name not in seen:
            seen.add(name)
            out.append((name, start, end))
    return out


def _position_map(rendered: str, text: str):
    """Maps an offset in the rendered template onto the variant text (exact where they agree).

    ``end=True`` maps the end of a span: at the seam between two matching blocks with text
    inserted between them, a span's start belongs after the insertion and its end before it, so
    text typed next to a slot is never counted as the slot's."""
    if rendered == text:
        return lambda pos, end=False: pos
    blocks = difflib.SequenceMatcher(None, rendered, text, autojunk=False).get_matching_blocks()

    def to_text(pos: int, end: bool = False) -> int:
        for a, b, size in blocks:
            if (a < pos <= a + size) if end else (a <= pos < a + size):
                return b + (pos - a)
        for a, b, size in blocks:
            if a <= pos <= a + size:
                return b + (pos - a)
            if pos < a:
                return b
        return len(text)

    return to_text


def _edits(rendered: Rendered, text: str) -> list[Deviation]:
    """One deviation per region where the variant's text differs from the rendered template."""
    out = []
    matcher = difflib.SequenceMatcher(None, rendered.text, text, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        touched = [d for d, start, end in rendered.disclosures if a0 < end and a1 > start or (a0 == a1 and start < a0 < end)]
        detail: dict[str, object] = {"removed_chars": a1 - a0, "added_chars": b1 - b0}
        if touched:
            detail["disclosures"] = touched
        out.append(Deviation("text-edited", b0, b1, detail=detail))
        if len(out) == MAX_EDIT_REGIONS:
            break
    return out


def _personal_data(spec: TemplateSpec, rendered: Rendered, pii: list[PiiSpan], to_text) -> list[Deviation]:
    slots = [(name, to_text(start), to_text(end, end=True)) for name, start, end in rendered.spans]
    out = []
    for hit in pii:
        inside = [name for name, start, end in slots if hit.start < end and hit.end > start]
        if not inside:
            out.append(Deviation("pii-outside-slots", hit.start, hit.end, detail={"entity_type": hit.entity_type}))
            continue
        for name in sorted(set(inside)):
            if not spec.slots[name].pii:
                out.append(Deviation("pii-in-slot", hit.start, hit.end, slot=name, detail={"entity_type": hit.entity_type}))
    return out


def _delivery(spec: TemplateSpec, text: str, *, channel: str, limits: ChannelLimits) -> list[Deviation]:
    """Disclosures must reach the reader: within the SMS segments sent, before a feed's cut."""
    if channel == "sms":
        allowed = min(spec.max_segments or limits.sms.max_segments, limits.sms.max_segments)
        cut = segment(text)
        end_sent = cut.delivered_end(allowed)
        kind, detail = "sms-disclosure-truncated", {"max_segments": allowed, "segments": len(cut.segments),
                                                    "encoding": cut.encoding}
    elif channel == "social":
        end_sent = limits.social.for_platform(spec.platform)
        kind, detail = "social-disclosure-hidden", {"truncate_at": end_sent, "platform": spec.platform or "default"}
    else:
        return []
    out = []
    for disclosure in spec.disclosures:
        at = text.find(disclosure)
        if at >= 0 and at + len(disclosure) > end_sent:
            out.append(Deviation(kind, max(at, end_sent), at + len(disclosure), detail={**detail, "disclosure": disclosure}))
    return out
