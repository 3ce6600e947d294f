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


def test_the_fixed_encoder_gives_the_transformers_ids_for_single_texts_and_padded_sets():
    """Serving encodes with a copy of the tokenizer backend that no call mutates (so threads can
    share it); it must produce exactly the ids and masks training used, truncation and padding included."""
    import transformers

    from classifiers.explain import occlusions, segments
    from classifiers.model import DEFAULT_MODEL_DIR
    from classifiers.scoring import fixed_encoder, tokenize

    tokenizer = transformers.AutoTokenizer.from_pretrained(DEFAULT_MODEL_DIR)
    encoder = fixed_encoder(tokenizer, 128)
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][::10]
    groups = [[t] for t in texts] + [occlusions(t, segments(t, 8)) for t in texts[:200]]
    groups += [[""], ["保證獲利" * 200], ["a", "Guaranteed 12% returns " * 30, "x"]]
    for group in filter(None, groups):
        want, got = tokenize(tokenizer, group, 128), tokenize(encoder, group, 128)
        assert want[0].tolist() == got[0].tolist() and want[1].tolist() == got[1].tolist()
    assert tokenize(encoder, ["保證獲利" * 200], 128)[0].shape == (1, 128)


def test_one_model_scores_the_same_from_many_threads_at_once():
    """check --batch and /v1/check review copies on several threads with one loaded model: each
    copy's prediction equals the one it gets alone."""
    from concurrent.futures import ThreadPoolExecutor

    model = RiskModel.load(runtime="onnx", num_threads=1)
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][::40][:80]
    alone = [model.predict(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(model.predict, texts))
    assert together == alone
