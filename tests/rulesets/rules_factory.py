"""Building small rules and packs inside tests (a uniquely named module: test folders have no __init__)."""
from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml

from rulesets.packs import Pack, load_packs, make_pack
from rulesets.schema import Rule

BASE_RULE: dict = {
    "id": "tw.test.rule",
    "title": "測試規則",
    "message": {"zh-TW": "測試訊息", "en": "Test message"},
    "severity": "major",
    "citation": {"instrument": "測試辦法", "article": "第1條", "link": "https://example.test/law"},
    "effective": {"from": "2020-01-01"},
    "scope": {"products": ["credit_card"], "channels": ["*"]},
    "check": {"type": "forbidden", "phrases": ["保證獲利"]},
    "examples": {"flag": ["保證獲利", "本產品保證獲利"], "pass": ["投資有風險", "本產品不保本"]},
}


def rule_data(**overrides: object) -> dict:
    """A valid rule as plain data, with top-level fields replaced by ``overrides``."""
    data = copy.deepcopy(BASE_RULE)
    data.update(copy.deepcopy(overrides))
    return data


def make_rule(**overrides: object) -> Rule:
    return Rule.model_validate(rule_data(**overrides))


def pack_of(*rules: Rule, name: str = "tw.test") -> Pack:
    return make_pack(name, "TW", list(rules))


def write_rule(root: Path, data: dict | str, *, where: str = "tw/test", name: str = "rule.yaml") -> Path:
    folder = root / where
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


@cache
def shipped_packs() -> list[Pack]:
    """The packs shipped in the package, loaded once per test run."""
    return load_packs()
