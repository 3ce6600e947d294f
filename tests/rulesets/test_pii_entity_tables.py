"""Every PII entity through the real detector: formats, values glued to Chinese on both sides,
checksum failures, context-only entities without their context, placeholders and numbers that
only look like identifiers. Checksum-valid values are generated with the published algorithms
(see test_pii_validators.py)."""
import jieba
import pytest

from rulesets.pii.detector import PiiDetector
from rulesets.pii.entities import load_entity_policies
from rulesets.pii.recognizers import RECOGNIZERS
from test_pii_validators import IBANS, NEW_ARCS, OLD_ARCS, UBNS, flip_last, iban, invalid_ubn, old_arc, tw_id_like, ubn

NEW_ARC = tw_id_like("F", "8", "3456781")
OLD_ARC = old_arc("H", "B", "2468135")
UBN = ubn("2266678")
IBAN_GB = iban("GB", "WEST12345698765432")


@pytest.fixture(scope="module")
def detector(tmp_path_factory):
    return PiiDetector.build(tmp_path_factory.mktemp("spacy"))


def found(detector, text, language):
    return [(f.entity_type, text[f.start:f.end]) for f in detector.detect(text, language)]


# (text, language, entity, value): Chinese text directly before and after the value on purpose.
POSITIVES = [
    # Taiwan resident certificate, both formats
    (f"居留證號{NEW_ARC}請核對", "zh-TW", "TW_RESIDENT_CERTIFICATE", NEW_ARC),
    (f"外籍人士統一證號：{OLD_ARC}。", "zh-TW", "TW_RESIDENT_CERTIFICATE", OLD_ARC),
    (f"客戶{NEW_ARCS[1]}已開戶", "zh-TW", "TW_RESIDENT_CERTIFICATE", NEW_ARCS[1]),  # checksum alone decides
    (f"ARC {OLD_ARCS[0]} on file.", "en", "TW_RESIDENT_CERTIFICATE", OLD_ARCS[0]),
    # unified business number (context only)
    (f"統一編號{UBN}謝謝", "zh-TW", "TW_UBN", UBN),
    (f"負責人商號統編：{UBNS[0]}，", "zh-TW", "TW_UBN", UBNS[0]),
    (f"Business UBN {UBNS[2]}.", "en", "TW_UBN", UBNS[2]),
    # the addressee's number, named after the issuing bank: 貴公司 is the customer, not the bank
    (f"本行已核准貴公司（統一編號{UBNS[1]}）企業貸款額度", "zh-TW", "TW_UBN", UBNS[1]),
    (f"貴公司統編{UBN}之帳戶", "zh-TW", "TW_UBN", UBN),
    # landlines
    ("住家電話(02)2736-1234謝謝", "zh-TW", "TW_LANDLINE", "(02)2736-1234"),
    ("聯絡電話：04-2345-6781。", "zh-TW", "TW_LANDLINE", "04-2345-6781"),
    ("市話+886-2-2736-1234找我", "zh-TW", "TW_LANDLINE", "+886-2-2736-1234"),
    ("請撥(07)331-2345找王經理", "zh-TW", "TW_LANDLINE", "(07)331-2345"),
    ("家裡0227361234", "zh-TW", "TW_LANDLINE", "0227361234"),
    ("電話(02)2345-6789", "zh-TW", "TW_LANDLINE", "(02)2345-6789"),  # only a service line is skipped
    ("Home phone +886 2 2736 1234.", "en", "TW_LANDLINE", "+886 2 2736 1234"),
    # NHI card (context only)
    ("健保卡號000048217365請保密", "zh-TW", "TW_NHI_CARD", "000048217365"),
    ("健保卡：0000 4821 7365。", "zh-TW", "TW_NHI_CARD", "0000 4821 7365"),
    # passport (context only)
    ("護照號碼：312345678，", "zh-TW", "PASSPORT", "312345678"),
    ("護照號碼C03005988到期", "zh-TW", "PASSPORT", "C03005988"),
    ("Passport no. 312345678.", "en", "PASSPORT", "312345678"),
    # bank accounts (context only), with and without the 3-digit bank code
    ("匯款帳號：(822)004123987650，", "zh-TW", "TW_BANK_ACCOUNT", "(822)004123987650"),
    ("帳號123456789012請匯款", "zh-TW", "TW_BANK_ACCOUNT", "123456789012"),
    ("請轉帳至帳戶822-004-123-987650謝謝", "zh-TW", "TW_BANK_ACCOUNT", "822-004-123-987650"),
    ("戶名：大明商行，帳號0041239876501。", "zh-TW", "TW_BANK_ACCOUNT", "0041239876501"),
    ("Transfer to account 0041-2398-7650 today.", "en", "TW_BANK_ACCOUNT", "0041-2398-7650"),
    # addresses
    ("住址：臺北市大安區忠孝東路四段100巷5弄3號5樓，", "zh-TW", "TW_ADDRESS", "臺北市大安區忠孝東路四段100巷5弄3號5樓"),
    ("寄至台中市西屯區臺灣大道三段99號謝謝", "zh-TW", "TW_ADDRESS", "台中市西屯區臺灣大道三段99號"),
    ("新竹縣竹北市光明六路東一段10號之2", "zh-TW", "TW_ADDRESS", "新竹縣竹北市光明六路東一段10號之2"),
    ("王先生住高雄市苓雅區四維三路2號8樓", "zh-TW", "TW_ADDRESS", "高雄市苓雅區四維三路2號8樓"),
    # dates of birth (context only)
    ("出生日期：1985/03/12。", "zh-TW", "DATE_OF_BIRTH", "1985/03/12"),
    ("生日民國74年3月12日謝謝", "zh-TW", "DATE_OF_BIRTH", "民國74年3月12日"),
    ("出生於1985年3月12日的客戶", "zh-TW", "DATE_OF_BIRTH", "1985年3月12日"),
    ("生日74/03/12", "zh-TW", "DATE_OF_BIRTH", "74/03/12"),
    ("Date of birth: 12/03/1985.", "en", "DATE_OF_BIRTH", "12/03/1985"),
    ("DOB 12 March 1985", "en", "DATE_OF_BIRTH", "12 March 1985"),
    ("He was born on March 12, 1985.", "en", "DATE_OF_BIRTH", "March 12, 1985"),
    # Chinese names with honorific, title or greeting
    ("感謝王小明先生的支持", "zh-TW", "PERSON", "王小明"),
    ("陳美玲小姐您好", "zh-TW", "PERSON", "陳美玲"),
    ("親愛的林志明，您好", "zh-TW", "PERSON", "林志明"),
    ("黃淑芬您好，感謝申辦", "zh-TW", "PERSON", "黃淑芬"),
    ("請洽張簡大同經理", "zh-TW", "PERSON", "張簡大同"),
    ("歐陽娜娜女士獲獎", "zh-TW", "PERSON", "歐陽娜娜"),
    ("由李志豪專員為您服務", "zh-TW", "PERSON", "李志豪"),
    ("恭喜吳明先生中獎", "zh-TW", "PERSON", "吳明"),
    ("姓名：王小明，電話0912-345-678", "zh-TW", "PERSON", "王小明"),
    ("戶名：林志明 帳號004123987650", "zh-TW", "PERSON", "林志明"),
    ("申請人:張大同A123456789", "zh-TW", "PERSON", "張大同"),
    # English names with greeting or title
    ("Dear John Smith,", "en", "PERSON", "John Smith"),
    ("Hi Sarah, welcome aboard.", "en", "PERSON", "Sarah"),
    ("Hello Mr. Patel, your card is ready.", "en", "PERSON", "Patel"),
    ("Ms Jones will call you.", "en", "PERSON", "Jones"),
    ("Dear Mrs O'Brien,", "en", "PERSON", "O'Brien"),
    ("親愛的客戶Dear Anna Lee您好", "zh-TW", "PERSON", "Anna Lee"),
    ("Thanks. Full name: Jane Smith\nCardholder: Anna Lee", "en", "PERSON", "Jane Smith"),
    ("客戶Name: Jane Smith", "zh-TW", "PERSON", "Jane Smith"),
    ("Account holder: John Doe, sort code 20-00-00 31926819", "en", "PERSON", "John Doe"),
    # US SSN and ITIN
    ("SSN 536-22-1234 on file", "en", "US_SSN", "536-22-1234"),
    ("SSN: 536221234.", "en", "US_SSN", "536221234"),
    ("社會安全號碼536-22-1234請保密", "zh-TW", "US_SSN", "536-22-1234"),
    ("ITIN 912-78-1234 applies", "en", "US_ITIN", "912-78-1234"),
    ("ITIN: 912701234.", "en", "US_ITIN", "912701234"),
    ("納稅人識別號912-94-1234謝謝", "zh-TW", "US_ITIN", "912-94-1234"),
    # UK NI number, bank details, IBAN
    ("NI number AB 12 34 56 C.", "en", "UK_NINO", "AB 12 34 56 C"),
    ("國民保險號碼JG103759A。", "zh-TW", "UK_NINO", "JG103759A"),
    ("Sort code 20-00-00, account 31926819.", "en", "UK_BANK_ACCOUNT", "20-00-00, account 31926819"),
    ("sort code 12-34-56 acc no. 31926819", "en", "UK_BANK_ACCOUNT", "12-34-56 acc no. 31926819"),
    ("Your account number 31926819 is open.", "en", "UK_BANK_ACCOUNT", "31926819"),
    ("請匯至20-00-00 31926819謝謝", "zh-TW", "UK_BANK_ACCOUNT", "20-00-00 31926819"),
    (f"IBAN {IBAN_GB} today.", "en", "IBAN_CODE", IBAN_GB),
    ("IBAN GB82 WEST 1234 5698 7654 32 today.", "en", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
    (f"國際銀行帳號{IBANS[1]}謝謝", "zh-TW", "IBAN_CODE", IBANS[1]),
    # US / UK phone numbers
    ("Call me on (212) 736-1234.", "en", "PHONE_NUMBER", "(212) 736-1234"),
    ("My cell 212-736-1234.", "en", "PHONE_NUMBER", "212-736-1234"),
    ("phone 2127361234", "en", "PHONE_NUMBER", "2127361234"),
    ("Ring 020 7946 0958 or", "en", "PHONE_NUMBER", "020 7946 0958"),
    ("Text 07911 123456 now.", "en", "PHONE_NUMBER", "07911 123456"),
    ("美國電話+1 212 736 1234請來電", "zh-TW", "PHONE_NUMBER", "+1 212 736 1234"),
    ("英國手機+44 7911 123456謝謝", "zh-TW", "PHONE_NUMBER", "+44 7911 123456"),
]

# Checksum failures, context-only entities without context, placeholders, look-alikes.
NEGATIVES = [
    # checksums and number rules
    (f"居留證號{flip_last(NEW_ARC)}", "zh-TW"),
    (f"居留證號{flip_last(OLD_ARC)}", "zh-TW"),
    ("居留證號FE12345689", "zh-TW"),
    (f"統一編號{invalid_ubn(UBN)}", "zh-TW"),
    ("SSN 000-12-3456, 666-12-3456, 536-00-1234, 536-22-0000, 078-05-1120.", "en"),
    ("ITIN 912-49-3456 and 912-93-3456", "en"),
    ("NI number QQ 12 34 56 C, GB123456A, AB123456E", "en"),
    (f"IBAN {IBAN_GB[:2]}{(int(IBAN_GB[2:4]) + 1) % 100:02d}{IBAN_GB[4:]}", "en"),
    ("電話(02)1234-5678，市話07-3312-3456", "zh-TW"),
    ("Call (212) 111-1111 or 212-555-0123.", "en"),
    # context-only entities without their context
    (f"訂單{UBN}已出貨", "zh-TW"),
    ("編號000048217365", "zh-TW"),
    ("序號312345678", "zh-TW"),
    ("參考號碼004123987650", "zh-TW"),
    ("活動日期1985/03/12", "zh-TW"),
    ("ref 536221234 and 912701234", "en"),
    ("ref 31926819", "en"),
    ("ref 2127361234", "en"),
    ("凡2010/01/01以後出生者均可申辦", "zh-TW"),
    # template placeholders
    ("親愛的{{name}}您好，{name}先生、${name}小姐", "zh-TW"),
    ("【姓名】先生／小姐您好，○○○專員將與您聯繫", "zh-TW"),
    ("XXX先生、王OO先生、陳○○小姐、王某某先生、王先生、陳小姐您好", "zh-TW"),
    ("王ＯＯ女士、林XX經理", "zh-TW"),
    ("Dear {{first_name}}, Dear [Name], Dear <NAME>, Dear XXX, Hi {name}", "en"),
    ("台北市○○區○○路○號，台北市XX區XX路XX號", "zh-TW"),
    ("出生日期：YYYY/MM/DD，生日：○○年○○月○○日", "zh-TW"),
    ("SSN XXX-XX-XXXX, IBAN GBXX XXXX XXXX XXXX, sort code XX-XX-XX", "en"),
    ("電話(02)XXXX-XXXX，護照號碼：000000000，健保卡號：0000 0000 0000", "zh-TW"),
    ("匯款帳號：000000000000，帳號：9999-9999-9999", "zh-TW"),
    ("姓名：○○○、王OO、王某某、{{姓名}}，戶名：王牌會員", "zh-TW"),
    ("Name: {{name}}. Name: Customer. File name: Report.", "en"),
    # salutations that name nobody
    ("Dear Customer, Dear Valued Member, Dear Cardholder, Dear Sir or Madam,", "en"),
    ("Hi there, Hello everyone, Dear Friends, Dear Investors, Hello World", "en"),
    ("Don't Miss Out on this offer.", "en"),
    ("親愛的卡友您好，親愛的會員，各位貴賓您好", "zh-TW"),
    # ordinary words that start with a surname
    ("王牌基金熱銷中，林立的分行，高達5%回饋，陳列商品", "zh-TW"),
    ("方案經理說明，單身女士專屬，高級經理人", "zh-TW"),
    # numbers that only look like identifiers
    ("元大台灣50（0050）與00878配息穩定", "zh-TW"),
    ("年利率0.5%~2.25%，最高回饋3%。", "zh-TW"),
    ("貸款額度最高NT$1,000,000，手續費NT$10,000,000元", "zh-TW"),
    ("活動期間2025/01/01至2025-12-31，民國114年3月31日截止", "zh-TW"),
    ("金管證投字第1120000000號核准", "zh-TW"),
    ("銀行代碼822，(822)中國信託", "zh-TW"),
    ("APR 19.99%, fee $1,000,000.00, valid 2024-09-12, ref 2024/0912/345678, sort code 20-00-00.", "en"),
    # thresholds, campaign dates and made-up names
    ("凡年滿20歲，出生日期於1955年1月1日後者均可投保", "zh-TW"),
    ("生日當月刷卡享3倍紅利，活動期間2025/01/01~2025/12/31", "zh-TW"),
    ("For customers born after 1 January 1990 or born 1990-01-01 to 1999-12-31.", "en"),
    ("王大明先生（化名）分享理財心得", "zh-TW"),
    ("Hi Jane (not her real name) saved 20%.", "en"),
    # company lines, numbers and addresses are not personal
    ("本公司統一編號：03374707，○○銀行統編04595257", "zh-TW"),
    ("貴公司往來之本行（統一編號03374707）", "zh-TW"),
    ("客服專線0800-123-456，服務專線(02)2736-1234", "zh-TW"),
    ("客服專線0800-123-456，或撥(02)2345-6789。", "zh-TW"),
    ("本行總行：台北市中山區中山北路二段50號", "zh-TW"),
    ("Call us at 1-800-736-1234. Customer service: (212) 736-1234. Freephone 0800 123 4567.", "en"),
]


@pytest.mark.parametrize(("text", "language", "entity", "value"), POSITIVES)
def test_finds_every_entity_in_its_formats_and_next_to_cjk(detector, text, language, entity, value):
    assert (entity, value) in found(detector, text, language)


@pytest.mark.parametrize(("text", "language"), NEGATIVES)
def test_ignores_invalid_values_missing_context_placeholders_and_look_alikes(detector, text, language):
    assert found(detector, text, language) == []


@pytest.mark.parametrize(("text", "language", "entity", "value"), POSITIVES)
def test_new_entities_show_only_masked_values(detector, text, language, entity, value):
    for finding in detector.detect(text, language):
        raw = text[finding.start:finding.end]
        assert finding.excerpt != raw and len(finding.excerpt) == len(raw)
        assert raw not in repr(finding)


@pytest.mark.parametrize(
    ("bare", "with_context", "language", "word"),
    [("請撥(07)331-2345", "電話(07)331-2345", "zh-TW", "電話"),
     ("臺北市大安區忠孝東路四段100號", "住址臺北市大安區忠孝東路四段100號", "zh-TW", "住址"),
     ("reach (212) 736-1234", "telephone (212) 736-1234", "en", "telephone"),
     ("ref 536-22-1234", "SSN 536-22-1234", "en", "ssn"),
     ("ref 912-78-1234", "ITIN 912-78-1234", "en", "itin"),
     ("ref 20-00-00 31926819", "bank 20-00-00 31926819", "en", "bank")],
)
def test_context_words_raise_the_score_of_new_entities(detector, bare, with_context, language, word):
    (plain,) = detector.detect(bare, language)
    (boosted,) = detector.detect(with_context, language)
    assert plain.explanation["context_word"] is None
    assert boosted.explanation["context_word"] == word
    assert boosted.explanation["score"] > plain.explanation["score"]


@pytest.mark.parametrize(
    ("with_context", "without", "language", "entity", "word"),
    [(f"統一編號{UBN}", f"訂單{UBN}", "zh-TW", "TW_UBN", "統一編號"),
     ("健保卡號000048217365", "會員號000048217365", "zh-TW", "TW_NHI_CARD", "健保卡號"),
     ("護照號碼312345678", "訂單號碼312345678", "zh-TW", "PASSPORT", "護照號碼"),
     ("匯款帳號004123987650", "訂單編號004123987650", "zh-TW", "TW_BANK_ACCOUNT", "帳號"),
     ("出生日期1985/03/12", "開立日期1985/03/12", "zh-TW", "DATE_OF_BIRTH", "出生日期"),
     ("SSN 536221234", "ref 536221234", "en", "US_SSN", "ssn"),
     ("account 31926819", "order 31926819", "en", "UK_BANK_ACCOUNT", "account"),
     ("phone 2127361234", "order 2127361234", "en", "PHONE_NUMBER", "phone")],
)
def test_context_only_entities_are_found_with_their_context_word_and_not_without(
    detector, with_context, without, language, entity, word
):
    (finding,) = detector.detect(with_context, language)
    assert finding.entity_type == entity
    assert finding.explanation["context_word"] == word
    assert finding.explanation["score"] > finding.explanation["original_score"]
    assert detector.detect(without, language) == []


def test_context_further_than_a_clause_or_two_does_not_count(detector):
    """The window is 12 keywords in zh: 統一編號 far before an 8-digit number does not make it a UBN."""
    far = "統一編號請洽本行各地分行查詢，相關優惠活動詳見官方網站公告說明，訂單" + UBN
    assert detector.detect(far, "zh-TW") == []


@pytest.mark.parametrize(
    ("text", "entity", "severity"),
    [(f"居留證號{NEW_ARC}", "TW_RESIDENT_CERTIFICATE", "blocker"), (f"統一編號{UBN}", "TW_UBN", "minor"),
     ("電話(07)331-2345", "TW_LANDLINE", "major"), ("健保卡號000048217365", "TW_NHI_CARD", "blocker"),
     ("護照號碼312345678", "PASSPORT", "blocker"), ("匯款帳號004123987650", "TW_BANK_ACCOUNT", "blocker"),
     ("住址臺北市大安區忠孝東路四段100號", "TW_ADDRESS", "major"), ("出生日期1985/03/12", "DATE_OF_BIRTH", "major"),
     ("王小明先生", "PERSON", "major"), ("SSN 536-22-1234", "US_SSN", "blocker"), ("ITIN 912-78-1234", "US_ITIN", "blocker"),
     ("NI AB123456C", "UK_NINO", "blocker"), ("sort code 20-00-00 31926819", "UK_BANK_ACCOUNT", "blocker"),
     (f"IBAN {IBAN_GB}", "IBAN_CODE", "blocker"), ("phone (212) 736-1234", "PHONE_NUMBER", "major")],
)
def test_each_entity_carries_its_rule_id_and_default_severity(detector, text, entity, severity):
    language = "en" if text.isascii() else "zh-TW"
    (finding,) = detector.detect(text, language)
    policy = load_entity_policies().entities[entity]
    assert (finding.source, finding.entity_type, finding.severity) == ("pii", entity, severity)
    assert finding.rule_id == policy.rule_id == "pii." + {"IBAN_CODE": "iban", "PERSON": "person_name"}.get(
        entity, entity.lower())


@pytest.mark.parametrize(
    ("text", "language", "jurisdiction", "cited"),
    [("SSN 536-22-1234", "en", "US", "Cal. Civ. Code"), ("NI AB123456C", "en", "UK", "UK GDPR"),
     ("王小明先生", "zh-TW", None, "個人資料保護法"), (f"居留證號{NEW_ARC}", "zh-TW", "US", "個人資料保護法")],
)
def test_new_entities_cite_the_law_of_the_jurisdiction(detector, text, language, jurisdiction, cited):
    (finding,) = detector.detect(text, language, jurisdiction=jurisdiction)
    assert cited in finding.citation


def test_every_recognizer_entity_has_wording_in_both_languages():
    policies = load_entity_policies()
    for cls in RECOGNIZERS:
        policy = policies.entities[cls.ENTITY]
        assert set(policy.message) == set(policy.suggestion) == {"zh-TW", "en"}


@pytest.mark.parametrize("word", ["居留證號", "統一編號", "健保卡號", "護照號碼", "出生日期", "帳號", "戶名"])
def test_context_words_of_new_recognizers_stay_whole_in_jieba(detector, word):
    assert word in jieba.lcut(f"請填寫{word}以便核對", HMM=False)


def test_blank_pipeline_lemmas_are_the_token_text(detector):
    artifacts = detector._analyzer.nlp_engine.process_text("Dear John, 請填寫出生日期", "zh")
    assert artifacts.lemmas == [token.lower() for token in artifacts.tokens]
    assert "出生日期" in artifacts.keywords


def test_copies_without_candidates_skip_the_nlp_pipeline(detector, monkeypatch):
    """jieba/spaCy only run when a pattern matched: a copy without one never calls them."""
    def explode(text, language):
        raise AssertionError("NLP pipeline ran")

    monkeypatch.setattr(detector._analyzer.nlp_engine, "process_text", explode)
    assert detector.detect("年利率0.5%~2.25%，活動期間2025/01/01至2025-12-31。謹慎理財 信用至上", "zh-TW") == []
