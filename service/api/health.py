"""Liveness, readiness and metrics."""
from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from service.deps import SettingsDep
from service.metrics import exposition

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    parts: dict[str, str] = {}
    try:
        with request.app.state.pool.connection(timeout=2) as conn:
            conn.execute("SELECT 1")
        parts["database"] = "ok"
    except Exception as exc:
        parts["database"] = f"failed: {type(exc).__name__}"
    loaded = request.app.state.components_if_loaded()
    parts.update(loaded.health() if loaded is not None else {"pipeline": "loading"})
    ready = parts["database"] == "ok"
    degraded = [name for name, state in parts.items() if state != "ok"]
    body = {"status": "ready" if ready and not degraded else ("degraded" if ready else "unavailable"),
            "parts": parts}
    headers = {} if ready else {"Retry-After": "5"}
    return JSONResponse(body, status_code=200 if ready else 503, headers=headers)


@router.get("/metrics")
def metrics(request: Request, settings: SettingsDep) -> Response:
    try:
        with request.app.state.pool.connection(timeout=2) as conn:
            body = exposition(conn, routing=request.app.state.policy,
                              oversight_max_age=settings.metrics_oversight_seconds)
    except Exception:  # the database gauges are missing while it is down; the rest still reports
        body = exposition(None)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
