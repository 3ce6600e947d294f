"""The last answer to a request that failed in our code: a problem+json 500 like every other error,
and one log line that names the exception's type and where it was raised. The exception's message is
left out on purpose: messages from parsers and encoders quote the input, which may be personal data."""
from __future__ import annotations

import logging
import traceback

from service.problems import Problem, problem_response

log = logging.getLogger("finreview.errors")


class CrashMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:  # noqa: BLE001 - catching everything is this class's one job
            frames = traceback.extract_tb(exc.__traceback__)[-6:]
            log.error("unhandled_error", extra={
                "error": type(exc).__name__,
                "where": [f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in frames]})
            if not started:  # once a response has begun, the connection can only be cut
                await problem_response(Problem(500, "internal-error", "The server failed to handle this request"))(
                    scope, receive, send)
