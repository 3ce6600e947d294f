"""What is loaded, as register entries: kind, name, fingerprint, a version label, the content a
worker can run from the register (packs and policies), and the validation evidence behind it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

KINDS = ("rule_pack", "routing_policy", "purpose_policy", "model")
# The fingerprint of a removal: a pack or purpose policy gone from the files leaves force only once
# its retirement is approved like any other change.
RETIRED = "retired"
RETIRABLE = ("rule_pack", "purpose_policy")


@dataclass(frozen=True)
class Artifact:
    kind: str
    name: str
    fingerprint: str
    label: str
    content: Any = None  # JSON a worker rebuilds the artifact from; None for a model (gated by fingerprint)
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.name

    @property
    def retires(self) -> bool:
        return self.fingerprint == RETIRED


def retirement(kind: str, name: str) -> Artifact:
    return Artifact(kind, name, RETIRED, "retired (removed from the files)", None, {})


def pack_artifact(pack) -> Artifact:
    from rulesets.testing import run_examples

    results = run_examples([pack])
    return Artifact("rule_pack", pack.name, pack.fingerprint, f"{len(pack.rules)} rules",
                    {"jurisdiction": pack.jurisdiction, "rules": [r.canonical() for r in pack.rules]},
                    {"examples": {"total": len(results), "behaving": sum(r.ok for r in results)}})


def routing_artifact(policy) -> Artifact:
    return Artifact("routing_policy", "routing", policy.fingerprint, f"version {policy.version}",
                    policy.model_dump(mode="json"), {"version": policy.version})


def purpose_artifact(jurisdiction: str, policy) -> Artifact:
    return Artifact("purpose_policy", f"purpose.{jurisdiction.lower()}", policy.fingerprint,
                    f"version {policy.version}", policy.model_dump(mode="json"), {"version": policy.version})


def model_fingerprint(model) -> str:
    """What the model's decisions depend on: the weights, tokenizer and configuration the scores
    come from, and whether they are served as int8 (not which float runtime: equal to 1e-4), then
    the metadata that turns scores into findings (thresholds, risk-score formula, evidence
    settings). metadata.json is outside the score fingerprint, so a threshold edited there would
    otherwise change verdicts without a proposal."""
    meta = model.metadata
    decisions = json.dumps({key: meta[key] for key in ("thresholds", "risk_score", "evidence")}, sort_keys=True)
    return f"{model.key.rsplit('/', 1)[-1]}.{hashlib.sha256(decisions.encode()).hexdigest()[:8]}"


def model_artifact(model) -> Artifact:
    meta = model.metadata
    evidence: dict[str, Any] = {"dev": {k: meta.get("metrics", {}).get("dev", {}).get(k) for k in ("micro", "any_violation")},
                                "calibration_ece": ((meta.get("metrics", {}).get("dev", {}).get("calibration") or {})
                                                    .get("labels", {}).get("ece")),
                                "model_card": str(model.path / "MODEL_CARD.md"),
                                "dataset_sha256": meta.get("dataset", {}).get("sha256")}
    real_eval = model.path / "real_eval.json"
    if real_eval.is_file():
        evidence["real_eval"] = json.loads(real_eval.read_text(encoding="utf-8"))
    return Artifact("model", meta["id"], model_fingerprint(model), meta["version"], None, evidence)


def inventory(components) -> list[Artifact]:
    """Every artifact the loaded components hold (a part that failed to load has none)."""
    out = [pack_artifact(p) for p in components.packs or ()]
    if "policy" not in components.load_errors:
        out.append(routing_artifact(components.policy))
    out += [purpose_artifact(j, p) for j, p in sorted((components.purpose or {}).items())]
    if components.model is not None:
        out.append(model_artifact(components.model))
    return out
