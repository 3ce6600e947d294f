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
    # a claim that needs substantiation, with its source and date
    ("deposit", "4.60% APY, 10x the national average savings rate of 0.46% APY (source: FDIC national rates as "
                "of 01/16/2026). APY accurate as of 01/16/2026. Member FDIC."),
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
    # claims that need substantiation: no source and date in the copy
    ("deposit", "Earn 10x the national average. Member FDIC.", {"us.finra.2210.comparison-savings-claims"}),
    ("securities", "America's #1 online broker.", {"us.finra.2210.superlative-claims"}),
    ("loan", "Instant approval personal loans from 7.99% APR.", {"us.cfpa.udaap.credit-speed-claims"}),
    ("other", "Legally remove up to 75% of your credit card debt.", {"us.ftc.tsr.debt-relief-savings-claims"}),
    ("fund", "Acme Select beats the S&P 500.", {"us.finra.2210.beat-the-market-claims"}),
    ("securities", "Start your 30-day risk-free trial of Acme Robo.", {"us.finra.2210.free-risk-free-claims"}),
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


# --- FINRA 2210(d)(4): tax claims ---------------------------------------------------------------

TAX_FREE = "us.finra.2210.tax-free-claims"


@pytest.mark.parametrize(
    ("product", "text"),
    [
        ("insurance", "Lock in tax-free growth with the Acme Fixed Index Annuity."),
        ("securities", "Invest with us and never pay taxes on your gains."),
        ("fund", "Your gains are tax-free until retirement."),
        ("fund", "Earn tax‑free income every month."),  # non-breaking hyphen
    ],
)
def test_tax_free_claims_fire(product: str, text: str) -> None:
    assert TAX_FREE in us_rule_ids(text, product)


@pytest.mark.parametrize(
    ("product", "text"),
    [
        ("insurance", "Earnings grow tax-deferred, not tax-free; withdrawals are taxed as ordinary income."),
        ("fund", "Your gains are not tax-free."),
        ("fund", "Interest is exempt from federal income tax but may be subject to state and local taxes and the AMT."),
        ("fund", "The Acme California Tax-Free Income Fund seeks income exempt from federal and state income taxes."),
    ],
)
def test_negated_tax_claims_municipal_wording_and_fund_names_do_not_fire(product: str, text: str) -> None:
    assert TAX_FREE not in us_rule_ids(text, product)


# --- FINRA 2210(d)(5) / Rule 482: fund performance legend ---------------------------------------

LEGEND = "us.finra.2210.fund-performance-legend"


@pytest.mark.parametrize(
    "text",
    [
        "The Acme Growth Fund returned 18.6% in 2025. Invest today!",
        "Acme Dividend Fund: a 12.4% total return last year.",
        "Our flagship fund was up 35% last year.",
        "Total return: 9.1% (as of 12/31/2025).",
    ],
)
def test_fund_return_without_the_legend_fires(text: str) -> None:
    assert LEGEND in us_rule_ids(text, "fund")


@pytest.mark.parametrize(
    "legend",
    [
        "Past performance does not guarantee future results.",
        "Past performance is no guarantee of future results.",
        "Past performance is not a reliable indicator of future results.",
        "Past performance is not indicative of future results.",
        "Performance data quoted represents past performance, which does not guarantee future results.",
    ],
)
def test_each_form_of_the_past_performance_legend_satisfies_the_rule(legend: str) -> None:
    assert LEGEND not in us_rule_ids("The Acme Growth Fund returned 18.6% in 2025. " + legend, "fund")


def test_fund_legend_rule_needs_a_return_figure_and_fund_copy() -> None:
    assert LEGEND not in us_rule_ids("Expense ratio 0.45%. 30-day SEC yield 4.1%.", "fund")
    assert LEGEND not in us_rule_ids("The Acme Growth Fund returned 18.6% in 2025.", "deposit")


# --- SEC 206(4)-1(d)(2): time periods -----------------------------------------------------------

PERIODS = "us.sec.206-4-1.performance-time-periods"


@pytest.mark.parametrize(
    "text",
    [
        "Our Momentum strategy is up 31% over the last 9 months!",
        "YTD return: 14.2% (net of fees).",
        "The Acme Tech portfolio has returned 40% since March.",
        "In the past 3 months, our portfolio gained 11%.",
        "Six-month return: 9.4%. Call an adviser.",
        # a 10-year Treasury is not a 10-year performance period
        "Up 20% this year, while the 10-year Treasury yields 4%.",
    ],
)
def test_short_period_performance_without_the_10_year_period_fires(text: str) -> None:
    assert PERIODS in us_rule_ids(text, "securities")


@pytest.mark.parametrize(
    "text",
    [
        "Up 31% over the last 9 months. Annualized net returns as of 12/31/2025: 1 year 12.0%, 5 years 8.3%, "
        "10 years 9.1%.",
        "YTD return: 6.2%. Since inception (2019): 7.8% annualized, net of fees.",
        "Up 8% last year.",  # a 1-year figure is not a short period
    ],
)
def test_standard_periods_or_a_full_year_do_not_fire_the_time_period_rule(text: str) -> None:
    assert PERIODS not in us_rule_ids(text, "securities")


# --- FINRA 2210(d)(2): comparisons --------------------------------------------------------------

COMPARISON = "us.finra.2210.comparison-differences"


@pytest.mark.parametrize(
    ("product", "text"),
    [
        ("fund", "Our Income Fund beat CDs by 4% last year."),
        ("securities", "Dividend stocks pay more than a savings account."),
        ("fund", "Acme Select outperformed Treasuries in 9 of the last 10 years."),
        ("crypto", "Staking rewards: higher yields than CDs!"),
        ("fund", "Acme Bond ETF vs. CDs: which is right for you?"),
    ],
)
def test_comparison_with_insured_or_guaranteed_products_without_the_difference_fires(product: str, text: str) -> None:
    assert COMPARISON in us_rule_ids(text, product)


@pytest.mark.parametrize(
    "text",
    [
        "Our Income Fund beat CDs by 4% last year. CDs are FDIC-insured and pay a fixed rate; the fund is not "
        "FDIC insured and may lose value.",
        "The fund out-yielded Treasury bills. Treasuries are backed by the full faith and credit of the U.S. "
        "government; the fund's principal is not guaranteed.",
        "Stocks may not outperform CDs over short periods.",  # a negated comparison is a risk statement
        "Unlike CDs, stocks don't offer guaranteed returns.",
    ],
)
def test_disclosed_differences_and_negated_comparisons_do_not_fire(text: str) -> None:
    assert COMPARISON not in us_rule_ids(text, "fund")


def test_comparison_rule_does_not_apply_to_deposit_copy() -> None:
    assert COMPARISON not in us_rule_ids("Our money market account beats CDs. Member FDIC.", "deposit")


# --- Reg Z 1026.24(i): dwelling-secured credit ---------------------------------------------------

DWELLING = "us.regz.1026-24.dwelling-misleading-claims"


@pytest.mark.parametrize(
    "text",
    [
        "OFFICIAL VA REFINANCE NOTICE: you may qualify for a lower payment.",
        "Our government loan program helps homeowners cut their payment.",
        "Take cash out of your home and eliminate your debt today!",
        "Speak with one of our mortgage counselors about a cash-out refinance.",
        "Official notice regarding your FHA loan: call before March 31.",
    ],
)
def test_prohibited_dwelling_ad_claims_fire(text: str) -> None:
    assert DWELLING in us_rule_ids(text, "loan")


@pytest.mark.parametrize(
    "text",
    [
        "FHA loans available with as little as 3.5% down.",
        "VA-guaranteed loans for eligible veterans. Not affiliated with the Department of Veterans Affairs.",
        "A cash-out refinance does not eliminate your debt; it moves it into your mortgage.",
        "Before you get a reverse mortgage you must meet with a HUD-approved housing counselor.",
        "HUD requires reverse mortgage counseling before closing.",
        "Consolidate your debt into one monthly payment.",
    ],
)
def test_real_fha_va_names_housing_counseling_and_negated_claims_do_not_fire(text: str) -> None:
    assert DWELLING not in us_rule_ids(text, "loan")


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("Guarant33d returns of 8% a year on this fund.", "Guaranteed returns of 8% a year on this fund."),
        ("A r1sk-fr3e way to grow your money in our fund.", "A risk-free way to grow your money in our fund."),
        ("Guаrаnteed returns of 8% a year on this fund.", "Guaranteed returns of 8% a year on this fund."),  # Cyrillic а
    ],
)
def test_look_alike_spelling_keeps_the_finding_of_the_plain_spelling(disguised: str, plain: str) -> None:
    """Digits or Cyrillic letters written into a claim do not hide it, and the finding quotes the
    words as the author wrote them."""
    expected = us_rule_ids(plain, "fund")
    assert expected, plain
    assert us_rule_ids(disguised, "fund") == expected
    findings = run_rules(disguised, jurisdiction="US", product="fund", channel="web", packs=shipped_packs(), on=ON)
    quoted = [f.excerpt for f in findings if f.rule_id.startswith("us.") and f.end > f.start]
    assert quoted and all(any(ch.isdigit() or ch == "а" for ch in q) for q in quoted), quoted
    assert all(f.excerpt == disguised[f.start:f.end] for f in findings)
