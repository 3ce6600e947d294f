"""UK packs on whole copies, with scope applied: compliant copies stay quiet, each breach names its rule.

The rules' own examples test each rule alone; these tables test them together, per product and
channel, the way a submission is reviewed (run_rules picks the packs and rules in scope).
"""
from __future__ import annotations

import datetime as dt

import pytest

from rulesets.engine import run_rules
from rules_factory import shipped_packs

DAY = dt.date(2025, 1, 15)

CRYPTO_FULL = (
    "Don't invest unless you're prepared to lose all the money you invest. This is a high-risk investment "
    "and you should not expect to be protected if something goes wrong. Take 2 mins to learn more."
)
CRYPTO_SHORT = "Don’t invest unless you’re prepared to lose all the money you invest. This is a high-risk investment."
CFD_FULL = (
    "CFDs are complex instruments and come with a high risk of losing money rapidly due to leverage. "
    "74% of retail investor accounts lose money when trading CFDs with this provider. You should consider "
    "whether you understand how CFDs work and whether you can afford to take the high risk of losing your money."
)
HCSTC = "Warning: Late repayment can cause you serious money problems. For help, go to moneyhelper.org.uk"


def uk_rule_ids(text: str, product: str, channel: str) -> set[str]:
    findings = run_rules(text, jurisdiction="UK", product=product, channel=channel, packs=shipped_packs(), on=DAY)
    return {f.rule_id for f in findings if f.rule_id and f.rule_id.startswith("uk.")}


# Compliant copies carrying the mandated warnings: no UK rule may fire.
COMPLIANT = [
    ("fund", "web", "The Global Growth Fund returned 35% last year and 62% over five years.\n"
     "Past performance is not a reliable indicator of future results. Capital at risk: the value of your "
     "investment can go down as well as up and you may get back less than you invest. Source: Morningstar."),
    ("fund", "email", "Earn a 5.2% yield, paid monthly. Returns are not guaranteed. Your capital is at risk."),
    ("securities", "web", "Share dealing from £3.99 a trade. There is no such thing as a risk-free investment, "
     "and you can't lose more than you invest. Capital at risk."),
    ("crypto", "web", "Buy Bitcoin and Ethereum from £10.\n" + CRYPTO_FULL),
    ("crypto", "social", "ETH staking is live on StarCoin 🎉 " + CRYPTO_SHORT),
    ("crypto", "sms", "StarCoin: buy BTC from £1. " + CRYPTO_SHORT + " Reply STOP to opt out."),
    ("crypto", "push", "Bitcoin is not protected by the FSCS. " + CRYPTO_SHORT),
    ("securities", "web", "Trade CFDs on 10,000+ markets with tight spreads.\n" + CFD_FULL),
    ("securities", "social", "Gold CFDs from 0.3 spreads. 74% of retail CFD accounts lose money."),
    ("securities", "web", "Real shares, no CFDs, no spread betting. Capital at risk."),
    ("loan", "web", "Personal loans from £1,000 to £25,000, rates from 5.9%.\nRepresentative example: borrow "
     "£10,000 over 60 months at a fixed rate of 6.4% p.a.; 60 monthly repayments of £195.03; total amount "
     "payable £11,701.80. Representative 6.6% APR (fixed). Subject to status."),
    ("loan", "web", "Short-term loans from £100 to £1,000 over 3 to 6 months. Representative 1294% APR (variable).\n"
     + HCSTC),
    ("loan", "print", "Homeowner loans from £10,000. Representative 8.9% APR (variable).\nYour home may be "
     "repossessed if you do not keep up repayments on your mortgage or any other debt secured on it."),
    ("credit_card", "web", "0% on balance transfers for 24 months (3% fee), then 24.9% p.a. variable. "
     "Representative 24.9% APR (variable). Approval is not guaranteed."),
    ("credit_card", "sms", "StarBank: earn 1% cashback on every purchase with the Star Card. Reply STOP to opt out."),
    ("deposit", "web", "StarBank plc is authorised and regulated by the Financial Conduct Authority (FRN 123456)."),
    # a claim that needs substantiation, with its source and date
    ("deposit", "web", "Top easy-access rate on the high street: 4.75% AER variable (Moneyfacts, May 2024). "
     "StarBank plc is authorised and regulated by the Financial Conduct Authority (FRN 123456)."),
    ("loan", "web", "9 in 10 applicants get a decision in 60 seconds (based on applications from January to March 2024).\n"
     "Representative 6.6% APR (fixed). Subject to status."),
]


@pytest.mark.parametrize(("product", "channel", "text"), COMPLIANT, ids=[f"{p}-{c}-{i}" for i, (p, c, _) in enumerate(COMPLIANT)])
def test_compliant_uk_copy_has_no_uk_findings(product: str, channel: str, text: str) -> None:
    assert uk_rule_ids(text, product, channel) == set()


# Breaches: exactly these UK rules fire.
VIOLATING = [
    ("fund", "web", "The Global Growth Fund returned 35% last year. Capital at risk.",
     {"uk.fca.cobs.4-6.past-performance-warning"}),
    ("fund", "web", "Lock in an 8% yield. Your money is safe with us.",
     {"uk.fca.cobs.4-2-4.capital-at-risk-warning", "uk.fca.cobs.4-2-1.no-guarantee-claims"}),
    ("crypto", "web", "Buy Bitcoin from £10. " + CRYPTO_SHORT,
     {"uk.fca.cobs.4-12a.crypto-risk-warning"}),
    ("crypto", "social", "Bitcoin is up 120% over five years! Get £20 free when you invest. " + CRYPTO_SHORT,
     {"uk.fca.cobs.4-6.past-performance-warning", "uk.fca.cobs.4-12a.no-investment-incentives"}),
    ("crypto", "push", "Your crypto is FSCS protected. Buy before it's too late! " + CRYPTO_SHORT,
     {"uk.fca.cobs.4-12a.no-fscs-claims", "uk.fca.prin-2a-5.no-pressure-tactics"}),
    ("securities", "web", "Spread betting on the FTSE 100 from 0.8 points. 74% of retail CFD accounts lose money.",
     {"uk.fca.cobs.22-5.cfd-risk-warning"}),
    ("loan", "web", "Borrow £5,000 for just £99 a month! No credit checks.",
     {"uk.fca.conc.3-5.representative-apr", "uk.fca.conc.3-3-1.no-guaranteed-approval"}),
    ("loan", "social", "Bad credit? No problem! Instant decision.",
     {"uk.fca.conc.3-5-7.representative-apr-other-triggers", "uk.asa.cap-3-7.credit-speed-claims"}),
    ("loan", "web", "Payday loans up to £1,000, money today. Representative 1294% APR.",
     {"uk.fca.conc.3-4-1.hcstc-risk-warning"}),
    ("loan", "web", "Payday loans. Representative 1294% APR. Warning: Late repayment can cause you serious money "
     "problems. For help, go to moneyadviceservice.org.uk",
     {"uk.fca.conc.3-4-1.moneyhelper-url"}),
    ("loan", "web", "Borrow up to £100,000 secured on your home. Representative 8.9% APR (variable).",
     {"uk.fca.conc.3-6.home-repossession-warning"}),
    ("deposit", "web", "Our FCA-approved savings app.", {"uk.fca.gen-1-2-2.no-regulator-endorsement"}),
    ("credit_card", "sms", "Your Star Card offer is waiting. Representative 24.9% APR (variable).",
     {"uk.ico.pecr-22.sms-opt-out"}),
    # claims that need substantiation (CAP 3.7, 3.33-3.38): no source and date in the copy
    ("insurance", "web", "The best cover at the best price. Switch and save up to 40% on your home insurance.",
     {"uk.asa.cap-3-7.superlative-claims", "uk.asa.cap-3-33.comparison-savings-claims"}),
    ("loan", "web", "Cash in your account within the hour. Representative 19.9% APR (variable).",
     {"uk.asa.cap-3-7.credit-speed-claims"}),
    ("other", "social", "Write off up to 70% of what you owe. Free, confidential advice.",
     {"uk.asa.cap-3-7.debt-write-off-claims"}),
    ("securities", "web", "Our share-picking service beats the market. Capital at risk.",
     {"uk.asa.cap-3-7.beat-the-market-claims"}),
    ("deposit", "email", "Try StarSaver Plus risk-free for 30 days.", {"uk.asa.cap-3-7.free-risk-free-claims"}),
]


@pytest.mark.parametrize(
    ("product", "channel", "text", "expected"), VIOLATING, ids=[f"{p}-{c}-{i}" for i, (p, c, _, _) in enumerate(VIOLATING)]
)
def test_violating_uk_copy_fires_its_rules(product: str, channel: str, text: str, expected: set[str]) -> None:
    assert uk_rule_ids(text, product, channel) == expected


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("web", {"uk.fca.cobs.4-12a.crypto-risk-warning"}),
        ("email", {"uk.fca.cobs.4-12a.crypto-risk-warning"}),
        ("social", set()),
        ("sms", {"uk.ico.pecr-22.sms-opt-out"}),
        ("push", set()),
    ],
)
def test_short_crypto_warning_only_suffices_in_character_limited_channels(channel: str, expected: set[str]) -> None:
    assert uk_rule_ids("Buy BTC from £1. " + CRYPTO_SHORT, "crypto", channel) == expected


@pytest.mark.parametrize(
    "variant",
    [
        CRYPTO_FULL,
        CRYPTO_FULL.replace("'", "’"),  # curly apostrophes
        CRYPTO_FULL.upper(),
        CRYPTO_FULL.replace("Don't", "Do not").replace("you're", "you are").replace("high-risk", "high risk"),
        "ＤＯＮ’Ｔ ＩＮＶＥＳＴ" + CRYPTO_FULL[len("Don't invest"):],  # full-width letters
        CRYPTO_FULL.replace(". This", ".\nThis"),
    ],
)
def test_crypto_warning_variants_are_accepted(variant: str) -> None:
    assert uk_rule_ids("Buy Bitcoin from £10. " + variant, "crypto", "web") == set()


@pytest.mark.parametrize("percentage", ["74%", "68.5%", "between 74-89%", "１００％"])
def test_cfd_warning_accepts_any_provider_percentage(percentage: str) -> None:
    text = "Trade CFDs. " + CFD_FULL.replace("74%", percentage)
    assert uk_rule_ids(text, "securities", "web") == set()


def test_uk_rules_do_not_run_for_other_jurisdictions() -> None:
    text = "Guaranteed returns! Bitcoin is up 120% over five years."
    findings = run_rules(text, jurisdiction="TW", product="crypto", channel="web", packs=shipped_packs(), on=DAY)
    assert not [f for f in findings if f.rule_id and f.rule_id.startswith("uk.")]


def test_crypto_rules_are_not_in_force_before_the_regime() -> None:
    findings = run_rules("Buy Bitcoin from £10.", jurisdiction="UK", product="crypto", channel="web",
                         packs=shipped_packs(), on=dt.date(2023, 10, 1))
    assert "uk.fca.cobs.4-12a.crypto-risk-warning" not in {f.rule_id for f in findings}
