"""The pure review pipeline with the real rule packs, Presidio and the committed model."""
from __future__ import annotations

import dataclasses
import json

import pytest

from tests.samples import COMPLIANT_CARD_AD, VIOLATING_CARD_AD
from workers.pipeline import CopyContext, review

CARD = CopyContext(jurisdiction="TW", product="credit_card", channel="web")


def test_a_violating_card_ad_is_blocked_with_findings_at_the_right_offsets(components):
    report = review(VIOLATING_CARD_AD, CARD, components)
    assert report["verdict"] == "block"
    by_rule = {f["rule_id"]: f for f in report["findings"]}
    assert {"tw.fsc.card.slogan-required", "tw.fsc.no-guarantee-wording",
            "tw.fsc.card.revolving-rate-disclosure"} <= set(by_rule)
    guarantee = by_rule["tw.fsc.no-guarantee-wording"]
    assert VIOLATING_CARD_AD[guarantee["start"]:guarantee["end"]] == guarantee["excerpt"] == "保證獲利"
    assert set(report["rulesets"]) == {"tw.credit_card", "tw.general"}
    assert all(len(fingerprint) == 64 for fingerprint in report["rulesets"].values())
    assert report["errors"] == []


def test_a_compliant_card_ad_passes(components):
    report = review(COMPLIANT_CARD_AD, CARD, components)
    assert report["verdict"] == "pass", report
    assert report["risk_score"] < components.policy.risk_threshold


def test_each_classifier_finding_is_anchored_on_its_own_labels_phrase(components):
    """The finding for a guarantee quotes the guarantee; the one for pressure quotes the deadline."""
    text = "保證年報酬8%，名額只剩3位，今晚截止！"
    report = review(text, CopyContext(jurisdiction="TW", product="fund", channel="web"), components)
    by_rule = {f["rule_id"]: f for f in report["findings"] if f["source"] == "classifier"}
    guarantee, pressure = by_rule["classifier.guarantee_or_promissory"], by_rule["classifier.pressure_tactics"]
    assert "保證" in guarantee["excerpt"] and "保證" not in pressure["excerpt"]
    for finding in (guarantee, pressure):
        assert text[finding["start"]:finding["end"]] == finding["excerpt"]


def test_the_same_input_gives_byte_identical_reports(components):
    first = json.dumps(review(VIOLATING_CARD_AD, CARD, components), sort_keys=True, ensure_ascii=False)
    second = json.dumps(review(VIOLATING_CARD_AD, CARD, components), sort_keys=True, ensure_ascii=False)
    assert first == second


def test_personal_data_is_masked_in_every_excerpt(components):
    text = "親愛的客戶您好，您的身分證A123456789已完成登錄，保證獲利！"
    report = review(text, CARD, components)
    dumped = json.dumps(report, ensure_ascii=False)
    assert "A123456789" not in dumped
    pii = [f for f in report["findings"] if f["source"] == "pii"]
    assert pii and pii[0]["entity_type"] == "TW_NATIONAL_ID" and report["verdict"] == "block"


def test_a_model_directory_without_a_model_fails_closed_to_review(settings, tmp_path):
    from workers.components import load_components

    broken = load_components(settings.model_copy(update={"model_dir": tmp_path}))
    assert broken.model is None and "classifier" in broken.load_errors
    report = review(COMPLIANT_CARD_AD, CARD, broken)
    assert report["verdict"] == "review" and report["model"] is None
    assert [e["stage"] for e in report["errors"]] == ["classifier"]
    assert broken.health()["classifier"] == "failed"


def test_a_broken_disclosure_cue_file_fails_the_rules_stage_at_load(settings, tmp_path, monkeypatch):
    """The cue files are read when the parts load: a cue file an officer broke is a rules load
    error that names it, and copy goes to a human instead of failing on the first copy."""
    import shutil

    import rulesets.disclosures as disclosures
    from workers.components import load_components

    cues = tmp_path / "cues"
    shutil.copytree(disclosures.CUES_DIR, cues)
    (cues / "en.yaml").write_text("language: en\nheaders: []\n", encoding="utf-8")
    monkeypatch.setattr(disclosures, "CUES_DIR", cues)
    disclosures.cue_files.cache_clear()
    try:
        broken = load_components(settings)
        assert broken.packs is None and "en.yaml" in broken.load_errors["rules"]
        report = review(COMPLIANT_CARD_AD, CARD, broken)
        assert report["verdict"] == "review" and [e["stage"] for e in report["errors"]] == ["rules"]
    finally:
        disclosures.cue_files.cache_clear()


def test_a_detector_that_raises_fails_closed_without_leaking_the_text(components):
    # The PII detector refuses a language it has no pipeline for; the copy must not be cleared.
    report = review(COMPLIANT_CARD_AD, dataclasses.replace(CARD, language="fr"), components)
    assert report["verdict"] == "review"
    assert {"stage": "pii", "reason": "pii stage raised ValueError"} in report["errors"]
    assert "極光卡" not in json.dumps(report["errors"], ensure_ascii=False)


def test_copy_no_rule_pack_covers_goes_to_a_human(settings, tmp_path):
    # A bank that deploys only its own card pack: US deposit copy then has no rules to check it.
    import shutil

    from rulesets.packs import PACKS_ROOT
    from workers.components import load_components

    shutil.copytree(PACKS_ROOT / "tw" / "credit_card", tmp_path / "tw" / "credit_card")
    components = load_components(settings.model_copy(update={"rules_dir": tmp_path}))
    report = review("Earn 9% a year, guaranteed.", CopyContext("US", "deposit", "email"), components)
    assert report["verdict"] in ("review", "block")
    assert any(e["stage"] == "rules" and "no rule pack covers US/deposit/email" in e["reason"] for e in report["errors"])


def test_the_routing_policy_decides_a_pii_findings_severity(settings, tmp_path, components):
    """A bank that treats any e-mail address in copy as a blocker says so in its policy file."""
    from workers.components import load_components
    from workers.routing import DEFAULT_POLICY

    text = "謹慎理財 信用至上。如有疑問請寫信至wang.mei.private@example.com詢問。"
    default = review(text, CARD, components)
    email = next(f for f in default["findings"] if f.get("entity_type") == "EMAIL_ADDRESS")
    assert email["severity"] != "blocker" and default["verdict"] == "review"

    import yaml

    policy = yaml.safe_load(DEFAULT_POLICY.read_text(encoding="utf-8"))
    policy["pii_severity"]["EMAIL_ADDRESS"] = "blocker"
    strict = tmp_path / "routing.yaml"
    strict.write_text(yaml.safe_dump(policy), encoding="utf-8")
    strict_components = load_components(settings.model_copy(update={"policy_file": strict}))
    report = review(text, CARD, strict_components)
    email = next(f for f in report["findings"] if f.get("entity_type") == "EMAIL_ADDRESS")
    assert email["severity"] == "blocker" and report["verdict"] == "block"


@pytest.mark.parametrize("score, word", [(0.30, "possibly, on weak evidence,"), (0.6, "possibly"), (0.93, "likely")])
def test_a_classifier_finding_words_the_models_certainty_by_band(components, score, word):
    """A finding at p=0.30 (above a recall-chosen threshold of about 0.2) is not called "likely"."""
    from classifiers.model import Prediction
    from workers.findings import classifier_findings

    labels = {label: 0.0 for label in components.model.label_names}
    labels["missing_risk_warning"] = score
    found = classifier_findings("立即申辦", Prediction(risk_score=score, labels=labels), components.model)
    assert len(found) == 1
    assert f"as {word} 'missing_risk_warning' (p={score:.2f}" in found[0]["message"]["en"]
    assert ("likely" in found[0]["message"]["en"]) == (score >= 0.8)


def test_copy_that_passes_stores_no_classifier_evidence(components):
    """Evidence is for the officer who reads an item; nobody reads one that passes."""
    report = review(COMPLIANT_CARD_AD, CARD, components)
    assert report["verdict"] == "pass"
    assert report["classifier"]["evidence"] == []


def test_copy_routed_to_an_officer_carries_evidence_whose_spans_match_its_text(components):
    text = "保證年報酬8%，名額只剩3位，今晚截止！"
    report = review(text, CopyContext(jurisdiction="TW", product="fund", channel="web"), components)
    assert report["verdict"] in ("review", "block")
    evidence = report["classifier"]["evidence"]
    assert evidence
    for item in evidence:
        assert text[item["start"]:item["end"]] == item["text"]


def test_without_explain_a_routed_copy_keeps_its_verdict_and_labels_but_has_no_evidence(components):
    """Batch screening (`check --batch` without --explain) skips the occlusion pass: the same
    verdict, labels and risk, and classifier findings that span the whole copy."""
    text = "保證年報酬8%，名額只剩3位，今晚截止！"
    ctx = CopyContext(jurisdiction="TW", product="fund", channel="web")
    explained, plain = review(text, ctx, components), review(text, ctx, components, explain=False)
    assert plain["verdict"] == explained["verdict"] and plain["risk_score"] == explained["risk_score"]
    assert plain["classifier"]["labels"] == explained["classifier"]["labels"]
    assert plain["classifier"]["evidence"] == []
    found = [f for f in plain["findings"] if f["source"] == "classifier"]
    assert found and all((f["start"], f["end"]) == (0, len(text)) for f in found)


def test_without_explain_a_label_raised_by_a_disclosure_is_still_told_apart(components):
    """Evidence is what tells a label raised by a warning from one raised by a claim, so a copy
    with disclosures is explained when a label is up, explain or not: the verdicts agree."""
    text = ("星光全球基金，長期投資。\n\n【基金警語】本基金經金管會核准，惟不表示絕無風險。基金經理公司以往之經理績效"
            "不保證基金之最低投資收益；投資人申購前應詳閱基金公開說明書。")
    ctx = CopyContext(jurisdiction="TW", product="fund", channel="web")
    explained, plain = review(text, ctx, components), review(text, ctx, components, explain=False)
    assert plain["verdict"] == explained["verdict"]
    assert plain["classifier"]["raised_by_disclosures"] == explained["classifier"]["raised_by_disclosures"]
