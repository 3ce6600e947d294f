"""Delivery limits per channel (SMS segment count, social platforms' truncation points), read
from a policy file that compliance owns, like the routing policy."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from workers.policy_files import read_policy_yaml

DEFAULT_LIMITS = Path(__file__).resolve().parent.parent / "policy" / "channel_limits.yaml"


class SmsLimits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_segments: int = Field(ge=1, le=20)


class SocialLimits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Characters shown before "see more"; a platform not listed takes "default".
    truncate_at: dict[str, int] = Field(min_length=1)

    def for_platform(self, platform: str | None) -> int:
        return self.truncate_at.get(platform or "default", self.truncate_at.get("default", min(self.truncate_at.values())))


class ChannelLimits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    sms: SmsLimits
    social: SocialLimits


@lru_cache(maxsize=4)
def load_limits(path: Path = DEFAULT_LIMITS) -> ChannelLimits:
    return ChannelLimits.model_validate(read_policy_yaml(path, "channel limits"))
