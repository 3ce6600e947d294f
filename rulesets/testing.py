"""Testing the rules themselves: each rule's examples run as tests (Semgrep ``ruleid:``/``ok:``,
proselint), and a lint for problems a load cannot see (duplicate ids, empty messages, a missing
citation, fewer than two examples of each kind, regexes that can never match normalised text).
``finreview rules test|lint`` call these.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from rulesets.chinese import HAN_CLASS
from rulesets.engine import evaluate_rule
from rulesets.normalize import fold, normalize
from rulesets.packs import Pack
from rulesets.schema import Rule

_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


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


MIN_EXAMPLES = 2  # of each kind per rule: one example can pass by accident, two pin the intent


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
    texts = (
        ("title", rule.title),
        ("message.zh-TW", rule.message.zh_tw),
        ("message.en", rule.message.en),
        ("citation.instrument", rule.citation.instrument),
        ("citation.article", rule.citation.article),
    )
    problems += [f"{field} is empty" for field, value in texts if not value.strip()]
    for kind, examples in (("flag", rule.examples.flag), ("pass", rule.examples.pass_)):
        if len(examples) < MIN_EXAMPLES:
            problems.append(f"fewer than {MIN_EXAMPLES} `{kind}` examples ({len(examples)})")
    both = sorted(set(rule.examples.flag) & set(rule.examples.pass_))
    problems += [f"example {text!r} is both `flag` and `pass`" for text in both]
    for pattern in _patterns(rule):
        if r"\b" in pattern:
            problems.append(rf"pattern {pattern!r} uses \b, which fails next to CJK; use lookarounds")
        unfolded = [run for run in _HAN_RUN.findall(pattern) if fold(run) != run]
        if unfolded:
            problems.append(f"pattern {pattern!r} has {', '.join(unfolded)!r}, which normalised text never contains")
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
