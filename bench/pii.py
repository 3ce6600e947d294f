"""PII stage latency: how long ``PiiDetector.detect`` takes per 500-character copy, per language
(target: median at most 3 ms on one core).

    .venv/bin/python bench/pii.py [--copies 1000] [--pii-share 0.2]

Copies are built from the fragments below (written for the benchmark, not taken from any
evaluation data): most are ordinary marketing wording full of numbers that only look like
identifiers (rates, amounts, dates, fund codes, document numbers), and a share of them carry
one personal-data fragment.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from rulesets.pii.detector import PiiDetector

ZH = [
    "星河卡新戶首刷滿3,000元享5%現金回饋，回饋上限每月300元。", "循環信用利率：年利率6.75%~15%，依本行評等而定。",
    "本基金經金管會核准，惟不表示絕無風險。", "投資一定有風險，基金投資有賺有賠，申購前應詳閱公開說明書。",
    "信貸利率1.88%起，總費用年百分率2.5%~6.8%。", "分期0利率，每期手續費另計。", "謹慎理財 信用至上。",
    "活動期間2025/01/01至2025-12-31，民國114年3月31日截止。", "元大台灣50（0050）與0056配息穩定。",
    "核准文號：金管證投字第1120000000號。", "客服專線0800-123-456，或撥(02)2345-6789。", "定存年利率0.5%~2.25%。",
    "貸款額度最高NT$10,000,000，最長7年。", "親愛的{{name}}您好，【姓名】先生／小姐，○○○專員將與您聯繫。",
    "刷卡滿NT$1,000,000升等白金卡。", "王牌理財專案熱銷，高達3%回饋，林立分行同步開辦。", "海外消費回饋2.8%無上限。",
]
ZH_PII = [
    "申請人身分證字號A123456789。", "手機0912-345-678。", "請寄至abc@example.com謝謝。", "卡號4111111111111111。",
    "匯款帳號：(822)004123987650。", "感謝王小明先生的支持。", "住址：臺北市大安區忠孝東路四段100巷5弄3號5樓。",
    "出生日期：1985/03/12。", "居留證號FA12345689。", "統一編號04595257。", "市話(02)2736-1234。",
]
EN = [
    "Earn 4.10% APY on balances of $1,000 or more. ", "Guaranteed returns with zero risk! ",
    "Past performance is not a reliable indicator of future results. ", "Only $199 a month for 36 months. ",
    "Representative 21.9% APR (variable). ", "Capital at risk. ", "Apply today and get a decision in minutes. ",
    "Offer valid 2025-01-01 to 2025-12-31. ", "Call us on 0800 123 4567, customer service 1-800-555-1234. ",
    "Dear Valued Customer, thank you for banking with us. ", "Member FDIC. Equal Housing Lender. ",
    "Dear {{first_name}}, your rate of 0.5%-2.25% is locked. ", "Ref 2024/0912/345678, version 3.1. ",
]
EN_PII = [
    "SSN 536-22-1234. ", "Dear John Smith, ", "Call me on (212) 736-1234. ", "IBAN GB82 WEST 1234 5698 7654 32. ",
    "NI number AB 12 34 56 C. ", "Sort code 20-00-00, account 31926819. ", "Write to jane.doe@example.com. ",
    "Date of birth: 03/12/1985. ", "Card 4111 1111 1111 1111. ",
]


def make_copy(rng: random.Random, fragments: list[str], pii: list[str], with_pii: bool, length: int = 500) -> str:
    """About ``length`` characters of filler fragments; with ``with_pii``, one PII fragment at a
    random fragment boundary (never cut, so every such copy holds exactly one finding)."""
    secret = rng.choice(pii) if with_pii else ""
    parts: list[str] = []
    while sum(map(len, parts)) < length - len(secret):
        parts.append(rng.choice(fragments))
    text = "".join(parts)[: length - len(secret)]
    if text.isascii():  # do not leave half a word ("Dear Valu") at the end
        text = text[: text.rfind(" ") + 1]
    if not secret:
        return text
    cuts = [0] + [i for i in range(1, len(text)) if text[i - 1] == "。" or text[i - 2:i] == ". "]
    at = rng.choice(cuts)
    return text[:at] + secret + text[at:]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000, help="copies in all, half zh-TW and half en")
    parser.add_argument("--pii-share", type=float, default=0.2, help="share of copies carrying one PII fragment")
    parser.add_argument("--cache-dir", type=Path, default=None, help="spaCy pipeline cache (default: a temp dir)")
    args = parser.parse_args()
    rng = random.Random(7)
    started = time.perf_counter()
    detector = PiiDetector.build(args.cache_dir or Path(tempfile.mkdtemp(prefix="finreview-bench-")))
    build_s = time.perf_counter() - started
    jobs = []
    planted = {"zh-TW": 0, "en": 0}  # copies carrying one PII fragment: the findings expected
    for i in range(args.copies):
        zh = i % 2 == 0
        with_pii = rng.random() < args.pii_share
        text = make_copy(rng, ZH if zh else EN, ZH_PII if zh else EN_PII, with_pii)
        jobs.append(("zh-TW" if zh else "en", text))
        planted["zh-TW" if zh else "en"] += with_pii
    for language, text in jobs[:50]:  # warm-up
        detector.detect(text, language)
    timings: dict[str, list[float]] = {"zh-TW": [], "en": []}
    findings = {"zh-TW": 0, "en": 0}
    for language, text in jobs:
        t0 = time.perf_counter()
        found = detector.detect(text, language)
        timings[language].append((time.perf_counter() - t0) * 1000)
        findings[language] += len(found)
    print(f"PiiDetector.build: {build_s:.1f} s; {args.copies} copies of ~500 characters, one core, "
          f"{args.pii_share:.0%} with a PII fragment")
    for language, values in [*timings.items(), ("all", timings["zh-TW"] + timings["en"])]:
        if not values:
            continue
        count = findings.get(language, sum(findings.values()))
        expected = planted.get(language, sum(planted.values()))
        print(f"{language:>6}: {len(values):5d} copies  median {statistics.median(values):6.3f} ms  "
              f"p95 {percentile(values, 0.95):6.3f} ms  mean {statistics.fmean(values):6.3f} ms  "
              f"max {max(values):6.3f} ms  findings {count} (planted {expected})")


if __name__ == "__main__":
    main()
