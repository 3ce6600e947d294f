"""Rules-only throughput: how many 500-character copies per second `run_rules` checks on one core
with every pack loaded (target: at least 2,000/s).

    .venv/bin/python bench/rules.py [--copies 2000]
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from rulesets.engine import run_rules
from rulesets.packs import load_packs

# Fragments written for the benchmark: a mix of compliant and violating card/fund/loan wording.
ZH = ["星河卡新戶首刷滿3,000元享5%現金回饋，回饋上限每月300元。", "循環信用利率：年利率6.75%~15%，依本行評等而定。",
      "保證獲利，穩賺不賠！", "本基金經金管會核准，惟不表示絕無風險。", "投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。",
      "信貸利率1.88%起，總費用年百分率2.5%~6.8%。", "分期0利率，每期手續費另計。", "謹慎理財 信用至上", "名額有限，立即申辦！",
      "近一年報酬率35%，同類型第一名。"]
EN = ["Earn 4.10% APY on balances of $1,000 or more. ", "Guaranteed returns with zero risk! ",
      "Past performance is not a reliable indicator of future results. ", "Only $199 a month for 36 months. ",
      "Representative 21.9% APR (variable). ", "Capital at risk. ", "Apply today and get a decision in minutes. ",
      "Our fund returned 35% last year. ", "Member FDIC. ", "Don't invest unless you're prepared to lose all the money you invest. "]
PRODUCTS = ["credit_card", "fund", "loan", "deposit", "insurance", "securities", "crypto"]


def make_copy(rng: random.Random, fragments: list[str], length: int = 500) -> str:
    text = ""
    while len(text) < length:
        text += rng.choice(fragments)
    return text[:length]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes; the best and the median are printed")
    args = parser.parse_args()
    rng = random.Random(7)
    packs = load_packs()
    jobs = []
    for i in range(args.copies):
        jurisdiction = ("TW", "US", "UK")[i % 3]
        text = make_copy(rng, ZH if jurisdiction == "TW" else EN)
        jobs.append((text, jurisdiction, PRODUCTS[i % len(PRODUCTS)]))
    for text, jurisdiction, product in jobs[:50]:  # warm-up (OpenCC, automata)
        run_rules(text, jurisdiction=jurisdiction, product=product, channel="web", packs=packs)
    timings = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        findings = 0
        for text, jurisdiction, product in jobs:
            findings += len(run_rules(text, jurisdiction=jurisdiction, product=product, channel="web", packs=packs))
        timings.append(time.perf_counter() - started)
    best, median = min(timings), statistics.median(timings)
    rules = sum(len(p.rules) for p in packs)
    print(f"{args.copies} copies x 500 chars, {len(packs)} packs / {rules} rules, one core, {findings} findings: "
          f"best {args.copies / best:,.0f} copies/s ({best / args.copies * 1000:.2f} ms each), "
          f"median of {args.rounds} {args.copies / median:,.0f} copies/s")


if __name__ == "__main__":
    main()
