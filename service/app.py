"""The FastAPI application: wiring only."""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from psycopg_pool import PoolTimeout

from service import problems
from service.api import check, decisions, health, reviews, unmask
from service.problems import Problem, problem_response
from service.settings import Settings
from workers.celery_app import configure
from workers.components import Components, load_components
from workers.db import open_pool


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
        app.state.pool = open_pool(settings.require_database_url(), max_size=settings.db_pool_max, name="finreview-api")
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
    problems.install(app)

    @app.exception_handler(PoolTimeout)
    @app.exception_handler(psycopg.OperationalError)
    async def _database_down(_: Request, exc: Exception):
        return problem_response(Problem(503, "database-unavailable", "The database is unavailable; retry shortly",
                                        headers={"Retry-After": "5"}))

    for module in (reviews, decisions, unmask, check, health):
        app.include_router(module.router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return ("<!doctype html><title>finreview</title><h1>finreview</h1>"
                "<p>Compliance review of financial marketing copy.</p>"
                "<ul><li><a href='/docs'>API documentation</a></li><li><a href='/readyz'>Readiness</a></li></ul>")

    return app
