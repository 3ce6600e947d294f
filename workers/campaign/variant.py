"""What the worker needs to verify one variant: its template as approved and its slot values."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workers.campaign.template import TemplateSpec


@dataclass(frozen=True)
class VariantContext:
    template_id: str
    spec: TemplateSpec
    spec_sha256: str
    # The template's jurisdiction, product and channel: a variant must run where it was approved.
    jurisdiction: str
    product: str
    channel: str
    values: dict[str, str]
    # The decision that approved the template (id, officers, time), or None while it is not approved.
    approval: dict[str, Any] | None
    # The rule ids on the template's own report when the officer approved it. A variant's rule
    # finding in the fixed text with one of these ids is covered by the approval; any other rule
    # finding is new. Empty means nothing is covered.
    approved_rules: frozenset[str] = frozenset()
