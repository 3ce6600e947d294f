"""Measure finreview on the real, labelled ad statements in ../shared/eval/ (never used for training).

Runs `finreview check --batch` over the file and prints, per language and per jurisdiction:
recall on violations (the share NOT passed), the share of compliant items passed, the same for the
rule packs alone (items with a rule finding), the false alarms on compliant items by rule and by
segment kind (claim, disclosure, whole-copy), and the rule hits. Targets count only the items that
can be judged from their text (NOT_FROM_TEXT lists those whose notes say otherwise).
Also lists any compliant zh-TW item flagged by a guarantee / no-risk rule (the disclaimer false
positive that must never happen).

    .venv/bin/python bench/eval_real.py [--eval PATH] [--channel other] [--record MODEL_DIR]

"Classifier disabled" re-routes each report with the classifier's findings and risk score removed,
with the shipped routing policy: what rules and PII detection decide on their own.
--record writes the per-language figures, both ways, to MODEL_DIR/real_eval.json; the model card
(`python -m classifiers.card MODEL_DIR`) then shows them.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "real-dev.jsonl"
GUARANTEE_HINTS = ("guarantee", "no-risk", "risk-free", "promissory")
# Items whose own notes put the violation outside the text (prominence on screen, availability at
# the time): they are measured and printed, but the targets count only items judged from text.
NOT_FROM_TEXT = {"real-en-015", "real-en-026"}


def jurisdiction(item: dict) -> str:
    """UK ASA/ASAI -> UK, US bodies -> US, Taiwan -> TW; product pages by language and address."""
    source = item.get("source") or {}
    body = (source.get("body") or "")
    url = (source.get("url_or_repo_path") or "").lower()
    if "ASA" in body or ".uk" in url or "UK" in body.split():
        return "UK"
    if any(k in body for k in ("SEC", "CFPB", "FINRA", "FTC (US)", "US ")) or body.startswith("US"):
        return "US"
    if item["language"] == "zh-TW" or "Taiwan" in body or ".tw" in url:
        return "TW"
    return "UK" if ".uk" in url else "US"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--channel", default="other")
    parser.add_argument("--record", type=Path, default=None, help="model directory to write real_eval.json into")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.eval.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps({"id": item["id"], "text": item["text"], "jurisdiction": jurisdiction(item),
                                     "product": item["product"], "channel": args.channel,
                                     "language": item["language"]}, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "service", "check", "--batch", str(src), "--out", str(out)],
                       cwd=ROOT, check=True)
        elapsed = time.perf_counter() - started
        reports = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    products = {item["id"]: item["product"] for item in items}
    print(f"{len(items)} items checked in {elapsed:.1f}s (including start-up)\n")
    _table(items, reports, key=lambda i: i["language"], title="all items")
    judged = [i for i in items if i["id"] not in NOT_FROM_TEXT]
    print(f"targets count the {len(judged)} items judged from their text ({len(items) - len(judged)} left out: "
          f"{', '.join(sorted(NOT_FROM_TEXT & {i['id'] for i in items}))})")
    full = _table(judged, reports, key=lambda i: i["language"], title="language")
    _table(judged, reports, key=jurisdiction, title="jurisdiction")
    from workers.routing import load_policy

    policy = load_policy()
    alone = _table(judged, {rid: _without_classifier(r, products[rid], policy) for rid, r in reports.items()},
                   key=lambda i: i["language"], title="no classifier")
    _rules_only(items, reports)
    _false_alarms(judged, reports)
    _rule_hits(items, reports)
    _disclaimer_false_positives(items, reports)
    if args.record:
        models = sorted({r.get("model") for r in reports.values() if r.get("model")})
        record = {"eval_file": args.eval.name, "eval_sha256": hashlib.sha256(args.eval.read_bytes()).hexdigest(),
                  "items": len(items), "channel": args.channel, "models": models,
                  "command": "bench/eval_real.py", "with_classifier": full, "classifier_disabled": alone}
        (args.record / "real_eval.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"\nrecorded in {args.record / 'real_eval.json'}")


def _without_classifier(report: dict, product: str, policy) -> dict:
    from workers.routing import route

    kept = dict(report, findings=[f for f in report.get("findings", []) if f["source"] != "classifier"],
                risk_score=0.0, errors=[e for e in report.get("errors", []) if e.get("stage") != "classifier"])
    return {"verdict": route(kept, product=product, channel="other", policy=policy).verdict}


def _table(items, reports, *, key, title: str) -> dict:
    groups = collections.defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    print(f"{title:14} {'violations':>10} {'recall':>8} {'compliant':>10} {'passed':>8}")
    figures = {}
    for name, group in sorted(groups.items()):
        bad = [i for i in group if i["label"] == "violation"]
        good = [i for i in group if i["label"] == "compliant"]
        recall = sum(reports[i["id"]].get("verdict") != "pass" for i in bad) / len(bad) if bad else float("nan")
        passed = sum(reports[i["id"]].get("verdict") == "pass" for i in good) / len(good) if good else float("nan")
        print(f"{name:14} {len(bad):>10} {recall:>8.1%} {len(good):>10} {passed:>8.1%}")
        figures[name] = {"violations": len(bad), "recall": round(recall, 6), "compliant": len(good),
                         "passed": round(passed, 6)}
    print()
    return figures


def _rules_only(items, reports) -> None:
    """The rule packs on their own, without the classifier: how many violations get a rule finding,
    and how many compliant items get one (a rule's false alarm)."""
    def ruled(item) -> bool:
        return any(f["source"] == "rule" for f in reports[item["id"]].get("findings", []))

    print(f"{'rules only':12} {'violations':>10} {'with rule':>10} {'compliant':>10} {'with rule':>10}")
    for language in sorted({i["language"] for i in items}):
        bad = [i for i in items if i["language"] == language and i["label"] == "violation"]
        good = [i for i in items if i["language"] == language and i["label"] == "compliant"]
        share = (lambda group: sum(map(ruled, group)) / len(group) if group else float("nan"))
        print(f"{language:12} {len(bad):>10} {share(bad):>10.1%} {len(good):>10} {share(good):>10.1%}")
    print()


def _false_alarms(items, reports) -> None:
    """What stops compliant copy from passing: the findings on each compliant item not passed,
    counted once per item by rule and by the kind of segment they stand in."""
    by_rule, by_segment = collections.Counter(), collections.Counter()
    stopped = collections.Counter()
    for item in items:
        report = reports[item["id"]]
        if item["label"] != "compliant" or report.get("verdict") == "pass":
            continue
        stopped[item["language"]] += 1
        findings = report.get("findings", [])
        by_rule.update({f["rule_id"] for f in findings})
        by_segment.update({(f["explanation"].get("segment") or "unknown") for f in findings})
        if not findings:
            by_rule["(no finding: " + ", ".join(e["stage"] for e in report.get("errors", [])) + ")"] += 1
    print(f"false alarms: compliant items not passed, per language {dict(stopped) or 'none'}")
    for rule, n in by_rule.most_common():
        print(f"  {rule:55} {n:>3}")
    print(f"  by segment kind: {dict(by_segment.most_common()) or 'none'}\n")


def _rule_hits(items, reports) -> None:
    hits = collections.Counter()
    label_of = {i["id"]: i["label"] for i in items}
    for rid, report in reports.items():
        for rule in {f["rule_id"] for f in report.get("findings", []) if f["source"] in ("rule", "pii")}:
            hits[(rule, label_of[rid])] += 1
    print("rule hits (on violations / on compliant items):")
    for rule in sorted({r for r, _ in hits}):
        print(f"  {rule:55} {hits[(rule, 'violation')]:>3} / {hits[(rule, 'compliant')]:>3}")
    errors = collections.Counter(e["stage"] for r in reports.values() for e in r.get("errors", []))
    print(f"\nstage errors (routed to a human): {dict(errors) or 'none'}\n")


def _disclaimer_false_positives(items, reports) -> None:
    flagged = [(i["id"], f["rule_id"]) for i in items if i["label"] == "compliant" and i["language"] == "zh-TW"
               for f in reports[i["id"]].get("findings", [])
               if f["source"] == "rule" and any(h in f["rule_id"] for h in GUARANTEE_HINTS)]
    print(f"compliant zh-TW items flagged by a guarantee/no-risk rule: {len(flagged)}")
    pii = [(i["id"], f["rule_id"]) for i in items if i["label"] == "compliant"
           for f in reports[i["id"]].get("findings", []) if f["source"] == "pii"]
    print(f"PII findings on compliant items (false positives; target 0): {len(pii)}")
    for item_id, rule in pii:
        print(f"  {item_id}: {rule}")
    for item_id, rule in flagged:
        print(f"  {item_id}: {rule}")


if __name__ == "__main__":
    main()
