"""Build the bilingual seed set from hand-written fragments (deterministic).

    python -m classifiers.data.build_seed [--out classifiers/data/seed.jsonl] [--seed 20250601]

Writes seed.jsonl (DATASHEET.md is written by build_corpus.py, which includes it). The same
seed gives byte-identical files; bump the seed or the fragments, never edit the JSONL.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from classifiers.data.compliant import CONDITIONS, CTA, HARD, NEUTRAL, OPT_OUT, WARNINGS
from classifiers.data.templates import BRANDS, CLAIMS, INVESTMENT, NAMES, PRODUCTS
from classifiers.labels import LABELS, NONE

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20250601
CHANNELS = ("web", "email", "sms", "social", "print", "video", "push", "other")
# Items per language and recipe: ~55% violating, ~10% warning-only, ~35% compliant.
RECIPES = (("violation", 150), ("missing_warning", 25), ("compliant", 85))

SLOTS = {
    "r": ["6", "8", "10", "12", "15"], "R": ["25", "38", "45", "60", "120"], "n": ["3", "5", "7", "10"],
    "m": ["3", "6", "9"], "y": ["5", "7", "10", "20"], "d": ["1.2", "1.65", "2.1", "3.5", "4.25"],
    "c": ["1", "1.5", "2", "3"], "cap": ["300", "500", "800", "1,000"], "amt": ["3,000", "5,000", "10,000"],
    "x": ["2", "3", "5"], "apr": ["3.35", "6.8", "9.9", "12.5"],
}
LOCAL_SLOTS = {
    "zh-TW": {"date": ["2025年6月30日", "2025年12月31日", "2026年3月31日"],
              "src": ["投信投顧公會", "Morningstar", "Lipper", "金管會公開資訊"],
              "sector": ["全球半導體與雲端產業", "亞洲高股息股票", "投資等級公司債", "再生能源相關企業"],
              "gift": ["200元刷卡金", "500點紅利", "300元回饋金"]},
    "en": {"date": ["30 June 2025", "31 December 2025", "31 March 2026"],
           "src": ["Morningstar", "Lipper", "Moneyfacts", "Bankrate"],
           "sector": ["global semiconductor and cloud companies", "Asian dividend-paying shares",
                      "investment-grade corporate bonds", "renewable-energy companies"],
           "gift": ["a $200 statement credit", "20,000 bonus points", "a $150 bonus"]},
}


class _Slots(dict):
    """format_map source: fixed product/brand, every other slot drawn on use."""

    def __init__(self, rng: random.Random, lang: str, fixed: dict[str, str]):
        super().__init__(fixed)
        self.rng, self.lang = rng, lang

    def __missing__(self, key: str) -> str:
        return self.rng.choice(SLOTS.get(key) or LOCAL_SLOTS[self.lang][key])


def _fits(fragments: list[tuple[str, frozenset]], product: str) -> list[str]:
    return [text for text, products in fragments if product in products]


def compose(recipe: str, lang: str, rng: random.Random) -> tuple[str, str, str, list[str]]:
    """One item: (text, product, channel, labels) for the given recipe."""
    product = rng.choice(sorted(INVESTMENT) if recipe == "missing_warning" else PRODUCTS)
    channel = rng.choice(CHANNELS)
    slots = _Slots(rng, lang, {"p": rng.choice(NAMES[lang][product]), "b": rng.choice(BRANDS[lang])})
    neutral = NEUTRAL[lang][product]
    labels: set[str] = set()
    parts: list[str] = []
    if recipe == "violation":
        open_labels = [label for label in CLAIMS if _fits(CLAIMS[label][lang], product)]
        chosen = rng.sample(open_labels, 1 if rng.random() < 0.7 else 2)
        claims = [rng.choice(_fits(CLAIMS[label][lang], product)) for label in chosen]
        labels.update(chosen)
        parts = ([rng.choice(neutral)] if rng.random() < 0.5 else []) + claims
    else:
        parts = rng.sample(neutral, 2 if rng.random() < 0.4 else 1)
        hard = _fits(HARD[lang], product)
        if recipe == "compliant" and hard and rng.random() < 0.6:
            parts.append(rng.choice(hard))
    if rng.random() < 0.4:
        parts.append(rng.choice(CTA[lang]))
    if product in INVESTMENT:
        # Warning-only items never carry a warning; violations carry one half the time.
        warned = recipe == "compliant" or (recipe == "violation" and rng.random() < 0.5)
        if warned:
            parts.extend(rng.sample(WARNINGS[lang][product], 2 if rng.random() < 0.3 else 1))
        else:
            labels.add("missing_risk_warning")
    elif rng.random() < (0.8 if recipe == "compliant" else 0.4):
        parts.append(rng.choice(CONDITIONS[lang][product]))
    if channel == "sms" and rng.random() < 0.5:
        parts.append(OPT_OUT[lang])
    text = ("" if lang == "zh-TW" else " ").join(part.format_map(slots) for part in parts)
    ordered = [label for label in LABELS if label in labels] or [NONE]
    return text, product, channel, ordered


def build(seed: int = DEFAULT_SEED) -> list[dict]:
    rng = random.Random(seed)
    items: list[dict] = []
    seen: set[str] = set()
    for lang in ("zh-TW", "en"):
        serial = 0
        for recipe, wanted in RECIPES:
            for text, product, channel, labels in draw_unique(wanted, lambda: compose(recipe, lang, rng), seen):
                serial += 1
                item_id = f"seed-{'zh' if lang == 'zh-TW' else 'en'}-{serial:04d}"
                items.append({"id": item_id, "text": text, "language": lang, "product": product,
                              "channel": channel, "labels": labels})
    return items


def draw_unique(wanted: int, make, seen: set[str]):
    """Up to `wanted` draws of make() -> (text, ...) whose text is not in `seen` (which it extends);
    bounded: duplicates are skipped, not retried forever."""
    made = 0
    for _ in range(wanted * 50):
        if made == wanted:
            break
        drawn = make()
        if drawn[0] in seen:
            continue
        seen.add(drawn[0])
        made += 1
        yield drawn


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "seed.jsonl")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    items = build(args.seed)
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # DATASHEET.md now documents the full corpus (build_corpus.py), which includes this seed set.
    counts = Counter(label for item in items for label in item["labels"])
    print(f"wrote {len(items)} items to {args.out}: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
