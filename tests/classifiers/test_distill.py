"""Distillation on a tiny subset: a student that keeps chosen teacher layers, learns the teacher's
logits, gets thresholds matched to the teacher's decisions, and loads like any artifact."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from classifiers.distill import matched_thresholds, parse_layers, prune_ffn, student_from
from classifiers.labels import LABELS
from classifiers.model import DEFAULT_MODEL_DIR, RiskModel
from classifiers.train import TrainConfig, train

SEED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "seed.jsonl"


def test_a_student_keeps_only_the_chosen_layers_of_its_teacher():
    from transformers import AutoModelForSequenceClassification

    teacher = AutoModelForSequenceClassification.from_pretrained(DEFAULT_MODEL_DIR, local_files_only=True)
    student = student_from(teacher, parse_layers("1,3"))
    assert len(student.bert.encoder.layer) == student.config.num_hidden_layers == 2
    assert len(teacher.bert.encoder.layer) == 4  # the teacher is untouched
    kept = student.bert.encoder.layer[1].attention.self.query.weight
    assert torch.equal(kept, teacher.bert.encoder.layer[3].attention.self.query.weight)
    with pytest.raises(ValueError):
        student_from(teacher, (3, 1))
    with pytest.raises(ValueError):
        student_from(teacher, (0, 4))


def test_a_pruned_student_keeps_the_feed_forward_units_that_write_most():
    """prune_ffn narrows every layer's feed-forward block to the units with the largest activity
    times output-weight norm: a unit whose output weights are zeroed (it writes nothing back) is
    dropped, the kept units carry their teacher weights, and the narrower model still runs."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    teacher = AutoModelForSequenceClassification.from_pretrained(DEFAULT_MODEL_DIR, local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(DEFAULT_MODEL_DIR, local_files_only=True)
    student = student_from(teacher, parse_layers("0,1,2,3"))
    silent = 7
    student.bert.encoder.layer[0].output.dense.weight.data[:, silent] = 0.0
    original = student.bert.encoder.layer[0].intermediate.dense.weight.data.clone()
    texts = ["保證獲利，穩賺不賠，名額有限！", "Guaranteed 12% returns, act now.", "基金投資有賺有賠，申購前應詳閱公開說明書。"]
    prune_ffn(student, 512, tokenizer, texts, 128)
    layer = student.bert.encoder.layer[0]
    assert layer.intermediate.dense.out_features == layer.output.dense.in_features == 512
    assert student.config.intermediate_size == 512
    kept = [i for i in range(original.shape[0]) if any(torch.equal(original[i], row) for row in layer.intermediate.dense.weight.data)]
    assert len(kept) == 512 and silent not in kept
    logits = student(**tokenizer(texts, padding=True, return_tensors="pt")).logits
    assert logits.shape == (3, len(LABELS)) and torch.isfinite(logits).all()
    with pytest.raises(ValueError):
        prune_ffn(student, 2048, tokenizer, texts, 128)


def test_thresholds_are_matched_to_the_teachers_decisions():
    teacher = [[0.9, 0.1], [0.6, 0.2], [0.2, 0.8], [0.1, 0.05]]
    student = [[0.45, 0.1], [0.35, 0.3], [0.2, 0.4], [0.1, 0.1]]  # the same order, lower
    found = matched_thresholds(teacher, student, {"a": 0.5, "b": 0.5}, ("a", "b"))
    assert found["a"] <= 0.35 and found["a"] > 0.2  # catches what the teacher caught, nothing else
    assert 0.3 < found["b"] <= 0.4


def test_a_distilled_student_trains_and_loads_through_the_same_loader(tmp_path, monkeypatch):
    out = tmp_path / "student"
    train(TrainConfig(data=SEED, out=out, teacher=DEFAULT_MODEL_DIR, keep_layers="1,3", epochs=1, limit=40,
                      threads=1, version="0.0.0-student", hard_weight=0.0, target_recall=0.9))
    monkeypatch.setenv("FINREVIEW_MODEL_DIR", str(out))
    student = RiskModel.load()
    assert student.path == out and student.metadata["architecture"]["layers"] == 2
    assert student.metadata["distillation"]["kept_layers"] == "1,3"
    assert set(student.thresholds) == set(LABELS) and all(0.05 <= t <= 0.5 for t in student.thresholds.values())
    assert "--teacher" in student.metadata["rebuild_command"]
    assert 0.0 <= student.predict("保證獲利，穩賺不賠！").risk_score <= 1.0


def test_an_anchored_retrain_learns_the_documents_gold_labels(tmp_path):
    """Every layer kept and documents taught by their own labels: the retrained model's loss on the
    documents falls below the shipped model's, and its thresholds come from the corpus alone."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from classifiers.data.documents import documents
    from classifiers.dataset import label_vector

    out = tmp_path / "anchored"
    train(TrainConfig(data=SEED, out=out, teacher=DEFAULT_MODEL_DIR, keep_layers="0,1,2,3", epochs=1, limit=40,
                      threads=2, version="0.0.0-anchored", documents=True, document_weight=5.0,
                      learning_rate=3e-4))
    docs = documents()
    gold = torch.tensor([label_vector(item) for item in docs])

    def document_loss(path) -> float:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True).eval()
        with torch.no_grad():
            batch = tokenizer([d["text"] for d in docs], truncation=True, max_length=128, padding=True,
                              return_tensors="pt")
            return float(torch.nn.functional.binary_cross_entropy_with_logits(model(**batch).logits, gold))

    assert document_loss(out) < document_loss(DEFAULT_MODEL_DIR)
    meta = RiskModel.load(out).metadata
    assert meta["architecture"]["layers"] == 4
    assert "documents: 5.0 x BCE to their gold labels only" in meta["distillation"]["loss"]
    assert "every corpus text (" in meta["distillation"]["thresholds"]
