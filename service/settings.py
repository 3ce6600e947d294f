"""API settings: the shared runtime configuration plus limits on what the API accepts."""
from __future__ import annotations

from pydantic import Field, field_validator

from service.identity import ROLES

from workers.config import RuntimeConfig


class Settings(RuntimeConfig):
    max_text_chars: int = Field(20_000, alias="FINREVIEW_MAX_TEXT_CHARS", ge=1)
    max_batch_items: int = Field(10_000, alias="FINREVIEW_MAX_BATCH_ITEMS", ge=1)
    # Roles that may see personal data in clear (each reveal is audited). A comma-separated list.
    unmask_roles: str = Field("senior_reviewer,admin", alias="FINREVIEW_UNMASK_ROLES")

    @field_validator("unmask_roles")
    @classmethod
    def _known_roles(cls, value: str) -> str:
        unknown = {r.strip() for r in value.split(",") if r.strip()} - set(ROLES)
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(sorted(unknown))}; choose from {', '.join(ROLES)}")
        return value

    @property
    def unmask_role_set(self) -> frozenset[str]:
        return frozenset(r.strip() for r in self.unmask_roles.split(",") if r.strip())
