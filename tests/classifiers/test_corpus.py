"""The full corpus: committed file == generator output, coverage, fixed split, and no eval leakage.

The leakage check reads shared/eval only to compute overlap; it prints no eval text. The eval folder
is ../shared/eval beside the repository (as bench/eval_real.py assumes) or $FINREVIEW_EVAL_DIR; if
neither exists the test fails: a skipped leakage check would look like a passed one.
"""

import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from classifiers.data.build_corpus import CORPUS, SPLITS, build, split_manifest
from classifiers.data.build_seed import CHANNELS
from classifiers.data.templates import PRODUCTS
from classifiers.dataset import file_sha256, load_items, split3
from classifiers.labels import LABELS, NONE

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(os.environ.get("FINREVIEW_EVAL_DIR") or ROOT.parent / "shared" / "eval")
N = 8  # character n-gram length for the near-copy check
MAX_SHARE = 0.5  # an eval item with more than half its n-grams in the corpus counts as copied
MIN_SUBSTRING = 16  # normalised characters; shorter shared strings are ordinary phrases


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\W_]+", "", text)


def ngrams(text: str) -> set[str]:
    return {text[i:i + N] for i in range(len(text) - N + 1)}


@pytest.fixture(scope="module")
def items():
    return load_items(CORPUS)


def test_committed_corpus_is_exactly_what_the_script_builds(items):
    assert build() == items, "corpus.jsonl was edited by hand or a fragment changed: rerun build_corpus"


def test_size_balance_and_coverage(items):
    assert len(items) >= 3000
    langs = Counter(item["language"] for item in items)
    assert abs(langs["zh-TW"] - langs["en"]) <= 0.1 * len(items)
    for lang in ("zh-TW", "en"):
        mine = [item for item in items if item["language"] == lang]
        assert {item["product"] for item in mine} == set(PRODUCTS)
        assert {item["channel"] for item in mine} == set(CHANNELS)
        seen = Counter(label for item in mine for label in item["labels"])
        for label in (*LABELS, NONE):
            assert seen[label] >= 50, f"{label} has {seen[label]} {lang} items"


def test_hard_negatives_are_present(items):
    compliant = [item["text"] for item in items if item["labels"] == [NONE]]
    for phrase in ("不保證", "Past performance", "guarantee", "保證", "最高", "best"):
        assert sum(phrase.lower() in text.lower() for text in compliant) >= 10, phrase


def test_split_is_fixed_hashed_and_recorded(items):
    train, dev, test = split3(items)
    assert len(train) + len(dev) + len(test) == len(items)
    assert not {i["id"] for i in train} & ({i["id"] for i in dev} | {i["id"] for i in test})
    recorded = json.loads(SPLITS.read_text(encoding="utf-8"))
    assert recorded["corpus_sha256"] == file_sha256(CORPUS)
    manifest = split_manifest(list(reversed(items)))  # order-independent
    for name in ("train", "dev", "test"):
        assert recorded[name] == manifest[name]


def _eval_texts() -> list[str]:
    files = sorted(EVAL_DIR.glob("*.jsonl")) if EVAL_DIR.is_dir() else []
    if not files:
        # The eval set lives outside the repository and a checkout elsewhere may not see it; .ci/run
        # points FINREVIEW_EVAL_DIR at it wherever it exists. FINREVIEW_REQUIRE_EVAL=1 makes absence fatal.
        message = f"no eval data at {EVAL_DIR}: set FINREVIEW_EVAL_DIR to the folder holding real-dev.jsonl"
        if os.environ.get("FINREVIEW_REQUIRE_EVAL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return [json.loads(line)["text"] for path in files
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def overlap_report(corpus_texts: list[str], eval_texts: list[str]) -> tuple[int, int]:
    """(eval items found as normalised substrings either way, eval items with > MAX_SHARE n-gram overlap)."""
    corpus = [normalise(text) for text in corpus_texts]
    joined = "\x00".join(corpus)
    corpus_grams: set[str] = set()
    for text in corpus:
        corpus_grams |= ngrams(text)
    substring = near = 0
    for raw in eval_texts:
        text = normalise(raw)
        if len(text) >= MIN_SUBSTRING and (text in joined or any(len(c) >= MIN_SUBSTRING and c in text
                                                                  for c in corpus)):
            substring += 1
        grams = ngrams(text)
        if grams and len(grams & corpus_grams) / len(grams) > MAX_SHARE:
            near += 1
    return substring, near


def test_overlap_check_catches_copies_and_near_copies():
    eval_texts = ["Invest today in our brand-new fund and watch your savings grow every single month."]
    assert overlap_report(["Prefix. " + eval_texts[0]], eval_texts) == (1, 1)
    near = eval_texts[0].replace("brand-new", "shiny new").replace("month", "week")
    assert overlap_report([near], eval_texts)[1] == 1
    assert overlap_report(["Something else entirely about loans and cards."], eval_texts) == (0, 0)


def test_corpus_contains_no_eval_text_or_near_copy(items):
    substring, near = overlap_report([item["text"] for item in items], _eval_texts())
    # Counts only: the eval texts must not be echoed into logs.
    assert (substring, near) == (0, 0), f"{substring} eval items copied, {near} near-copied into the corpus"
