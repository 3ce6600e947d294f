"""Measure how often finreview stays quiet on disclosure-only copy (issue 18; target >= 98%).

bench/data/disclosures.jsonl holds risk warnings, terms, 注意事項 blocks, footnotes, fee tables, rate
footnotes, legal notices and risk lists, written for this benchmark in the formal register of real
documents (TW zh-TW, US and UK English) and kept apart from the training corpus. Small print on its
own makes no claim, so every item should come through the whole review with no finding; PII
findings are left out (a notice may quote a hotline number).

Each item is judged by the shared pipeline (workers.judge, as `finreview check --batch` and the
workers do) with its own jurisdiction and product, channel `web`. Prints the share of items with
no finding, per jurisdiction, product and kind, and the share with no rule finding (what the rules
decide while the classifier is retrained); the failures grouped by rule id and by the kind of
segment each finding stands in (its explanation.segment); then the failing items and the elapsed time.

    .venv/bin/python bench/disclosures.py [--data PATH] [--channel web] [--show N]

bench/data/tw_compliant_ads.jsonl (``--data``) holds whole compliant zh-TW ads, one per product and
channel mix: a pitch with its conditions and the warnings each product's rules require, written for
this bench (not from shared/eval, not in the training corpus). Items name their own channel.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT / "bench" / "data" / "disclosures.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def failures(report: dict) -> list[dict]:
    """The report's findings that count against a disclosure: every one but PII."""
    return [f for f in report.get("findings", []) if f.get("source") != "pii"]


def segment_of(finding: dict) -> str:
    return (finding.get("explanation") or {}).get("segment") or "unknown"


def _share_table(items: list[dict], failed: set[str], key: str) -> None:
    groups: dict[str, list[dict]] = collections.defaultdict(list)
    for item in items:
        groups[item[key]].append(item)
    print(f"{key:<14} {'items':>5} {'quiet':>7}")
    for name, members in sorted(groups.items()):
        quiet = sum(item["id"] not in failed for item in members)
        print(f"{name:<14} {len(members):>5} {quiet / len(members):>7.1%}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--channel", default="web", help="for items that name no channel of their own")
    parser.add_argument("--show", type=int, default=40, help="failing items to list (0: none)")
    args = parser.parse_args()
    items = load(args.data)

    from workers.components import load_components
    from workers.config import RuntimeConfig
    from workers.judge import judge
    from workers.pipeline import CopyContext

    started = time.perf_counter()
    components = load_components(RuntimeConfig())
    loaded = time.perf_counter()
    reports = {}
    for item in items:
        ctx = CopyContext(item["jurisdiction"], item["product"], item.get("channel", args.channel),
                          item.get("language", "auto"))
        reports[item["id"]] = judge(item["text"], ctx, components, variant=None, is_template=False)
    elapsed = time.perf_counter() - loaded

    bad = {item["id"]: failures(reports[item["id"]]) for item in items}
    failed = {rid for rid, found in bad.items() if found}
    errors = sum(bool(r.get("errors")) for r in reports.values())
    quiet = len(items) - len(failed)
    no_rule = sum(not any(f["source"] == "rule" for f in found) for found in bad.values())
    target = " (target >= 98%)" if args.data == DEFAULT_DATA else ""
    print(f"{len(items)} items of {args.data.name}: {quiet} raise no finding except PII = {quiet / len(items):.1%}"
          f"{target}; {errors} with stage errors")
    print(f"no rule finding (the classifier's findings aside): {no_rule / len(items):.1%}; "
          f"model {next((r['model'] for r in reports.values() if r.get('model')), None)}\n")
    for key in ("jurisdiction", "product", "kind"):
        _share_table(items, failed, key)

    by_rule = collections.Counter(f["rule_id"] for found in bad.values() for f in found)
    by_segment = collections.Counter(segment_of(f) for found in bad.values() for f in found)
    print("findings by rule id:")
    for rule, n in by_rule.most_common():
        print(f"  {rule:<56} {n:>3}")
    print("findings by segment kind:")
    for segment, n in by_segment.most_common():
        print(f"  {segment:<56} {n:>3}")
    if args.show and failed:
        print("\nfailing items:")
        texts = {item["id"]: item["text"] for item in items}
        for rid in sorted(failed)[: args.show]:
            for f in bad[rid]:
                print(f"  {rid:<22} {f['rule_id']:<44} [{segment_of(f)}] {texts[rid][f['start']:f['end']][:40]!r}")
    print(f"\nreviewed in {elapsed:.1f}s ({len(items) / elapsed:.0f} copies/s), components loaded in "
          f"{loaded - started:.1f}s")


if __name__ == "__main__":
    main()
