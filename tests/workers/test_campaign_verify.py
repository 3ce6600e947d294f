"""Verifying template variants with the real PII detector and pipeline: a variant equal to the
approved template with approved values is cleared with the approval as evidence; each kind of
deviation sends it to an officer with the deviation as a highlighted finding."""
from __future__ import annotations

import pytest

from tests.workers.campaign_samples import GOOD, SPEC, TEXT, fill
from workers.campaign.limits import load_limits
from workers.campaign.template import TemplateSpec
from workers.campaign.variant import VariantContext
from workers.campaign.variant_review import review_variant
from workers.pipeline import CopyContext

APPROVAL = {"decision_id": 7, "decided_by": "user:1", "second_approver": None, "decided_at": "2026-01-01T00:00:00+00:00"}
SMS = CopyContext(jurisdiction="TW", product="credit_card", channel="sms", language="zh-TW")


def variant(values, spec: TemplateSpec = SPEC, approval=APPROVAL, channel="sms") -> VariantContext:
    return VariantContext(template_id="tpl-1", spec=spec, spec_sha256=spec.fingerprint, jurisdiction="TW",
                          product="credit_card", channel=channel, values=values, approval=approval)


def deviations(report) -> dict[str, dict]:
    return {f["rule_id"].removeprefix("template."): f for f in report["findings"] if f["rule_id"].startswith("template.")}


def test_a_variant_with_approved_values_is_cleared_with_the_template_approval_as_evidence(components):
    report = review_variant(fill(GOOD), SMS, components, variant(GOOD), load_limits())
    assert report["verdict"] == "pass" and report["findings"] == []
    assert report["template"]["approval"] == APPROVAL
    assert report["template"]["spec_sha256"] == SPEC.fingerprint and report["template"]["deviations"] == []
    assert report["route"]["reasons"] == ["template:tpl-1"]


def test_personal_data_in_a_slot_that_allows_it_does_not_stop_clearance(components):
    values = {**GOOD, "name": "林志明"}
    assert review_variant(fill(values), SMS, components, variant(values), load_limits())["verdict"] == "pass"


@pytest.mark.parametrize("values, edit, kind, slot", [
    ({**GOOD, "rate": "1.5"}, None, "slot-out-of-range", "rate"),
    ({**GOOD, "rate": "三"}, None, "slot-pattern", "rate"),
    ({**GOOD, "tier": "鑽石"}, None, "slot-not-allowed", "tier"),
    ({**GOOD, "name": "司馬中原先生"}, None, "slot-too-long", "name"),
    ({**GOOD, "branch": "王大明先生"}, None, "pii-in-slot", "branch"),
    (GOOD, ("最高15%", "最低15%"), "disclosure-missing", None),
    (GOOD, ("分期利率", "保證分期利率"), "text-edited", None),
    ({**GOOD, "branch": "台北市信義區松仁路旗艦"}, None, "sms-disclosure-truncated", None),
    ({k: v for k, v in GOOD.items() if k != "tier"}, None, "slot-missing", "tier"),
    ({**GOOD, "coupon": "X1"}, None, "slot-unknown", "coupon"),
])
def test_each_kind_of_deviation_sends_the_variant_to_an_officer_with_it_highlighted(components, values, edit, kind, slot):
    text = fill(values)
    if edit:
        text = text.replace(*edit)
    report = review_variant(text, SMS, components, variant(values), load_limits())
    found = deviations(report)
    assert kind in found, found
    assert report["verdict"] in ("review", "block")
    assert found[kind]["explanation"]["slot"] == slot
    assert found[kind]["severity"] == "major" and found[kind]["source"] == "rule"
    assert report["template"]["deviations"] and report["model"] is not None  # the whole pipeline ran too
    if kind in ("slot-out-of-range", "slot-not-allowed", "slot-pattern"):
        assert text[found[kind]["start"]:found[kind]["end"]] == values[slot] == found[kind]["excerpt"]


def test_an_edited_disclosure_is_pointed_at_where_it_was_changed(components):
    text = fill(GOOD).replace("最高15%", "最低15%")
    found = deviations(review_variant(text, SMS, components, variant(GOOD), load_limits()))
    edited = found["text-edited"]
    assert text[edited["start"]:edited["end"]] == "低"
    assert edited["explanation"]["disclosures"] == ["循環信用利率最高15%"]


def test_personal_data_in_a_non_personal_slot_is_masked_in_the_finding(components):
    values = {**GOOD, "branch": "王大明先生"}
    found = deviations(review_variant(fill(values), SMS, components, variant(values), load_limits()))
    assert "王大明" not in found["pii-in-slot"]["excerpt"]


def test_the_sms_finding_marks_the_disclosure_text_that_falls_past_the_last_segment(components):
    values = {**GOOD, "branch": "台北市信義區松仁路旗艦"}
    text = fill(values)
    truncated = deviations(review_variant(text, SMS, components, variant(values), load_limits()))["sms-disclosure-truncated"]
    # 72 UCS-2 characters need two concatenated segments of at most 67; only the first is allowed.
    assert truncated["end"] == text.index("信用至上") + 4 and truncated["start"] == 67
    assert truncated["explanation"]["max_segments"] == 1 and truncated["explanation"]["encoding"] == "ucs2"


def test_a_disclosure_after_the_social_platform_cut_is_hidden(components):
    body = "Hi {{name}}! " + "Earn more with StarSaver today. " * 4 + "Capital at risk."
    ctx = CopyContext(jurisdiction="UK", product="deposit", channel="social", language="en")
    text = body.replace("{{name}}", "Sam")

    def on(platform: str) -> VariantContext:
        spec = TemplateSpec(text=body, slots={"name": {"pii": True}}, disclosures=["Capital at risk."], platform=platform)
        return VariantContext(template_id="tpl-2", spec=spec, spec_sha256=spec.fingerprint, jurisdiction="UK",
                              product="deposit", channel="social", values={"name": "Sam"}, approval=APPROVAL)

    assert "social-disclosure-hidden" not in deviations(review_variant(text, ctx, components, on("x"), load_limits()))
    hidden = deviations(review_variant(text, ctx, components, on("facebook"), load_limits()))["social-disclosure-hidden"]
    assert hidden["explanation"]["truncate_at"] == 125 and (hidden["start"], hidden["end"]) == (text.index("Capital"), len(text))


def test_a_variant_of_a_template_not_yet_approved_goes_to_an_officer(components):
    report = review_variant(fill(GOOD), SMS, components, variant(GOOD, approval=None), load_limits())
    assert "template-not-approved" in deviations(report) and report["verdict"] != "pass"


def test_a_variant_sent_on_another_channel_than_approved_is_a_deviation(components):
    web = CopyContext(jurisdiction="TW", product="credit_card", channel="web", language="zh-TW")
    assert "context-differs" in deviations(review_variant(fill(GOOD), web, components, variant(GOOD), load_limits()))


def test_the_template_text_itself_is_the_approved_text():
    assert SPEC.text == TEXT


OFFER_TEXT = "【星光銀行】{{name}}您好，{{offer}}。詳洽官網，拒收回R。循環信用利率最高15%，謹慎理財 信用至上"
OFFER_SPEC = TemplateSpec(text=OFFER_TEXT, slots={"name": {"pii": True, "max_length": 4}, "offer": {"max_length": 80}},
                          disclosures=["循環信用利率最高15%", "謹慎理財 信用至上"], max_segments=3)


def offer_variant(offer: str, **approved) -> tuple[str, VariantContext]:
    values = {"name": "王小明", "offer": offer}
    text = OFFER_TEXT.replace("{{name}}", values["name"]).replace("{{offer}}", offer)
    return text, VariantContext(template_id="tpl-3", spec=OFFER_SPEC, spec_sha256=OFFER_SPEC.fingerprint,
                                jurisdiction="TW", product="credit_card", channel="sms", values=values,
                                approval=APPROVAL, **approved)


def test_a_risky_claim_in_a_free_text_slot_is_judged_and_never_cleared_by_the_approval(components):
    """The approval covers the fixed text only: a guarantee typed into a free-text slot meets the
    rules and the classifier, and its findings point into the slot."""
    text, ctx = offer_variant("保證核卡穩賺不賠")
    report = review_variant(text, SMS, components, ctx, load_limits())
    assert report["verdict"] == "block"
    slot = (text.index("保證"), text.index("不賠") + 2)
    rules = {f["rule_id"] for f in report["findings"]}
    assert "tw.fsc.no-guarantee-wording" in rules and "classifier.guarantee_or_promissory" in rules
    assert all(slot[0] <= f["start"] and f["end"] <= slot[1] for f in report["findings"] if f["source"] != "pii")
    assert report["template"]["deviations"] == [] and report["model"] is not None


def test_a_plain_offer_in_a_free_text_slot_is_cleared_with_the_approval(components):
    text, ctx = offer_variant("白金卡友刷卡享3%回饋")
    report = review_variant(text, SMS, components, ctx, load_limits())
    assert report["verdict"] == "pass", report["findings"]
    assert report["findings"] == [] and report["route"]["reasons"] == ["template:tpl-3"]
    assert report["risk_score"] is not None  # the classifier read the slot's words


def test_a_finding_in_the_fixed_text_that_the_officer_approved_does_not_hold_back_each_variant(components):
    """A rule that fired on the template and was approved stays covered while it lies in the fixed
    text; without that approval the same finding sends the variant to a person."""
    body = "【星光銀行】{{name}}您好，本卡保證核卡。詳洽官網，拒收回R。謹慎理財 信用至上"
    spec = TemplateSpec(text=body, slots={"name": {"pii": True, "max_length": 4}}, disclosures=["謹慎理財 信用至上"])
    text = body.replace("{{name}}", "王小明")

    def judged(approved_rules: frozenset[str]) -> dict:
        ctx = VariantContext(template_id="tpl-4", spec=spec, spec_sha256=spec.fingerprint, jurisdiction="TW",
                             product="credit_card", channel="sms", values={"name": "王小明"}, approval=APPROVAL,
                             approved_rules=approved_rules)
        return review_variant(text, SMS, components, ctx, load_limits())

    unapproved = judged(frozenset())
    fired = {f["rule_id"] for f in unapproved["findings"]}
    assert unapproved["verdict"] != "pass" and "tw.fsc.card.no-fast-approval" in fired
    covered = judged(frozenset(fired))
    assert covered["verdict"] == "pass" and covered["findings"] == []
    assert "tw.fsc.card.no-fast-approval" in covered["template"]["covered"]


def test_a_closed_template_variant_is_not_scored_by_the_model(components):
    """Slots that hold only approved values or numbers in range bring in no words to score."""
    spec = TemplateSpec(text="【星光銀行】{{tier}}卡友分期利率{{rate}}%起，拒收回R。循環信用利率最高15%，謹慎理財 信用至上",
                        slots={"tier": {"allowed": ["白金", "御璽"]}, "rate": {"min": 2.88, "max": 15}},
                        disclosures=["謹慎理財 信用至上"])
    values = {"tier": "白金", "rate": "3.5"}
    ctx = VariantContext(template_id="tpl-5", spec=spec, spec_sha256=spec.fingerprint, jurisdiction="TW",
                         product="credit_card", channel="sms", values=values, approval=APPROVAL)
    text = spec.text.replace("{{tier}}", "白金").replace("{{rate}}", "3.5")
    report = review_variant(text, SMS, components, ctx, load_limits())
    assert report["verdict"] == "pass" and report["risk_score"] is None and report["rulesets"]


def test_personal_data_typed_just_before_a_slot_is_outside_the_slots_not_in_it(components):
    """An ID number inserted in the fixed text right before {{tier}} belongs to no slot."""
    text = fill(GOOD).replace("您好，白金", "您好，A123456789白金")
    found = deviations(review_variant(text, SMS, components, variant(GOOD), load_limits()))
    assert "pii-outside-slots" in found and "pii-in-slot" not in found


def test_a_template_with_findings_of_its_own_still_names_its_approval_reason(components):
    """A template whose text the rules flag keeps those reasons and says it needs approval too."""
    from workers.campaign.variant_review import hold_for_approval
    from workers.pipeline import review

    text = "【星光銀行】{{name}}您好，保證核卡！拒收回R。謹慎理財 信用至上"
    report = hold_for_approval(review(text, SMS, components), SMS, components)
    assert report["verdict"] in ("review", "block")
    reasons = report["route"]["reasons"]
    assert "template:needs-approval" in reasons and len(reasons) > 1
