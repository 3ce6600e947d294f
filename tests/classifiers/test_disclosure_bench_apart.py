"""The training corpus stays apart from the held-out disclosure benchmark (issue 18, bench/disclosures.py).

bench/data/disclosures*.jsonl holds disclosure-only texts that measure how often finreview raises no
finding on small print. If the corpus held the same texts, that figure would measure recall of the
training data. Same measure as the eval-set leakage check in test_corpus.py: normalised substring
either way, or more than half a text's 8-grams found on the other side. A mandated wording that both
must carry verbatim (a regulator's fixed sentence) is an ordinary shared phrase, not a copy, which is
why one shared 8-gram alone does not fail. Skips only while the benchmark file does not exist yet.
"""

import json
from pathlib import Path

import pytest

from classifiers.data.build_corpus import CORPUS
from classifiers.data.documents import documents
from classifiers.dataset import load_items
from tests.classifiers.test_corpus import MAX_SHARE, ngrams, normalise, overlap_report

ROOT = Path(__file__).resolve().parents[2]
BENCH_FILES = sorted((ROOT / "bench" / "data").glob("*.jsonl"))


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_near_copies(corpus_texts: list[str], bench_texts: list[str]) -> int:
    """Corpus items with more than MAX_SHARE of their 8-grams inside the benchmark (the reverse of
    overlap_report's near-copy count: a benchmark text reworded into a longer corpus item)."""
    bench_grams: set[str] = set()
    for text in bench_texts:
        bench_grams |= ngrams(normalise(text))
    near = 0
    for text in corpus_texts:
        grams = ngrams(normalise(text))
        near += bool(grams) and len(grams & bench_grams) / len(grams) > MAX_SHARE
    return near


def test_the_check_catches_a_benchmark_text_in_the_corpus():
    bench = ["The value of units may fall as well as rise, and holders may not recover the amount subscribed."]
    assert overlap_report(["Our fund is new. " + bench[0]], bench) == (1, 1)
    assert corpus_near_copies([bench[0].replace("units", "shares")], bench) == 1
    assert overlap_report(["A personal loan with a fixed monthly repayment."], bench) == (0, 0)
    assert corpus_near_copies(["A personal loan with a fixed monthly repayment."], bench) == 0


@pytest.mark.parametrize("path", BENCH_FILES or [None], ids=lambda p: p.name if p else "no-benchmark-yet")
def test_corpus_holds_no_disclosure_benchmark_text(path):
    if path is None:
        pytest.skip("bench/data/disclosures*.jsonl does not exist yet")
    bench = _texts(path)
    # The documents too, even in a build without them: they are the texts most like the benchmark's.
    corpus = [item["text"] for item in load_items(CORPUS)] + [doc["text"] for doc in documents()]
    substring, near = overlap_report(corpus, bench)
    reverse = corpus_near_copies(corpus, bench)
    # Counts only, like the eval check: neither side's texts are echoed into logs.
    assert (substring, near, reverse) == (0, 0, 0), (
        f"{path.name}: {substring} benchmark texts found in the corpus, {near} near-copied into it, "
        f"{reverse} corpus items mostly made of benchmark text")
