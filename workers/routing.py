"""The routing policy: a report becomes pass, review or block. Fail closed."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from workers.policy_files import read_policy_yaml

DEFAULT_POLICY = Path(__file__).parent / "policy" / "routing.yaml"
Verdict = Literal["pass", "review", "block"]


class AutoClear(BaseModel):
    model_config = ConfigDict(extra="forbid")
    products: list[str] = Field(default_factory=lambda: ["*"])
    channels: list[str] = Field(default_factory=lambda: ["*"])


class SlaOverride(BaseModel):
    """A different time to act for some products/channels (the first matching override wins)."""
    model_config = ConfigDict(extra="forbid")
    products: list[str] = Field(default_factory=lambda: ["*"])
    channels: list[str] = Field(default_factory=lambda: ["*"])
    hours: dict[str, float]


class RoutingPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    risk_threshold: float = Field(ge=0, le=1)
    auto_clear: AutoClear = Field(default_factory=AutoClear)
    # Severity per PII entity type, overriding the detector's default (rulesets/pii/entities.yaml).
    pii_severity: dict[str, Literal["blocker", "major", "minor"]] = Field(default_factory=dict)
    priority: dict[str, int] = Field(default_factory=dict)
    sla_hours: dict[str, float] = Field(default_factory=dict)
    sla_overrides: list[SlaOverride] = Field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def pii_severity_of(self, entity_type: str | None, default: str) -> str:
        return self.pii_severity.get(entity_type or "", default)

    def sla_hours_for(self, verdict: str, product: str, channel: str) -> float | None:
        for override in self.sla_overrides:
            if _matches(override.products, product) and _matches(override.channels, channel) and verdict in override.hours:
                return override.hours[verdict]
        return self.sla_hours.get(verdict)

    def allows_auto_clear(self, product: str, channel: str) -> bool:
        return _matches(self.auto_clear.products, product) and _matches(self.auto_clear.channels, channel)


def _matches(allowed: list[str], value: str) -> bool:
    return "*" in allowed or value in allowed


def load_policy(path: Path | None = None) -> RoutingPolicy:
    path = path or DEFAULT_POLICY
    return RoutingPolicy.model_validate(read_policy_yaml(path, "routing policy"))


@dataclass(frozen=True)
class Route:
    verdict: Verdict
    reasons: tuple[str, ...]


def route(report: dict[str, Any], *, product: str, channel: str, policy: RoutingPolicy) -> Route:
    """Blockers block; anything doubtful, or any stage that failed, goes to a human."""
    findings = report["findings"]
    blockers = [f["rule_id"] for f in findings if f["severity"] == "blocker"]
    if blockers:
        return Route("block", tuple(f"blocker:{rule}" for rule in sorted(set(blockers))))
    reasons: list[str] = [f"error:{e['stage']}" for e in report["errors"]]
    if any(f["source"] == "pii" for f in findings):
        reasons.append("pii")
    reasons += sorted({f"major:{f['rule_id']}" for f in findings if f["severity"] == "major"})
    # A classifier finding means a label reached the threshold the model chose for its target recall;
    # those thresholds sit at or below risk_threshold, and clearing copy that carries one would hide it.
    reasons += sorted({f"classifier:{f['rule_id']}" for f in findings if f["source"] == "classifier"})
    risk = report.get("risk_score")
    if risk is None or risk >= policy.risk_threshold:
        reasons.append("risk" if risk is not None else "error:no-risk-score")
    if not reasons and not policy.allows_auto_clear(product, channel):
        reasons.append("policy:no-auto-clear")
    return Route("review", tuple(reasons)) if reasons else Route("pass", ())
