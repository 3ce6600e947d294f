"""Reviewing a template variant: verify it against the approved template; clear it with the
approval as evidence, or run the whole pipeline and add each deviation as a finding."""
from __future__ import annotations

import hashlib
from typing import Any

from rulesets.finding import SEVERITY_ORDER
from rulesets.language import detect_language
from workers.campaign.deviations import Deviation
from workers.campaign.limits import ChannelLimits
from workers.campaign.variant import VariantContext
from workers.campaign.verify import PiiSpan, verify_variant
from workers.components import Components
from workers.findings import mask_personal_data
from workers.pipeline import PIPELINE_VERSION, CopyContext, review
from workers.routing import route

DEVIATION_SEVERITY = "major"


def review_variant(text: str, ctx: CopyContext, components: Components, variant: VariantContext,
                   limits: ChannelLimits) -> dict[str, Any]:
    language = detect_language(text) if ctx.language == "auto" else ctx.language
    deviations: list[Deviation] = []
    if variant.approval is None:
        deviations.append(Deviation("template-not-approved", 0, 0))
    where = (ctx.jurisdiction, ctx.product, ctx.channel)
    if where != (variant.jurisdiction, variant.product, variant.channel):
        deviations.append(Deviation("context-differs", 0, 0, detail={
            "template": "/".join((variant.jurisdiction, variant.product, variant.channel)), "variant": "/".join(where)}))
    pii = _personal_data(text, ctx, components, language)
    if pii is None:  # without the PII stage nothing can be cleared: the whole pipeline decides
        return _with_deviations(review(text, ctx, components), text, ctx, components, variant, deviations)
    deviations += verify_variant(variant.spec, variant.values, text, channel=ctx.channel, pii=pii, limits=limits)
    if deviations:
        return _with_deviations(review(text, ctx, components), text, ctx, components, variant, deviations)
    return {
        "verdict": "pass", "risk_score": None, "findings": [], "rulesets": {}, "model": None, "errors": [],
        "language": language, "classifier": None, "pipeline": PIPELINE_VERSION,
        "policy": components.policy.fingerprint, "template": _evidence(variant, []),
        "route": {"reasons": [f"template:{variant.template_id}"], "priority": None, "sla_hours": None},
    }


def _personal_data(text: str, ctx: CopyContext, components: Components, language: str) -> list[PiiSpan] | None:
    if components.pii is None:
        return None
    try:
        found = components.pii.detect(text, language, jurisdiction=ctx.jurisdiction)
    except Exception:
        return None
    return [PiiSpan(f.start, f.end, f.entity_type or f.rule_id) for f in found]


def _evidence(variant: VariantContext, deviations: list[Deviation]) -> dict[str, Any]:
    return {"id": variant.template_id, "spec_sha256": variant.spec_sha256, "approval": variant.approval,
            "deviations": [{"kind": d.kind, "slot": d.slot, "start": d.start, "end": d.end, "detail": d.detail}
                           for d in deviations]}


def _with_deviations(report: dict[str, Any], text: str, ctx: CopyContext, components: Components,
                     variant: VariantContext, deviations: list[Deviation]) -> dict[str, Any]:
    findings = report["findings"] + [deviation_finding(d, text, variant) for d in deviations]
    findings.sort(key=lambda f: (f["start"], f["end"], SEVERITY_ORDER[f["severity"]], f["rule_id"]))
    mask_personal_data(findings, [])
    report["findings"] = findings
    report["template"] = _evidence(variant, deviations)
    decided = route(report, product=ctx.product, channel=ctx.channel, policy=components.policy)
    report["verdict"] = decided.verdict
    report["route"] = {"reasons": list(decided.reasons), "priority": components.policy.priority.get(decided.verdict),
                       "sla_hours": components.policy.sla_hours_for(decided.verdict, ctx.product, ctx.channel)}
    return report


def deviation_finding(deviation: Deviation, text: str, variant: VariantContext) -> dict[str, Any]:
    """A deviation as a report finding (a rule finding whose id starts with ``template.``), so the
    desk highlights it and routing sends the variant to an officer."""
    rule_id = f"template.{deviation.kind}"
    excerpt = text[deviation.start:deviation.end]
    # A PII slot's value (or personal data anywhere) is masked before it reaches an officer.
    personal = deviation.kind.startswith("pii-") or (deviation.slot in variant.spec.slots
                                                     and variant.spec.slots[deviation.slot].pii)
    return {
        "id": hashlib.sha256(f"rule|{rule_id}|{deviation.start}|{deviation.end}|{deviation.slot}".encode()).hexdigest()[:16],
        "source": "rule", "rule_id": rule_id, "severity": DEVIATION_SEVERITY,
        "start": deviation.start, "end": deviation.end, "excerpt": "*" * len(excerpt) if personal else excerpt,
        "message": deviation.message(),
        "citation": f"template {variant.template_id} (spec {variant.spec_sha256[:12]})",
        "suggestion": None,
        "explanation": {"slot": deviation.slot, **deviation.detail},
    }


def hold_for_approval(report: dict[str, Any], ctx: CopyContext, components: Components) -> dict[str, Any]:
    """A template is never cleared by routing alone: an officer approves it with its constraints."""
    if report["verdict"] == "pass":
        report["verdict"] = "review"
        report["route"] = {"reasons": ["template:needs-approval"], "priority": components.policy.priority.get("review"),
                           "sla_hours": components.policy.sla_hours_for("review", ctx.product, ctx.channel)}
    return report
