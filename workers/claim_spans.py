"""Which parts of a copy are claims, for the classifier: a disclosure (a warning, terms, a
footnote) never raises a risk label on its own, and evidence never points inside one. Pure."""
from __future__ import annotations

from typing import Any

# A label's threshold when the model's metadata names none.
CLASSIFIER_DEFAULT_THRESHOLD = 0.5


def claim_spans(segments: list[dict[str, Any]] | None, length: int) -> list[tuple[int, int]]:
    """The claims' spans in the copy; the whole copy when its structure is unknown (the rules
    stage failed) so nothing is hidden from the model; empty when it is all disclosures."""
    if segments is None:
        return [(0, length)]
    return [(s["start"], s["end"]) for s in segments if s["kind"] == "claim"]


def in_claims(evidence: Any, claims: list[tuple[int, int]]) -> bool:
    """Whether most of an evidence phrase lies in claims: the model's phrases can run across a
    warning into the clause beside it, and a phrase that is mostly warning is the warning's."""
    inside = sum(max(0, min(evidence.end, end) - max(evidence.start, start)) for start, end in claims)
    return inside > 0 and 2 * inside >= max(1, evidence.end - evidence.start)


def raised_by_disclosures(prediction: Any, claims: list[tuple[int, int]], thresholds: dict[str, float]) -> set[str]:
    """Labels at or above their threshold whose every evidence phrase lies inside a disclosure."""
    raised = set()
    for label, evidence in prediction.label_evidence.items():
        if prediction.labels.get(label, 0.0) >= thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD) and evidence \
                and not any(in_claims(e, claims) for e in evidence):
            raised.add(label)
    return raised


def segment_kind(segments: list[dict[str, Any]] | None, start: int, end: int, length: int) -> str:
    """The kind of segment a finding stands in: 'whole-copy' for what is about the copy as a
    whole (a missing warning), else the kind of the segment it starts in ('claim' when unknown)."""
    if start >= end or (start, end) == (0, length):
        return "whole-copy"
    for s in segments or ():
        if s["start"] <= start < s["end"]:
            return s["kind"]
    return "claim"
