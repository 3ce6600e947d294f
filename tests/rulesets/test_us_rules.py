"""The US packs end to end: scope by product and channel, the mandated disclaimers that must stay
quiet, and the violations each rule exists for (FINRA 2210, SEC 206(4)-1, Reg Z, Reg DD, FDIC 328)."""
from __future__ import annotations

import datetime as dt

import pytest

from rulesets.engine import run_rules
from rules_factory import shipped_packs

ON = dt.date(2026, 1, 15)


def us_rule_ids(text: str, product: str, channel: str = "web") -> set[str]:
    findings = run_rules(text, jurisdiction="US", product=product, channel=channel, packs=shipped_packs(), on=ON)
    return {f.rule_id for f in findings if f.rule_id.startswith("us.")}


# Complete, compliant copies: every mandated disclaimer present, so no US rule may fire.
COMPLIANT = [
    ("fund", "Average annual total returns as of 12/31/2025 (net of fees): 1 year 8.2%, 5 years 6.1%, 10 years "
             "5.9%. Past performance does not guarantee future results. Consider the fund's objectives, risks, "
             "charges and expenses before investing. Distributed by Acme Distributors, LLC, Member FINRA. "
             "Not FDIC insured. May lose value. No bank guarantee."),
    ("securities", "Start investing with $1. No investment is risk-free, and returns are not guaranteed. Securities "
                   "offered through Acme Securities, LLC, Member FINRA/SIPC. Uninvested cash is swept to FDIC-insured "
                   "program banks. Securities are not FDIC insured and may lose value."),
    ("crypto", "Buy bitcoin in seconds. Crypto is not FDIC insured or SIPC protected, and you could lose all of "
               "the money you invest."),
    ("fund", "Gross expense ratio 0.92%, net expense ratio 0.75%. Neither the SEC nor any state securities "
             "commission has approved or disapproved of these securities."),
    ("loan", "Auto loans from 5.49% APR: a $25,000 loan for 60 months has 60 monthly payments of $477.52. "
             "No down payment required. Approval is not guaranteed."),
    ("credit_card", "No annual fee. 0% intro APR on purchases for 15 months, then 19.24%–29.24% variable APR."),
    ("credit_card", "No interest if paid in full within 12 months. Interest is charged from the purchase date if "
                    "the promotional balance is not paid in full within 12 months. Purchase APR 29.99% variable."),
    ("deposit", "High-Yield Savings: 4.50% APY accurate as of 01/05/2026. Minimum $1,000 to earn the APY. "
                "Fees could reduce earnings. Member FDIC."),
    ("deposit", "Free checking with no monthly maintenance fee. Get 1% cash back on debit purchases. Member FDIC."),
    ("deposit", "Get a $300 bonus when you receive direct deposits totaling $1,000 within 90 days. Member FDIC."),
]


@pytest.mark.parametrize(("product", "text"), COMPLIANT, ids=[f"{p}:{t[:30]}" for p, t in COMPLIANT])
def test_compliant_copy_has_no_us_finding(product: str, text: str) -> None:
    assert us_rule_ids(text, product) == set()


# (product, copy, the rules that must fire); other rules may fire too.
VIOLATIONS = [
    ("fund", "Guaranteed returns of 8% a year!", {"us.finra.2210.promissory"}),
    ("securities", "You can't lose. Double your money by summer.", {"us.finra.2210.promissory"}),
    ("fund", "This fund will return 12% next year.", {"us.finra.2210.projections"}),
    ("securities", "Start trading stocks with $0 commissions.", {"us.finra.2210.member-name"}),
    ("fund", "Core Equity returned 14.2% (gross) in 2025.", {"us.sec.206-4-1.net-gross"}),
    ("fund", "An SEC-approved strategy.", {"us.sec.206-4-1.no-regulator-approval"}),
    ("crypto", "Trade FDIC-insured crypto.", {"us.fdic.328.non-deposit-claims"}),
    ("crypto", "Your bitcoin is protected by SIPC.", {"us.finra.2210.no-sipc-crypto-or-loss"}),
    ("loan", "Only $199/month! Apply today.",
     {"us.regz.1026-24.closed-end-trigger-terms", "us.regz.1026-24.payment-needs-term"}),
    ("loan", "Auto loans at 2.9%!", {"us.regz.1026.rate-as-apr"}),
    ("credit_card", "No annual fee and 5% cash back!", {"us.regz.1026-16.open-end-trigger-terms"}),
    ("credit_card", "0% APR on balance transfers for 18 months!", {"us.regz.1026-16.intro-rate-label"}),
    ("credit_card", "No interest for 12 months on furniture.", {"us.regz.1026-16.deferred-interest"}),
    ("deposit", "Savings 5.00%! Member FDIC.", {"us.regdd.1030-8.apy-required"}),
    ("deposit", "Totally free checking. Paper statements $3 per month. Member FDIC.",
     {"us.regdd.1030-8.free-account-with-fees"}),
    ("deposit", "Unlimited FDIC insurance. Member FDIC.", {"us.fdic.328.coverage-overstated"}),
    ("deposit", "Open a savings account today.", {"us.fdic.328.official-statement"}),
]


@pytest.mark.parametrize(("product", "text", "expected"), VIOLATIONS, ids=[t[:30] for _, t, _ in VIOLATIONS])
def test_violation_fires_its_rule(product: str, text: str, expected: set[str]) -> None:
    assert expected <= us_rule_ids(text, product)


@pytest.mark.parametrize(
    "text",
    [
        "Returns are not guaranteed.",
        "No investment is risk-free.",
        "There is no such thing as a risk-free investment.",
        "Investing isn't risk-free, and you could lose money.",
        "Unlike CDs, stocks don't offer guaranteed returns.",
        "Past performance does not guarantee future results.",
        "Don't invest money you can't afford to lose.",
        "Excess return over the risk-free rate.",
    ],
)
def test_mandated_risk_wording_does_not_fire_promissory(text: str) -> None:
    assert "us.finra.2210.promissory" not in us_rule_ids(text, "securities")


@pytest.mark.parametrize(
    "text", ["No fees and guaranteed returns!", "Why not lock in guaranteed returns?", "Don't wait: risk-free gains."]
)
def test_a_negator_that_negates_something_else_does_not_shield_the_claim(text: str) -> None:
    assert "us.finra.2210.promissory" in us_rule_ids(text, "securities")


def test_fdic_insured_deposits_are_not_a_misrepresentation() -> None:
    text = "Deposits are FDIC insured up to $250,000 per depositor, per ownership category. Member FDIC."
    assert us_rule_ids(text, "deposit") == set()
    assert "us.fdic.328.non-deposit-claims" in us_rule_ids("Our stock portfolios are FDIC insured.", "securities")


def test_scope_keeps_credit_rules_off_deposit_copy_and_apy_date_off_broadcast() -> None:
    assert us_rule_ids("Only $199/month!", "deposit", "print") == {"us.fdic.328.official-statement"}
    assert us_rule_ids("Earn 4.75% APY. Member FDIC.", "deposit", "video") == set()
    assert us_rule_ids("Earn 4.75% APY. Member FDIC.", "deposit", "web") == {"us.regdd.1030-8.apy-as-of-date"}


@pytest.mark.parametrize("text", ["$0 down! Drive it home today.", "No down payment required.", "Pay in 4 payments."])
def test_statements_the_commentary_excludes_are_not_reg_z_triggers(text: str) -> None:
    assert us_rule_ids(text, "loan") == set()
