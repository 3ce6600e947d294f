"""One API process for the desk tests (login, queue, RBAC matrix, browser), started once per session."""
from __future__ import annotations

import pytest

from tests.conftest import start_api


@pytest.fixture(scope="session")
def desk_api(service_env, tmp_path_factory):
    env = {**service_env, "FINREVIEW_LOGIN_MAX_FAILURES": "3", "FINREVIEW_LOCKOUT_SECONDS": "600",
           "FINREVIEW_CLAIM_SECONDS": "600"}
    proc, base = start_api(env, tmp_path_factory.mktemp("desk-logs") / "api.log", "--no-worker")
    yield base
    proc.stop()
