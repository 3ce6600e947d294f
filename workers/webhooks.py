"""Posting decided outcomes to the submitter's callback URL, from the outbox, signed and retried.

Each delivery is claimed with ``FOR UPDATE SKIP LOCKED`` in its own transaction, so several
reconcilers never post the same row at once. The body is the exact JSON bytes that are signed:
``X-Finreview-Signature: sha256=<hex HMAC-SHA256(secret, body)>``. A 2xx answer marks the row
delivered; anything else (status, timeout, refused connection) schedules the next attempt after
an exponential backoff, and after the last allowed attempt the row is marked failed, never deleted.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime, timedelta, timezone

import httpx
from psycopg_pool import ConnectionPool

from workers.config import RuntimeConfig

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Finreview-Signature"
DELIVERY_HEADER = "X-Finreview-Delivery"
EVENT_HEADER = "X-Finreview-Event"


def body_bytes(payload: dict) -> bytes:
    # One canonical encoding, so the bytes signed are the bytes sent.
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def backoff_seconds(attempts: int, *, base: float, cap: float) -> float:
    """Wait before the next try, after ``attempts`` failed ones (1-based): base, 2*base, 4*base... capped."""
    return min(base * 2 ** (attempts - 1), cap)


def deliver_due(pool: ConnectionPool, config: RuntimeConfig, *, now: datetime | None = None,
                limit: int = 100) -> int:
    """Try every delivery due at ``now`` (default: the clock) once; returns how many were delivered.

    Without FINREVIEW_WEBHOOK_SECRET nothing is sent: an unsigned callback could be forged by
    anyone, so the rows stay pending until a secret is configured."""
    if config.webhook_secret is None:
        return 0
    secret = config.webhook_secret.get_secret_value()
    now = now or datetime.now(timezone.utc)
    delivered, tried = 0, [0]
    with httpx.Client(timeout=config.webhook_timeout_seconds, follow_redirects=False) as client, \
            pool.connection() as conn:
        for _ in range(limit):
            with conn.transaction():
                row = conn.execute(
                    "SELECT id, url, event, payload, attempts FROM webhook_deliveries"
                    " WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= %s"
                    " AND NOT (id = ANY(%s)) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                    (now, tried),
                ).fetchone()
                if row is None:
                    break
                delivery_id, url, event, payload, attempts = row
                tried.append(delivery_id)
                status, error = _post(client, url, body_bytes(payload), secret=secret, delivery_id=delivery_id,
                                      event=event)
                attempts += 1
                if status is not None and 200 <= status < 300:
                    conn.execute("UPDATE webhook_deliveries SET attempts = %s, delivered_at = %s, last_status = %s,"
                                 " last_error = NULL WHERE id = %s", (attempts, now, status, delivery_id))
                    delivered += 1
                elif attempts >= config.webhook_max_attempts:
                    log.warning("webhook delivery %d failed for good after %d attempts", delivery_id, attempts)
                    conn.execute("UPDATE webhook_deliveries SET attempts = %s, failed_at = %s, last_status = %s,"
                                 " last_error = %s WHERE id = %s", (attempts, now, status, error, delivery_id))
                else:
                    wait = backoff_seconds(attempts, base=config.webhook_backoff_seconds,
                                           cap=config.webhook_backoff_cap_seconds)
                    conn.execute("UPDATE webhook_deliveries SET attempts = %s, next_attempt_at = %s,"
                                 " last_status = %s, last_error = %s WHERE id = %s",
                                 (attempts, now + timedelta(seconds=wait), status, error, delivery_id))
    return delivered


def _post(client: httpx.Client, url: str, body: bytes, *, secret: str, delivery_id: int,
          event: str) -> tuple[int | None, str | None]:
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body),
               DELIVERY_HEADER: str(delivery_id), EVENT_HEADER: event, "User-Agent": "finreview-webhooks"}
    try:
        resp = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:  # refused, timed out, bad TLS: a failed attempt like a 5xx
        return None, type(exc).__name__
    return resp.status_code, None if resp.is_success else f"HTTP {resp.status_code}"
