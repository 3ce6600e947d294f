"""PiiDetector on real Presidio with blank spaCy pipelines: what it finds, what it ignores, what it shows."""
import json
import logging

import pytest
from presidio_analyzer import RecognizerResult

from rulesets.finding import Finding
from rulesets.pii.detector import PiiDetectionError, PiiDetector, remove_overlaps
from rulesets.pii.entities import load_entity_policies
from rulesets.pii.pipelines import ensure_pipelines


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("spacy")


@pytest.fixture(scope="module")
def detector(cache_dir):
    return PiiDetector.build(cache_dir)


def found(detector, text, language):
    return [(f.entity_type, text[f.start:f.end]) for f in detector.detect(text, language)]


# (text, language, entity type, raw value). Values sit directly next to CJK characters on purpose.
POSITIVES = [
    ("身分證字號A123456789", "zh-TW", "TW_NATIONAL_ID", "A123456789"),
    ("申請人身分證：F131104093，請核對。", "zh-TW", "TW_NATIONAL_ID", "F131104093"),
    ("統一編號a123456789", "zh-TW", "TW_NATIONAL_ID", "a123456789"),
    ("卡號4111111111111111", "zh-TW", "CREDIT_CARD", "4111111111111111"),
    ("信用卡號：4111-1111-1111-1111。", "zh-TW", "CREDIT_CARD", "4111-1111-1111-1111"),
    ("卡號5555 5555 5555 4444到期", "zh-TW", "CREDIT_CARD", "5555 5555 5555 4444"),
    ("美國運通3782-822463-10005限量", "zh-TW", "CREDIT_CARD", "3782-822463-10005"),
    ("請寄至abc@example.com謝謝", "zh-TW", "EMAIL_ADDRESS", "abc@example.com"),
    ("信箱：john.doe+promo@mail.example.com.tw。", "zh-TW", "EMAIL_ADDRESS", "john.doe+promo@mail.example.com.tw"),
    ("手機0912345678", "zh-TW", "TW_MOBILE", "0912345678"),
    ("手機：0912-345-678歡迎來電", "zh-TW", "TW_MOBILE", "0912-345-678"),
    ("行動電話+886-912-345-678", "zh-TW", "TW_MOBILE", "+886-912-345-678"),
    ("洽詢(+886)912345678", "zh-TW", "TW_MOBILE", "(+886)912345678"),
    # full-width forms, common in zh-TW copy; offsets still point into the text as given
    ("身分證字號Ａ１２３４５６７８９", "zh-TW", "TW_NATIONAL_ID", "Ａ１２３４５６７８９"),
    ("手機：０９１２－３４５－６７８", "zh-TW", "TW_MOBILE", "０９１２－３４５－６７８"),
    ("信箱ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zh-TW", "EMAIL_ADDRESS", "ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ("Applicant ID A123456789.", "en", "TW_NATIONAL_ID", "A123456789"),
    ("Pay with card 4111 1111 1111 1111 today.", "en", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("Amex 378282246310005, JCB 3530111333300000", "en", "CREDIT_CARD", "378282246310005"),
    ("Write to jane.doe@example.com for details.", "en", "EMAIL_ADDRESS", "jane.doe@example.com"),
    ("Call my mobile +886 912 345 678 now", "en", "TW_MOBILE", "+886 912 345 678"),
    ("Text 0912 345 678.", "en", "TW_MOBILE", "0912 345 678"),
]

NEGATIVES = [
    # checksums
    ("身分證字號A123456788", "zh-TW"),
    ("身分證字號B123456789", "zh-TW"),
    ("卡號4111111111111112", "zh-TW"),
    ("card 4111 1111 1111 1112", "en"),
    ("訂單編號1234567812345670", "zh-TW"),  # Luhn-valid, but no card scheme starts with 1
    # template placeholders and blanked-out values
    ("親愛的{{name}}您好，請至{email}查收${email}通知。", "zh-TW"),
    ("【姓名】先生／小姐您好，○○○專員將與您聯繫。", "zh-TW"),
    ("身分證字號：XXX，手機：09XX-XXX-XXX，卡號：XXXX-XXXX-XXXX-1234", "zh-TW"),
    ("信箱：xxx@example.com、○○○@bank.com.tw、{{user}}@example.com", "zh-TW"),
    ("手機0900-000-000（範例）", "zh-TW"),
    ("身分證A12*****89，卡號4111********1111，手機091*****78", "zh-TW"),
    # rates, amounts, dates, document numbers, service lines
    ("年利率0.5%~2.25%，最高回饋3%。", "zh-TW"),
    ("首刷滿新臺幣30,000元送1,000元，貸款額度最高NT$10,000,000。", "zh-TW"),
    ("活動期間2024/09/12至2024-12-31，民國113年9月12日開始。", "zh-TW"),
    ("金管證投字第1120000000號、金管證四字第0970012345號核准。", "zh-TW"),
    ("客服專線0800-123-456或(02)2345-6789。", "zh-TW"),
    ("APR 19.99%, fee $1,000,000.00, valid 2024-09-12, ref 2024/0912/345678.", "en"),
    ("Version 3.0912345678 and serial 0912345678901234567890.", "en"),
]


@pytest.mark.parametrize(("text", "language", "entity", "value"), POSITIVES)
def test_finds_pii_next_to_cjk_and_in_english(detector, text, language, entity, value):
    assert (entity, value) in found(detector, text, language)


@pytest.mark.parametrize(("text", "language"), NEGATIVES)
def test_ignores_invalid_values_placeholders_and_numbers_that_are_not_pii(detector, text, language):
    assert found(detector, text, language) == []


@pytest.mark.parametrize(("text", "language", "entity", "value"), POSITIVES)
def test_the_raw_value_never_leaves_the_detector(detector, text, language, entity, value):
    for finding in detector.detect(text, language):
        raw = text[finding.start:finding.end]
        for shown in (repr(finding), json.dumps(finding.explanation, ensure_ascii=False)):
            assert raw not in shown
            assert raw.lower() not in shown.lower()
        assert finding.excerpt != raw and len(finding.excerpt) == len(raw)


def test_a_finding_carries_policy_wording_and_presidios_explanation(detector):
    (finding,) = detector.detect("身分證字號A123456789", "zh-TW")
    assert finding == Finding(
        source="pii", rule_id="pii.tw_national_id", severity="blocker", start=5, end=15, excerpt="A12*****89",
        message=finding.message, citation=finding.citation, suggestion=finding.suggestion,
        entity_type="TW_NATIONAL_ID", explanation=finding.explanation,
    )
    assert set(finding.message) == {"zh-TW", "en"}
    assert "個人資料保護法" in finding.citation
    assert "{{身分證字號}}" in finding.suggestion
    assert finding.explanation["pattern_name"] == "tw_national_id"
    assert finding.explanation["original_score"] == 0.3
    assert finding.explanation["validation_result"] is True
    assert finding.explanation["score"] == 1.0
    assert finding.explanation["context_word"] == "身分證"


@pytest.mark.parametrize(
    ("text", "language", "jurisdiction", "cited"),
    [("card 4111111111111111", "en", None, "Gramm-Leach-Bliley"),
     ("card 4111111111111111", "en", "UK", "UK GDPR"),
     ("卡號4111111111111111", "zh-TW", None, "個人資料保護法"),
     ("ID A123456789", "en", "US", "個人資料保護法")],  # a Taiwan ID is governed by Taiwan's act
)
def test_citation_follows_the_jurisdiction(detector, text, language, jurisdiction, cited):
    (finding,) = detector.detect(text, language, jurisdiction=jurisdiction)
    assert cited in finding.citation


@pytest.mark.parametrize(
    ("bare", "with_context", "language", "word"),
    [("請撥0912345678", "手機0912345678", "zh-TW", "手機"),
     ("請撥0912345678", "行動電話：0912345678", "zh-TW", "行動電話"),
     ("dial 0912345678", "mobile 0912345678", "en", "mobile"),
     ("abc@example.com", "電子郵件abc@example.com", "zh-TW", "電子郵件")],
)
def test_context_words_raise_the_score(detector, bare, with_context, language, word):
    (plain,) = detector.detect(bare, language)
    (boosted,) = detector.detect(with_context, language)
    assert plain.explanation["context_word"] is None
    assert boosted.explanation["context_word"] == word
    assert boosted.explanation["score"] > plain.explanation["score"]


def test_several_findings_come_back_sorted_and_identical_on_every_run(detector):
    text = "聯絡abc@example.com，手機0912345678，卡號4111111111111111，身分證字號A123456789。"
    first = detector.detect(text, "zh-TW")
    assert first == detector.detect(text, "zh-TW")
    assert first == sorted(first, key=Finding.sort_key)
    assert [f.rule_id for f in first] == ["pii.email_address", "pii.tw_mobile", "pii.credit_card", "pii.tw_national_id"]
    assert [f.severity for f in first] == ["major", "major", "blocker", "blocker"]


def test_overlapping_results_keep_the_highest_score():
    low = RecognizerResult("TW_MOBILE", 3, 13, 0.5)
    high = RecognizerResult("CREDIT_CARD", 0, 16, 1.0)
    apart = RecognizerResult("EMAIL_ADDRESS", 20, 30, 0.6)
    assert remove_overlaps([low, apart, high]) == [high, apart]


def test_debug_logging_does_not_leak_the_value(detector, caplog):
    caplog.set_level(logging.DEBUG)
    detector.detect("手機0912345678，身分證字號A123456789", "zh-TW")
    assert "0912345678" not in caplog.text
    assert "A123456789" not in caplog.text


def test_a_failure_is_reported_without_the_text(detector, monkeypatch):
    def explode(text, language):
        raise ValueError(f"Did not find word '{text}'")

    monkeypatch.setattr(detector._analyzer.nlp_engine, "process_text", explode)
    with pytest.raises(PiiDetectionError) as caught:
        detector.detect("身分證字號A123456789", "zh-TW")
    assert "A123456789" not in str(caught.value)
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_unsupported_language_is_a_caller_error(detector):
    with pytest.raises(ValueError, match="unsupported language"):
        detector.detect("A123456789", "ja")


def test_empty_text_has_no_findings(detector):
    assert detector.detect("", "en") == []
    assert detector.detect("  \n", "zh-TW") == []


def test_context_words_stay_whole_in_jieba(detector):
    import jieba

    assert "身分證字號" in jieba.lcut("請填寫身分證字號")
    assert "信用卡號" in jieba.lcut("請勿提供信用卡號")


def stricter_mobile_policies():
    policies = load_entity_policies()
    mobile = policies.entities["TW_MOBILE"].model_copy(update={"severity": "blocker"})
    return policies.model_copy(update={"entities": {**policies.entities, "TW_MOBILE": mobile}})


def test_severity_comes_from_the_policies_and_can_be_overridden(detector):
    stricter = PiiDetector(detector._analyzer, stricter_mobile_policies())
    assert [f.severity for f in detector.detect("手機0912345678", "zh-TW")] == ["major"]
    assert [f.severity for f in stricter.detect("手機0912345678", "zh-TW")] == ["blocker"]


def test_fingerprint_changes_with_the_wording_and_only_then(detector):
    same = PiiDetector(detector._analyzer, load_entity_policies())
    stricter = PiiDetector(detector._analyzer, stricter_mobile_policies())
    assert len(detector.fingerprint) == 64
    assert same.fingerprint == detector.fingerprint
    assert stricter.fingerprint != detector.fingerprint


def test_blank_pipelines_are_saved_once_and_reused(detector, cache_dir):
    paths = ensure_pipelines(cache_dir)
    assert sorted(paths) == ["en", "zh"]
    written = {lang: (path / "config.cfg").stat().st_mtime_ns for lang, path in paths.items()}
    assert ensure_pipelines(cache_dir) == paths
    assert {lang: (path / "config.cfg").stat().st_mtime_ns for lang, path in paths.items()} == written
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(p.name for p in paths.values())  # no staging left


def test_the_registry_answers_as_presidios_and_follows_a_changed_recognizer_list(cache_dir):
    """The detector's registry remembers which recognizers serve a request, yet gives what
    Presidio's own filtering gives, and a recognizer removed afterwards is no longer used."""
    from presidio_analyzer import RecognizerRegistry

    detector = PiiDetector.build(cache_dir)
    registry = detector._analyzer.registry
    entities = detector._entities
    for language in ("zh", "en"):
        remembered = registry.get_recognizers(language, entities)
        assert remembered == RecognizerRegistry.get_recognizers(registry, language, entities)
        assert registry.get_recognizers(language, entities) == remembered
    assert ("TW_MOBILE", "0912345678") in found(detector, "聯絡電話 0912345678", "zh-TW")
    for name in {r.name for r in registry.recognizers if r.supported_entities == ["TW_MOBILE"]}:
        registry.remove_recognizer(name)
    assert "TW_MOBILE" not in {entity for entity, _ in found(detector, "聯絡電話 0912345678", "zh-TW")}
