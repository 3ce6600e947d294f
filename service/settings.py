"""API settings: the shared runtime configuration plus limits on what the API accepts."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from service.identity import ROLES

from workers.config import RuntimeConfig


class Settings(RuntimeConfig):
    max_text_chars: int = Field(20_000, alias="FINREVIEW_MAX_TEXT_CHARS", ge=1)
    max_batch_items: int = Field(10_000, alias="FINREVIEW_MAX_BATCH_ITEMS", ge=1)
    # 10,000 items of ~1,000 characters of CJK fit in 32 MiB of JSON; see service/limits.py.
    max_body_bytes: int = Field(32 * 1024 * 1024, alias="FINREVIEW_MAX_BODY_BYTES", ge=1024)
    max_json_depth: int = Field(32, alias="FINREVIEW_MAX_JSON_DEPTH", ge=4)
    # Per API key and per API process; 0 turns the limit off.
    rate_limit_per_second: float = Field(100.0, alias="FINREVIEW_RATE_LIMIT_PER_SECOND", ge=0)
    rate_limit_burst: int = Field(500, alias="FINREVIEW_RATE_LIMIT_BURST", ge=1)
    # Roles that may see personal data in clear (each reveal is audited). A comma-separated list.
    unmask_roles: str = Field("senior_reviewer,admin", alias="FINREVIEW_UNMASK_ROLES")

    # The officers' desk (web UI).
    session_hours: float = Field(8.0, alias="FINREVIEW_SESSION_HOURS", gt=0)
    login_max_failures: int = Field(5, alias="FINREVIEW_LOGIN_MAX_FAILURES", ge=1)
    lockout_seconds: int = Field(900, alias="FINREVIEW_LOCKOUT_SECONDS", ge=1)
    # Failed sign-ins allowed from one client address per lockout period, across all accounts (so
    # guessing one password against many accounts is slowed too); 0 turns it off. Officers behind one
    # office gateway share it, hence a budget well above a single account's.
    login_address_failures: int = Field(50, alias="FINREVIEW_LOGIN_ADDRESS_FAILURES", ge=0)
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto `serve` believes (comma-separated addresses or
    # networks, or "*"). Behind a proxy on another host, leave it out and every officer shares the
    # proxy's address, so one person's failed sign-ins throttle everyone's; list anything else and a
    # client can claim any address it likes.
    trusted_proxies: str = Field("127.0.0.1", alias="FINREVIEW_TRUSTED_PROXIES", min_length=1)
    claim_seconds: int = Field(1800, alias="FINREVIEW_CLAIM_SECONDS", ge=10)
    secure_cookies: bool = Field(False, alias="FINREVIEW_SECURE_COOKIES")
    reason_codes_file: Path | None = Field(None, alias="FINREVIEW_REASON_CODES_FILE")
    # How long /metrics reuses the oversight figures (per-rule and per-model rates over the
    # monitoring window, risk-score drift, overdue items); 0 computes them on every scrape.
    metrics_oversight_seconds: float = Field(60.0, alias="FINREVIEW_METRICS_OVERSIGHT_SECONDS", ge=0)

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
