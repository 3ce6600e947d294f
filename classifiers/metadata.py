"""metadata.json for a training run: everything needed to trust, compare and rebuild it.

No timestamps or host names: the same command on the same thread count writes
byte-identical metadata, so a rebuild can be checked with a plain diff.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

import safetensors
import tokenizers
import torch
import transformers

from classifiers.artifact import RISK_SCORE, SCHEMA_VERSION
from classifiers.dataset import DEV_PERCENT, TEST_PERCENT, file_sha256, gold_labels
from classifiers.evaluate import report, thresholds_for_recall
from classifiers.labels import LABEL2ID, LABELS
from classifiers.scoring import DECIMALS, probabilities

THRESHOLD = 0.5  # one cut-off for every label until dev data is large enough to tune them
# Occlusion evidence is only worth its extra forward passes on copy that is already risky.
EVIDENCE = {"min_risk": THRESHOLD, "max_segments": 8, "top_k": 3}


def _rounded(value):
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _rows(model, tokenizer, items: list[dict], max_length: int) -> list[dict]:
    probs = probabilities(model, tokenizer, [item["text"] for item in items], max_length)
    return [dict(zip(LABELS, row)) for row in probs]


def _metrics(rows: list[dict], items: list[dict], thresholds: dict, target_recall=None, *, bins=True) -> dict:
    out = report(rows, [gold_labels(item) for item in items], thresholds, target_recall)
    if not bins:  # the train split's reliability table is noise in metadata
        out["calibration"] = {k: {"ece": v["ece"], "n": v["n"]} for k, v in out["calibration"].items()}
    return _rounded(out)


def _by_language(rows, items, thresholds) -> dict:
    out = {}
    for lang in sorted({item["language"] for item in items}):
        idx = [i for i, item in enumerate(items) if item["language"] == lang]
        m = _metrics([rows[i] for i in idx], [items[i] for i in idx], thresholds, bins=False)
        out[lang] = {"n": m["n"], "micro": m["micro"], "macro": m["macro"], "any_violation": m["any_violation"],
                     "ece": m["calibration"]["labels"]["ece"]}
    return out


def base_fingerprint(base: Path | None) -> dict:
    """A local directory has no hub revision, so its content hash stands in for one."""
    if base is None:
        return {"name": "scratch", "revision": None}
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(base).iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return {"name": Path(base).name, "path": str(base), "revision": "sha256:" + digest.hexdigest()}


def build_metadata(config, model, tokenizer, items, train_items, dev_items, final_loss: float, command: str,
                   *, test_items: list[dict] | None = None, seconds: float | None = None,
                   thresholds: dict[str, float] | None = None) -> dict:
    """``thresholds``: chosen by the caller (a distilled student's, matched to its teacher)."""
    test_items = test_items or []
    dev_rows = _rows(model, tokenizer, dev_items, config.max_length)
    target = getattr(config, "target_recall", None)
    if thresholds is None and target and dev_items:
        # Thresholds are chosen on dev only; test then measures them honestly.
        # Capped at THRESHOLD: on easy synthetic dev every label reaches the recall target at ~0.95, and a
        # cut-off that strict would hide real violations the model is less sure about.
        thresholds = thresholds_for_recall(dev_rows, [gold_labels(i) for i in dev_items], LABELS, target,
                                           ceiling=THRESHOLD)
    elif thresholds is None:
        thresholds = {label: THRESHOLD for label in LABELS}
    metrics = {"dev": _metrics(dev_rows, dev_items, thresholds, target),
               "dev_by_language": _by_language(dev_rows, dev_items, thresholds)}
    if test_items:
        test_rows = _rows(model, tokenizer, test_items, config.max_length)
        metrics["test"] = _metrics(test_rows, test_items, thresholds, target)
        metrics["test_by_language"] = _by_language(test_rows, test_items, thresholds)
    metrics["train"] = _metrics(_rows(model, tokenizer, train_items, config.max_length), train_items, thresholds,
                                bins=False)
    cfg = model.config
    return {
        "schema_version": SCHEMA_VERSION,
        "id": config.model_id,
        "version": config.version,
        "label_map": dict(LABEL2ID),
        "thresholds": thresholds,
        "risk_score": dict(RISK_SCORE),
        "evidence": {**EVIDENCE, "min_risk": min(thresholds.values())},
        "max_length": config.max_length,
        "dataset": {"path": str(config.data), "sha256": file_sha256(config.data), "items": len(items),
                    "train": len(train_items), "dev": len(dev_items), "test": len(test_items), "limit": config.limit,
                    "split": f"bucket = int(sha256(id)[:4 bytes]) % 100; dev when bucket < {DEV_PERCENT}, "
                             f"test when {DEV_PERCENT} <= bucket < {DEV_PERCENT + TEST_PERCENT}, train otherwise",
                    "decisions": (None if not getattr(config, "include_decisions", None) else
                                  {"path": str(config.include_decisions),
                                   "sha256": file_sha256(config.include_decisions)})},
        "base_model": base_fingerprint(config.base or getattr(config, "teacher", None)),
        "distillation": (None if not getattr(config, "teacher", None) else
                         {"teacher": base_fingerprint(config.teacher), "kept_layers": config.keep_layers,
                          "thresholds": "per label, those whose decisions agree most with the teacher's on every "
                                        + ("corpus text" if _document_weight(config) is not None
                                           else "corpus text and document") + " (distill.matched_thresholds)",
                          "loss": "MSE to the teacher's logits"
                                  + (f" + {_hard_weight(config)} x BCE to the gold labels" if _hard_weight(config) else "")
                                  + (f"; documents: {_document_weight(config)} x BCE to their gold labels only"
                                     if _document_weight(config) is not None else ""),
                          "documents": bool(config.documents), "unlabelled_texts": config.unlabelled,
                          "document_weight": _document_weight(config),
                          "teacher_rebuild_command": _teacher_rebuild(config.teacher)}),
        "architecture": {"model_type": cfg.model_type, "layers": cfg.num_hidden_layers,
                         "hidden_size": cfg.hidden_size, "heads": cfg.num_attention_heads,
                         "intermediate_size": cfg.intermediate_size, "vocab_size": cfg.vocab_size,
                         "parameters": sum(p.numel() for p in model.parameters())},
        "training": {"epochs": config.epochs, "batch_size": config.batch_size, "learning_rate": config.lr,
                     "optimizer": "AdamW(weight_decay=0.01), linear schedule, 10% warmup, clip 1.0",
                     "dropout": config.dropout, "augmentation": f"sentence-order shuffle, p={config.shuffle}"
                     + (f"; tokens replaced by [UNK], p={config.unk}" if getattr(config, "unk", 0.0) else ""),
                     "threads": config.threads, "device": getattr(config, "device", "cpu"),
                     "target_recall": target,
                     "final_batch_loss": round(final_loss, DECIMALS)},
        "metrics": metrics,
        "libraries": {"python": platform.python_version(), "torch": torch.__version__,
                      "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
                      "safetensors": safetensors.__version__},
        "seed": config.seed,
        "base_comparison": (json.loads(Path(config.comparison).read_text(encoding="utf-8"))
                            if getattr(config, "comparison", None) else None),
        "rebuild_command": command,
    }


def _teacher_rebuild(teacher) -> str | None:
    """How the teacher itself was built, from its metadata, so the student's rebuild starts from scratch."""
    path = Path(teacher) / "metadata.json"
    return json.loads(path.read_text(encoding="utf-8")).get("rebuild_command") if path.is_file() else None


def _document_weight(config) -> float | None:
    return getattr(config, "document_weight", None)


def _hard_weight(config) -> float:
    from classifiers.distill import hard_weight_of

    return hard_weight_of(config)


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
