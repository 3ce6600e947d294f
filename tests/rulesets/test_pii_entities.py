"""entities.yaml: every recognizer's entity has reviewed wording, and the file is validated."""
import pytest

from rulesets.pii.entities import ENTITIES_FILE, load_entity_policies
from rulesets.pii.recognizers import RECOGNIZERS


def test_every_recognized_entity_has_a_policy_with_a_unique_rule_id():
    policies = load_entity_policies()
    assert {rec.ENTITY for rec in RECOGNIZERS} <= set(policies.entities)
    rule_ids = [p.rule_id for p in policies.entities.values()]
    assert len(rule_ids) == len(set(rule_ids))
    assert all(rule_id.startswith("pii.") for rule_id in rule_ids)


@pytest.mark.parametrize(
    ("entity", "severity"),
    [("TW_NATIONAL_ID", "blocker"), ("CREDIT_CARD", "blocker"), ("TW_MOBILE", "major"), ("EMAIL_ADDRESS", "major"),
     ("TW_RESIDENT_CERTIFICATE", "blocker"), ("US_SSN", "blocker"), ("US_ITIN", "blocker"), ("UK_NINO", "blocker"),
     ("PASSPORT", "blocker"), ("TW_NHI_CARD", "blocker"), ("TW_BANK_ACCOUNT", "blocker"),
     ("UK_BANK_ACCOUNT", "blocker"), ("IBAN_CODE", "blocker"), ("TW_LANDLINE", "major"), ("PHONE_NUMBER", "major"),
     ("TW_ADDRESS", "major"), ("DATE_OF_BIRTH", "major"), ("PERSON", "major"), ("TW_UBN", "minor")],
)
def test_default_severities(entity, severity):
    assert load_entity_policies().entities[entity].severity == severity


def test_unknown_keys_are_rejected_with_the_file_name(tmp_path):
    bad = tmp_path / "entities.yaml"
    bad.write_text(ENTITIES_FILE.read_text(encoding="utf-8").replace("    severity: major\n", "    severity: major\n    colour: red\n", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="(?s)entities.yaml.*TW_MOBILE.colour"):
        load_entity_policies(bad)


def test_a_missing_language_is_rejected(tmp_path):
    bad = tmp_path / "entities.yaml"
    text = ENTITIES_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace("      en: The copy contains a Taiwan", "      fr: The copy contains a Taiwan", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="en"):
        load_entity_policies(bad)
