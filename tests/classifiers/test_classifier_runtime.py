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


@pytest.fixture(scope="module")
def int8_and_float():
    return RiskModel.load(runtime="onnx-int8", num_threads=1), RiskModel.load(runtime="onnx", num_threads=1)


def test_auto_serves_the_runtime_the_artifact_declares(monkeypatch):
    """The shipped artifact declares int8 serving (measured by classifiers.serving); `auto` honours it."""
    from classifiers.model import DEFAULT_MODEL_DIR

    monkeypatch.delenv(RUNTIME_ENV, raising=False)
    declared = json.loads((Path(DEFAULT_MODEL_DIR) / "metadata.json").read_text(encoding="utf-8"))["serving_runtime"]
    assert declared == "onnx-int8"
    assert RiskModel.load().runtime == declared


def _artifact_copy(tmp_path: Path, **changes) -> Path:
    import shutil

    from classifiers.model import DEFAULT_MODEL_DIR

    target = tmp_path / "artifact"
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    meta = json.loads((target / "metadata.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    (target / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return target


def test_an_artifact_that_declares_no_runtime_is_served_as_float(tmp_path, monkeypatch):
    """A bank's own checkpoint, measured in float, is never quantised behind its back."""
    monkeypatch.delenv(RUNTIME_ENV, raising=False)
    model = RiskModel.load(_artifact_copy(tmp_path, serving_runtime=None, serving=None))
    assert model.runtime == "onnx"


def test_an_unknown_declared_runtime_refuses_to_load(tmp_path):
    """A misspelt serving_runtime in metadata.json is a load error (fail closed), naming the value."""
    with pytest.raises(IncompatibleModelError, match="int4"):
        RiskModel.load(_artifact_copy(tmp_path, serving_runtime="int4"))


def test_int8_scores_are_never_taken_for_float_scores(int8_and_float):
    """The score cache and the governance register key int8 apart from the float graph, whose scores
    it does not reproduce; the float runtimes share one fingerprint."""
    from classifiers.score_cache import ScoreCache
    from workers.governance.inventory import model_fingerprint

    int8, fp32 = int8_and_float
    reference = RiskModel.load(runtime="torch")
    assert model_fingerprint(fp32) == model_fingerprint(reference) != model_fingerprint(int8)
    cache = ScoreCache()
    text = "保證獲利，穩賺不賠，名額有限，立即申辦！"
    float_row = fp32.scores(text, cache=cache)
    assert cache.get_many(int8.key, [int8.digest(text)]) == {}
    int8_row = int8.scores(text, cache=cache)
    assert int8_row != float_row and int8.scores(text, cache=cache) == int8_row


def test_int8_scores_a_copy_the_same_whatever_shares_its_call(int8_and_float):
    """int8 quantises activations with one scale per input, so copies are scored alone: a copy's
    scores from a call with others of its token length equal its scores alone, bit for bit."""
    int8, _ = int8_and_float
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][::7][:400]
    by_length: dict[int, list[str]] = {}
    for text in texts:
        by_length.setdefault(int8.token_count(text), []).append(text)
    shared = [group for group in by_length.values() if len(group) > 1]
    assert shared, "the sample must hold copies of one token length"
    for group in shared:
        assert int8.scores_many(group) == [int8.scores(t) for t in group]


def test_int8_keeps_the_float_decisions_on_corpus_copies(int8_and_float):
    """Over 300 corpus copies int8 moves no score past the sanity bound and flips at most 1% of
    the label decisions (measured over the whole corpus: 5 of 30,720)."""
    from classifiers.labels import LABELS
    from classifiers.runtime import INT8_TOLERANCE

    int8, fp32 = int8_and_float
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()][3::17][:300]
    flips, worst = 0, 0.0
    for a, b in zip(int8.label_scores(texts), fp32.label_scores(texts)):
        for label in LABELS:
            worst = max(worst, abs(a[label] - b[label]))
            flips += (a[label] >= fp32.thresholds[label]) != (b[label] >= fp32.thresholds[label])
    assert worst <= INT8_TOLERANCE and flips <= 0.01 * len(texts) * len(LABELS)


def test_the_graph_is_traced_with_written_out_attention_and_the_model_keeps_its_own(int8_and_float):
    """The ONNX graph is traced from the eager attention (matrix products and a softmax), not from
    PyTorch's fused kernel, whose trace adds a masking subgraph (IsNaN, Where) to every layer; the
    loaded PyTorch model, the reference the graphs are checked against, keeps the implementation it
    was loaded with."""
    import onnx

    from classifiers.runtime import _exported

    reference = RiskModel.load(runtime="torch")
    loaded_with = reference._model.config._attn_implementation
    ops = {node.op_type for node in onnx.load_from_string(_exported(reference._model)).graph.node}
    assert "Softmax" in ops and "IsNaN" not in ops
    assert reference._model.config._attn_implementation == loaded_with == "sdpa"
