"""The FastAPI application: wiring only."""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from psycopg_pool import PoolTimeout

from service import problems
from service.api import audit, check, claims, decisions, health, provenance, reviews, templates, unmask
from service.headers import SecurityHeadersMiddleware
from service.crash import CrashMiddleware
from service.limits import LimitsMiddleware, RateLimiter
from service.request_ids import RequestIdMiddleware
from service.problems import Problem, problem_response
from service.settings import Settings
from service.ui import clusters, consistency, desk, generators, governance, login
from service.ui.web import LoginRequired, WebError, current_session, render
from workers.celery_app import configure
from workers.components import Components, load_components
from workers.db import API_IDLE_IN_TRANSACTION_SECONDS, open_pool
from workers.reason_codes import load_reason_codes
from workers.routing import load_policy


class LazyComponents:
    """Builds the pipeline's parts in the background at start-up (Presidio and the model take
    seconds), so the API answers health checks at once and /v1/check waits only if it must."""

    def __init__(self, settings: Settings, ready: Components | None = None):
        self._settings = settings
        self._ready = threading.Event()
        self._value: Components | None = ready
        if ready is not None:
            self._ready.set()
        else:
            threading.Thread(target=self._load, name="components-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            self._value = load_components(self._settings)
        finally:
            self._ready.set()

    def __call__(self) -> Components:
        self._ready.wait()
        return self._value  # type: ignore[return-value]

    def if_loaded(self) -> Components | None:
        return self._value if self._ready.is_set() else None


def create_app(settings: Settings | None = None, *, components: Components | None = None) -> FastAPI:
    """The app; pass already built ``components`` to share them (tests, the demo loader)."""
    settings = settings or Settings()

    components_ready = components

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        configure(settings)
        app.state.pool = open_pool(settings.require_database_url(), max_size=settings.db_pool_max, name="finreview-api",
                                   idle_in_transaction_seconds=API_IDLE_IN_TRANSACTION_SECONDS)
        lazy = LazyComponents(settings, components_ready)
        app.state.components = lazy
        app.state.components_if_loaded = lazy.if_loaded
        try:
            yield
        finally:
            app.state.pool.close()

    app = FastAPI(title="finreview", version="0.1.0", lifespan=lifespan,
                  description="Compliance review of financial marketing copy.")
    app.state.settings = settings
    app.state.policy = load_policy(settings.policy_file)
    app.state.reason_codes = load_reason_codes(settings.reason_codes_file)
    problems.install(app)
    limiter = (RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)
               if settings.rate_limit_per_second > 0 else None)
    # Failed desk sign-ins per client address: the per-account lockout alone lets one address try a
    # password against every account.
    app.state.login_throttle = (RateLimiter(settings.login_address_failures / settings.lockout_seconds,
                                            settings.login_address_failures)
                                if settings.login_address_failures > 0 else None)
    app.add_middleware(CrashMiddleware)  # innermost of ours: its 500 still gets headers, an id and a log line
    app.add_middleware(LimitsMiddleware, max_body_bytes=settings.max_body_bytes,
                       max_json_depth=settings.max_json_depth, limiter=limiter)
    app.add_middleware(SecurityHeadersMiddleware)  # added after the limits, so it wraps their refusals too
    app.add_middleware(RequestIdMiddleware)  # outermost: every answer, refusals included, has an id and a log line

    @app.exception_handler(LoginRequired)
    async def _login_required(_: Request, exc: LoginRequired):
        return RedirectResponse(f"/ui/login?next={exc.next_path}", status_code=303)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError):
        try:  # with the session when there is one, so the page still offers "log out"
            session = current_session(request)
        except LoginRequired:
            session = None
        return render(request, "error.html", status=exc.status, slug=exc.slug, session=session)

    @app.exception_handler(PoolTimeout)
    @app.exception_handler(psycopg.OperationalError)
    async def _database_down(_: Request, exc: Exception):
        return problem_response(Problem(503, "database-unavailable", "The database is unavailable; retry shortly",
                                        headers={"Retry-After": "5"}))

    for module in (reviews, templates, claims, decisions, unmask, audit, check, health, provenance, login, desk, clusters, consistency,
                   generators, governance):
        app.include_router(module.router)
    app.mount("/ui/static", StaticFiles(directory=desk.STATIC_DIR), name="ui-static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return ("<!doctype html><title>finreview</title><h1>finreview</h1>"
                "<p>Compliance review of financial marketing copy.</p>"
                "<ul><li><a href='/ui/queue'>Compliance desk</a></li><li><a href='/docs'>API documentation</a></li><li><a href='/readyz'>Readiness</a></li></ul>")

    return app
