"""What a PII finding says per entity type: rule id, default severity, messages, citations.

The wording lives in ``entities.yaml`` beside this module so compliance can review it without
reading code; the routing policy may override severities later.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

ENTITIES_FILE = Path(__file__).with_name("entities.yaml")
LANGUAGES = ("zh-TW", "en")


class EntityPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_id: str
    severity: Literal["blocker", "major", "minor"]
    message: dict[str, str]
    suggestion: dict[str, str]
    citation: dict[str, str]

    @field_validator("message", "suggestion")
    @classmethod
    def _bilingual(cls, value: dict[str, str]) -> dict[str, str]:
        # Reports always carry both languages; a missing one is a file error, not a runtime gap.
        missing = [lang for lang in LANGUAGES if not value.get(lang, "").strip()]
        if missing or set(value) - set(LANGUAGES):
            raise ValueError(f"needs exactly the languages {LANGUAGES}, missing {missing}")
        return value

    @field_validator("citation")
    @classmethod
    def _has_default(cls, value: dict[str, str]) -> dict[str, str]:
        if not value.get("default", "").strip():
            raise ValueError("needs a 'default' citation")
        return value

    def cite(self, jurisdiction: str | None) -> str:
        return self.citation.get((jurisdiction or "").upper(), self.citation["default"])


class EntityPolicies(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    entities: dict[str, EntityPolicy]


def load_entity_policies(path: Path = ENTITIES_FILE) -> EntityPolicies:
    """Read and validate the file; errors name the file and the failing field."""
    try:
        return EntityPolicies.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except Exception as exc:
        raise ValueError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_entity_policies() -> EntityPolicies:
    return load_entity_policies()
