"""Benchmark the risk classifier on this machine: throughput, single-copy latency, peak RSS.

    .venv/bin/python bench/classifier.py [--model DIR] [--threads 2] [--n 600]

Texts are the corpus test split (synthetic; never shared/eval). Prints:
- load time and peak RSS of this process after loading and scoring (a worker's footprint);
- scoring throughput (label scores, one copy per forward pass as the pipeline does, so scores never
  depend on batch neighbours) and, for reference, padded batches of 32;
- median and p95 latency of predict() on single copies (scores + occlusion evidence when risky),
  and of scoring alone.
--runtime torch measures plain PyTorch, for comparison with the default ONNX Runtime path.
Targets (issue): >= 150 copies/s on 2 cores, median single-copy latency <= 15 ms, peak RSS <= 800 MB.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--runtime", choices=("auto", "onnx", "torch"), default="auto")
    args = parser.parse_args()

    started = time.perf_counter()
    from classifiers.dataset import load_items, split3
    from classifiers.model import RiskModel
    from classifiers.scoring import probabilities_together

    model = RiskModel.load(args.model, num_threads=args.threads, runtime=args.runtime)
    load_s = time.perf_counter() - started
    items = split3(load_items(ROOT / "classifiers" / "data" / "corpus.jsonl"))[2]
    texts = [item["text"] for item in items]
    texts = (texts * (args.n // len(texts) + 1))[: args.n]
    print(f"model {model.id}@{model.version} ({model.path}); runtime {model.runtime}"
          f"{' (' + model.runtime_note + ')' if model.runtime_note else ''}; {args.threads} threads; load {load_s:.2f}s; "
          f"RSS after load {rss_mb():.0f} MB")

    model.label_scores(texts[:20])  # warm-up
    t = time.perf_counter()
    model.label_scores(texts)
    scoring = len(texts) / (time.perf_counter() - t)

    t = time.perf_counter()
    for i in range(0, len(texts), 32):
        probabilities_together(model._forward, model._tokenizer, texts[i:i + 32], model.metadata["max_length"])
    padded = len(texts) / (time.perf_counter() - t)

    single, predict = [], []
    for text in texts[:300]:
        t = time.perf_counter()
        model.label_scores([text])
        single.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        model.predict(text)
        predict.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    model.predict_batch(texts)
    full = len(texts) / (time.perf_counter() - t)

    def p95(xs):
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    print(f"throughput, scoring one copy per pass:  {scoring:7.1f} copies/s   (target >= 150)")
    print(f"throughput, padded batches of 32:       {padded:7.1f} copies/s   (reference only)")
    print(f"throughput, predict_batch with evidence:{full:7.1f} copies/s")
    print(f"latency, scoring a single copy:  median {statistics.median(single):6.2f} ms, p95 {p95(single):6.2f} ms")
    print(f"latency, predict() single copy:  median {statistics.median(predict):6.2f} ms, p95 {p95(predict):6.2f} ms"
          "   (target median <= 15)")
    peak = rss_mb()  # before a second, reference model is loaded
    if model.runtime != "torch":
        reference = RiskModel.load(args.model, num_threads=args.threads, runtime="torch")
        sample = texts[:200]
        gap = max(abs(a[k] - b[k]) for a, b in zip(model.label_scores(sample), reference.label_scores(sample))
                  for k in a)
        print(f"{model.runtime} vs torch, largest score difference over {len(sample)} copies: {gap:.1e}"
              "   (allowed 0.01)")
    print(f"peak RSS: {peak:.0f} MB   (target <= 800)")


if __name__ == "__main__":
    main()
