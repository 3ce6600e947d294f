"""The purpose and consent policies (rulesets/purpose/): they load and validate, and the check
turns a copy's declared provenance into findings with citations."""
from __future__ import annotations

import shutil

import pytest

from rulesets.purpose import check_purpose, load_categories, load_purpose_policies
from rulesets.purpose.policy import HERE, PolicyError

POLICIES = load_purpose_policies()
CATEGORIES = load_categories()
TEXT = "本行信用卡新戶首刷禮"


def check(jurisdiction: str, *, categories=(), consent=("granted", "all"), product="credit_card", channel="web"):
    provenance = {"data_categories": list(categories), "consent": {"marketing": consent[0], "channel": consent[1]}}
    return [f.rule_id for f in check_purpose(provenance, product=product, channel=channel, text=TEXT,
                                             policy=POLICIES[jurisdiction], categories=CATEGORIES)]


def test_every_jurisdiction_has_a_policy_and_the_vocabulary_has_the_required_categories():
    assert set(POLICIES) == {"TW", "US", "UK"}
    assert {"transaction_history", "age_band", "location", "holdings", "income_band"} <= set(CATEGORIES)


def test_allowed_categories_with_consent_raise_nothing():
    assert check("TW", categories=["age_band", "transaction_history"]) == []
    assert check("US", categories=["credit_profile"], product="loan", channel="email") == []


def test_an_opted_out_recipient_is_blocked_in_every_jurisdiction_whatever_the_channel_of_the_opt_out():
    for jurisdiction in POLICIES:
        found = check_purpose({"data_categories": [], "consent": {"marketing": "opted_out", "channel": "email"}},
                              product="deposit", channel="web", text=TEXT, policy=POLICIES[jurisdiction],
                              categories=CATEGORIES)
        assert [f.rule_id for f in found] == [POLICIES[jurisdiction].rules.opted_out.id]
        assert found[0].severity == "blocker" and found[0].citation


def test_a_category_outside_the_allowed_products_is_a_blocker_citing_the_article():
    found = check_purpose({"data_categories": ["holdings", "age_band"], "consent": {"marketing": "granted",
                                                                                      "channel": "web"}},
                          product="insurance", channel="web", text=TEXT, policy=POLICIES["TW"], categories=CATEGORIES)
    assert len(found) == 1
    assert found[0].severity == "blocker" and "第5條" in found[0].citation
    assert found[0].explanation["categories"] == ["holdings"]  # the allowed one is not named
    assert (found[0].start, found[0].end) == (0, len(TEXT))


def test_special_category_data_is_named_by_its_own_rule():
    assert check("TW", categories=["health"]) == ["tw.pdpa.6.special-category-data"]
    assert check("UK", categories=["criminal_record"]) == ["uk.gdpr.9.special-category-data"]


def test_unknown_consent_matters_only_where_the_policy_needs_consent():
    assert check("TW", consent=("unknown", "sms"), channel="sms") == []
    assert check("US", consent=("unknown", "sms"), channel="sms") == ["us.tcpa.text-without-consent"]
    assert check("US", consent=("unknown", "email"), channel="email") == []
    # Consent given for e-mail does not cover a text message.
    assert check("US", consent=("granted", "email"), channel="sms") == ["us.tcpa.text-without-consent"]
    assert check("US", consent=("granted", "sms"), channel="sms") == []
    assert check("UK", consent=("unknown", "email"), channel="email") == ["uk.pecr.22.electronic-marketing-without-consent"]


def test_a_policy_naming_a_category_the_vocabulary_lacks_does_not_load(tmp_path):
    for path in HERE.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    tw = tmp_path / "tw.yaml"
    tw.write_text(tw.read_text(encoding="utf-8").replace("[age_band, location", "[age_band, shoe_size, location"),
                  encoding="utf-8")
    with pytest.raises(PolicyError, match="tw.yaml: allow names unknown categories \\['shoe_size'\\]"):
        load_purpose_policies(tmp_path)


def test_a_policy_with_an_unknown_key_does_not_load(tmp_path):
    for path in HERE.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "uk.yaml").write_text((tmp_path / "uk.yaml").read_text(encoding="utf-8") + "colour: blue\n",
                                      encoding="utf-8")
    with pytest.raises(PolicyError, match="uk.yaml"):
        load_purpose_policies(tmp_path)


def test_fingerprints_follow_the_content():
    again = load_purpose_policies()
    assert {j: p.fingerprint for j, p in again.items()} == {j: p.fingerprint for j, p in POLICIES.items()}
    assert len({p.fingerprint for p in POLICIES.values()}) == 3
