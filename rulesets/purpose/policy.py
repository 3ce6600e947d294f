"""Loading and validating the purpose/consent policies and the data-category vocabulary."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

HERE = Path(__file__).parent
CONSENT_STATES = ("granted", "opted_out", "unknown")
Severity = Literal["blocker", "major", "minor"]


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    zh_tw: str = Field(alias="zh-TW")
    en: str
    special: bool = False


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: dict[str, Category] = Field(min_length=1)


class Allow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: list[str] = Field(min_length=1)
    products: list[str] = Field(min_length=1)
    channels: list[str] = Field(min_length=1)

    def covers(self, category: str, product: str, channel: str) -> bool:
        return category in self.categories and _matches(self.products, product) and _matches(self.channels, channel)


class PurposeRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    severity: Severity
    citation: str
    message: dict[Literal["zh-TW", "en"], str]
    channels: list[str] = Field(default_factory=lambda: ["*"])  # consent_needed: where unknown consent is not enough

    @model_validator(mode="after")
    def _both_languages(self) -> "PurposeRule":
        if set(self.message) != {"zh-TW", "en"}:
            raise ValueError("message needs zh-TW and en")
        return self


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    special_category: PurposeRule
    purpose: PurposeRule
    opted_out: PurposeRule
    consent_needed: PurposeRule | None = None


class PurposePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    jurisdiction: Literal["TW", "US", "UK"]
    version: int
    allow: list[Allow] = Field(default_factory=list)
    rules: Rules

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def allows(self, category: str, product: str, channel: str) -> bool:
        return any(entry.covers(category, product, channel) for entry in self.allow)


def _matches(allowed: list[str], value: str) -> bool:
    return "*" in allowed or value in allowed


class PolicyError(ValueError):
    """A policy or vocabulary file that does not validate (the message names the file and field)."""


def _read(path: Path, model):
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise PolicyError(f"{path.name}: not found") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise PolicyError(f"{path.name}: {exc}") from None


@functools.lru_cache(maxsize=None)
def load_categories(directory: Path = HERE) -> dict[str, Category]:
    """The data-category vocabulary (categories.yaml)."""
    return _read(directory / "categories.yaml", Vocabulary).categories


def load_purpose_policies(directory: Path = HERE) -> dict[str, PurposePolicy]:
    """Every jurisdiction's policy, checked against the vocabulary: a policy naming a category the
    vocabulary lacks would allow something no submission can declare, so it fails to load."""
    vocabulary = load_categories(directory)
    policies = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "categories.yaml":
            continue
        policy = _read(path, PurposePolicy)
        unknown = sorted({c for entry in policy.allow for c in entry.categories} - set(vocabulary))
        if unknown:
            raise PolicyError(f"{path.name}: allow names unknown categories {unknown}")
        if policy.jurisdiction in policies:
            raise PolicyError(f"{path.name}: a second policy for {policy.jurisdiction}")
        policies[policy.jurisdiction] = policy
    return policies


def purpose_fingerprints(policies: dict[str, PurposePolicy]) -> dict[str, str]:
    return {f"purpose.{j.lower()}": p.fingerprint for j, p in sorted(policies.items())}
