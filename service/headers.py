"""Security headers on every response; pages add their own CSP (service/ui/web.py).

nosniff keeps a browser from reading a JSON error that echoes a field name as HTML, and
no-referrer keeps submission ids in desk URLs out of other sites' logs."""
from __future__ import annotations

HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))
FRAME = (b"content-security-policy", b"frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [pair for pair in HEADERS if pair[0] not in names]
                if FRAME[0] not in names:  # API answers and docs: never framed either
                    headers.append(FRAME)
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, with_headers)
