"""Rendering a report for people (text) and for code-scanning tools (SARIF 2.1.0)."""
from __future__ import annotations

from typing import Any

SARIF_LEVEL = {"blocker": "error", "major": "warning", "minor": "note"}


def as_text(report: dict[str, Any], *, lang: str = "en") -> str:
    risk = report.get("risk_score")
    lines = [f"verdict: {report['verdict']}   risk: {'n/a' if risk is None else f'{risk:.2f}'}"
             f"   language: {report.get('language')}   model: {report.get('model')}"]
    for f in report["findings"]:
        lines.append(f"  [{f['severity']}] {f['rule_id']} @{f['start']}-{f['end']} {f['excerpt'][:60]!r}")
        lines.append(f"      {f['message'].get(lang) or f['message'].get('en')}")
        if f.get("citation"):
            lines.append(f"      citation: {f['citation']}")
        if f.get("suggestion"):
            lines.append(f"      suggestion: {f['suggestion']}")
    blocks = disclosure_blocks(report.get("segments") or [])
    if blocks:
        lines.append("  disclosures (warnings, terms, footnotes; their words trigger no rule):")
        lines += [f"    @{start}-{end} ({why})" for start, end, why in blocks]
    for e in report["errors"]:
        lines.append(f"  error in {e['stage']}: {e['reason']}")
    if report.get("route", {}).get("reasons"):
        lines.append(f"  routed because: {', '.join(report['route']['reasons'])}")
    return "\n".join(lines)


def disclosure_blocks(segments: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """Runs of adjacent disclosure segments as (start, end, first reason)."""
    blocks: list[list[Any]] = []
    for seg in segments:
        if seg["kind"] != "disclosure":
            continue
        if blocks and seg["start"] - blocks[-1][1] <= 1:
            blocks[-1][1] = seg["end"]
        else:
            blocks.append([seg["start"], seg["end"], seg.get("why") or "disclosure"])
    return [tuple(b) for b in blocks]


def as_sarif(report: dict[str, Any], *, uri: str) -> dict[str, Any]:
    rules = {f["rule_id"]: f for f in report["findings"]}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "finreview",
                "informationUri": "https://finreview.dev/",
                "rules": [{"id": rid,
                           "shortDescription": {"text": f["message"].get("en", rid)},
                           "fullDescription": {"text": f["message"].get("zh-TW", "")},
                           "help": {"text": f.get("citation") or ""},
                           "defaultConfiguration": {"level": SARIF_LEVEL[f["severity"]]},
                           "properties": {"citation": f.get("citation"), "source": f["source"],
                                          "severity": f["severity"]}}
                          for rid, f in sorted(rules.items())],
            }},
            "results": [{
                "ruleId": f["rule_id"],
                "level": SARIF_LEVEL[f["severity"]],
                "message": {"text": f["message"].get("en", "")},
                "properties": {"citation": f.get("citation"), "suggestion": f.get("suggestion"),
                               "excerpt": f["excerpt"]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"charOffset": f["start"], "charLength": f["end"] - f["start"]},
                }}],
            } for f in report["findings"]],
            "properties": {"verdict": report["verdict"], "risk_score": report["risk_score"],
                           "rulesets": report["rulesets"], "model": report["model"], "errors": report["errors"]},
        }],
    }
