"""TW packs on whole copies, with scope applied: the rules added for the catalog entries that had
none (high-yield bond funds, the PDPA collection notice, insurance value-added services, Chinese
copy). Each table holds copies that must fire the rule and copies that must not: the mandated
wording, its variants, negated forms and products outside the rule's scope.

The rules' own examples test each rule alone; these run every TW rule in scope, the way a
submission is reviewed.
"""
from __future__ import annotations

import datetime as dt

import pytest

from rulesets.engine import run_rules
from rules_factory import shipped_packs

ON = dt.date(2026, 1, 15)

HY_BOND = "tw.sitca.fund.high-yield-bond-warning"
COLLECTION = "tw.pdpa.collection-notice"
VALUE_ADDED = "tw.ins.value-added-service-warning"
CHINESE = "tw.fsc.chinese-language"


def tw_rule_ids(text: str, product: str, channel: str = "web") -> set[str]:
    findings = run_rules(text, jurisdiction="TW", product=product, channel=channel, packs=shipped_packs(), on=ON)
    return {f.rule_id for f in findings if f.rule_id and f.rule_id.startswith("tw.")}


# --- TW-SITCA-HY-BOND -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "星光全球高收益債券基金，月月配息，立即申購！",
        "布局美國非投資等級公司債，掌握降息行情。",
        "星光亚洲高收益债基金热卖中",  # Simplified Chinese is folded to Traditional first
        "垃圾債殖利率突破9%，現在進場正是時候。",
    ],
)
def test_high_yield_bond_fund_copy_without_the_warning_fires(text: str) -> None:
    assert HY_BOND in tw_rule_ids(text, "fund")


@pytest.mark.parametrize(
    "text",
    [
        # the standard sentence, with 占 or 佔
        "星光全球高收益債券基金：非投資等級債券基金不宜占其投資組合過高之比重，且不適合無法承擔相關風險之投資人。",
        "高收益債基金不宜佔投資組合過高比重。",
        # the suitability half alone, and its positive form
        "星光非投資等級債券基金不適合無法承受相關風險之投資人。",
        "高收益債券基金僅適合能承擔較高風險之投資人。",
        # negated: the fund holds no high-yield bonds
        "星光投資等級債券基金嚴選A級以上公司債，不投資非投資等級債券。",
        "本基金並非高收益債券基金。",
    ],
)
def test_warning_variants_and_negated_mentions_do_not_fire_the_high_yield_rule(text: str) -> None:
    assert HY_BOND not in tw_rule_ids(text, "fund")


def test_high_yield_rule_applies_to_fund_copy_only() -> None:
    text = "高收益債券基金，月月配息。"
    assert HY_BOND in tw_rule_ids(text, "fund")
    assert HY_BOND not in tw_rule_ids(text, "insurance")


# --- TW-PDPA-8-COLLECTION-NOTICE --------------------------------------------------------------

@pytest.mark.parametrize(
    ("product", "text"),
    [
        ("loan", "留下姓名與手機，專員立即為您試算信貸額度！"),
        ("credit_card", "填寫基本資料並上傳身分證正反面，即可參加抽獎。"),
        ("fund", "請提供您的電子郵件，每週收到市場週報。"),
        ("insurance", "免費留下電話，保險顧問回電說明。"),  # 免費 is not a negator
        ("deposit", "上传身份证正反面，即可线上开户"),  # Simplified Chinese is folded to Traditional first
    ],
)
def test_copy_that_asks_for_personal_data_without_a_notice_fires(product: str, text: str) -> None:
    assert COLLECTION in tw_rule_ids(text, product)


@pytest.mark.parametrize(
    ("product", "text"),
    [
        ("loan", "留下姓名與手機，專員將與您聯繫。送出前請詳閱個人資料蒐集告知事項。"),
        ("credit_card", "填寫聯絡資料即可預約（蒐集目的及利用方式詳見本行隱私權政策）。"),
        ("fund", "輸入您的電子郵件訂閱週報，本公司依個資法蒐集、處理及利用您的個人資料。"),
        # anti-fraud notices negate the request
        ("deposit", "防詐提醒：本行不會以電話要求您提供身分證字號。"),
        ("deposit", "請勿在不明網站輸入身分證字號或網銀密碼。"),
        # the bank offers a service; nobody is asked for data
        ("deposit", "本行提供手機號碼轉帳服務，免輸入帳號。"),
    ],
)
def test_collection_notice_or_no_request_for_data_does_not_fire(product: str, text: str) -> None:
    assert COLLECTION not in tw_rule_ids(text, product)


# --- TW-INS-ID-AND-APPROVED-CONTENT (value-added services) ------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "投保星光安心醫療險，再享全家免費健檢一次！",
        "星光汽車險加贈24小時道路救援，行車無憂。",
        "保戶獨享加值服務：專屬健康管理師一對一諮詢。",
    ],
)
def test_insurance_perk_without_not_part_of_contract_statement_fires(text: str) -> None:
    assert VALUE_ADDED in tw_rule_ids(text, "insurance")


@pytest.mark.parametrize(
    "text",
    [
        "投保享免費健檢一次（本加值服務由合作醫院提供，非保險契約之一部分，本公司得隨時變更或終止）。",
        "加贈道路救援服務，此服務不屬保險契約承保範圍。",
        "加值服務非屬保險給付，由第三方提供。",
        "本保險不提供道路救援，拖吊費用請洽原廠。",
    ],
)
def test_not_part_of_contract_statement_or_negated_perk_does_not_fire(text: str) -> None:
    assert VALUE_ADDED not in tw_rule_ids(text, "insurance")


def test_value_added_rule_is_insurance_only() -> None:
    """A card's road-assistance perk is no insurance contract and needs no such statement."""
    assert VALUE_ADDED not in tw_rule_ids("星光白金卡享免費道路救援。謹慎理財 信用至上", "credit_card")


# --- TW-AD-4-FIRM-NAME-CHINESE (language) -----------------------------------------------------

@pytest.mark.parametrize(
    ("product", "text"),
    [
        ("credit_card", "Star Bank Platinum Card: 5% cashback overseas. Apply now!"),
        ("fund", "ＳＴＡＲ　ＧＬＯＢＡＬ　ＴＥＣＨ　ＦＵＮＤ — invest from NT$3,000."),  # full-width Latin is not Chinese
    ],
)
def test_copy_with_no_chinese_fires_the_language_rule(product: str, text: str) -> None:
    assert CHINESE in tw_rule_ids(text, product)


@pytest.mark.parametrize(
    "text",
    [
        "星光白金卡海外消費享5%現金回饋。謹慎理財 信用至上",
        "星光全球科技基金（Star Global Tech Fund），申購前應詳閱公開說明書。",
        "Star Bank Platinum Card 星光白金卡 — apply online.",  # one Han character is enough
        "星光银行信用卡",  # Simplified Chinese is Chinese too
    ],
)
def test_chinese_copy_with_english_annotations_passes_the_language_rule(text: str) -> None:
    assert CHINESE not in tw_rule_ids(text, "credit_card")


def test_language_rule_is_minor_and_does_not_run_for_us_copy() -> None:
    text = "Star Bank Platinum Card: 5% cashback overseas."
    findings = run_rules(text, jurisdiction="TW", product="credit_card", channel="web", packs=shipped_packs(), on=ON)
    assert [f.severity for f in findings if f.rule_id == CHINESE] == ["minor"]
    us = run_rules(text, jurisdiction="US", product="credit_card", channel="web", packs=shipped_packs(), on=ON)
    assert CHINESE not in {f.rule_id for f in us}


# --- Claims that need substantiation (issue 18) --------------------------------------------------

RANKING = "tw.fsc.ranking-needs-source"
COMPARISON = "tw.ftc.comparison-savings-claims"
SPEED = "tw.fsc.credit-speed-claims"
DEBT = "tw.ftc.debt-relief-claims"
BEAT = "tw.fsc.beat-the-market-claims"
FREE = "tw.fsc.free-money-claims"
SUBSTANTIATION = {RANKING, COMPARISON, SPEED, DEBT, BEAT, FREE}


@pytest.mark.parametrize(
    ("product", "text", "rule"),
    [
        ("loan", "星光信貸，利率最低！現在申辦", RANKING),
        ("credit_card", "全台唯一提供海外3%無上限回饋的信用卡", RANKING),
        ("loan", "房貸轉到星光，比你現在的銀行每月少繳5,000元", COMPARISON),
        ("insurance", "汽車險保費最多省30%", COMPARISON),
        ("loan", "線上申請，最快當天撥款", SPEED),
        ("other", "卡債協商最高減免七成，免費諮詢", DEBT),
        ("fund", "星光台灣優勢基金，三年贏過大盤", BEAT),
        ("other", "免費借錢，急用現金馬上拿", FREE),
    ],
)
def test_unsubstantiated_claim_fires_its_rule(product: str, text: str, rule: str) -> None:
    assert rule in tw_rule_ids(text, product)


@pytest.mark.parametrize(
    ("product", "text"),
    [
        # the claim with its source and date
        ("loan", "信貸利率全台最低（資料來源：本行整理各銀行官網牌告，統計至2024/12/31）。"),
        ("loan", "依本行2024年1月至6月統計，線上信貸當天撥款比例達八成；核貸與否依本行審核結果為準。"),
        ("fund", "近五年累積報酬48.2%，贏過同期加權指數35.1%（資料來源：Lipper，統計至2024/12/31）。"),
        # the floor of a range, goals, negations and fee waivers are no claims
        ("loan", "星光信貸利率最低1.88%起，依個人信用條件而定。"),
        ("fund", "本基金以追求長期超越大盤之報酬為目標。"),
        ("credit_card", "首年免年費，次年起消費滿6次免年費。"),
        ("loan", "核貸與否及撥款時間依本行審核結果為準，通常約3-5個工作天。"),
    ],
)
def test_substantiated_or_non_claims_do_not_fire_the_family(product: str, text: str) -> None:
    assert not SUBSTANTIATION & tw_rule_ids(text, product)


def test_card_speed_stays_with_the_fast_approval_rule() -> None:
    ids = tw_rule_ids("線上申辦，當天核卡，當天撥款也沒問題", "credit_card")
    assert "tw.fsc.card.no-fast-approval" in ids and SPEED not in ids
