"""The hash chain: how an event body is built and hashed, and what the first event links to."""
from __future__ import annotations

import hashlib
from typing import Any

from audit.canonical import encode

BODY_VERSION = 1
GENESIS_HASH = "0" * 64  # prev_hash of event 1


def event_body(
    *, seq: int, event_type: str, actor: str, subject: str, time: str, payload: dict[str, Any], prev_hash: str
) -> dict[str, Any]:
    """Everything an event commits to. ``prev_hash`` inside the body is what chains it."""
    return {
        "v": BODY_VERSION,
        "seq": seq,
        "type": event_type,
        "actor": actor,
        "subject": subject,
        "time": time,
        "payload": payload,
        "prev_hash": prev_hash,
    }


def body_hash(body_bytes: bytes) -> str:
    return hashlib.sha256(body_bytes).hexdigest()


def seal(**fields: Any) -> tuple[str, str]:
    """Canonical body text and its SHA-256 hex digest."""
    raw = encode(event_body(**fields))
    return raw.decode("utf-8"), body_hash(raw)
