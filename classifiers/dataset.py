"""Labelled copy on disk: loading, validation, the fixed train/dev split, the hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from classifiers.labels import LABELS, NONE

FIELDS = ("id", "text", "language", "product", "channel", "labels")
LANGUAGES = frozenset({"zh-TW", "en"})
DEV_PERCENT = 20
TEST_PERCENT = 10  # test: DEV_PERCENT <= bucket < DEV_PERCENT + TEST_PERCENT (split3 only)


class DatasetError(ValueError):
    """A line of a labelled file is malformed; the message names file and line."""


def load_items(path: Path | str) -> list[dict]:
    """Read a JSONL file of labelled copy, rejecting anything the trainer would misread."""
    path = Path(path)
    items, seen = [], set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or set(item) != set(FIELDS):
            raise DatasetError(f"{where}: fields must be exactly {', '.join(FIELDS)}")
        if item["id"] in seen:
            raise DatasetError(f"{where}: duplicate id {item['id']!r}")
        seen.add(item["id"])
        if item["language"] not in LANGUAGES:
            raise DatasetError(f"{where}: unknown language {item['language']!r}")
        labels = item["labels"]
        unknown = set(labels) - set(LABELS) - {NONE}
        if not labels or unknown or (NONE in labels and len(labels) > 1):
            raise DatasetError(f"{where}: labels must be ['none'] or known labels, got {labels!r}")
        items.append(item)
    return items


def bucket(item_id: str) -> int:
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100


def is_dev(item_id: str) -> bool:
    """Fixed split: depends on the id only, so adding items never reshuffles old ones."""
    return bucket(item_id) < DEV_PERCENT


def is_test(item_id: str) -> bool:
    return DEV_PERCENT <= bucket(item_id) < DEV_PERCENT + TEST_PERCENT


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    train = [item for item in items if not is_dev(item["id"])]
    dev = [item for item in items if is_dev(item["id"])]
    return train, dev


def split3(items: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Train / dev / test, fixed by id hash (the corpus; split() is the seed set's two-way split)."""
    dev = [item for item in items if is_dev(item["id"])]
    test = [item for item in items if is_test(item["id"])]
    train = [item for item in items if not is_dev(item["id"]) and not is_test(item["id"])]
    return train, dev, test


def gold_labels(item: dict) -> set[str]:
    return {label for label in item["labels"] if label != NONE}


def label_vector(item: dict) -> list[float]:
    gold = gold_labels(item)
    return [1.0 if label in gold else 0.0 for label in LABELS]


def file_sha256(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
