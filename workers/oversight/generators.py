"""The per-generator report: how the copy each AI system wrote fared. Pure: rows in, figures out."""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from audit.decisions_csv import spreadsheet_safe as safe

TOP_RULES = 5


@dataclass(frozen=True)
class GeneratorFigures:
    vendor: str
    model: str
    version: str
    items: int       # reviewed versions that declared this generator
    passed: int
    reviewed: int
    blocked: int
    decided: int     # of the routed ones, decided by an officer
    overridden: int  # of those, approved: the officer cleared what finreview held back
    top_rules: list[tuple[str, int]] = field(default_factory=list)

    def share(self, part: int) -> float:
        return part / self.items if self.items else 0.0

    @property
    def override_rate(self) -> float | None:
        return self.overridden / self.decided if self.decided else None

    def as_dict(self) -> dict[str, Any]:
        return {"generator": {"vendor": self.vendor, "model": self.model, "version": self.version},
                "items": self.items, "passed": self.passed, "reviewed": self.reviewed, "blocked": self.blocked,
                "shares": {"passed": round(self.share(self.passed), 4), "reviewed": round(self.share(self.reviewed), 4),
                           "blocked": round(self.share(self.blocked), 4)},
                "decided": self.decided, "overridden": self.overridden,
                "override_rate": None if self.override_rate is None else round(self.override_rate, 4),
                "top_rules": [{"rule_id": rule, "items": n} for rule, n in self.top_rules]}


def generator_report(rows: list[dict[str, Any]]) -> list[GeneratorFigures]:
    """``rows``: one per reviewed version with provenance, {"generator": {vendor, model, version},
    "verdict": pass|review|block, "rules": [rule ids that fired], "outcome": the officer's final
    outcome or None}. Generators with the most items first."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        g = row["generator"]
        groups[(g["vendor"], g["model"], g["version"])].append(row)
    out = []
    for (vendor, model, version), members in groups.items():
        verdicts = Counter(r["verdict"] for r in members)
        routed = [r for r in members if r["verdict"] in ("review", "block") and r["outcome"]]
        rules = Counter(rule for r in members for rule in set(r["rules"]))
        out.append(GeneratorFigures(
            vendor, model, version, len(members), verdicts["pass"], verdicts["review"], verdicts["block"],
            len(routed), sum(r["outcome"] == "approve" for r in routed),
            sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]))
    return sorted(out, key=lambda f: (-f.items, f.vendor, f.model, f.version))


def to_csv(figures: list[GeneratorFigures]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["vendor", "model", "version", "items", "passed", "reviewed", "blocked", "passed_share",
                     "reviewed_share", "blocked_share", "decided", "overridden", "override_rate", "top_rules"])
    for f in figures:
        d = f.as_dict()
        writer.writerow([safe(f.vendor), safe(f.model), safe(f.version), f.items, f.passed, f.reviewed, f.blocked,
                         d["shares"]["passed"], d["shares"]["reviewed"], d["shares"]["blocked"], f.decided,
                         f.overridden, "" if d["override_rate"] is None else d["override_rate"],
                         "; ".join(f"{rule} ({n})" for rule, n in f.top_rules)])
    return buffer.getvalue()
