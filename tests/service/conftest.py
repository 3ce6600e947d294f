"""One API process for the desk tests (login, queue, RBAC matrix, browser), started once per session;
and the in-process API client with a submitter's credentials that the API tests share."""
from __future__ import annotations

import pytest

from tests.conftest import start_api
from tests.service.inproc import in_process_api


@pytest.fixture(scope="session")
def desk_api(service_env, tmp_path_factory):
    env = {**service_env, "FINREVIEW_LOGIN_MAX_FAILURES": "3", "FINREVIEW_LOCKOUT_SECONDS": "600",
           "FINREVIEW_CLAIM_SECONDS": "600"}
    proc, base = start_api(env, tmp_path_factory.mktemp("desk-logs") / "api.log", "--no-worker")
    yield base
    proc.stop()


@pytest.fixture(scope="module")
def client(settings, components, service_env):
    """The API in the test process, one per test module (a module may define its own, e.g. with tighter limits)."""
    with in_process_api(settings, components, service_env) as c:
        yield c


@pytest.fixture
def submitter(api_keys):
    return {"Authorization": f"Bearer {api_keys['submitter']}"}
