"""Serving runtimes: ONNX Runtime gives the same scores and evidence as PyTorch, or is not used."""

import json
from pathlib import Path

import pytest

from classifiers.model import RUNTIME_ENV, IncompatibleModelError, RiskModel

CORPUS = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "corpus.jsonl"


@pytest.fixture(scope="module")
def both():
    return RiskModel.load(runtime="onnx", num_threads=2), RiskModel.load(runtime="torch", num_threads=2)


def test_onnx_runtime_scores_match_pytorch_on_corpus_texts(both):
    """Every label score of 300 corpus copies differs by at most 1e-4 between the runtimes
    (the product allows 0.01), so a bank that disables ONNX gets the same verdicts."""
    fast, reference = both
    assert (fast.runtime, reference.runtime) == ("onnx", "torch")
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][::14][:300]
    worst = max(abs(a[label] - b[label])
                for a, b in zip(fast.label_scores(texts), reference.label_scores(texts)) for label in a)
    assert worst <= 1e-4


def test_onnx_runtime_explains_with_the_same_spans(both):
    """Occlusion evidence (batched, padded) points at the same phrases under both runtimes."""
    fast, reference = both
    text = "本基金保證年年配息8%，穩賺不賠，名額有限，今天就申購！"
    got, want = fast.predict(text), reference.predict(text)
    assert got.evidence and [(e.start, e.end) for e in got.evidence] == [(e.start, e.end) for e in want.evidence]


def test_runtime_is_chosen_by_environment(monkeypatch):
    """FINREVIEW_MODEL_RUNTIME=torch keeps serving on PyTorch without code changes."""
    monkeypatch.setenv(RUNTIME_ENV, "torch")
    assert RiskModel.load().runtime == "torch"


def test_unknown_runtime_refuses_to_load():
    """A misspelt runtime is a load error (the pipeline then fails closed), not a silent default."""
    with pytest.raises(IncompatibleModelError, match="onnxx"):
        RiskModel.load(runtime="onnxx")
