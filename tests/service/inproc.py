"""The API app in the test process (FastAPI's TestClient), sharing the session's pipeline parts."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient


@contextmanager
def in_process_api(settings, components, service_env, *, prepare=None):
    """A client of create_app(settings); the session's database and broker URLs are put in the
    environment for the length of the block, since the Celery configuration reads them there.
    `prepare(app)`, when given, runs on the app before the client starts (to add a route, say)."""
    from service.app import create_app

    patch = pytest.MonkeyPatch()
    for key in ("DATABASE_URL", "CELERY_BROKER_URL"):
        patch.setenv(key, service_env[key])
    try:
        app = create_app(settings, components=components)
        if prepare is not None:
            prepare(app)
        with TestClient(app) as client:
            yield client
    finally:
        patch.undo()
