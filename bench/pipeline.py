"""The full review beside PII scanning alone (issue 20): whole processes, the same copies, one run.

    .venv/bin/python bench/pipeline.py [--rounds 3] [--eval PATH]

Copies: the real statements of the shared eval set (FINREVIEW_EVAL_DIR or ../shared/eval,
real-dev.jsonl; left out when absent) and bench/data/disclosures.jsonl (formal small print written
for the disclosure bench), each text once: no score can come from the cache.

Each of these runs in a process of its own, `--rounds` times, in turn:
- `finreview check --batch FILE` as shipped (no --explain): its own summary line gives copies/s,
  timed after its parts are loaded;
- the same with `--explain` (occlusion evidence for every copy sent to an officer);
- the same with the classifier's stage off (FINREVIEW_MODEL_DIR at a folder with no model, so
  the stage is recorded as failed and skipped: rules and PII only);
- Presidio's AnalyzerEngine with its predefined recognizers, set up as its documentation shows, on
  blank spaCy pipelines (jieba for Chinese; no trained spaCy model can be downloaded here), timed
  after a warm-up on the same copies.

Prints each one's median copies/s, the ratios of the medians to Presidio's, and the full review's
ratio to Presidio round by round (median and lowest). Target: full review >= 1.0x.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
DISCLOSURES = ROOT / "bench" / "data" / "disclosures.jsonl"
SUMMARY = re.compile(r"([\d.]+) copies/s")


def _eval_file() -> Path:
    folder = os.environ.get("FINREVIEW_EVAL_DIR")
    return (Path(folder) if folder else ROOT.parent / "shared" / "eval") / "real-dev.jsonl"


def copies(eval_path: Path) -> list[dict]:
    from bench.eval_real import jurisdiction

    out, seen = [], set()
    if eval_path.is_file():
        for line in eval_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append({"id": item["id"], "text": item["text"], "jurisdiction": jurisdiction(item),
                            "product": item["product"], "channel": "web", "language": item["language"]})
    for line in DISCLOSURES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out.append({"id": item["id"], "text": item["text"], "jurisdiction": item["jurisdiction"],
                        "product": item["product"], "channel": "web", "language": item["language"]})
    return [c for c in out if not (c["text"] in seen or seen.add(c["text"]))]


def finreview(path: Path, *extra: str, env: dict | None = None) -> float:
    done = subprocess.run([sys.executable, "-m", "service", "check", "--batch", str(path), "--out", os.devnull, *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    found = SUMMARY.search(done.stderr)
    if done.returncode != 0 or not found:
        sys.exit(f"finreview check --batch failed:\n{done.stderr[-2000:]}")
    return float(found.group(1))


def presidio(path: Path) -> float:
    done = subprocess.run([sys.executable, __file__, "--presidio-child", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        sys.exit(f"the Presidio run failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def presidio_child(path: Path) -> None:
    """Presidio's documented set-up, in a process without our recognizers imported (its loader
    would pick them up by name)."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"en": Path(tmp) / "en", "zh": Path(tmp) / "zh"}
        spacy.blank("en").to_disk(paths["en"])
        spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}).to_disk(paths["zh"])
        engine = SpacyNlpEngine(models=[{"lang_code": lang, "model_name": str(p)} for lang, p in paths.items()])
        registry = RecognizerRegistry(supported_languages=sorted(paths))
        registry.load_predefined_recognizers(languages=sorted(paths))
        analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=sorted(paths))

        def one(item):
            analyzer.analyze(item["text"], language="zh" if item["language"] == "zh-TW" else "en")

        for item in items:  # warm-up: jieba's dictionary, regex caches
            one(item)
        started = time.perf_counter()
        for item in items:
            one(item)
        print(len(items) / (time.perf_counter() - started))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--eval", type=Path, default=None)
    parser.add_argument("--presidio-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.presidio_child:
        presidio_child(args.presidio_child)
        return
    items = copies(args.eval or _eval_file())
    no_model = Path(tempfile.mkdtemp(prefix="bench-no-model-"))
    without = {**os.environ, "FINREVIEW_MODEL_DIR": str(no_model)}
    runs: dict[str, list[float]] = {"full": [], "explain": [], "no_classifier": [], "presidio": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "copies.jsonl"
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in items), encoding="utf-8")
        for _ in range(args.rounds):
            runs["full"].append(finreview(path))
            runs["explain"].append(finreview(path, "--explain"))
            runs["no_classifier"].append(finreview(path, env=without))
            runs["presidio"].append(presidio(path))
    no_model.rmdir()
    median = {name: statistics.median(values) for name, values in runs.items()}
    zh = sum(c["language"] == "zh-TW" for c in items)
    print(f"{len(items)} distinct copies ({zh} zh-TW, {len(items) - zh} en), {args.rounds} rounds, "
          f"{len(os.sched_getaffinity(0))} cores; median copies/s (all rounds)")
    rows = [("finreview check --batch (full review)", "full"),
            ("finreview check --batch --explain", "explain"),
            ("finreview check --batch, classifier off", "no_classifier"),
            ("Presidio default analyzer alone", "presidio")]
    for label, key in rows:
        print(f"  {label:<42} {median[key]:8.1f}   {' '.join(f'{v:.0f}' for v in runs[key])}")
    base = median["presidio"]
    print(f"ratio full review / Presidio alone:        {median['full'] / base:.2f}x (target >= 1.0)")
    print(f"ratio with --explain / Presidio alone:     {median['explain'] / base:.2f}x")
    print(f"ratio classifier off / Presidio alone:     {median['no_classifier'] / base:.2f}x")
    paired = paired_ratios(runs["full"], runs["presidio"])
    print(f"full review / Presidio, round by round:    median {statistics.median(paired):.2f}x, "
          f"lowest {min(paired):.2f}x, {sum(r >= 1.0 for r in paired)} of {len(paired)} rounds >= 1.0")


def paired_ratios(ours: list[float], theirs: list[float]) -> list[float]:
    """Each round's ratio: the two runs of a round sat minutes apart at most, so a slow spell of
    this shared host weighs on both (the full review uses both cores and Presidio one, so a spell
    that takes a core from it still shows)."""
    return [a / b for a, b in zip(ours, theirs)]


if __name__ == "__main__":
    main()
