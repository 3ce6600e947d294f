"""Near-duplicate grouping (MinHash over normalised text) and the split rule."""
from __future__ import annotations

from workers.campaign.clusters import findings_signature, near_duplicate_groups, split_rule

BASE = "【星光銀行】{}您好，白金卡友限時專屬分期利率3.5%起，詳洽信義分行。循環信用利率最高15%，謹慎理財 信用至上"
OTHER = "Earn 4.10% APY on balances of $1,000 or more. Member FDIC. Rates may change after the account is opened."


def test_variants_that_differ_only_in_a_name_form_one_group_led_by_the_first():
    items = [(i, BASE.format(name)) for i, name in enumerate(["王小明", "林志玲", "陳建國", "張惠妹"])] + [(9, OTHER)]
    groups = near_duplicate_groups(items)
    assert len(groups) == 1
    assert groups[0].representative == 0 and [k for k, _ in groups[0].members] == [0, 1, 2, 3]
    assert all(0.7 <= j <= 1.0 for _, j in groups[0].members)


def test_simplified_and_full_width_spellings_are_normalised_before_comparing():
    simplified = "【星光银行】王小明您好，白金卡友限时专属分期利率３.５%起，详洽信义分行。循环信用利率最高15%，谨慎理财 信用至上"
    groups = near_duplicate_groups([("a", BASE.format("王小明")), ("b", simplified)])
    assert len(groups) == 1 and groups[0].members[1][1] > 0.9


def test_unrelated_copy_forms_no_group_and_grouping_is_deterministic():
    items = [(1, OTHER), (2, BASE.format("王小明")), (3, "保證獲利，穩賺不賠！立即申辦星光卡。")]
    assert near_duplicate_groups(items) == []
    pairs = [(i, BASE.format(n)) for i, n in enumerate("甲乙丙丁戊")]
    assert near_duplicate_groups(pairs) == near_duplicate_groups(pairs)


def finding(rule, severity="major"):
    return {"rule_id": rule, "severity": severity, "start": 0, "end": 1}


def test_a_member_whose_findings_differ_from_the_representative_is_split_out():
    rep = findings_signature([finding("tw.a"), finding("tw.b", "minor")])
    members = {
        "same-places-moved": findings_signature([finding("tw.b", "minor"), finding("tw.a")]),
        "extra-finding": findings_signature([finding("tw.a"), finding("tw.b", "minor"), finding("pii.tw_mobile")]),
        "fewer-findings": findings_signature([finding("tw.a")]),
        "other-severity": findings_signature([finding("tw.a", "blocker"), finding("tw.b", "minor")]),
    }
    kept, split = split_rule(rep, members)
    assert kept == ["same-places-moved"]
    assert split == ["extra-finding", "fewer-findings", "other-severity"]
