"""Request limits in front of every route: body size, JSON nesting depth, and a per-API-key rate.

A raw ASGI middleware, because the body has to be measured before FastAPI parses it: a 10 MB
line or a 100,000-deep array must be refused cheaply, not handed to json.loads. Each refusal is
an RFC 9457 problem with a stable slug, so a marketing tool can tell "too big" from "too fast".

The rate limit is a token bucket per API key, kept in this process: with several API processes
each grants the configured rate, so set it per process. Keys are held only as SHA-256 digests.
"""
from __future__ import annotations

import hashlib
import math
import re
import threading
import time
from dataclasses import dataclass

from service.problems import Problem, problem_response

JSON_TYPES = ("application/json", "application/problem+json")
# An escaped backslash, or a \u escape of a surrogate: a high one may carry its low partner.
# NUL ("\\u0000") is also refused: PostgreSQL text cannot hold it, and copy never needs it.
_SURROGATE_ESCAPE = re.compile(rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
                               rb"|\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u0000")


def has_lone_surrogate(body: bytes) -> bool:
    """True when the JSON text escapes half a surrogate pair ("\\ud800"): Python would decode it to
    a string that can be neither stored as UTF-8 nor hashed into the audit trail."""
    for match in _SURROGATE_ESCAPE.finditer(body):
        token = match.group(0)
        if token == b"\\\\":
            continue
        if token[3:4].lower() in b"89ab" and match.group(1) is None:
            return True
        if token == b"\\u0000" or (token[3:4].lower() in b"cdef" and len(token) == 6):
            return True
    return False


def json_depth(body: bytes, limit: int) -> int:
    """Deepest nesting of arrays/objects in `body` (stops counting past `limit`), ignoring strings."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # closing quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif byte in (0x5D, 0x7D) and depth:
            depth -= 1
    return deepest


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets keyed by a digest of the credential: `rate` per second, up to `burst` at once."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic):
        self.rate, self.burst, self._clock = rate, burst, clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds until a token is free."""
        return self._settle(key, take=True)

    def wait(self, key: str) -> float:
        """What take() would answer, without using a token (for counting failures only)."""
        return self._settle(key, take=False)

    def _settle(self, key: str, *, take: bool) -> float:
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) > 100_000:  # forget idle keys rather than grow without bound
                    self._buckets.clear()
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1:
                if take:
                    bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate


def _credential(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            return hashlib.sha256(value[7:].strip()).hexdigest()
    return None


class LimitsMiddleware:
    def __init__(self, app, *, max_body_bytes: int, max_json_depth: int, limiter: RateLimiter | None):
        self.app, self.max_body, self.max_depth, self.limiter = app, max_body_bytes, max_json_depth, limiter

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if self.limiter is not None and path.startswith("/v1/"):
            key = _credential(scope)
            wait = self.limiter.take(key) if key else 0.0
            if wait > 0:
                retry = max(1, math.ceil(wait))
                return await self._refuse(Problem(429, "rate-limited", "Too many requests for this API key",
                                                  detail=f"retry after {retry} s", retry_after=retry,
                                                  headers={"Retry-After": str(retry)}), scope, receive, send)
        if b"%00" in scope.get("query_string", b""):  # PostgreSQL text cannot hold NUL, nor can a form
            return await self._refuse(Problem(400, "invalid-unicode", "The query string holds a NUL (%00)"),
                                      scope, receive, send)
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers", ()))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            return await self._too_large(scope, receive, send)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body:
                return await self._too_large(scope, receive, send)
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().decode("latin-1").lower()
        if content_type in JSON_TYPES and json_depth(bytes(body), self.max_depth) > self.max_depth:
            return await self._refuse(Problem(400, "json-too-deep", "The JSON body is nested too deeply",
                                              detail=f"at most {self.max_depth} levels of arrays and objects",
                                              limit=self.max_depth), scope, receive, send)
        if content_type in JSON_TYPES and has_lone_surrogate(bytes(body)):
            return await self._refuse(Problem(400, "invalid-unicode", "The JSON body holds an unpaired surrogate or a NUL",
                                              detail="\\uD800-\\uDFFF escapes must come in high-low pairs; "
                                                     "\\u0000 is not accepted"),
                                      scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()  # the next message is the client's disconnect
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        return await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send):
        return await self._refuse(Problem(413, "body-too-large", "The request body is too large",
                                          detail=f"at most {self.max_body} bytes", limit=self.max_body),
                                  scope, receive, send)

    @staticmethod
    async def _refuse(problem: Problem, scope, receive, send):
        await problem_response(problem)(scope, receive, send)
