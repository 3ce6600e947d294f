"""RFC 9457 problem details: every API error has a stable machine-readable type."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

TYPE_BASE = "https://finreview.dev/problems/"
MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    def __init__(self, status: int, slug: str, title: str, detail: str | None = None, **extra: Any):
        super().__init__(title)
        self.status, self.slug, self.title, self.detail, self.extra = status, slug, title, detail, extra
        self.headers: dict[str, str] = extra.pop("headers", None) or {}


def problem_response(problem: Problem) -> JSONResponse:
    body = {"type": TYPE_BASE + problem.slug, "title": problem.title, "status": problem.status}
    if problem.detail:
        body["detail"] = problem.detail
    body.update(problem.extra)
    return JSONResponse(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=problem.headers)


def _field(loc: tuple) -> str:
    parts = [p for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return problem_response(Problem(400, "invalid-json", "The request body is not valid JSON"))
        # Never echo the submitted input back: it may contain personal data.
        fields = [{"field": _field(tuple(e.get("loc", ()))), "reason": e.get("type"), "message": e.get("msg")}
                  for e in errors]
        return problem_response(Problem(422, "validation-error", "The request is invalid",
                                        detail="; ".join(f"{f['field']}: {f['message']}" for f in fields[:5]),
                                        errors=fields))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return problem_response(Problem(exc.status_code, slug, str(exc.detail)))
