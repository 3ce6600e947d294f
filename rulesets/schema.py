"""The rule file schema (one YAML file per rule). Unknown keys are errors; regexes compile on load."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rulesets.checks import Check
from rulesets.exceptions import Exceptions

Severity = Literal["blocker", "major", "minor"]
Product = Literal["credit_card", "deposit", "loan", "fund", "securities", "insurance", "crypto", "other"]
Channel = Literal["web", "email", "sms", "social", "print", "video", "push", "other"]
RULE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$"  # tw.fsc.card.slogan-required


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Message(_Strict):
    zh_tw: str = Field(alias="zh-TW")
    en: str


class Suggestion(_Strict):
    zh_tw: str | None = Field(default=None, alias="zh-TW")
    en: str | None = None

    def pick(self, language: str) -> str | None:
        """The suggestion in ``language``, else in the other language."""
        return (self.en or self.zh_tw) if language == "en" else (self.zh_tw or self.en)


class Citation(_Strict):
    instrument: str
    article: str
    link: str | None = None

    def __str__(self) -> str:
        text = f"{self.instrument} {self.article}".strip()
        return f"{text} ({self.link})" if self.link else text


class Effective(_Strict):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.to is not None and self.to < self.from_:
            raise ValueError("`to` is before `from`")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day <= self.to)


class Scope(_Strict):
    jurisdictions: list[str] | None = None  # None: the pack's jurisdiction
    products: list[Literal[Product, "*"]] = Field(min_length=1)  # "*": every product
    channels: list[Literal[Channel, "*"]] = Field(min_length=1)

    def covers(self, jurisdiction: str, product: str, channel: str) -> bool:
        if self.jurisdictions is not None and jurisdiction.upper() not in {j.upper() for j in self.jurisdictions}:
            return False
        return ("*" in self.products or product in self.products) and (
            "*" in self.channels or channel in self.channels
        )


class Examples(_Strict):
    # Empty lists load, so `lint` can name the rule that lacks them instead of failing the load.
    flag: list[str] = []
    pass_: list[str] = Field(default=[], alias="pass")


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID)
    title: str
    message: Message
    severity: Severity
    citation: Citation
    effective: Effective
    scope: Scope
    check: Check
    exceptions: Exceptions = Exceptions()
    suggestion: Suggestion | None = None
    examples: Examples

    def canonical(self) -> dict:
        """The validated rule as plain JSON data (aliases, regex sources), for fingerprints."""
        return self.model_dump(mode="json", by_alias=True)
