"""Masking PII for excerpts, logs and the reviewer UI: ``A12*****89``, ``a**@example.com``.

Rule: never show more than half of a value's letters/digits, always hide at least one, and keep
separators so reviewers still recognise the shape (``4111-****-****-1111``).
"""
from __future__ import annotations

MASK_CHAR = "*"
# (leading, trailing) letters/digits kept per entity type, before the at-most-half rule applies.
KEEP: dict[str, tuple[int, int]] = {
    "TW_NATIONAL_ID": (3, 2),
    "CREDIT_CARD": (4, 4),  # PCI DSS 3.4 allows up to first 6 / last 4; we show fewer
    "TW_MOBILE": (3, 2),
    "TW_RESIDENT_CERTIFICATE": (3, 2),
    "TW_LANDLINE": (3, 2),
    "PHONE_NUMBER": (3, 2),
    "TW_BANK_ACCOUNT": (0, 4),
    "UK_BANK_ACCOUNT": (0, 4),
    "TW_NHI_CARD": (0, 4),
    "US_SSN": (0, 4),  # the usual ***-**-1234
    "US_ITIN": (0, 4),
    "UK_NINO": (2, 0),
    "IBAN_CODE": (4, 4),
    "PASSPORT": (0, 3),
    "TW_ADDRESS": (6, 0),  # city and district stay readable: 臺北市大安區**********
    "PERSON": (1, 0),  # the surname or first initial: 王**, J*** *****
    "DATE_OF_BIRTH": (0, 0),
}
DEFAULT_KEEP = (2, 2)


def mask(value: str, entity_type: str) -> str:
    """Return ``value`` masked for display; the result never equals a non-empty ``value``."""
    if entity_type == "EMAIL_ADDRESS" and "@" in value:
        # The domain stays visible: it tells a company mailbox from a personal one.
        local, domain = value.rsplit("@", 1)
        masked = _mask_alnum(local, 1, 0) + "@" + domain
    else:
        masked = _mask_alnum(value, *KEEP.get(entity_type, DEFAULT_KEEP))
    return masked if masked != value else MASK_CHAR * len(value)


def _mask_alnum(value: str, head: int, tail: int) -> str:
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    while head + tail > len(positions) // 2:
        if head >= tail:
            head -= 1
        else:
            tail -= 1
    hidden = set(positions[head:len(positions) - tail])
    return "".join(MASK_CHAR if i in hidden else ch for i, ch in enumerate(value))
