"""Build the full labelled corpus (classifiers/data/corpus.jsonl) deterministically.

    python -m classifiers.data.build_corpus [--seed 20251126]

Parts (each item's id prefix says which part made it; DATASHEET.md gives the counts):
- `seed-*`: the 520-item seed set, exactly as build_seed.py makes it.
- `gen-*`: compositions of the hand-written fragments in templates.py, compliant.py and
  fragments.py, in five recipes: violation, warning-only (investment copy with no risk
  warning), compliant (facts + terms/warnings), hard negative (compliant copy with
  trigger words, negated guarantees, sourced comparisons, real deadlines, strong but
  balanced wording) and long compliant (many facts, as product pages read).
- `gen-*-disclosure-*` and `gen-*-smallprint-*`: a second pass with its own random stream (so the
  items above stay as they were) over disclosures.py: compliant copy that is mostly terms, fees,
  rate calculations and policy clauses, and violating claims followed by such small print.
  Channel formatting (SMS brand tags, hashtags, salutations) and separators vary; labels
  never depend on them.
- `fees-*` (not in corpus.jsonl; `fee_items`, read by `classifiers.train --fee-lines N`): copy that
  states what a price leaves out ("no other fees", fee_lines.py), drawn from a stream of its own.
- `doc-*`: whole documents written by hand as one piece each (documents.py): disclosure blocks,
  promotion terms, fee tables, risk lists, rate footnotes and product pages; only with
  `--documents` (off by default, see WITH_DOCUMENTS). Appended last, so
  the parts above stay exactly as they were.
Writes corpus.jsonl, splits.json (the fixed, hashed train/dev/test split) and DATASHEET.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import Counter
from pathlib import Path

from classifiers.data import build_seed
from classifiers.data.build_seed import CHANNELS, _fits, _Slots, draw_unique
from classifiers.data.disclosures import DISCLOSURES
from classifiers.data.documents import documents
from classifiers.data.fee_lines import FEE_LINES
from classifiers.data.compliant import CONDITIONS, CTA, HARD, NEUTRAL, OPT_OUT, WARNINGS
from classifiers.data.fragments import (CHANNEL_WRAP, CLAIMS_MORE, CLAIMS_THIRD, HARD_MORE, NEUTRAL_MORE,
                                        PLAIN_MORE, PROMO_INVEST, WARNINGS_MORE)
from classifiers.data.templates import BRANDS, CLAIMS, INVESTMENT, NAMES, PRODUCTS
from classifiers.dataset import split3
from classifiers.labels import LABELS, NONE

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
SPLITS = HERE / "splits.json"
DEFAULT_SEED = 20251126
# Generated items per language and recipe (on top of the 260 seed items per language).
RECIPES = (("violation", 820), ("missing_warning", 220), ("compliant", 320), ("hard", 330), ("long", 160))
# The small-print pass, drawn from its own stream (seed + SMALL_PRINT_OFFSET).
SMALL_PRINT_RECIPES = (("disclosure", 300), ("smallprint", 150))
SMALL_PRINT_OFFSET = 7919
# The fee-completeness items (fee_items), from a stream of their own too.
FEE_OFFSET = 104729
# Whether the corpus carries the hand-written documents (documents.py). Off: the model trained with
# them scored lower on the real dev set (PROGRESS.md, 2026-12-05); `--documents` builds with them.
WITH_DOCUMENTS = False

EXTRA_BRANDS = {"zh-TW": ["國泰", "玉山", "台新", "永豐", "凱基", "富邦", "元大", "兆豐"],
                "en": ["Lloyds", "Barclays", "Nationwide", "Chase", "Fidelity", "Vanguard", "Monzo", "Coinbase"]}


def _merge(*banks):
    out: dict = {}
    for bank in banks:
        for key, value in bank.items():
            if isinstance(value, dict):
                out[key] = _merge(out.get(key, {}), value)
            else:
                out[key] = list(out.get(key, [])) + list(value)
    return out


CLAIM_BANK = _merge(CLAIMS, CLAIMS_MORE, CLAIMS_THIRD)
NEUTRAL_BANK = _merge(NEUTRAL, NEUTRAL_MORE, PROMO_INVEST,
                      {lang: {product: PLAIN_MORE[lang] for product in PRODUCTS} for lang in PLAIN_MORE})
WARNING_BANK = _merge(WARNINGS, WARNINGS_MORE)
HARD_BANK = {lang: list(HARD[lang]) + list(HARD_MORE[lang]) for lang in HARD}


def _brand(rng: random.Random, lang: str) -> str:
    return rng.choice(BRANDS[lang] + EXTRA_BRANDS[lang])


def compose(recipe: str, lang: str, rng: random.Random) -> tuple[str, str, str, list[str]]:
    product = rng.choice(sorted(INVESTMENT) if recipe == "missing_warning" else PRODUCTS)
    channel = rng.choice(CHANNELS)
    brand = _brand(rng, lang)
    slots = _Slots(rng, lang, {"p": rng.choice(NAMES[lang][product]), "b": brand})
    neutral = NEUTRAL_BANK[lang][product]
    hard = _fits(HARD_BANK[lang], product)
    labels: set[str] = set()
    parts: list[str] = []
    small_print = _fits(DISCLOSURES[lang], product)
    if recipe == "disclosure":  # a product page's terms, perhaps after one plain sentence
        parts = rng.sample(small_print, min(len(small_print), rng.randint(2, 4)))
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(neutral))
    if recipe in ("violation", "smallprint"):
        open_labels = [label for label in CLAIM_BANK if _fits(CLAIM_BANK[label][lang], product)]
        chosen = rng.sample(open_labels, 1 if rng.random() < 0.65 else 2)
        claims = [rng.choice(_fits(CLAIM_BANK[label][lang], product)) for label in chosen]
        labels.update(chosen)
        context = rng.sample(neutral, min(len(neutral), rng.choice((0, 1, 1, 2, 3))))
        parts = context[:]
        for claim in claims:  # claims land anywhere, not only at the end
            parts.insert(rng.randint(0, len(parts)), claim)
        if hard and rng.random() < 0.25:  # a disclaimer does not cure a violating claim
            parts.append(rng.choice(hard))
        if recipe == "smallprint":  # nor do terms and fee tables
            parts += rng.sample(small_print, min(len(small_print), rng.randint(1, 3)))
    elif recipe == "disclosure":
        pass
    elif recipe == "fees":  # a price and what it leaves out; a comparison only where a claim makes one
        parts = rng.sample(neutral, min(len(neutral), rng.choice((1, 1, 2))))
        parts.insert(rng.randint(0, len(parts)), rng.choice(_fits(FEE_LINES[lang], product)))
        comparisons = _fits(CLAIM_BANK["unsubstantiated_comparison"][lang], product)
        if comparisons and rng.random() < 0.25:
            parts.insert(rng.randint(0, len(parts)), rng.choice(comparisons))
            labels.add("unsubstantiated_comparison")
    elif recipe == "long":
        parts = rng.sample(neutral, min(len(neutral), rng.randint(3, 5)))
        if hard and rng.random() < 0.5:
            parts.insert(rng.randint(0, len(parts)), rng.choice(hard))
    else:
        parts = rng.sample(neutral, rng.choice((1, 1, 2, 2, 3)))
        if recipe == "hard" and hard:
            parts += rng.sample(hard, min(len(hard), 1 if rng.random() < 0.7 else 2))
            rng.shuffle(parts)
    if rng.random() < 0.4:
        parts.append(rng.choice(CTA[lang]))
    if product in INVESTMENT:
        warned = recipe in ("compliant", "hard", "long", "disclosure", "fees") or (
            recipe in ("violation", "smallprint") and rng.random() < 0.5)
        if warned:
            bank = WARNING_BANK[lang][product]
            parts.extend(rng.sample(bank, 2 if rng.random() < 0.35 else 1))
        else:
            labels.add("missing_risk_warning")
    elif rng.random() < (0.75 if recipe not in ("violation", "smallprint") else 0.4):
        parts.append(rng.choice(CONDITIONS[lang][product]))
    if channel == "sms" and rng.random() < 0.5:
        parts.append(OPT_OUT[lang])
    if len(parts) < 2:  # one bare fragment could equal a real regulator's boilerplate sentence verbatim
        parts.append(rng.choice(CTA[lang]))
    sep = rng.choice(("", "", "", " ", "\n")) if lang == "zh-TW" else rng.choice((" ", " ", " ", "\n"))
    text = sep.join(part.format_map(slots) for part in parts)
    wrap = rng.choice(CHANNEL_WRAP[lang][channel])
    text = wrap.format(t=text, b=brand)
    ordered = [label for label in LABELS if label in labels] or [NONE]
    return text, product, channel, ordered


def build(seed: int = DEFAULT_SEED, with_documents: bool = WITH_DOCUMENTS) -> list[dict]:
    items = build_seed.build()
    seen = {item["text"] for item in items}
    rng = random.Random(seed)
    serials = {"zh-TW": 0, "en": 0}
    for recipes, rng in ((RECIPES, rng), (SMALL_PRINT_RECIPES, random.Random(seed + SMALL_PRINT_OFFSET))):
        for lang in ("zh-TW", "en"):
            serials[lang] = _generate(items, seen, recipes, lang, rng, serials[lang])
    for item in documents() if with_documents else ():
        if item["text"] not in seen:
            seen.add(item["text"])
            items.append(item)
    return items


def fee_items(per_language: int, seed: int = DEFAULT_SEED) -> list[dict]:
    """``per_language`` fee-completeness items per language, ids `fees-<lang>-<serial>`: trained on as the
    documents are (gold labels only, never in dev or test), so the teacher's reading of them is not
    what an anchored retrain learns. None equals a corpus text."""
    seen = {item["text"] for item in build(seed)}
    made: list[dict] = []
    rng = random.Random(seed + FEE_OFFSET)
    for lang in ("zh-TW", "en"):
        _generate(made, seen, (("fees", per_language),), lang, rng, 0, named="fees-{lang}-{serial:05d}")
    return made


def _generate(items: list[dict], seen: set[str], recipes, lang: str, rng: random.Random, serial: int,
              named: str = "gen-{lang}-{recipe}-{serial:05d}") -> int:
    for recipe, wanted in recipes:
        for text, product, channel, labels in draw_unique(wanted, lambda: compose(recipe, lang, rng), seen):
            serial += 1
            short = "zh" if lang == "zh-TW" else "en"
            items.append({"id": named.format(lang=short, recipe=recipe, serial=serial), "text": text,
                          "language": lang, "product": product, "channel": channel, "labels": labels})
    return serial


def split_manifest(items: list[dict]) -> dict:
    """Counts and a SHA-256 over the sorted ids of each split: the split is fixed and checkable."""
    out = {"rule": "bucket = int(sha256(id)[:4 bytes]) % 100; dev < 20, test 20..29, train otherwise"}
    for name, part in zip(("train", "dev", "test"), split3(items)):
        ids = "\n".join(sorted(item["id"] for item in part)).encode("utf-8")
        out[name] = {"items": len(part), "ids_sha256": hashlib.sha256(ids).hexdigest()}
    return out


def main(argv: list[str] | None = None) -> None:
    from classifiers.data.datasheet import render_corpus_datasheet
    from classifiers.data.diversity import dev_lengths

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--documents", action=argparse.BooleanOptionalAction, default=WITH_DOCUMENTS,
                        help="include the hand-written documents (doc-* items)")
    args = parser.parse_args(argv)
    items = build(args.seed, args.documents)
    args.out.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    manifest = split_manifest(items)
    manifest["corpus_sha256"] = hashlib.sha256(args.out.read_bytes()).hexdigest()
    args.out.with_name(SPLITS.name).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    args.out.with_name("DATASHEET.md").write_text(render_corpus_datasheet(items, args.seed, manifest,
                                                                          dev_lengths()),
                                                  encoding="utf-8")
    counts = Counter(label for item in items for label in item["labels"])
    print(f"wrote {len(items)} items to {args.out}: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
