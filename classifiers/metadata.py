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
from classifiers.dataset import DEV_PERCENT, file_sha256, gold_labels
from classifiers.evaluate import evaluate
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


def _metrics(model, tokenizer, items: list[dict], max_length: int, thresholds: dict) -> dict:
    probs = probabilities(model, tokenizer, [item["text"] for item in items], max_length)
    rows = [dict(zip(LABELS, row)) for row in probs]
    return _rounded(evaluate(rows, [gold_labels(item) for item in items], thresholds))


def base_fingerprint(base: Path | None) -> dict:
    """A local directory has no hub revision, so its content hash stands in for one."""
    if base is None:
        return {"name": "scratch", "revision": None}
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(base).iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return {"name": Path(base).name, "path": str(base), "revision": "sha256:" + digest.hexdigest()}


def build_metadata(config, model, tokenizer, items, train_items, dev_items, final_loss: float, command: str) -> dict:
    thresholds = {label: THRESHOLD for label in LABELS}
    cfg = model.config
    return {
        "schema_version": SCHEMA_VERSION,
        "id": config.model_id,
        "version": config.version,
        "label_map": dict(LABEL2ID),
        "thresholds": thresholds,
        "risk_score": dict(RISK_SCORE),
        "evidence": dict(EVIDENCE),
        "max_length": config.max_length,
        "dataset": {"path": str(config.data), "sha256": file_sha256(config.data), "items": len(items),
                    "train": len(train_items), "dev": len(dev_items), "limit": config.limit,
                    "split": f"dev when int(sha256(id)[:4 bytes]) % 100 < {DEV_PERCENT}"},
        "base_model": base_fingerprint(config.base),
        "architecture": {"model_type": cfg.model_type, "layers": cfg.num_hidden_layers,
                         "hidden_size": cfg.hidden_size, "heads": cfg.num_attention_heads,
                         "intermediate_size": cfg.intermediate_size, "vocab_size": cfg.vocab_size,
                         "parameters": sum(p.numel() for p in model.parameters())},
        "training": {"epochs": config.epochs, "batch_size": config.batch_size, "learning_rate": config.lr,
                     "optimizer": "AdamW(weight_decay=0.01), linear schedule, 10% warmup, clip 1.0",
                     "dropout": config.dropout, "augmentation": f"sentence-order shuffle, p={config.shuffle}",
                     "threads": config.threads, "final_batch_loss": round(final_loss, DECIMALS)},
        "metrics": {"dev": _metrics(model, tokenizer, dev_items, config.max_length, thresholds),
                    "train": _metrics(model, tokenizer, train_items, config.max_length, thresholds)},
        "libraries": {"python": platform.python_version(), "torch": torch.__version__,
                      "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
                      "safetensors": safetensors.__version__},
        "seed": config.seed,
        "rebuild_command": command,
    }


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
