"""What an audit event is: the fields its hash covers, the columns kept only for querying, and the
payload each event type must carry.

Hashed (the RFC 8785 body, which the chain hash and the Merkle leaf cover):
  v, seq, type, actor, subject, time, payload, prev_hash
Not hashed (derived copies, checked against the body by every verification):
  the event_type/actor/subject/occurred_at columns, hash (SHA-256 of the body) and
  leaf_hash (SHA-256 of 0x00 || body).

Content that may hold personal data never enters a payload in clear: events commit to digests of
its ciphertext (``content_sha256``), so destroying a submission's data key erases the content
while every hash in the trail stays verifiable.
"""
from __future__ import annotations

from typing import Any, Mapping

HASHED_FIELDS = ("v", "seq", "type", "actor", "subject", "time", "payload", "prev_hash")
UNHASHED_COLUMNS = ("event_type", "actor", "subject", "occurred_at", "hash", "leaf_hash")

# Keys that would put submitted content, or personal data, into the permanent trail.
FORBIDDEN_PAYLOAD_KEYS = frozenset({"text", "content", "metadata", "value", "excerpt", "email", "name"})

_REVIEW = ("report_sha256", "rulesets", "model", "findings")
REQUIRED_PAYLOAD: dict[str, tuple[str, ...]] = {
    "submitted": ("jurisdiction", "product", "channel", "content_sha256"),
    "queued": ("job_id",),
    "checked": _REVIEW,
    "routed": ("verdict",),
    "first_approval": ("reason_code", "reason", *_REVIEW),
    "decided": ("outcome", "reason_code", "reason", *_REVIEW),
    "pii_unmasked": ("finding_id",),
    "erased": ("data_key", "retention_until"),
}


class SchemaError(ValueError):
    """An event that the trail must not hold."""


def check_event(event_type: str, actor: str, subject: str, payload: Mapping[str, Any]) -> None:
    if not event_type or not actor or not subject:
        raise SchemaError("an event needs a type, an actor and a subject")
    leaked = FORBIDDEN_PAYLOAD_KEYS & set(payload)
    if leaked:
        raise SchemaError(f"{event_type} payload must not hold {', '.join(sorted(leaked))} in clear")
    missing = [k for k in REQUIRED_PAYLOAD.get(event_type, ()) if k not in payload]
    if missing:
        raise SchemaError(f"{event_type} payload lacks {', '.join(missing)}")
