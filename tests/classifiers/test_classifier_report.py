"""Calibration, thresholds for a target recall, the reliability PNG, decisions -> labels, the card."""

import struct
import zlib

import pytest

from classifiers.card import render_model_card
from classifiers.decisions import decision_items, labels_for, normalise_code
from classifiers.evaluate import calibration, report, risk_threshold_for_recall, thresholds_for_recall
from classifiers.labels import LABELS
from classifiers.plot import reliability_png

# Hand-made: label "a" only, so each item contributes exactly one (probability, truth) pair.
PREDS = [{"a": 0.05}, {"a": 0.15}, {"a": 0.95}, {"a": 0.85}, {"a": 0.9}]
GOLD = [set(), {"a"}, {"a"}, {"a"}, set()]


def test_ece_on_a_hand_made_table():
    cal = calibration(PREDS, GOLD, ["a"])
    bins = {round(b["lower"], 1): b for b in cal["labels"]["bins"] if b["count"]}
    assert {k: b["count"] for k, b in bins.items()} == {0.0: 1, 0.1: 1, 0.8: 1, 0.9: 2}
    assert bins[0.9]["accuracy"] == 0.5 and bins[0.9]["confidence"] == pytest.approx(0.925)
    # |0-0.05| + |1-0.15| + |1-0.85| + 2 * |0.5-0.925|, over 5 pairs
    assert cal["labels"]["ece"] == pytest.approx((0.05 + 0.85 + 0.15 + 2 * 0.425) / 5)
    assert cal["labels"]["n"] == 5 and cal["any_violation"]["n"] == 5


def test_probability_one_falls_in_the_last_bin():
    cal = calibration([{"a": 1.0}], [{"a"}], ["a"])
    assert cal["labels"]["bins"][-1]["count"] == 1 and cal["labels"]["ece"] == 0.0


def test_thresholds_for_recall_take_the_highest_cut_that_reaches_it():
    # positives of "a" score 0.15, 0.85, 0.95
    assert thresholds_for_recall(PREDS, GOLD, ["a"], 0.6) == {"a": 0.85}  # 2 of 3 needed
    assert thresholds_for_recall(PREDS, GOLD, ["a"], 1.0) == {"a": 0.15}
    assert thresholds_for_recall(PREDS, GOLD, ["a"], 0.3) == {"a": 0.95}
    assert thresholds_for_recall([{"a": 0.99}], [set()], ["a"], 0.9) == {"a": 0.95}  # no positives: ceiling
    assert thresholds_for_recall([{"a": 0.001}], [{"a"}], ["a"], 0.9) == {"a": 0.05}  # floor
    assert risk_threshold_for_recall(PREDS, GOLD, ["a"], 0.6) == 0.85


def test_report_adds_calibration_and_thresholds_to_evaluate():
    out = report(PREDS, GOLD, {"a": 0.5}, target_recall=1.0)
    assert out["per_label"]["a"]["tp"] == 2 and out["per_label"]["a"]["fp"] == 1
    assert out["thresholds_for_target_recall"] == {"a": 0.15}
    assert "ece" in out["calibration"]["labels"]
    assert "thresholds_for_target_recall" not in report(PREDS, GOLD, {"a": 0.5})


def test_reliability_png_is_a_valid_png(tmp_path):
    bins = calibration(PREDS, GOLD, ["a"])["labels"]["bins"]
    data = reliability_png(bins, tmp_path / "r.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4:idat])[0]
    raw = zlib.decompress(data[idat + 4: idat + 4 + length])
    assert len(raw) == height * (1 + 3 * width)
    assert b"\x46\x82\xc8" in raw  # some bar pixels were drawn


@pytest.mark.parametrize("outcome, code, expected", [
    ("approve", "disclosures-complete", ["none"]),
    ("reject", "guarantee-wording", ["guarantee_or_promissory"]),
    ("request_changes", "Pressure_Tactics", ["pressure_tactics"]),
    ("reject", "missing apr", None),  # unmapped: no item rather than a wrong label
    ("escalate", "guarantee-wording", None),
])
def test_reason_codes_map_to_labels(outcome, code, expected):
    assert labels_for(outcome, code) == expected


def test_decision_items_keep_the_latest_decision_per_version():
    rows = [
        {"version_id": 7, "text": "保證獲利", "language": "zh-TW", "product": "fund", "channel": "web",
         "outcome": "approve", "reason_code": "ok"},
        {"version_id": 7, "text": "保證獲利", "language": "zh-TW", "product": "fund", "channel": "web",
         "outcome": "reject", "reason_code": "guarantee-wording"},
        {"version_id": 8, "text": "x", "language": "fr", "product": "fund", "channel": "web",
         "outcome": "approve", "reason_code": "ok"},
    ]
    items = decision_items(rows)
    assert len(items) == 1 and items[0]["labels"] == ["guarantee_or_promissory"]
    assert items[0]["id"].startswith("decision-7-") and set(items[0]) == {
        "id", "text", "language", "product", "channel", "labels"}
    assert normalise_code(" Missing_Risk Warning ") == "missing-risk-warning"


def _metrics(f1: float) -> dict:
    m = {"precision": f1, "recall": f1, "f1": f1}
    return {"n": 10, "per_label": {label: {**m, "support": 3} for label in LABELS}, "micro": m, "macro": m,
            "any_violation": m, "target_recall": 0.9, "risk_threshold_for_target_recall": 0.42,
            "calibration": {"labels": {"ece": 0.0123}, "any_violation": {"ece": 0.02}}}


def test_model_card_is_generated_from_metadata():
    """The card shows the run's metadata and, when recorded, the real-eval figures with and without the model."""
    meta = {
        "id": "finreview-risk", "version": "9.9.9", "thresholds": {label: 0.3 for label in LABELS},
        "risk_score": {"definition": "max"}, "evidence": {"min_risk": 0.3, "max_segments": 8, "top_k": 3},
        "max_length": 128, "seed": 13, "rebuild_command": "python -m classifiers.train --data x --out y",
        "architecture": {"model_type": "bert", "layers": 4, "hidden_size": 256, "heads": 4,
                         "intermediate_size": 1024, "vocab_size": 4000, "parameters": 3_600_000},
        "dataset": {"path": "corpus.jsonl", "sha256": "abc123", "items": 100, "train": 70, "dev": 20, "test": 10,
                    "split": "by hash", "decisions": {"path": "d.jsonl", "sha256": "def456"}},
        "training": {"epochs": 8, "batch_size": 16, "learning_rate": 3e-4, "optimizer": "AdamW", "dropout": 0.0,
                     "augmentation": "shuffle", "threads": 2, "final_batch_loss": 0.01},
        "base_model": {"name": "finreview-bert-base", "revision": "sha256:00"},
        "metrics": {"dev": _metrics(0.9), "test": _metrics(0.8), "train": _metrics(0.99),
                    "test_by_language": {"en": {"n": 5, "macro": {"f1": 0.7}, "any_violation": {
                        "recall": 0.9, "precision": 0.8}, "ece": 0.01}}},
        "base_comparison": [{"base": "finreview-bert-base", "lr": 3e-4, "parameters": 3_600_000,
                             "dev_macro_f1": 0.955, "dev_micro_f1": 0.956, "dev_ece": 0.009, "device": "cuda",
                             "dev_by_language": {}},
                            {"base": "minilm-cjk16", "lr": 1e-4, "parameters": 22_900_000, "dev_macro_f1": 0.94,
                             "dev_micro_f1": 0.94, "dev_ece": 0.033, "device": "cuda", "dev_by_language": {}}],
        "libraries": {"torch": "2"},
    }
    card = render_model_card(meta)
    assert "Not recorded for this artifact" in card
    real = {"eval_file": "real-dev.jsonl", "eval_sha256": "f" * 64, "items": 76, "command": "bench/eval_real.py",
            "models": ["finreview-risk@9.9.9"],
            "with_classifier": {"en": {"violations": 19, "recall": 0.8947, "compliant": 17, "passed": 0.7059}},
            "classifier_disabled": {"en": {"violations": 19, "recall": 0.4211, "compliant": 17, "passed": 1.0}}}
    with_real = render_model_card(meta, real)
    assert "| en | 19 | 89.5% | 42.1% | 17 | 70.6% | 100.0% |" in with_real
    assert card.startswith("# Model card: finreview-risk@9.9.9")
    for needle in ("## Test metrics (n = 10", "Dev ECE", "0.0123", "## Choice of base", "`minilm-cjk16`", "0.955",
                   "abc123", "def456", meta["rebuild_command"], "fine-tuned from `finreview-bert-base`", "0.42"):
        assert needle in card, needle
