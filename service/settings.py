"""API settings: the shared runtime configuration plus limits on what the API accepts."""
from __future__ import annotations

from pydantic import Field

from workers.config import RuntimeConfig


class Settings(RuntimeConfig):
    max_text_chars: int = Field(20_000, alias="FINREVIEW_MAX_TEXT_CHARS", ge=1)
    max_batch_items: int = Field(10_000, alias="FINREVIEW_MAX_BATCH_ITEMS", ge=1)
