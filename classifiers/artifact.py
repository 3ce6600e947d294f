"""The on-disk contract of a model artifact, and the check that refuses a broken one."""

from __future__ import annotations

import json
from pathlib import Path

from classifiers.labels import LABEL2ID, LABELS

# Bump when metadata.json changes meaning; old loaders must then refuse new artifacts.
SCHEMA_VERSION = 1
METADATA_FILE = "metadata.json"
CARD_FILE = "MODEL_CARD.md"
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
# Required: with its files missing, AutoTokenizer silently builds an empty-vocabulary
# tokenizer and every input becomes [UNK] (seen with transformers 5.24).
TOKENIZER_FILE = "tokenizer.json"
# How Prediction.risk_score is computed; the loader only knows this one.
RISK_SCORE = {
    "formula": "max",
    "definition": "max over the six violation labels of sigmoid(logit), rounded to 6 decimals",
}
REQUIRED_KEYS = frozenset({
    "schema_version", "id", "version", "label_map", "thresholds", "risk_score", "evidence",
    "max_length", "dataset", "base_model", "metrics", "libraries", "seed",
})


class IncompatibleModelError(Exception):
    """The directory is not an artifact this code can serve; callers must fail closed."""


def _load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IncompatibleModelError(f"{path}: missing") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IncompatibleModelError(f"{path}: unreadable ({exc})") from exc
    if not isinstance(data, dict):
        raise IncompatibleModelError(f"{path}: expected a JSON object")
    return data


def read_metadata(model_dir: Path) -> dict:
    """Validate an artifact directory and return its metadata, or raise IncompatibleModelError."""
    if not model_dir.is_dir():
        raise IncompatibleModelError(f"{model_dir}: not a directory")
    meta = _load_json(model_dir / METADATA_FILE)
    where = model_dir / METADATA_FILE
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IncompatibleModelError(
            f"{where}: schema_version {meta.get('schema_version')!r}, this code reads {SCHEMA_VERSION}")
    missing = sorted(REQUIRED_KEYS - set(meta))
    if missing:
        raise IncompatibleModelError(f"{where}: missing keys {', '.join(missing)}")
    if meta["label_map"] != LABEL2ID:
        raise IncompatibleModelError(f"{where}: label_map {meta['label_map']!r} differs from {LABEL2ID!r}")
    thresholds = meta["thresholds"]
    if not isinstance(thresholds, dict) or set(thresholds) != set(LABELS) or not all(
            isinstance(v, (int, float)) and 0.0 <= v <= 1.0 for v in thresholds.values()):
        raise IncompatibleModelError(f"{where}: thresholds must give each label a number in [0, 1]")
    if not isinstance(meta["risk_score"], dict) or meta["risk_score"].get("formula") != RISK_SCORE["formula"]:
        raise IncompatibleModelError(f"{where}: unknown risk_score formula {meta['risk_score']!r}")
    if not (model_dir / WEIGHTS_FILE).is_file():
        raise IncompatibleModelError(f"{model_dir}: missing weights {WEIGHTS_FILE}")
    if not (model_dir / TOKENIZER_FILE).is_file():
        raise IncompatibleModelError(f"{model_dir}: missing tokenizer {TOKENIZER_FILE}")
    config = _load_json(model_dir / CONFIG_FILE)
    # The weights' output columns must mean what metadata says they mean.
    id2label = {int(k): v for k, v in (config.get("id2label") or {}).items()}
    if id2label != {i: name for name, i in LABEL2ID.items()}:
        raise IncompatibleModelError(f"{model_dir / CONFIG_FILE}: id2label {id2label!r} does not match the label map")
    return meta
