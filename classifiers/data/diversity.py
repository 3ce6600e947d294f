"""How varied the corpus is, for its datasheet (issue 18): distinct n-gram ratios, the share of
template-built items, and lengths against the real dev set's. Pure, except dev_lengths(), which
reads only the `language` and the length of each dev text (the texts are never kept or printed)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

WORD = re.compile(r"[A-Za-z0-9]+(?:['.,][A-Za-z0-9]+)*|[\u3400-\u9fff]")  # a CJK character counts as a word
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
LONG = 128  # characters; the share of items longer than this is the share a short-copy corpus misses


def template_built(item: dict) -> bool:
    """Seed and generated items are assembled from fragments; `doc-*` items are whole documents."""
    return not item["id"].startswith("doc-")


def _grams(seq, n: int):
    return [tuple(seq[i:i + n]) for i in range(len(seq) - n + 1)]


def distinct_ratio(texts: list[str], n: int = 4, unit: str = "char") -> float:
    """Distinct n-grams over all n-grams (words or characters) across `texts`: 1.0 when nothing
    repeats; a corpus built from a few fragments repeats most of its n-grams."""
    total, distinct = 0, set()
    for text in texts:
        seq = WORD.findall(text.lower()) if unit == "word" else list(re.sub(r"\s+", " ", text.lower()))
        grams = _grams(seq, n)
        total += len(grams)
        distinct.update(grams)
    return len(distinct) / total if total else 0.0


def length_summary(lengths: list[int]) -> dict:
    """Quantiles, mean and share over LONG characters, of a list of text lengths."""
    if not lengths:
        return {}
    ordered = sorted(lengths)
    summary = {f"p{int(q * 100)}": ordered[int(q * (len(ordered) - 1))] for q in QUANTILES}
    summary.update(max=ordered[-1], mean=round(sum(ordered) / len(ordered), 1),
                   long=round(sum(n > LONG for n in ordered) / len(ordered), 3), n=len(ordered))
    return summary


def dev_set_path() -> Path | None:
    """The real dev set beside the repository or under $FINREVIEW_EVAL_DIR, if this machine has it."""
    folder = os.environ.get("FINREVIEW_EVAL_DIR")
    path = (Path(folder) if folder else Path(__file__).resolve().parents[3] / "shared" / "eval") / "real-dev.jsonl"
    return path if path.is_file() else None


def dev_lengths() -> dict[str, list[int]] | None:
    """Per language, the character length of each dev text; None when the dev set is not here."""
    path = dev_set_path()
    if path is None:
        return None
    out: dict[str, list[int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out.setdefault(item["language"], []).append(len(item["text"]))
    return out
