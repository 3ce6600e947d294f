"""What the API accepts and returns. Unknown fields are rejected."""
from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

import rfc8785
from pydantic import (AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, UrlConstraints, field_validator,
                      model_validator)

from audit import canonical
from rulesets.purpose import load_categories
from workers.campaign.template import TemplateSpec

Jurisdiction = Literal["TW", "US", "UK"]
Product = Literal["credit_card", "deposit", "loan", "fund", "securities", "insurance", "crypto", "other"]
Channel = Literal["web", "email", "sms", "social", "print", "video", "push", "other"]
Language = Literal["auto", "zh-TW", "en"]


class CheckIn(BaseModel):
    """One copy and where it will run."""

    model_config = ConfigDict(extra="forbid")

    text: str
    language: Language = "auto"
    jurisdiction: Jurisdiction
    product: Product
    channel: Channel

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value


# Where the outcome is posted once decided (see README, "Webhooks"): http(s) only, with a host.
CallbackUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=2000, allowed_schemes=["http", "https"], host_required=True)]


def _known_category(value: str) -> str:
    # The message names neither the value nor the list: the vocabulary is served at
    # GET /v1/provenance/categories, and a refused value is the caller's own.
    if value not in load_categories():
        raise ValueError("unknown data category (see GET /v1/provenance/categories)")
    return value


Name = Annotated[str, Field(min_length=1, max_length=200)]


class Generator(BaseModel):
    """The system that wrote the copy."""

    model_config = ConfigDict(extra="forbid")
    vendor: Name
    model: Name
    version: Name


class Consent(BaseModel):
    """The recipient's marketing consent, and the channel it was given or refused for ("all": every one)."""

    model_config = ConfigDict(extra="forbid")
    marketing: Literal["granted", "opted_out", "unknown"]
    channel: Literal["web", "email", "sms", "social", "print", "video", "push", "other", "all"]


class Provenance(BaseModel):
    """Where an AI-written copy came from and which personal data shaped it (issue 21)."""

    model_config = ConfigDict(extra="forbid")
    generator: Generator
    prompt_id: Name | None = None
    template_id: Name | None = None
    data_categories: list[Annotated[str, AfterValidator(_known_category)]] = Field(max_length=50)
    recipient_segment: Name | None = None
    consent: Consent


class CopyIn(CheckIn):
    campaign_id: str | None = Field(None, max_length=200)
    template_id: str | None = Field(None, max_length=200)
    metadata: dict[str, Any] = Field(default_factory=dict)
    callback_url: CallbackUrl | None = None
    # A template variant: the value of each slot of the template named by template_id.
    slots: dict[str, Annotated[str, Field(max_length=2000)]] | None = Field(None, max_length=100)
    provenance: Provenance | None = None

    @field_validator("metadata")
    @classmethod
    def _metadata_is_exact_json(cls, value: dict[str, Any]) -> dict[str, Any]:
        # Metadata is sealed with the copy as canonical JSON (RFC 8785), which has no exact form for
        # integers beyond ±(2^53-1) or for NaN and the infinities: ask the same encoder. Its messages
        # quote the value, and metadata may hold personal data, so ours name neither key nor value.
        try:
            canonical.encode(value)
        except rfc8785.IntegerDomainError:
            raise ValueError("metadata holds an integer beyond ±(2^53-1), which JSON cannot carry exactly; "
                             "send it as a string") from None
        except rfc8785.CanonicalizationError:
            raise ValueError("metadata holds NaN or an infinity, which JSON cannot carry") from None
        return value

    @model_validator(mode="after")
    def _slots_need_template(self) -> "CopyIn":
        if self.slots is not None and not self.template_id:
            raise ValueError("slots are given without template_id")
        return self


class ReviewIn(CopyIn):
    # A resubmission: the new text becomes the next version of this submission.
    resubmission_of: UUID | None = None


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[CopyIn] = Field(min_length=1)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["approve", "reject", "request_changes"]
    reason_code: str = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=5000)
    # Why this decision departs from most of its close precedents; required when it does.
    precedent_reason: str | None = Field(None, min_length=1, max_length=5000)


class TemplateIn(TemplateSpec):
    """A campaign template for review: its spec, and where its variants will run."""

    language: Language = "auto"
    jurisdiction: Jurisdiction
    product: Product
    channel: Channel
    campaign_id: str | None = Field(None, max_length=200)

    def spec(self) -> TemplateSpec:
        return TemplateSpec.model_validate(self.model_dump(include=set(TemplateSpec.model_fields)))


class Accepted(BaseModel):
    id: str
    version: int
    status_url: str
    duplicate: bool = False


class BatchAccepted(BaseModel):
    count: int
    items: list[Accepted]
