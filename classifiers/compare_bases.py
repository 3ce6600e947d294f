"""Fine-tune each candidate base with the same recipe and print their dev results side by side.

    python -m classifiers.compare_bases --bases build/bases/finreview-bert build/bases/minilm-cjk \
        --out build/compare [--epochs 8] [--device cuda] [--lr 1e-4 ...]

Writes build/compare/<base>-lr<lr>/ (a full artifact each) and build/compare/comparison.json.
The choice of the default base is by dev macro-F1, then dev ECE (see MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from classifiers.train import TrainConfig, train

CORPUS = Path(__file__).resolve().parent / "data" / "corpus.jsonl"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=Path, nargs="+", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, nargs="+", default=[1e-4])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    rows = []
    for base in args.bases:
        for lr in args.lr:
            out = args.out / f"{base.name}-lr{lr:g}"
            started = time.perf_counter()
            train(TrainConfig(data=CORPUS, out=out, base=base, epochs=args.epochs, batch_size=args.batch_size,
                              learning_rate=lr, device=args.device, threads=args.threads, target_recall=0.9,
                              limit=args.limit))
            meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
            dev = meta["metrics"]["dev"]
            rows.append({"base": base.name, "lr": lr, "epochs": args.epochs, "device": args.device,
                         "seconds": round(time.perf_counter() - started, 1),
                         "parameters": meta["architecture"]["parameters"],
                         "dev_macro_f1": dev["macro"]["f1"], "dev_micro_f1": dev["micro"]["f1"],
                         "dev_any_violation_f1": dev["any_violation"]["f1"],
                         "dev_ece": dev["calibration"]["labels"]["ece"],
                         "dev_by_language": meta["metrics"]["dev_by_language"],
                         "test_macro_f1": meta["metrics"].get("test", {}).get("macro", {}).get("f1")})
            print(json.dumps(rows[-1]), flush=True)
            (args.out / "comparison.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
