"""run_rules end to end on the shipped Taiwan credit-card pack."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest

from rulesets.engine import run_rules
from rulesets.packs import load_packs
from rules_factory import make_rule, pack_of, shipped_packs

COMPLIANT_AD = """【星光卡】國內一般消費享1%現金回饋，海外消費享2.5%現金回饋（每月回饋上限NT$500，活動期間2025/01/01–2025/06/30）。
帳單分期手續費依本行公告。
循環信用利率：年利率6.88%~15%（依本行信用評分而定），利率基準日2025/01/01。預借現金手續費：預借金額×3.5%＋新台幣100元。
核卡與否及額度依本行審核結果為準。
謹慎理財 信用至上"""

VIOLATING_AD = "【星光卡】刷卡投資保 證 獲 利！線上申辦快速核卡，核卡即送行李箱。帳單分期６期０利率，最低應繳就好。"

# (rule id, excerpt in the original text); start/end are where the excerpt sits in VIOLATING_AD.
EXPECTED = [
    ("tw.fsc.card.slogan-required", VIOLATING_AD),
    ("tw.fsc.no-guarantee-wording", "保 證 獲 利"),
    ("tw.fsc.card.no-fast-approval", "快速核卡"),
    ("tw.fsc.card.no-gift-for-apply", "核卡即送"),
    ("tw.fsc.card.revolving-rate-disclosure", "分期"),
    ("tw.ftc.zero-rate-needs-apr", "０利率"),
    ("tw.fsc.card.unsound-values", "最低應繳就好"),
]


def review(text: str, packs: list, **context: str) -> list:
    return run_rules(text, **{"jurisdiction": "TW", "product": "credit_card", "channel": "web", **context}, packs=packs)


def test_compliant_card_ad_has_no_findings() -> None:
    assert review(COMPLIANT_AD, shipped_packs()) == []


def test_violating_card_ad() -> None:
    findings = review(VIOLATING_AD, shipped_packs())
    expected = {(rid, VIOLATING_AD.index(excerpt), VIOLATING_AD.index(excerpt) + len(excerpt)) for rid, excerpt in EXPECTED}
    assert {(f.rule_id, f.start, f.end) for f in findings} == expected
    for f in findings:
        assert f.excerpt == VIOLATING_AD[f.start : f.end]
    assert [f.sort_key() for f in findings] == sorted(f.sort_key() for f in findings)


@pytest.mark.parametrize(
    ("context", "fires"),
    [
        ({}, True),
        ({"channel": "sms"}, True),
        ({"product": "fund"}, False),  # the card pack does not apply to a fund
        ({"jurisdiction": "US"}, False),
    ],
)
def test_scope_decides_which_rules_run(context: dict, fires: bool) -> None:
    ids = {f.rule_id for f in review("快速核卡", shipped_packs(), **context)}
    assert ("tw.fsc.card.no-fast-approval" in ids) is fires


def test_general_rules_apply_to_every_taiwan_product() -> None:
    for product in ("credit_card", "fund", "insurance", "loan", "deposit", "other"):
        ids = {f.rule_id for f in review("保證獲利", shipped_packs(), product=product)}
        assert "tw.fsc.no-guarantee-wording" in ids, product


def test_same_input_gives_identical_output() -> None:
    first = [asdict(f) for f in review(VIOLATING_AD, shipped_packs())]
    again = [asdict(f) for f in review(VIOLATING_AD, load_packs())]
    assert first == again
    assert [p.fingerprint for p in shipped_packs()] == [p.fingerprint for p in load_packs()]


def test_rules_outside_their_effective_dates_do_not_run() -> None:
    rule = make_rule(effective={"from": "2024-01-01", "to": "2024-12-31"})
    packs = [pack_of(rule)]
    assert review("保證獲利", packs, on=dt.date(2024, 6, 1))
    assert not review("保證獲利", packs, on=dt.date(2025, 1, 1))
    assert not review("保證獲利", packs, on=dt.date(2023, 12, 31))


def test_evasion_is_caught_with_offsets_into_the_original() -> None:
    text = "謹慎理財 信用至上。本行保\u200b證🔥獲‧利"
    (finding,) = review(text, shipped_packs())
    assert finding.rule_id == "tw.fsc.no-guarantee-wording"
    assert finding.excerpt == "保\u200b證🔥獲‧利"
    assert finding.explanation["matched"] == "保證獲利"


def test_simplified_chinese_copy_is_reviewed_too() -> None:
    text = "谨慎理财 信用至上。发卡银行保证获利"
    (finding,) = review(text, shipped_packs())
    assert (finding.rule_id, finding.excerpt) == ("tw.fsc.no-guarantee-wording", "保证获利")


def test_a_fresh_list_of_the_same_packs_reuses_the_scope_worked_out_before() -> None:
    """Callers build a new pack list for every copy; the rules in scope (and their gates and
    disclosure knowledge) are still worked out once per set of packs, not once per copy."""
    from rulesets import engine

    packs = shipped_packs()
    engine._scopes.clear()
    first = engine._scope(list(packs), "TW", "credit_card", "web")
    again = engine._scope([*packs], "TW", "credit_card", "web")
    assert again[0] is first[0] and again[1] is first[1]
    assert len(engine._scopes) == 1


def test_other_packs_in_a_new_list_get_their_own_scope() -> None:
    """The scope memo follows the packs themselves: a list with another pack in it finds that
    pack's rule, not the rule of the pack checked before."""
    guarantee = pack_of(make_rule(id="tw.test.guarantee", check={"type": "forbidden", "phrases": ["保證獲利"]},
                                  examples={"flag": ["保證獲利"], "pass": ["投資有風險"]}))
    fast = pack_of(make_rule(id="tw.test.fast", check={"type": "forbidden", "phrases": ["快速核卡"]},
                             examples={"flag": ["快速核卡"], "pass": ["投資有風險"]}))
    text = "保證獲利，快速核卡"
    assert {f.rule_id for f in review(text, [guarantee])} == {"tw.test.guarantee"}
    assert {f.rule_id for f in review(text, [fast])} == {"tw.test.fast"}
    assert {f.rule_id for f in review(text, [guarantee])} == {"tw.test.guarantee"}


def test_every_scope_is_worked_out_before_the_first_copy() -> None:
    """prepare_scopes (run when a process loads its parts) leaves nothing for the first copies of
    any jurisdiction, product and channel to work out."""
    from rulesets import engine

    packs = shipped_packs()
    engine._scopes.clear()
    with_rules = engine.prepare_scopes(packs)
    prepared = dict(engine._scopes)
    assert with_rules > 0 and len(prepared) >= with_rules
    for jurisdiction, product, channel in [("TW", "fund", "sms"), ("UK", "loan", "email"), ("US", "deposit", "web")]:
        run_rules("保證獲利 guaranteed returns", jurisdiction=jurisdiction, product=product, channel=channel,
                  packs=list(packs))
    assert engine._scopes.keys() == prepared.keys()
    assert all(engine._scopes[key] is prepared[key] for key in prepared)
