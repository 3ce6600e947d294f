"""Turning the leaves' results into the report's finding objects."""
from __future__ import annotations

import hashlib
from typing import Any

from rulesets.finding import Finding
from workers.claim_spans import CLASSIFIER_DEFAULT_THRESHOLD, in_claims, segment_kind


def _finding_id(source: str, rule_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{source}|{rule_id}|{start}|{end}".encode()).hexdigest()[:16]


def finding_dict(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": _finding_id(finding.source, finding.rule_id, finding.start, finding.end),
        "source": finding.source,
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "start": finding.start,
        "end": finding.end,
        "excerpt": finding.excerpt,
        "message": dict(finding.message),
        "citation": finding.citation,
        "suggestion": finding.suggestion,
        "explanation": dict(finding.explanation),
    }
    if finding.entity_type:
        out["entity_type"] = finding.entity_type
    return out


def classifier_findings(text: str, prediction: Any, model: Any, *, skip: set[str] = frozenset(),
                        claims: list[tuple[int, int]] | None = None,
                        segments: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One finding per risk label above its threshold (but those in ``skip``), anchored on that
    label's strongest evidence phrase inside ``claims``; without one, on the risk score's strongest
    such phrase, else on the whole copy."""
    thresholds = getattr(model, "thresholds", {}) or {}

    def usable(found):
        return found if claims is None else [e for e in found if in_claims(e, claims)]

    strongest = max(usable(prediction.evidence), key=lambda e: e.weight, default=None)
    out = []
    for label, score in sorted(prediction.labels.items()):
        if label == "none" or label in skip or score < thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD):
            continue
        top = max(usable(prediction.label_evidence.get(label, [])), key=lambda e: e.weight, default=None) or strongest
        start, end = (top.start, top.end) if top else (0, len(text))
        rule_id = f"classifier.{label}"
        out.append({
            "id": _finding_id("classifier", rule_id, start, end),
            "source": "classifier",
            "rule_id": rule_id,
            "severity": "minor",
            "start": start,
            "end": end,
            "excerpt": text[start:end],
            "message": _wording(label, score, thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD)),
            "citation": f"finreview risk model {model.id}@{model.version}",
            "suggestion": None,
            "explanation": {"score": score, "threshold": thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD),
                            "segment": segment_kind(segments, start, end, len(text))},
        })
    return out


def _wording(label: str, score: float, threshold: float) -> dict[str, str]:
    """Say how sure the model is by band: a label's threshold can sit well below one half (chosen
    for recall), and calling p=0.30 "likely" overstates it."""
    if score >= 0.8:
        zh, en = "很可能屬於", "likely"
    elif score >= 0.5:
        zh, en = "可能屬於", "possibly"
    else:
        zh, en = "有跡象顯示或許屬於", "possibly, on weak evidence,"
    return {
        "zh-TW": f"風險模型判斷此文案{zh}「{label}」(機率 {score:.2f}，門檻 {threshold:.2f})，請人工確認。",
        "en": f"The risk model rates this copy as {en} '{label}' (p={score:.2f}, threshold {threshold:.2f}); "
              "a person should check it.",
    }


def mask_personal_data(findings: list[dict[str, Any]], evidence: list[dict[str, Any]]) -> None:
    """Replace personal data inside every other excerpt (and classifier evidence) by its masked form.

    A missing-disclosure finding spans the whole copy, so without this its excerpt would carry
    an ID number that the PII finding itself masks."""
    pii = [(f["start"], f["end"], f["excerpt"]) for f in findings if f["source"] == "pii"]
    if not pii:
        return
    for item in [f for f in findings if f["source"] != "pii"]:
        item["excerpt"] = _masked(item["excerpt"], item["start"], pii)
    for item in evidence:
        item["text"] = _masked(item["text"], item["start"], pii)


def _masked(excerpt: str, offset: int, pii: list[tuple[int, int, str]]) -> str:
    end = offset + len(excerpt)
    # Right to left, so earlier replacements do not shift later positions.
    for p_start, p_end, masked in sorted(pii, reverse=True):
        if p_start < end and p_end > offset:
            lo, hi = max(p_start, offset) - offset, min(p_end, end) - offset
            excerpt = excerpt[:lo] + (masked if (lo, hi) == (p_start - offset, p_end - offset) else "*" * (hi - lo)) + excerpt[hi:]
    return excerpt
