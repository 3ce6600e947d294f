"""The committed risk model is a real, versioned artifact: it loads, scores deterministically,
explains itself with offsets into the input, and a broken artifact is refused."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from classifiers.artifact import IncompatibleModelError
from classifiers.evaluate import evaluate
from classifiers.model import DEFAULT_MODEL_DIR, RiskModel

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed.jsonl"
CORPUS = SEED.with_name("corpus.jsonl")

PROMISSORY = "Guaranteed 12% returns every year with zero risk - your money can only grow!"
BALANCED = ("The value of investments can fall as well as rise and you may get back less than you invest. "
            "Past performance is not a reliable indicator of future results.")


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return RiskModel.load()


def test_the_committed_artifact_records_its_version_and_training_data(model):
    meta = json.loads((Path(DEFAULT_MODEL_DIR) / "metadata.json").read_text())
    assert (model.id, model.version) == (meta["id"], meta["version"]) == ("finreview-risk", meta["version"])
    assert meta["dataset"]["sha256"] == hashlib.sha256(CORPUS.read_bytes()).hexdigest()
    assert set(model.thresholds) == set(meta["label_map"])
    assert (Path(DEFAULT_MODEL_DIR) / "MODEL_CARD.md").read_text().startswith(f"# Model card: {model.id}@")


def test_promissory_copy_scores_above_balanced_copy(model):
    # A sanity check only: the seed model is weak (see its card); issue 5 makes it good.
    assert model.predict(PROMISSORY).risk_score > model.predict(BALANCED).risk_score


def test_scores_are_deterministic_and_in_range(model):
    first, second = model.predict(PROMISSORY), model.predict(PROMISSORY)
    assert first == second
    assert 0.0 <= first.risk_score <= 1.0 and all(0.0 <= p <= 1.0 for p in first.labels.values())
    assert model.predict_batch([PROMISSORY, BALANCED])[0].risk_score == pytest.approx(first.risk_score, abs=1e-5)


def test_evidence_points_at_phrases_of_the_input(model):
    prediction = model.predict(PROMISSORY)
    assert prediction.evidence, "a high-risk copy should come with evidence"
    for ev in prediction.evidence:
        assert 0 <= ev.start < ev.end <= len(PROMISSORY) and PROMISSORY[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("damage", ["metadata.json", "model.safetensors", "config.json"])
def test_a_damaged_artifact_is_refused(tmp_path, damage):
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    (copy / damage).unlink()
    with pytest.raises(IncompatibleModelError):
        RiskModel.load(copy)


def test_an_artifact_with_another_label_map_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    meta = json.loads((copy / "metadata.json").read_text())
    meta["label_map"] = {"something_else": 0}
    (copy / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(IncompatibleModelError):
        RiskModel.load(copy)


def test_evaluate_counts_a_hand_made_table_exactly():
    thresholds = {"a": 0.5, "b": 0.5}
    predictions = [{"a": 0.9, "b": 0.1}, {"a": 0.2, "b": 0.8}, {"a": 0.7, "b": 0.6}, {"a": 0.1, "b": 0.1}]
    gold = [{"a"}, {"a"}, {"b"}, {"none"}]
    result = evaluate(predictions, gold, thresholds)
    assert result["per_label"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1, "support": 2}
    assert result["per_label"]["b"]["precision"] == 0.5 and result["per_label"]["b"]["recall"] == 1.0
    assert result["any_violation"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_the_seed_set_has_both_languages_and_every_label():
    items = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    assert {i["language"] for i in items} == {"zh-TW", "en"}
    labels = {label for i in items for label in i["labels"]}
    assert {"guarantee_or_promissory", "misleading_performance", "missing_risk_warning", "unbalanced_or_exaggerated",
            "pressure_tactics", "unsubstantiated_comparison", "none"} <= labels


def test_training_a_tiny_model_produces_a_loadable_artifact(tmp_path):
    from classifiers.train import TrainConfig, train

    out = train(TrainConfig(data=SEED, out=tmp_path / "tiny", epochs=1, limit=40, hidden_size=32, num_layers=1,
                            num_heads=2, intermediate_size=64))
    loaded = RiskModel.load(out)
    assert loaded.id == "finreview-risk" and 0.0 <= loaded.predict("保證獲利").risk_score <= 1.0
