"""The review pipeline: text + context in, report out. Pure apart from the loaded components;
the CLI, the API and the Celery tasks all call `review`."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from audit.canonical import encode
from rulesets.engine import check_copy
from rulesets.finding import SEVERITY_ORDER
from rulesets.language import detect_language
from rulesets.packs import select_packs
from workers.claim_spans import claim_spans, in_claims, raised_by_disclosures, segment_kind
from workers.components import Components
from workers.findings import classifier_findings, finding_dict, mask_personal_data
from workers.metrics import timed
from workers.routing import route

# Bumped whenever the same input could produce a different report; jobs are idempotent per version.
PIPELINE_VERSION = "0.2.0"  # 0.2.0: template variants are checked for what their slots bring in


@dataclass(frozen=True)
class CopyContext:
    jurisdiction: str
    product: str
    channel: str
    language: str = "auto"
    # Rules are chosen by their effective dates on this day (the submission date, for replays);
    # None means today.
    as_of: date | None = None
    # Who wrote the copy and with which personal data, for whom (service/schemas.Provenance as
    # JSON); None: not declared, and the purpose/consent stage does not run.
    provenance: dict[str, Any] | None = dataclasses.field(default=None, compare=False, hash=False)


def review(text: str, ctx: CopyContext, components: Components, *, explain: bool = True) -> dict[str, Any]:
    """``explain``: give the classifier's findings their evidence (occlusion) when the copy goes to
    an officer. Without it a classifier finding spans the whole copy; batch screening skips it."""
    return complete(assess(text, ctx, components), text, ctx, components, explain=explain)


def complete(report: dict[str, Any], text: str, ctx: CopyContext, components: Components, *,
             explain: bool = True, scores: list[float] | None = None, explained: Any = None) -> dict[str, Any]:
    """``assess``'s report finished: the classifier's findings, then the route. ``scores`` and
    ``explained``: see ``add_classifier``."""
    add_classifier(report, text, components, explain=explain, scores=scores, explained=explained)
    return conclude(report, ctx, components)


def assess(text: str, ctx: CopyContext, components: Components) -> dict[str, Any]:
    """The rules and PII stages' report, before the classifier and routing."""
    language = detect_language(text) if ctx.language == "auto" else ctx.language
    errors = [{"stage": stage, "reason": reason} for stage, reason in sorted(components.load_errors.items())
              if stage != "purpose" or ctx.provenance is not None]
    findings: list[dict[str, Any]] = []
    rulesets: dict[str, str] = {}
    segments: list[dict[str, Any]] | None = None  # claims and disclosures, once the rules have read the copy
    if components.packs is not None:
        try:
            packs = select_packs(components.packs, ctx.jurisdiction, ctx.product, ctx.channel)
            rulesets = {pack.name: pack.fingerprint for pack in packs}
            if not packs:
                errors.append({"stage": "rules", "reason": f"no rule pack covers {ctx.jurisdiction}/{ctx.product}/{ctx.channel}"})
            with timed("rules"):
                found, norm, structure = check_copy(text, jurisdiction=ctx.jurisdiction, product=ctx.product,
                                                    channel=ctx.channel, packs=packs, on=ctx.as_of)
            findings += [finding_dict(f) for f in found]
            segments = structure.original(norm)
        except Exception as exc:
            errors.append(stage_error("rules", exc))
    if components.pii is not None:
        try:
            with timed("pii"):
                detected = components.pii.detect(text, language, jurisdiction=ctx.jurisdiction)
            for found in detected:
                finding = finding_dict(found)
                finding["severity"] = components.policy.pii_severity_of(finding.get("entity_type"), finding["severity"])
                finding["explanation"]["segment"] = segment_kind(segments, found.start, found.end, len(text))
                findings.append(finding)
        except Exception as exc:
            errors.append(stage_error("pii", exc))
    purpose = _purpose(text, ctx, components, findings, errors, rulesets)
    report = {
        "verdict": "review",
        "risk_score": None,
        "findings": findings,
        "rulesets": rulesets,
        "model": None,
        "errors": errors,
        "language": language,
        "classifier": None,
        "pipeline": PIPELINE_VERSION,
        "policy": components.policy.fingerprint,
        "segments": segments,
    }
    if purpose is not None:
        report["purpose"] = purpose
    return report


def _purpose(text: str, ctx: CopyContext, components: Components, findings: list[dict[str, Any]],
             errors: list[dict[str, str]], rulesets: dict[str, str]) -> dict[str, Any] | None:
    """The purpose/consent stage, for copy that declares its provenance: its findings join the
    rules', its policy's fingerprint joins the packs'. A jurisdiction without a policy is an error
    (fail closed), not a pass."""
    if ctx.provenance is None:
        return None
    if components.purpose is None:
        return {"policy": None}  # the load error is already among the report's errors
    from rulesets.purpose import check_purpose

    policy = components.purpose.get(ctx.jurisdiction)
    if policy is None:
        errors.append({"stage": "purpose", "reason": f"no purpose policy covers {ctx.jurisdiction}"})
        return {"policy": None}
    try:
        found = check_purpose(ctx.provenance, product=ctx.product, channel=ctx.channel, text=text, policy=policy,
                              categories=components.categories or {})
    except Exception as exc:
        errors.append(stage_error("purpose", exc))
        return {"policy": None}
    rulesets[f"purpose.{ctx.jurisdiction.lower()}"] = policy.fingerprint
    findings += [finding_dict(f) for f in found]
    return {"policy": f"purpose.{ctx.jurisdiction.lower()}@{policy.version}"}


def add_classifier(report: dict[str, Any], text: str, components: Components, *, explain: bool = True,
                   read_as: str | None = None, scores: list[float] | None = None, explained: Any = None) -> None:
    """Score the copy with the risk model and add its findings to ``report``.

    A disclosure never raises a label on its own: copy that is all disclosures is not scored, and
    a label whose evidence lies only inside disclosures (a fund warning read as a guarantee) gives
    no finding and no risk. Evidence never points inside a disclosure. The model still reads the
    whole copy: scoring the claims alone, cut out of it, was measured worse on the dev set.

    Evidence costs a batch of occluded variants, so it is looked for only where it is read or
    needed: with ``explain``, for copy risky enough to be explained; without, only when a label
    is raised in a copy that holds disclosures, since only evidence tells whether they raised it.
    ``conclude`` drops it from copy that passes.

    ``read_as``: the text the model scores instead of ``text`` (a template variant's approved frame
    with its free text, campaign/variant_review.py); evidence is still found in ``text`` itself.

    ``scores``: the row the model gives what it reads here, already computed (a batch scores its
    copies on other threads); the text is then not tokenised again to look the row up.
    ``explained``: ``model.explain(text, scores)``, already computed where ``wants_evidence`` said
    so (a batch does that on other threads too)."""
    if components.model is None:
        return
    model = components.model
    report["model"] = f"{model.id}@{model.version}"
    claims = claim_spans(report.get("segments"), len(text))
    try:
        with timed("classifier"):
            row = (scores if scores is not None else model.scores(read_as or text, cache=components.score_cache)) \
                if claims else None
            if row is not None:
                prediction = model.unexplained(row)
                if wants_evidence(model, row, report.get("segments"), explain):
                    found = explained if explained is not None else model.explain(
                        text, row if read_as is None else model.scores(text, cache=components.score_cache))
                    prediction = dataclasses.replace(prediction, evidence=found.evidence, label_evidence=found.label_evidence)
        if row is None:
            report["risk_score"] = 0.0
            report["classifier"] = {"labels": {}, "evidence": [], "raised_by_disclosures": [], "read": "no claims"}
            return
        raised = raised_by_disclosures(prediction, claims, model.thresholds)
        kept = {k: v for k, v in prediction.labels.items() if k not in raised and k != "none"}
        report["risk_score"] = max(kept.values(), default=0.0)
        report["classifier"] = {
            "labels": dict(sorted(prediction.labels.items())),
            "evidence": [{"start": e.start, "end": e.end, "text": e.text, "weight": e.weight}
                         for e in prediction.evidence if in_claims(e, claims)],
            "raised_by_disclosures": sorted(raised),
        }
        report["findings"] += classifier_findings(text, prediction, model, skip=raised, claims=claims,
                                                  segments=report.get("segments"))
    except Exception as exc:
        report["errors"].append(stage_error("classifier", exc))


def wants_evidence(model: Any, row: list[float], segments: list[dict[str, Any]] | None, explain: bool) -> bool:
    """Whether ``add_classifier`` looks for occlusion evidence in a copy scored ``row``: with
    ``explain``, when the copy is risky enough to be explained; without, only when it also raises a
    label and holds disclosures, since only evidence tells whether they raised it."""
    if not model.needs_evidence(row):
        return False
    if explain:
        return True
    raised = any(score >= model.thresholds[label] for label, score in zip(model.label_names, row))
    return raised and any(s["kind"] == "disclosure" for s in segments or ())


def conclude(report: dict[str, Any], ctx: CopyContext, components: Components,
             routing_view: dict[str, Any] | None = None) -> dict[str, Any]:
    """Order and mask the findings, then route. ``routing_view`` replaces the report as routing's
    input where only part of it is new (a template variant's findings beyond its approval)."""
    findings = report["findings"]
    findings.sort(key=lambda f: (f["start"], f["end"], SEVERITY_ORDER[f["severity"]], f["rule_id"]))
    mask_personal_data(findings, report["classifier"]["evidence"] if report["classifier"] else [])
    with timed("routing"):
        decided = route(routing_view or report, product=ctx.product, channel=ctx.channel, policy=components.policy)
    report["verdict"] = decided.verdict
    if decided.verdict == "pass" and report.get("classifier"):
        # Evidence is for the officer who reads the item; a copy that passes is read by nobody.
        report["classifier"]["evidence"] = []
    report["route"] = {
        "reasons": list(decided.reasons),
        "priority": components.policy.priority.get(decided.verdict),
        "sla_hours": components.policy.sla_hours_for(decided.verdict, ctx.product, ctx.channel),
    }
    return report


def stage_error(stage: str, exc: Exception) -> dict[str, str]:
    # Only the exception type: a message could quote the copy, and the copy may hold personal data.
    return {"stage": stage, "reason": f"{stage} stage raised {type(exc).__name__}"}


def report_digest(report: dict[str, Any]) -> str:
    return hashlib.sha256(encode(report)).hexdigest()
