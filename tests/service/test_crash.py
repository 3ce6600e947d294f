"""An unexpected exception in a route is a problem+json 500 with the usual headers and request id,
and its log line names the exception's type and place but not its message (which may quote input)."""
from __future__ import annotations

import logging

import pytest

from tests.service.inproc import in_process_api

SEEDED = "A123456789 lin@example.com"


@pytest.fixture
def crashing_client(settings, components, service_env):
    def explode() -> None:  # stands for any bug that lets an exception escape a route
        raise ValueError(f"cannot encode {SEEDED}")

    with in_process_api(settings, components, service_env,
                        prepare=lambda app: app.add_api_route("/v1/explode", explode, methods=["GET"])) as client:
        yield client


def test_an_escaped_exception_is_a_problem_500_with_headers_and_a_safe_log_line(crashing_client, caplog):
    with caplog.at_level(logging.ERROR, logger="finreview.errors"):
        resp = crashing_client.get("/v1/explode", headers={"X-Request-ID": "crash-1"})
    assert resp.status_code == 500
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["type"].endswith("/internal-error") and SEEDED not in resp.text
    assert resp.headers["x-request-id"] == "crash-1" and resp.headers["x-content-type-options"] == "nosniff"
    [record] = [r for r in caplog.records if r.getMessage() == "unhandled_error"]
    assert record.error == "ValueError" and any("explode" in where for where in record.where)
    assert SEEDED not in caplog.text
