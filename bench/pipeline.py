"""Full-pipeline throughput of `finreview check --batch`, in process, beside a baseline built the
way the libraries' own documentation shows, in the same run on the same copies.

    .venv/bin/python bench/pipeline.py [--copies 600] [--jobs 2]

finreview: rules (prefiltered), Presidio with our recognizers on tuned blank pipelines, the risk
classifier (ONNX Runtime) with occlusion evidence on risky copy, routing; exactly what
`finreview check --batch` runs (parse, review on one thread per core sharing one model, serialise).
Baseline: Presidio's documented set-up (AnalyzerEngine with SpacyNlpEngine and every predefined
recognizer, on plain blank spaCy pipelines with jieba for Chinese, since no trained spaCy model can
be downloaded here) plus a plain keyword scan (every phrase and pattern of every rule pack, searched one by
one with `in` and `re.search`). The baseline has no classifier, so it does less work per copy.
Copies: the corpus test split (synthetic, three quarters risky), with personal-data fragments added to
a fifth of them; then, for comparison, bench/load.py's card campaign (a third risky).
Target (issue): >= 100 copies/s on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PII = {"zh-TW": ["申請人身分證字號A123456789。", "手機0912-345-678。", "請寄至lin@example.com。"],
       "en": ["Call me on 07700 900123.", "My SSN is 078-05-1120.", "Write to jo.smith@example.com."]}
JURISDICTION = {"zh-TW": "TW", "en": "UK"}


def copies(n: int) -> list[dict]:
    from classifiers.dataset import load_items, split3

    items = split3(load_items(ROOT / "classifiers" / "data" / "corpus.jsonl"))[2]
    out = []
    for i in range(n):
        item = items[i % len(items)]
        text = item["text"] + (PII[item["language"]][i % 3] if i % 5 == 0 else "")
        out.append({"id": i, "text": text, "jurisdiction": JURISDICTION[item["language"]],
                    "product": item["product"], "channel": item["channel"], "language": item["language"]})
    return out


def campaign_copies(n: int) -> list[dict]:
    """The load benchmark's card campaign: personalised variants of three copies, a third of them
    risky. Shows how throughput depends on the share of risky copy (which gets occlusion evidence)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from load import copy as campaign_copy

    return [{"id": i, **campaign_copy(i), "language": "zh-TW"} for i in range(n)]


def run_finreview(lines: list[bytes], jobs: int = 1) -> tuple[float, dict]:
    """What `finreview check --batch [--jobs N]` runs. With one process (one review thread per core)
    the parts are loaded and warmed before the clock starts; forked processes load theirs inside the
    timed run."""
    from service.batch import Defaults
    from service.check_cmd import _components, _results, batch_threads

    defaults = Defaults(None, None, None, "auto")
    threads = batch_threads() if jobs <= 1 else 1
    components = _components() if jobs <= 1 else None
    if components is not None:
        assert not components.load_errors, components.load_errors
        list(_results(iter(lines[:10]), defaults, 1, components))  # warm-up
    verdicts: Counter = Counter()
    started = time.perf_counter()
    for result in _results(iter(lines), defaults, jobs, components, threads):
        json.dumps(result, ensure_ascii=False)
        verdicts[result.get("verdict", "error")] += 1
    return len(lines) / (time.perf_counter() - started), dict(verdicts)


def _strings(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str) and key in ("phrases", "patterns"):
        yield key, node


def run_baseline(items: list[dict]) -> float:
    """Runs in a child process: Presidio's predefined-recognizer loader picks up every imported
    EntityRecognizer subclass by name, ours included, so ours must not be imported there."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    import tempfile

    import spacy

    from rulesets.packs import load_packs

    tmp = Path(tempfile.mkdtemp(prefix="bench-blank-"))
    paths = {"en": tmp / "en", "zh": tmp / "zh"}  # plain blank pipelines, jieba for Chinese
    spacy.blank("en").to_disk(paths["en"])
    spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}).to_disk(paths["zh"])
    engine = SpacyNlpEngine(models=[{"lang_code": lang, "model_name": str(path)} for lang, path in paths.items()])
    registry = RecognizerRegistry(supported_languages=sorted(paths))
    registry.load_predefined_recognizers(languages=sorted(paths))
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=sorted(paths))
    phrases, patterns = [], []
    for pack in load_packs():
        for rule in pack.rules:
            for key, value in _strings(rule.check.model_dump()):
                if key == "phrases":
                    phrases.append(value.lower())
                else:
                    patterns.append(re.compile(value, re.IGNORECASE))

    def one(item):
        analyzer.analyze(item["text"], language="zh" if item["language"] == "zh-TW" else "en")
        lowered = item["text"].lower()
        return [p for p in phrases if p in lowered], [p for p in patterns if p.search(item["text"])]

    for item in items[:10]:
        one(item)
    started = time.perf_counter()
    for item in items:
        one(item)
    return len(items) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=1, help="also time `check --batch --jobs N`")
    parser.add_argument("--baseline-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    items = copies(args.copies)
    if args.baseline_child:
        print(run_baseline(items))
        return
    child = subprocess.run([sys.executable, __file__, "--copies", str(args.copies), "--baseline-child"],
                           capture_output=True, text=True)
    if child.returncode:
        sys.exit(f"baseline failed:\n{child.stderr[-2000:]}")
    base = float(child.stdout.strip().splitlines()[-1])
    lines = [json.dumps(item, ensure_ascii=False).encode() + b"\n" for item in items]
    parallel = run_finreview(lines, args.jobs)[0] if args.jobs > 1 else None
    ours, verdicts = run_finreview(lines)
    campaign = [json.dumps(item, ensure_ascii=False).encode() + b"\n" for item in campaign_copies(args.copies)]
    mixed, mixed_verdicts = run_finreview(campaign)
    print(f"{len(items)} copies (corpus test split, a fifth with personal data), 2 cores")
    print(f"finreview check --batch (in process): {ours:7.1f} copies/s   verdicts {verdicts}   (target >= 100)")
    print(f"  same, on bench/load.py's card campaign: {mixed:7.1f} copies/s   verdicts {mixed_verdicts}")
    if parallel:
        print(f"finreview check --batch --jobs {args.jobs} (start-up included): {parallel:7.1f} copies/s")
    print(f"baseline (Presidio defaults + keyword scan): {base:7.1f} copies/s")
    print(f"ratio finreview / baseline: {ours / base:.2f}x")


if __name__ == "__main__":
    main()
