"""Loading rule files: validation errors name the file and the field; fingerprints; selection."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rulesets.packs import RuleLoadError, load_packs, select_packs
from rules_factory import rule_data, shipped_packs, write_rule


def test_a_pack_is_a_folder_of_rule_files(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_data(id="tw.test.a"), name="a.yaml")
    write_rule(tmp_path, rule_data(id="tw.test.b"), name="b.yml")
    (pack,) = load_packs(tmp_path)
    assert (pack.name, pack.jurisdiction) == ("tw.test", "TW")
    assert [r.id for r in pack.rules] == ["tw.test.a", "tw.test.b"]
    assert len(pack.fingerprint) == 64


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (rule_data(severty="major"), "severty", "Extra inputs are not permitted"),
        (rule_data(check={"type": "forbidden", "phrase": ["x"]}), "check.forbidden.phrase", "Extra inputs"),
        (rule_data(check={"type": "forbidden", "patterns": ["保證(獲利"]}), "check.forbidden.patterns.0", "invalid regex"),
        (rule_data(check={"type": "banned", "phrases": ["x"]}), "check", "does not match any of the expected tags"),
        (rule_data(severity="fatal"), "severity", "'blocker', 'major' or 'minor'"),
        (rule_data(scope={"products": ["cards"], "channels": ["*"]}), "scope.products.0", "Input should be"),
        (rule_data(id="Not An Id"), "id", "String should match pattern"),
        (rule_data(effective={"from": "2024-01-01", "to": "2023-01-01"}), "effective", "`to` is before `from`"),
        (rule_data(message={"zh-TW": "訊息"}), "message.en", "Field required"),
        (rule_data(check={"type": "conditional", "trigger": {"phrases": ["分期"]}, "require": {}}), "check.conditional.require", "at least one"),
    ],
)
def test_load_errors_name_file_and_field(tmp_path: Path, data: dict, field: str, reason: str) -> None:
    path = write_rule(tmp_path, data, name="broken.yaml")
    with pytest.raises(RuleLoadError) as info:
        load_packs(tmp_path)
    assert str(path) in str(info.value)
    assert f"{field}:" in str(info.value)
    assert reason in str(info.value)


def test_bare_yaml_no_is_reported_at_its_list_item(tmp_path: Path) -> None:
    text = yaml.safe_dump(rule_data(), allow_unicode=True) + "exceptions:\n  negated_by: [不, no]\n"
    path = write_rule(tmp_path, text)
    with pytest.raises(RuleLoadError, match=r"exceptions\.negated_by\.1: Input should be a valid string") as info:
        load_packs(tmp_path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(("text", "reason"), [("id: [unclosed", "not valid YAML"), ("- a list", "must be a mapping")])
def test_files_that_are_not_rules(tmp_path: Path, text: str, reason: str) -> None:
    path = write_rule(tmp_path, text)
    with pytest.raises(RuleLoadError, match=reason) as info:
        load_packs(tmp_path)
    assert str(path) in str(info.value)


def test_fingerprint_ignores_formatting_and_follows_content(tmp_path: Path) -> None:
    data = rule_data()
    write_rule(tmp_path / "one", data)
    reordered = "# a comment\n" + yaml.safe_dump(dict(reversed(list(data.items()))), allow_unicode=True)
    write_rule(tmp_path / "two", reordered)
    write_rule(tmp_path / "three", rule_data(check={"type": "forbidden", "phrases": ["保證獲利", "穩賺"]}))
    (one,), (two,), (three,) = (load_packs(tmp_path / d) for d in ("one", "two", "three"))
    assert one.fingerprint == two.fingerprint
    assert one.fingerprint != three.fingerprint


def test_shipped_packs_load() -> None:
    assert "tw.credit_card" in [p.name for p in shipped_packs()]


@pytest.mark.parametrize(
    ("jurisdiction", "product", "channel", "selected"),
    [
        ("TW", "credit_card", "web", ["tw.test"]),
        ("tw", "credit_card", "sms", ["tw.test"]),
        ("TW", "fund", "web", []),
        ("US", "credit_card", "web", []),
    ],
)
def test_select_packs(tmp_path: Path, jurisdiction: str, product: str, channel: str, selected: list[str]) -> None:
    write_rule(tmp_path, rule_data())
    packs = load_packs(tmp_path)
    assert [p.name for p in select_packs(packs, jurisdiction, product, channel)] == selected
