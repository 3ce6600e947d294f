"""Monitoring the deciders: per rule and per model, how often they fire and how often officers
overrode them (approved what they blocked or flagged), and the weekly drift of risk scores. Pure."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rate:
    name: str        # a rule id, or a model as id@version
    fired: int       # reports in the window it fired on (for a model: raised a label)
    reports: int     # reports in the window it could have fired on
    decided: int     # of the fired ones, decided by an officer
    overridden: int  # of those, approved
    marked: bool     # override rate above the policy's threshold, on enough decisions

    @property
    def hit_rate(self) -> float:
        return self.fired / self.reports if self.reports else 0.0

    @property
    def override_rate(self) -> float | None:
        return self.overridden / self.decided if self.decided else None


def _rates(counts: dict[str, list[int]], reports: dict[str, int] | int, threshold: float,
           min_decided: int) -> list[Rate]:
    out = []
    for name, (fired, decided, overridden) in counts.items():
        total = reports if isinstance(reports, int) else reports.get(name, 0)
        marked = decided >= min_decided and overridden / decided > threshold
        out.append(Rate(name, fired, total, decided, overridden, marked))
    return sorted(out, key=lambda r: (not r.marked, -(r.override_rate or 0.0), -r.fired, r.name))


def rule_and_model_rates(rows: list[dict[str, Any]], *, threshold: float,
                         min_decided: int) -> tuple[list[Rate], list[Rate]]:
    """``rows``: one per report, {"rules": [rule ids that fired], "model": "id@version" or None,
    "classifier": whether the model raised a finding, "outcome": the officer's final outcome or None}."""
    rules: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    models: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    scored: dict[str, int] = defaultdict(int)
    for row in rows:
        decided, approved = row["outcome"] is not None, row["outcome"] == "approve"
        for rule in set(row["rules"]):
            counts = rules[rule]
            counts[0] += 1
            counts[1] += decided
            counts[2] += approved
        if row["model"]:
            scored[row["model"]] += 1
            counts = models[row["model"]]
            if row["classifier"]:
                counts[0] += 1
                counts[1] += decided
                counts[2] += approved
    return (_rates(rules, len(rows), threshold, min_decided),
            _rates(models, dict(scored), threshold, min_decided))


def weekly_drift(weeks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``weeks``: {"week", "n", "mean", "p50", "p90"} in time order; each gets ``drift``, its mean
    minus the previous week's (None for the first)."""
    out, previous = [], None
    for week in weeks:
        drift = None if previous is None or week["mean"] is None else week["mean"] - previous
        out.append({**week, "drift": None if drift is None else round(drift, 4)})
        previous = week["mean"]
    return out
