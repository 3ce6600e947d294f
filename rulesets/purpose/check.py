"""The purpose and consent check: provenance in, findings out."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rulesets.finding import Finding
from rulesets.purpose.policy import Category, PurposePolicy, PurposeRule


def check_purpose(provenance: Mapping[str, Any], *, product: str, channel: str, text: str,
                  policy: PurposePolicy, categories: Mapping[str, Category]) -> list[Finding]:
    """Findings for the personal data and consent a copy's provenance declares. A finding is about
    the copy as a whole (the span covers it all, as a missing disclosure's does), and it names
    categories, never anything about the recipient beyond them."""
    findings = []
    used = list(dict.fromkeys(provenance.get("data_categories") or ()))
    special = [c for c in used if c in categories and categories[c].special]
    if special:
        findings.append(_finding(policy.rules.special_category, text, {"categories": special}))
    outside = [c for c in used if c not in special and not policy.allows(c, product, channel)]
    if outside:
        findings.append(_finding(policy.rules.purpose, text,
                                 {"categories": outside, "product": product, "channel": channel}))
    consent = provenance.get("consent") or {}
    state = consent.get("marketing", "unknown")
    if state == "opted_out":
        findings.append(_finding(policy.rules.opted_out, text, {"consent": state}))
    else:
        needed = policy.rules.consent_needed
        # Consent given for another channel does not cover this one.
        covered = state == "granted" and consent.get("channel") in (channel, "all")
        if needed is not None and not covered and ("*" in needed.channels or channel in needed.channels):
            findings.append(_finding(needed, text, {"consent": state, "consent_channel": consent.get("channel"),
                                                           "channel": channel}))
    return findings


def _finding(rule: PurposeRule, text: str, why: dict[str, Any]) -> Finding:
    return Finding(source="rule", rule_id=rule.id, severity=rule.severity, start=0, end=len(text), excerpt=text,
                   message=dict(rule.message), citation=rule.citation,
                   explanation={"check": "purpose", **why})
