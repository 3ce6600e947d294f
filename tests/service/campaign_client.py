"""An in-process API (FastAPI TestClient over real PostgreSQL) and the worker function, for the
campaign tests: submitted items are checked by ``run_job``, the code the Celery task runs."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.service.inproc import in_process_api
from workers.runner import run_job


@pytest.fixture(scope="module")
def api(settings, components, service_env):
    with in_process_api(settings, components, service_env) as client:
        yield client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def check_all(pool, components, submission_id: str) -> list[str]:
    """Run every queued job of the submission through the worker; their verdicts."""
    with pool.connection() as conn:
        job_ids = [r[0] for r in conn.execute(
            "SELECT j.id FROM jobs j JOIN submission_versions v ON v.id = j.version_id"
            " WHERE v.submission_id = %s AND j.state = 'queued' ORDER BY j.id", (submission_id,))]
    return [run_job(pool, job_id, components=components, lease_seconds=60) for job_id in job_ids]


def desk_login(client: TestClient, name: str, password: str) -> str:
    """Log ``client`` in at the desk; the session's CSRF token."""
    from tests.service.desk import csrf_of

    page = client.get("/ui/login")
    resp = client.post("/ui/login", data={"username": name, "password": password, "csrf_token": csrf_of(page.text),
                                          "next": "/ui/queue"}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    return csrf_of(client.get("/ui/queue").text)
