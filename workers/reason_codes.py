"""The configurable list of decision reason codes (YAML, read by compliance)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workers.policy_files import read_policy_yaml

DEFAULT_REASON_CODES = Path(__file__).parent / "policy" / "reason_codes.yaml"
Outcome = Literal["approve", "reject", "request_changes"]


class ReasonCode(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    outcomes: list[Outcome] = Field(min_length=1)
    label: dict[Literal["zh-TW", "en"], str]


class ReasonCodes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    codes: list[ReasonCode] = Field(min_length=1)

    def allows(self, code: str, outcome: str) -> bool:
        return any(c.code == code and outcome in c.outcomes for c in self.codes)

    def for_outcome(self, outcome: str) -> list[ReasonCode]:
        return [c for c in self.codes if outcome in c.outcomes]

    def label(self, code: str, language: str) -> str:
        found = next((c for c in self.codes if c.code == code), None)
        return found.label.get(language, code) if found else code


@lru_cache(maxsize=4)
def load_reason_codes(path: Path | None = None) -> ReasonCodes:
    path = path or DEFAULT_REASON_CODES
    codes = ReasonCodes.model_validate(read_policy_yaml(path, "reason codes"))
    seen = [c.code for c in codes.codes]
    if len(seen) != len(set(seen)):
        raise ValueError(f"{path}: duplicate reason code")
    return codes
