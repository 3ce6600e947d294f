"""The consistency report: how often officers override each rule, how well each pair of officers
agrees, and the items where they disagreed. Pure: rows in, tables out."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from audit.decisions_csv import spreadsheet_safe as safe
from workers.consistency.kappa import cohen_kappa


@dataclass(frozen=True)
class RuleOverrides:
    rule_id: str
    decided: int     # decided versions on which the rule fired
    overridden: int  # of those, approved by an officer anyway

    @property
    def rate(self) -> float:
        return self.overridden / self.decided if self.decided else 0.0


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    items: int
    agreed: int
    kappa: float | None


def rule_overrides(decided: list[dict[str, Any]]) -> list[RuleOverrides]:
    """``decided``: one row per finally decided version, {"outcome", "rules": [rule ids that fired]}."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in decided:
        for rule in set(row["rules"]):
            counts[rule][0] += 1
            counts[rule][1] += row["outcome"] == "approve"
    out = [RuleOverrides(rule, n, k) for rule, (n, k) in counts.items()]
    return sorted(out, key=lambda r: (-r.rate, -r.decided, r.rule_id))


def _latest_by_officer(judgments: list[dict[str, Any]]) -> dict[Any, dict[str, str]]:
    """version -> {officer: that officer's last outcome on it} (judgments in time order)."""
    by_item: dict[Any, dict[str, str]] = defaultdict(dict)
    for j in judgments:
        by_item[j["version_id"]][j["officer"]] = j["outcome"]
    return by_item


def pair_agreement(judgments: list[dict[str, Any]]) -> list[PairAgreement]:
    """``judgments``: {"version_id", "officer", "outcome"} in time order; kappa per officer pair."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for officers in _latest_by_officer(judgments).values():
        for a, b in combinations(sorted(officers), 2):
            pairs[(a, b)].append((officers[a], officers[b]))
    out = [PairAgreement(a, b, len(p), sum(x == y for x, y in p), cohen_kappa(p)) for (a, b), p in pairs.items()]
    return sorted(out, key=lambda p: (p.first, p.second))


def disagreements(judgments: list[dict[str, Any]], flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items two officers judged differently, and decisions made against most close precedents."""
    out = []
    for version_id, officers in _latest_by_officer(judgments).items():
        if len(set(officers.values())) > 1:
            out.append({"version_id": version_id, "kind": "officers-disagree",
                        "judgments": dict(sorted(officers.items())), "reason": None})
    for flag in flags:
        out.append({"version_id": flag["version_id"], "kind": "against-precedents",
                    "judgments": {flag["officer"]: flag["outcome"]}, "reason": flag["precedent_reason"]})
    return sorted(out, key=lambda d: (str(d["version_id"]), d["kind"]))


def to_csv(part: str, rows: list[Any], labels: dict[Any, str] | None = None,
           names: dict[str, str] | None = None) -> str:
    """One table of the report as CSV; ``labels`` names items (version id -> "submission vN") and
    ``names`` officers (actor -> user name), so a reader needs no database to know who judged."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = names or {}
    if part == "rules":
        writer.writerow(["rule_id", "decided", "overridden", "override_rate"])
        writer.writerows([r.rule_id, r.decided, r.overridden, f"{r.rate:.3f}"] for r in rows)
    elif part == "pairs":
        writer.writerow(["officer_a", "officer_b", "items", "agreed", "kappa"])
        writer.writerows([safe(names.get(p.first, p.first)), safe(names.get(p.second, p.second)), p.items, p.agreed,
                          "" if p.kappa is None else f"{p.kappa:.3f}"] for p in rows)
    else:
        writer.writerow(["item", "kind", "judgments", "reason"])
        labels = labels or {}
        writer.writerows([labels.get(d["version_id"], d["version_id"]), d["kind"],
                          safe("; ".join(f"{names.get(o, o)}={v}" for o, v in d["judgments"].items())),
                          safe(d["reason"] or "")]
                         for d in rows)
    return buf.getvalue()
