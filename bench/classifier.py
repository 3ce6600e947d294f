"""Benchmark the risk classifier on this machine: throughput, single-copy latency, peak RSS.

    .venv/bin/python bench/classifier.py [--model DIR] [--threads 2] [--n 600]

Texts are distinct copies of the corpus test and dev splits (synthetic; never shared/eval). Prints:
- load time and peak RSS of this process after loading and scoring (a worker's footprint);
- median and p95 latency of predict() on single copies: scores only (what a copy that passes, or
  a batch screened without --explain, costs), and with explain (occlusion evidence when risky);
- throughput: one copy per forward pass, and batched (`scores_many`: under float ONNX, copies of one
  token length scored together, nothing padded, each row bit for bit as alone; under int8, one copy
  per pass), and predict_batch with evidence;
- with --threads 2, `scores_many` also on one thread per core, each its own share of the copies
  (how check --batch and a worker's chunk score).
--runtime picks the serving runtime (default: what the artifact declares, `auto`); torch measures
plain PyTorch, for comparison.
Targets (issue 20): predict() median <= 5 ms, batched >= 500 copies/s on 2 cores, peak RSS <= 800 MB.
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
    parser.add_argument("--runtime", choices=("auto", "onnx", "onnx-int8", "torch"), default="auto")
    args = parser.parse_args()

    started = time.perf_counter()
    from classifiers.dataset import load_items, split3
    from classifiers.model import RiskModel

    model = RiskModel.load(args.model, num_threads=args.threads, runtime=args.runtime)
    load_s = time.perf_counter() - started
    _, dev, test = split3(load_items(ROOT / "classifiers" / "data" / "corpus.jsonl"))
    texts = list(dict.fromkeys(item["text"] for item in test + dev))[: args.n]  # distinct: nothing is reused
    print(f"model {model.id}@{model.version} ({model.path}); runtime {model.runtime}"
          f"{' (' + model.runtime_note + ')' if model.runtime_note else ''}; {args.threads} threads; load {load_s:.2f}s; "
          f"RSS after load {rss_mb():.0f} MB; {len(texts)} distinct copies")

    model.label_scores(texts[:20])  # warm-up
    t = time.perf_counter()
    model.label_scores(texts)
    one_per_pass = len(texts) / (time.perf_counter() - t)
    t = time.perf_counter()
    model.scores_many(texts)
    batched = len(texts) / (time.perf_counter() - t)

    scores_only, explained = [], []
    for text in texts[:300]:
        t = time.perf_counter()
        model.predict(text, explain=False)
        scores_only.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        model.predict(text)
        explained.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    model.predict_batch(texts)
    full = len(texts) / (time.perf_counter() - t)

    def p95(xs):
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    peak = rss_mb()  # before a second model is loaded
    per_core = None
    if args.threads > 1:
        from concurrent.futures import ThreadPoolExecutor

        # A second model with one intra-op thread per call, as check --batch loads it.
        single = RiskModel.load(args.model, num_threads=1, runtime=args.runtime)
        shares = [texts[i::args.threads] for i in range(args.threads)]
        single.scores_many(texts[:20])
        with ThreadPoolExecutor(args.threads) as pool:
            t = time.perf_counter()
            list(pool.map(single.scores_many, shares))
            per_core = len(texts) / (time.perf_counter() - t)
    print(f"latency, predict() single copy:             median {statistics.median(scores_only):5.2f} ms, "
          f"p95 {p95(scores_only):5.2f} ms   (target median <= 5)")
    print(f"latency, predict(explain) single copy:      median {statistics.median(explained):5.2f} ms, "
          f"p95 {p95(explained):5.2f} ms   (evidence when risky)")
    print(f"throughput, batched (scores_many):          {batched:7.1f} copies/s   (target >= 500)")
    if per_core is not None:
        print(f"throughput, batched, one thread per core:   {per_core:7.1f} copies/s   (target >= 500)")
    print(f"throughput, one copy per forward pass:      {one_per_pass:7.1f} copies/s")
    print(f"throughput, predict_batch with evidence:    {full:7.1f} copies/s")
    if model.runtime != "torch":
        reference = RiskModel.load(args.model, num_threads=args.threads, runtime="torch")
        sample = texts[:200]
        gap = max(abs(a[k] - b[k]) for a, b in zip(model.label_scores(sample), reference.label_scores(sample))
                  for k in a)
        allowed = "1e-4" if model.runtime == "onnx" else "see the model card's serving figures"
        print(f"{model.runtime} vs torch, largest score difference over {len(sample)} copies: {gap:.1e}"
              f"   (allowed {allowed})")
    print(f"peak RSS: {peak:.0f} MB   (target <= 800)")


if __name__ == "__main__":
    main()
