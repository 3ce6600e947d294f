"""Turning the leaves' results into the report's finding objects."""
from __future__ import annotations

import hashlib
from typing import Any

from rulesets.finding import Finding

CLASSIFIER_DEFAULT_THRESHOLD = 0.5


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


def classifier_findings(text: str, prediction: Any, model: Any) -> list[dict[str, Any]]:
    """One finding per risk label above its threshold, anchored on the strongest evidence phrase."""
    thresholds = getattr(model, "thresholds", {}) or {}
    top = max(prediction.evidence, key=lambda e: e.weight, default=None)
    start, end = (top.start, top.end) if top else (0, len(text))
    out = []
    for label, score in sorted(prediction.labels.items()):
        if label == "none" or score < thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD):
            continue
        rule_id = f"classifier.{label}"
        out.append({
            "id": _finding_id("classifier", rule_id, start, end),
            "source": "classifier",
            "rule_id": rule_id,
            "severity": "minor",
            "start": start,
            "end": end,
            "excerpt": text[start:end],
            "message": {
                "zh-TW": f"風險模型判斷此文案可能屬於「{label}」(機率 {score:.2f})，請人工確認。",
                "en": f"The risk model rates this copy as likely '{label}' (p={score:.2f}); a person should check it.",
            },
            "citation": f"finreview risk model {model.id}@{model.version}",
            "suggestion": None,
            "explanation": {"score": score, "threshold": thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD)},
        })
    return out
