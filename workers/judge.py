"""Judging one copy the way the live path does: a template variant against its approved template,
a template held for an officer's approval, any other copy by the plain pipeline. The worker and
`rules replay` both call `judge`, so a replay never reports a change that is only a difference
between two ways of judging."""
from __future__ import annotations

from typing import Any

from workers.campaign.limits import load_limits
from workers.campaign.variant import VariantContext
from workers.campaign.variant_review import hold_for_approval, review_variant
from workers.components import Components
from workers.pipeline import CopyContext, review


def judge(text: str, ctx: CopyContext, components: Components, *, variant: VariantContext | None,
          is_template: bool) -> dict[str, Any]:
    if variant is not None:
        report = review_variant(text, ctx, components, variant, load_limits())
    else:
        report = review(text, ctx, components)
    return hold_for_approval(report, ctx, components) if is_template else report
