"""The closed set of check types; a rule's ``check.type`` picks one (Vale-style)."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from rulesets.checks.conditional import ConditionalCheck
from rulesets.checks.count import CountCheck
from rulesets.checks.forbidden import ForbiddenCheck
from rulesets.checks.hit import Hit
from rulesets.checks.pattern import PatternCheck
from rulesets.checks.required import RequiredCheck
from rulesets.checks.substitution import SubstitutionCheck

Check = Annotated[
    ForbiddenCheck | RequiredCheck | ConditionalCheck | SubstitutionCheck | PatternCheck | CountCheck,
    Field(discriminator="type"),
]

__all__ = [
    "Check", "ConditionalCheck", "CountCheck", "ForbiddenCheck", "Hit",
    "PatternCheck", "RequiredCheck", "SubstitutionCheck",
]
