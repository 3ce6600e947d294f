"""A request id per HTTP request: taken from X-Request-ID when the caller sends a sane one, else
made here; bound into the log context and echoed back, and one access log line per request
(method, route path, status, duration; no client address, no query string)."""
from __future__ import annotations

import logging
import re
import time
import uuid

import structlog

HEADER = b"x-request-id"
_SANE = re.compile(rb"^[A-Za-z0-9._:-]{1,64}$")
log = logging.getLogger("finreview.access")


class RequestIdMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = dict(scope.get("headers", ())).get(HEADER, b"")
        request_id = given.decode() if _SANE.match(given) else uuid.uuid4().hex
        status = [500]
        started = time.perf_counter()

        async def tagged(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (HEADER, request_id.encode())]}
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, tagged)
            finally:
                log.info("request", extra={"method": scope.get("method"), "path": scope.get("path"),
                                           "status": status[0],
                                           "ms": round((time.perf_counter() - started) * 1000, 1)})
