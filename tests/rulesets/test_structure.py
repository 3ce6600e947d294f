"""Copy structure: clauses labelled claim or disclosure, with offsets back into the original text;
the cue files' own examples; and conditional rules that fire on claims only."""
from __future__ import annotations

import pytest

from rulesets.disclosures import cue_files, knowledge_for
from rulesets.engine import run_rules, structure_of
from rulesets.normalize import normalize
from rulesets.packs import load_packs, select_packs
from rulesets.structure import SMALL_PRINT


def rules_of(jurisdiction: str, product: str) -> list:
    packs = select_packs(load_packs(), jurisdiction, product, "web")
    return [r for p in packs for r in p.rules_for(jurisdiction, product, "web")]


def kinds(text: str, jurisdiction: str = "TW", product: str = "fund") -> list[tuple[str, str]]:
    norm = normalize(text)
    structure = structure_of(norm, rules_of(jurisdiction, product))
    return [(s["kind"], text[s["start"]:s["end"]]) for s in structure.original(norm)]


CUE_EXAMPLES = [(f.language, kind, text) for f in cue_files()
                for kind, texts in (("disclosure", f.examples.disclosure), ("claim", f.examples.claim)) for text in texts]


@pytest.mark.parametrize("language, kind, text", CUE_EXAMPLES)
def test_the_cue_files_examples_are_labelled_as_declared(language, kind, text):
    found = {k for k, _ in kinds(text, "TW" if language == "zh-TW" else "UK", "fund" if language == "zh-TW" else "investment")}
    if kind == "disclosure":
        assert found == {"disclosure"}
    else:
        assert "claim" in found


WHOLE_COPY_EXAMPLES = [(f.language, kind, text) for f in cue_files()
                       for kind, texts in (("small_print", f.examples.small_print), ("ad", f.examples.ad)) for text in texts]


@pytest.mark.parametrize("language, kind, text", WHOLE_COPY_EXAMPLES)
def test_a_copy_with_disclosures_and_no_claim_signal_is_small_print_throughout(language, kind, text):
    """The cue files' whole-copy examples: a notice whose plain sentences make no offer, rank,
    return or call to act is read as disclosures throughout; an ad with a warning keeps its claim."""
    found = {k for k, _ in kinds(text, "TW" if language == "zh-TW" else "US", "fund" if language == "zh-TW" else "deposit")}
    assert found == ({"disclosure"} if kind == "small_print" else {"claim", "disclosure"})


def test_small_print_alone_is_not_asked_for_a_products_mandatory_warning_but_an_ad_is():
    """A fee or legal notice whose plain sentences make no claim is small print throughout, and
    small print alone is not an ad: the card slogan or a crypto warning is not demanded of it.
    One claim signal makes the same text an ad that must carry it."""
    notice = ("As with any investment, your capital is at risk. Coins held with StarCoin are not covered by "
              "the deposit protection scheme. StarCoin Ltd is registered with the regulator under the money laundering rules.")
    structure = structure_of(normalize(notice), rules_of("UK", "crypto"))
    assert {s.kind for s in structure.segments} == {"disclosure"} and structure.small_print_only
    assert any(s.why == SMALL_PRINT for s in structure.segments)  # the registration sentence was inferred
    rule = "uk.fca.cobs.4-12a.crypto-risk-warning"
    assert rule not in {f.rule_id for f in run_rules(notice, jurisdiction="UK", product="crypto", channel="web", packs=load_packs())}
    ad = "Buy bitcoin in minutes with StarCoin. " + notice
    assert rule in {f.rule_id for f in run_rules(ad, jurisdiction="UK", product="crypto", channel="web", packs=load_packs())}

    fee_table = "海外消費手續費：以外幣計價之交易，按結匯金額收取1.5%之國外交易服務費；以新臺幣計價之跨境交易，另收取1%之手續費。"
    card = {f.rule_id for f in run_rules(fee_table, jurisdiction="TW", product="credit_card", channel="web", packs=load_packs())}
    assert "tw.fsc.card.slogan-required" not in card
    card_ad = "新戶首刷享5%回饋！" + fee_table
    assert "tw.fsc.card.slogan-required" in {
        f.rule_id for f in run_rules(card_ad, jurisdiction="TW", product="credit_card", channel="web", packs=load_packs())}


@pytest.mark.parametrize("text", [
    "ＡＢＣ基金年配息率６％，配息可能由本金支出。\n\n注意事項：\n１．投資有風險\n※配息率不代表報酬率",
    "Earn 5% a year.\n\nImportant information: the value of investments can go down as well as up.",
    "星光高收益債基金　年配息率6%，\u200b配息可能由本金支出",
])
def test_segments_map_back_onto_the_original_text_in_order(text):
    """Full-width characters and zero-width spaces fold away in matching; segments still point at
    what the author wrote, in order, without overlap, covering every non-blank character."""
    pieces = kinds(text)
    joined = "".join(piece for _, piece in pieces)
    assert [c for c in joined if not c.isspace()] == [c for c in text if not c.isspace() and c != "\u200b"]


def test_a_claim_and_its_warning_in_one_chinese_sentence_are_told_apart():
    assert kinds("星光高收益債基金年配息率6%，配息可能由本金支出。") == [
        ("claim", "星光高收益債基金年配息率6%，"), ("disclosure", "配息可能由本金支出。")]


def test_a_header_opens_a_disclosure_block_until_the_blank_line():
    text = "立即申購星光科技基金！\n注意事項：\n1.本活動限新戶\n2.基金手續費1.5%\n\n加入會員享好禮"
    assert kinds(text) == [("claim", "立即申購星光科技基金！"), ("disclosure", "注意事項：\n"),
                           ("disclosure", "1.本活動限新戶\n"), ("disclosure", "2.基金手續費1.5%\n"),
                           ("claim", "加入會員享好禮")]


def test_an_inline_header_makes_the_rest_of_the_line_a_disclosure():
    assert kinds("新戶首刷享5%回饋！注意事項：活動期間以本行公告為準", "TW", "credit_card") == [
        ("claim", "新戶首刷享5%回饋！"), ("disclosure", "注意事項：活動期間以本行公告為準")]


def test_a_required_wording_that_is_only_a_detail_of_an_english_claim_leaves_it_a_claim():
    """'(net of fees)' satisfies a US rule but is a small part of the sentence that claims a return."""
    assert kinds("YTD return: 14.2% (net of fees).", "US", "fund") == [("claim", "YTD return: 14.2% (net of fees).")]


def test_the_knowledge_ignores_required_wordings_that_match_plain_copy():
    """tw.fsc.chinese-language asks only for Chinese text: it must not make every clause a disclosure."""
    knowledge = knowledge_for(rules_of("TW", "fund"))
    assert knowledge.is_disclosure_clause(normalize("星光全球科技基金，").text) is None


def fund_rules(text: str) -> set[str]:
    return {f.rule_id for f in run_rules(text, jurisdiction="TW", product="fund", channel="web", packs=load_packs())}


def test_a_fund_named_only_inside_its_warnings_does_not_demand_the_warning_again():
    text = "掌握AI趨勢，長期布局。※本基金配息可能由本金支出。基金投資有賺有賠，投資人應審慎評估。"
    assert "tw.sitca.fund.risk-warning" not in fund_rules(text)


def test_the_same_fund_named_in_a_claim_without_the_warning_still_fires():
    text = "星光全球科技基金，掌握AI趨勢，長期布局。※配息可能由本金支出。"
    assert "tw.sitca.fund.risk-warning" in fund_rules(text)


def test_a_guarantee_in_a_claim_still_fires_though_a_disclosure_follows():
    text = "本基金保證獲利！本基金經金管會核准或同意生效，惟不表示絕無風險，投資人申購前應詳閱基金公開說明書。"
    assert "tw.fsc.no-guarantee-wording" in fund_rules(text)


def test_each_rule_finding_names_the_kind_of_segment_it_stands_in():
    found = run_rules("星光全球科技基金，掌握AI趨勢。", jurisdiction="TW", product="fund", channel="web", packs=load_packs())
    warning = next(f for f in found if f.rule_id == "tw.sitca.fund.risk-warning")
    assert warning.explanation["segment"] == "claim"


def test_a_word_that_starts_with_a_footnote_character_is_not_a_footnote():
    """「註」 opens a footnote (註1：…), but 「註冊」 (register) is a call to act."""
    assert kinds("本活動限新戶參加。註冊比特幣定期定額，立即買進！", "TW", "crypto")[-2:] == [
        ("claim", "註冊比特幣定期定額，"), ("claim", "立即買進！")]


def test_a_performance_noun_alone_does_not_make_a_claim_a_warning():
    """「歷史績效證明…必定賺錢」 names past performance to promise a gain; the warning's own words
    (不代表) are what mark a warning."""
    assert kinds("歷史績效證明，長期持有必定賺錢。過去績效不代表未來績效。")[:2] == [
        ("claim", "歷史績效證明，"), ("claim", "長期持有必定賺錢。")]


def test_a_required_wording_split_evenly_across_two_clauses_belongs_to_the_later_one():
    """The dividend warning follows the yield it qualifies: the yield stays a claim."""
    assert kinds("全球科技基金近一年配息率4.25%，配息來源可能為本金。")[0] == ("claim", "全球科技基金近一年配息率4.25%，")
