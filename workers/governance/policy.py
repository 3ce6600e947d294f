"""The register's policy file (workers/policy/governance.yaml)."""
from __future__ import annotations

import fnmatch
import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workers.policy_files import read_policy_yaml

DEFAULT_GOVERNANCE = Path(__file__).resolve().parent.parent / "policy" / "governance.yaml"


class Owner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: str
    owner: str = Field(min_length=1)
    risk_tier: Literal["low", "medium", "high"]


class Replay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(30, ge=1)
    limit: int = Field(2000, ge=1)


class Monitoring(BaseModel):
    model_config = ConfigDict(extra="forbid")
    override_revision_threshold: float = Field(0.5, ge=0, le=1)
    min_decided: int = Field(5, ge=1)
    refresh_seconds: float = Field(5.0, gt=0)
    window_days: int = Field(90, ge=1)
    drift_weeks: int = Field(12, ge=2)


class GovernancePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owners: list[Owner] = Field(min_length=1)
    replay: Replay = Field(default_factory=Replay)
    monitoring: Monitoring = Field(default_factory=Monitoring)

    def owner_of(self, kind: str, name: str) -> Owner:
        for entry in self.owners:
            if fnmatch.fnmatchcase(f"{kind}:{name}", entry.match):
                return entry
        return Owner(match="*", owner="unassigned", risk_tier="high")


@functools.lru_cache(maxsize=8)
def load_governance(path: Path | None = None) -> GovernancePolicy:
    """Read once per process, like the routing policy: /metrics and the governance page ask for
    it on every request."""
    path = path or DEFAULT_GOVERNANCE
    return GovernancePolicy.model_validate(read_policy_yaml(path, "governance policy"))
