"""Retention periods per jurisdiction (and product) as compliance-owned YAML, and the date until
which a submission must be kept. Pure once loaded."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from workers.policy_files import read_policy_yaml

DEFAULT_FILE = Path(__file__).parent / "policy" / "retention.yaml"


class RetentionRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    jurisdiction: str
    products: list[str] | None = None
    years: int = Field(ge=0, le=100)
    citation: str


class RetentionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[RetentionRule]

    def matching(self, jurisdiction: str, product: str) -> list[RetentionRule]:
        return [r for r in self.rules
                if r.jurisdiction == jurisdiction and (r.products is None or product in r.products)]

    def keep_until(self, *, jurisdiction: str, product: str, since: date) -> tuple[date, RetentionRule | None]:
        """The first day the copy may be erased without an override, and the rule that set it."""
        rules = self.matching(jurisdiction, product)
        if not rules:
            return since, None
        rule = max(rules, key=lambda r: r.years)
        try:
            return since.replace(year=since.year + rule.years), rule
        except ValueError:  # 29 February in a year that has none
            return since.replace(year=since.year + rule.years, day=28), rule


def load_retention(path: Path | None = None) -> RetentionPolicy:
    path = path or DEFAULT_FILE
    data = read_policy_yaml(path, "the retention policy")
    try:
        return RetentionPolicy.model_validate(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
