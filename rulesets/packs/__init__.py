"""Rule packs: the YAML rule files in this folder, and loading and choosing them per copy.

Rules live in ``packs/<jurisdiction>/<pack>/<rule>.yaml`` (see README.md beside this file).

A pack is a folder: ``packs/tw/credit_card/`` is pack ``tw.credit_card`` of jurisdiction ``TW``.
Its fingerprint is the SHA-256 of the canonical JSON of its validated rules sorted by id, so any
change a reviewer could see (a phrase, a message, a date) changes it, and file order or YAML
formatting does not.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from rulesets.schema import Rule

PACKS_ROOT = Path(__file__).parent


class RuleLoadError(ValueError):
    """A rule file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Pack:
    name: str  # e.g. "tw.credit_card"
    jurisdiction: str  # e.g. "TW"
    fingerprint: str  # SHA-256 hex of the canonical content
    rules: tuple[Rule, ...]  # sorted by id
    # Scope answers per (jurisdiction, product, channel): a handful of keys, asked for every copy.
    _scoped: dict[tuple[str, str, str], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def rules_for(self, jurisdiction: str, product: str, channel: str) -> tuple[Rule, ...]:
        key = (jurisdiction, product, channel)
        scoped = self._scoped.get(key)
        if scoped is None:
            scoped = self._scoped[key] = tuple(r for r in self.rules if r.scope.covers(*key))
        return scoped


def load_packs(root: Path | None = None) -> list[Pack]:
    """Every pack under ``root`` (default: the packs shipped in this package), sorted by name."""
    root = PACKS_ROOT if root is None else Path(root)
    packs = []
    # Folders named _x or .x (e.g. __pycache__) are not packs.
    folders = [p for p in root.glob("*/*") if p.is_dir() and not any(n[0] in "_." for n in p.parts[-2:])]
    for folder in sorted(folders):
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
        if files:
            jurisdiction = folder.parent.name
            packs.append(make_pack(f"{jurisdiction}.{folder.name}", jurisdiction.upper(), [load_rule(f) for f in files]))
    return packs


def make_pack(name: str, jurisdiction: str, rules: list[Rule]) -> Pack:
    ordered = tuple(sorted(rules, key=lambda r: r.id))
    canonical = json.dumps([r.canonical() for r in ordered], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Pack(name, jurisdiction, hashlib.sha256(canonical.encode()).hexdigest(), ordered)


def load_rule(path: Path) -> Rule:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleLoadError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleLoadError(f"{path}: a rule file must be a mapping of fields")
    try:
        return Rule.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RuleLoadError(f"{path}: {problems}") from exc


def _where(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(rule)"


def select_packs(packs: list[Pack], jurisdiction: str, product: str, channel: str) -> list[Pack]:
    """The packs of ``jurisdiction`` with at least one rule in scope for product and channel."""
    return [
        p
        for p in packs
        if p.jurisdiction == jurisdiction.upper() and p.rules_for(jurisdiction, product, channel)
    ]
