"""Running rule packs over one copy: text in, findings (offsets into the original text) out."""
from __future__ import annotations

import datetime as dt
from typing import get_args

from rulesets.finding import Finding
from rulesets.language import detect_language
from rulesets.matcher import literals_present
from rulesets.normalize import Normalized, normalize
from rulesets.disclosures import DisclosureKnowledge, knowledge_for
from rulesets.packs import Pack, select_packs
from rulesets.schema import Channel, Product, Rule
from rulesets.structure import Structure, analyse


def run_rules(
    text: str,
    *,
    jurisdiction: str,
    product: str,
    channel: str,
    packs: list[Pack],
    on: dt.date | None = None,
) -> list[Finding]:
    """Findings of every rule in scope and in force ``on`` that day (default: today).

    Pass ``on`` (e.g. the submission date) to make a replay reproduce the original report.
    """
    return check_copy(text, jurisdiction=jurisdiction, product=product, channel=channel, packs=packs, on=on)[0]


def check_copy(
    text: str,
    *,
    jurisdiction: str,
    product: str,
    channel: str,
    packs: list[Pack],
    on: dt.date | None = None,
) -> tuple[list[Finding], Normalized, Structure]:
    """``run_rules`` plus the copy's structure (claims and disclosures), for the classifier."""
    day = on or dt.date.today()
    norm = normalize(text)
    language = detect_language(text)
    scoped, knowledge = _scope(packs, jurisdiction, product, channel)
    structure = analyse(norm, knowledge)
    present = literals_present(norm.text)
    findings: list[Finding] = []
    for rule, gate in scoped:
        # A rule whose every finding needs a literal the copy lacks is skipped without a call.
        if (gate is None or not gate.isdisjoint(present)) and rule.effective.covers(day):
            findings.extend(evaluate_rule(rule, norm, language, structure))
    return sorted(findings, key=Finding.sort_key), norm, structure


# (ids of the packs, jurisdiction, product, channel) -> (those packs, the rules in scope, their
# disclosure knowledge): a batch checks thousands of copies against a handful of scopes, and
# working the scope out again cost as much as a rule. Keyed by the packs themselves, not by the list
# that holds them: callers build a fresh list for every copy.
_scopes: dict[tuple[tuple[int, ...], str, str, str], tuple[tuple[Pack, ...], tuple[tuple[Rule, frozenset[str] | None], ...],
                                                           DisclosureKnowledge]] = {}


def _scope(packs: list[Pack], jurisdiction: str, product: str,
           channel: str) -> tuple[tuple[tuple[Rule, frozenset[str] | None], ...], DisclosureKnowledge]:
    """The rules in scope, each with its gate (see ``_gate``), and their disclosure knowledge."""
    key = (tuple(map(id, packs)), jurisdiction, product, channel)
    # The entry holds its packs, so their ids cannot be reused by other objects while it lives.
    found = _scopes.get(key)
    if found is None:
        if len(_scopes) > 256:  # bounded: a long-lived process sees a handful of scopes
            _scopes.clear()
        rules = tuple(rule for pack in select_packs(packs, jurisdiction, product, channel)
                      for rule in pack.rules_for(jurisdiction, product, channel))
        found = _scopes[key] = (tuple(packs), tuple((rule, _gate(rule)) for rule in rules), knowledge_for(rules))
    return found[1], found[2]


def prepare_scopes(packs: list[Pack]) -> int:
    """Works out every scope the packs can be asked for (their jurisdictions, each product and channel) and
    builds the shared literal scan, so that the first copies of a process do not pay for it: each new
    scope's disclosure knowledge registered more literals, and the scan was rebuilt after each.
    Returns how many scopes have rules."""
    with_rules = 0
    for jurisdiction in sorted({pack.jurisdiction for pack in packs}):
        for product in get_args(Product):
            for channel in get_args(Channel):
                with_rules += bool(_scope(packs, jurisdiction, product, channel)[0])
    literals_present("")
    return with_rules


def _gate(rule: Rule) -> frozenset[str] | None:
    """Literals one of which a copy must hold for ``rule`` to find anything; None when the rule can
    fire without any (a required wording fires when it is missing)."""
    finding_gate = getattr(rule.check, "finding_gate", None)
    return finding_gate() if finding_gate is not None else None


def structure_of(norm: Normalized, rules: list[Rule]) -> Structure:
    return analyse(norm, knowledge_for(rules))


def evaluate_rule(rule: Rule, norm: Normalized, language: str | None = None,
                  structure: Structure | None = None) -> list[Finding]:
    """One rule's findings on already-normalised text, without scope or date filtering. Without a
    ``structure``, the copy is segmented with the cue files and this rule's own wordings."""
    language = language or detect_language(norm.original)
    structure = structure or structure_of(norm, [rule])
    findings: dict[tuple[int, int], Finding] = {}
    for hit in rule.check.hits(norm, rule.exceptions, structure):
        start, end = norm.to_original(hit.start, hit.end)
        if (start, end) in findings:  # two normalised matches inside one converted block
            continue
        suggestion = hit.suggestion or (rule.suggestion.pick(language) if rule.suggestion else None)
        explanation = {**hit.detail, "exceptions_checked": rule.exceptions.checked(),
                       "segment": structure.kind_at(hit.start) if hit.end > hit.start else "whole-copy"}
        findings[(start, end)] = Finding(
            source="rule",
            rule_id=rule.id,
            severity=rule.severity,
            start=start,
            end=end,
            excerpt=norm.original[start:end],
            message={"zh-TW": rule.message.zh_tw, "en": rule.message.en},
            citation=str(rule.citation),
            suggestion=suggestion,
            explanation=explanation,
        )
    return list(findings.values())
