"""Reviewing a template variant: verify it against the approved template, then judge what its
slots bring in. The approval covers the template's fixed text, never a slot's value: every
variant's text goes through the rules and PII, and through the classifier when a slot is free text."""
from __future__ import annotations

import hashlib
from typing import Any

from workers.campaign.deviations import Deviation
from workers.campaign.limits import ChannelLimits
from workers.campaign.template import render
from workers.campaign.variant import VariantContext
from workers.campaign.verify import PiiSpan, verify_variant
from workers.components import Components
from workers.findings import CLASSIFIER_DEFAULT_THRESHOLD
from workers.pipeline import CopyContext, add_classifier, assess, conclude, stage_error

DEVIATION_SEVERITY = "major"


def review_variant(text: str, ctx: CopyContext, components: Components, variant: VariantContext,
                   limits: ChannelLimits) -> dict[str, Any]:
    deviations: list[Deviation] = []
    if variant.approval is None:
        deviations.append(Deviation("template-not-approved", 0, 0))
    where = (ctx.jurisdiction, ctx.product, ctx.channel)
    if where != (variant.jurisdiction, variant.product, variant.channel):
        deviations.append(Deviation("context-differs", 0, 0, detail={
            "template": "/".join((variant.jurisdiction, variant.product, variant.channel)), "variant": "/".join(where)}))
    slots = list(render(variant.spec, variant.values).spans)
    report = assess(text, ctx, components)
    pii_ran = components.pii is not None and not any(e["stage"] == "pii" for e in report["errors"])
    if pii_ran:
        pii = [PiiSpan(f["start"], f["end"], f.get("entity_type") or f["rule_id"])
               for f in report["findings"] if f["source"] == "pii"]
        deviations += verify_variant(variant.spec, variant.values, text, channel=ctx.channel, pii=pii, limits=limits)
    if deviations or not pii_ran:
        # Without the PII stage nothing can be cleared, and a deviating variant is new copy: the
        # whole pipeline decides, each deviation a finding of its own.
        add_classifier(report, text, components)
        return _with_deviations(report, text, ctx, components, variant, deviations)
    free = [name for name, start, end in slots if end > start and _scored(variant, name)]
    new_labels, routed_risk = set(), 0.0
    if free:
        add_classifier(report, text, components, read_as=scoring_frame(variant, free))
        new_labels, routed_risk = _brought_by_free_text(report, variant, free, components)
    else:  # approved values and numbers in range only: the model has nothing new to read
        report["errors"] = [e for e in report["errors"] if e["stage"] != "classifier"]
    new = [f for f in report["findings"] if _brought_in(f, slots, len(text), variant, new_labels)]
    kept = {id(f) for f in new}
    report["template"] = {**_evidence(variant, []),
                          "covered": sorted({f["rule_id"] for f in report["findings"] if id(f) not in kept})}
    # Masking needs every personal-data finding, so the covered ones leave only after it.
    conclude(report, ctx, components, routing_view={"findings": new, "errors": report["errors"], "risk_score": routed_risk})
    report["findings"] = [f for f in report["findings"] if id(f) in kept]
    reasons = [r for r in report["route"]["reasons"] if r != "policy:no-auto-clear"]
    if report["verdict"] == "review" and not reasons:
        # The officer who approved the template stands in for the policy's auto-clear switch.
        report["verdict"] = "pass"
    if report["verdict"] == "pass":
        report["route"] = {"reasons": [f"template:{variant.template_id}"], "priority": None, "sla_hours": None}
    else:
        report["route"]["reasons"] = reasons
    return report


def scoring_frame(variant: VariantContext, free: list[str]) -> str:
    """What the classifier reads for a variant that keeps to its template: the approved frame with
    the free-text values in it. Every other slot reads as its approved form (a listed value as
    given, a number as the slot's lower bound, personal data as nothing), since the approval already
    covers those and the model's question is what the free text adds. Variants that differ only
    in names and numbers then read alike, and their scores come from the cache: a campaign pays
    for its distinct free-text values, not for its variants."""
    values = {}
    for name, constraint in variant.spec.slots.items():
        if name in free or constraint.allowed is not None:
            values[name] = variant.values.get(name, "")
        elif constraint.numeric:
            bound = constraint.min if constraint.min is not None else constraint.max
            values[name] = f"{bound:g}"
        else:  # personal data, or an empty free-text slot
            values[name] = ""
    return render(variant.spec, values).text


def _scored(variant: VariantContext, slot: str) -> bool:
    """Free-text slots are scored by the classifier. A personal-data slot is not: it holds names
    and addresses the officer approved as such, and the model reads a bare name as noise."""
    constraint = variant.spec.slots.get(slot)
    return constraint is not None and constraint.free_text and not constraint.pii


def _brought_by_free_text(report: dict[str, Any], variant: VariantContext, free: list[str],
                          components: Components) -> tuple[set[str], float | None]:
    """The labels, and the risk, that the free-text values add: scored against the same variant
    with those slots left empty, which is what the approval covers (fixed text, approved values)."""
    if report["risk_score"] is None:  # the classifier stage failed: its error routes the variant
        return set(), None
    thresholds = components.model.thresholds

    def at_or_above(label: str, p: float) -> bool:
        return p >= thresholds.get(label, CLASSIFIER_DEFAULT_THRESHOLD)

    try:
        frame = scoring_frame(variant, [])  # the same frame with the free-text slots empty
        baseline = dict(zip(components.model.label_names, components.model.scores(frame, cache=components.score_cache)))
    except Exception as exc:
        report["errors"].append(stage_error("classifier", exc))
        return set(), None
    labels = report["classifier"]["labels"]
    new = {label for label, p in labels.items()
           if label != "none" and at_or_above(label, p) and not at_or_above(label, baseline.get(label, 0.0))}
    cutoff = components.policy.risk_threshold
    base_risk = max((p for label, p in baseline.items() if label != "none"), default=0.0)
    risk = report["risk_score"] if report["risk_score"] >= cutoff and base_risk < cutoff else 0.0
    return new, risk


def _brought_in(finding: dict[str, Any], slots: list[tuple[str, int, int]], length: int, variant: VariantContext,
                new_labels: set[str]) -> bool:
    """Whether a finding on a variant is new, i.e. not what the officer approved on the template.

    Personal data inside a slot that allows it was approved with the slot. A classifier finding is
    new when the free-text values raised its label. A rule finding is covered only when the
    template's own report carried its id and it lies wholly in the fixed text (or concerns the
    copy as a whole, which the slots did not change)."""
    inside = [name for name, start, end in slots if finding["start"] < end and finding["end"] > start]
    if finding["source"] == "pii":
        return not inside or any(not variant.spec.slots[name].pii for name in inside if name in variant.spec.slots)
    if finding["source"] == "classifier":
        return finding["rule_id"].removeprefix("classifier.") in new_labels
    if finding["rule_id"] not in variant.approved_rules:
        return True
    whole_copy = (finding["start"], finding["end"]) == (0, length)
    return bool(inside) and not whole_copy


def _evidence(variant: VariantContext, deviations: list[Deviation]) -> dict[str, Any]:
    return {"id": variant.template_id, "spec_sha256": variant.spec_sha256, "approval": variant.approval,
            "deviations": [{"kind": d.kind, "slot": d.slot, "start": d.start, "end": d.end, "detail": d.detail}
                           for d in deviations]}


def _with_deviations(report: dict[str, Any], text: str, ctx: CopyContext, components: Components,
                     variant: VariantContext, deviations: list[Deviation]) -> dict[str, Any]:
    report["findings"] += [deviation_finding(d, text, variant) for d in deviations]
    report["template"] = _evidence(variant, deviations)
    return conclude(report, ctx, components)


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
    """A template is never cleared by routing alone: an officer approves it with its constraints.
    The reason is named whatever else the template's own findings route it for."""
    if report["verdict"] == "pass":
        report["verdict"] = "review"
        report["route"] = {"reasons": [], "priority": components.policy.priority.get("review"),
                           "sla_hours": components.policy.sla_hours_for("review", ctx.product, ctx.channel)}
    if "template:needs-approval" not in report["route"]["reasons"]:
        report["route"]["reasons"].append("template:needs-approval")
    return report
