"""The fee-completeness items (build_corpus.fee_items, trained with `classifiers.train --fee-lines`):
copy that says what a price leaves out ("no other fees"), which 0.4.0 read as comparisons."""

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from classifiers.data.build_corpus import CORPUS, fee_items
from classifiers.data.fee_lines import FEE_LINES
from classifiers.dataset import load_items
from classifiers.labels import NONE
from classifiers.data.templates import PRODUCTS
from tests.classifiers.test_corpus import _eval_texts, overlap_report

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def made() -> tuple[dict, ...]:
    return tuple(fee_items(60))


def test_each_item_states_a_fee_line_and_only_a_comparison_claim_makes_it_a_violation():
    """Every item holds one of the fee lines; most are compliant, and those with a violation carry
    exactly the comparison label (the claim composed into them)."""
    lines = {lang: [text.split("{")[0][:8] for text, _ in FEE_LINES[lang]] for lang in FEE_LINES}
    labels = Counter(tuple(item["labels"]) for item in made())
    assert set(labels) == {(NONE,), ("unsubstantiated_comparison",)}
    assert labels[(NONE,)] > 2 * labels[("unsubstantiated_comparison",)] > 0
    for item in made():
        assert any(start in item["text"] for start in lines[item["language"]]), item["id"]


def test_items_are_reproducible_named_apart_and_never_a_corpus_text():
    """The same call gives the same items; ids say they are not corpus items (they train gold-only,
    like documents); both languages and every product appear; none repeats a corpus text."""
    assert tuple(fee_items(60)) == made()
    assert all(item["id"].startswith(("fees-zh-", "fees-en-")) for item in made())
    assert Counter(item["language"] for item in made()) == {"zh-TW": 60, "en": 60}
    assert {item["product"] for item in made()} == set(PRODUCTS)
    corpus = {item["text"] for item in load_items(CORPUS)}
    assert not corpus & {item["text"] for item in made()}


def test_a_fee_item_is_taught_like_a_document():
    from classifiers.distill import is_document

    assert all(is_document(item) for item in made())
    assert not any(is_document(item) for item in load_items(CORPUS)[:50])


def test_no_eval_or_bench_text_is_copied_into_the_fee_items():
    """The leakage checks the corpus passes, run on 150 items per language (what training takes)."""
    texts = [item["text"] for item in fee_items(150)]
    assert overlap_report(texts, _eval_texts()) == (0, 0)
    for path in sorted((ROOT / "bench" / "data").glob("*.jsonl")):
        bench = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert overlap_report(texts, bench) == (0, 0), path.name
