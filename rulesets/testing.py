"""Testing the rules themselves: each rule's examples run as tests (Semgrep ``ruleid:``/``ok:``,
proselint), and a lint for problems a load cannot see (duplicate ids, empty messages, missing
examples, regexes that can never match normalised text). ``finreview rules test|lint`` call these.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from rulesets.chinese import is_han
from rulesets.engine import evaluate_rule
from rulesets.normalize import fold, normalize
from rulesets.packs import Pack
from rulesets.schema import Rule


@dataclass(frozen=True)
class ExampleResult:
    pack: str
    rule_id: str
    kind: Literal["flag", "pass"]
    text: str
    findings: int  # findings of this rule on the example
    ok: bool  # flag: at least one finding; pass: none


def run_examples(packs: list[Pack]) -> list[ExampleResult]:
    """Every example of every rule, run against that rule alone (scope and dates not applied)."""
    results = []
    for pack in packs:
        for rule in pack.rules:
            for kind, texts in (("flag", rule.examples.flag), ("pass", rule.examples.pass_)):
                for text in texts:
                    count = len(evaluate_rule(rule, normalize(text)))
                    ok = count > 0 if kind == "flag" else count == 0
                    results.append(ExampleResult(pack.name, rule.id, kind, text, count, ok))
    return results


def lint(packs: list[Pack]) -> list[str]:
    """One line per problem, ``<pack> <rule id>: <problem>``; empty when all is well."""
    problems = []
    ids = Counter(r.id for p in packs for r in p.rules)
    problems += [f"{rid}: duplicate rule id ({n} rules)" for rid, n in sorted(ids.items()) if n > 1]
    for pack in packs:
        for rule in pack.rules:
            problems += [f"{pack.name} {rule.id}: {p}" for p in _rule_problems(pack, rule)]
    return problems


def _rule_problems(pack: Pack, rule: Rule) -> list[str]:
    problems = []
    if not rule.id.startswith(pack.jurisdiction.lower() + "."):
        problems.append(f"id should start with '{pack.jurisdiction.lower()}.'")
    for field, value in (("title", rule.title), ("message.zh-TW", rule.message.zh_tw), ("message.en", rule.message.en)):
        if not value.strip():
            problems.append(f"{field} is empty")
    if not rule.examples.flag:
        problems.append("no `flag` example")
    if not rule.examples.pass_:
        problems.append("no `pass` example")
    for pattern in _patterns(rule):
        if r"\b" in pattern:
            problems.append(rf"pattern {pattern!r} uses \b, which fails next to CJK; use lookarounds")
        unfolded = [ch for ch in pattern if is_han(ch) and fold(ch) != ch]
        if unfolded:
            problems.append(f"pattern {pattern!r} has {''.join(unfolded)!r}, which normalised text never contains")
    return problems


def _patterns(rule: Rule) -> list[str]:
    """Regex sources anywhere in the rule's check (they are not folded like phrases are)."""
    found: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("patterns", "pattern"):
            found.append(node)

    walk(rule.check.model_dump(mode="json"))
    return found
