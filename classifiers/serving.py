"""Choose an artifact's serving runtime by measurement, and record why.

    python -m classifiers.serving MODEL_DIR --runtime onnx-int8 [--record]

Scores the corpus (every split) and the dev split under the float graph and under the wanted
runtime, and prints what changes: the largest and typical score moves, how many label decisions
(score >= the artifact's threshold) flip, and the dev figures (micro-F1, any-violation recall,
ECE) under each. ``--record`` writes the wanted runtime into metadata.json as
``serving_runtime``, with these figures under ``serving``; `RiskModel.load` then serves it under
FINREVIEW_MODEL_RUNTIME=auto. Re-record the real-eval figures afterwards (bench/eval_real.py
--record), since they are measured with what the artifact serves.

Adopt a runtime only if the dev figures, the calibration and the real-eval figures hold (issue 20's
bar for a faster model); this command reports the first two.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from classifiers.artifact import METADATA_FILE

CORPUS = Path(__file__).resolve().parent / "data" / "corpus.jsonl"


def compare(model_dir: Path, runtime: str, corpus: Path = CORPUS, threads: int = 2) -> dict:
    """What serving ``model_dir`` through ``runtime`` changes against the float ONNX graph."""
    from classifiers.dataset import gold_labels, load_items, split3
    from classifiers.evaluate import report
    from classifiers.labels import LABELS
    from classifiers.model import RiskModel

    base = RiskModel.load(model_dir, runtime="onnx", num_threads=threads)
    other = RiskModel.load(model_dir, runtime=runtime, num_threads=threads)
    items = load_items(corpus)
    dev = split3(items)[1]
    texts = [item["text"] for item in items]
    thresholds = np.array([base.thresholds[label] for label in LABELS])
    a = np.array([[row[label] for label in LABELS] for row in base.label_scores(texts)])
    b = np.array([[row[label] for label in LABELS] for row in other.label_scores(texts)])
    moves = np.abs(a - b)
    flipped = (a >= thresholds) != (b >= thresholds)
    dev_at = {item["id"]: i for i, item in enumerate(items)}
    gold = [gold_labels(item) for item in dev]

    def dev_figures(rows: np.ndarray) -> dict:
        found = report([dict(zip(LABELS, rows[dev_at[item["id"]]])) for item in dev], gold, base.thresholds)
        return {"micro_f1": round(found["micro"]["f1"], 4),
                "any_violation_recall": round(found["any_violation"]["recall"], 4),
                "ece_labels": round(found["calibration"]["labels"]["ece"], 4),
                "ece_risk_score": round(found["calibration"]["any_violation"]["ece"], 4)}

    return {
        "runtime": runtime,
        "compared_with": "onnx",
        "texts": len(texts),
        "largest_score_move": round(float(moves.max()), 4),
        "p99_score_move": round(float(np.percentile(moves.max(axis=1), 99)), 4),
        "median_score_move": round(float(np.median(moves.max(axis=1))), 6),
        "label_decisions_flipped": int(flipped.sum()),
        "label_decisions": int(flipped.size),
        "texts_with_a_flip": int(flipped.any(axis=1).sum()),
        "dev": {"onnx": dev_figures(a), runtime: dev_figures(b)},
        "command": f"python -m classifiers.serving {model_dir} --runtime {runtime} --record",
    }


def record(model_dir: Path, measured: dict) -> None:
    path = model_dir / METADATA_FILE
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["serving_runtime"] = measured["runtime"]
    meta["serving"] = measured
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--runtime", default="onnx-int8", choices=("onnx-int8", "onnx", "torch"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--record", action="store_true", help="write the runtime and these figures into metadata.json")
    args = parser.parse_args(argv)
    measured = compare(args.model_dir, args.runtime, args.corpus, args.threads)
    print(json.dumps(measured, indent=2))
    if args.record:
        record(args.model_dir, measured)
        print(f"recorded serving_runtime {args.runtime!r} in {args.model_dir / METADATA_FILE}")


if __name__ == "__main__":
    main()
