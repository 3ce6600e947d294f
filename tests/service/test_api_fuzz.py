"""Schemathesis against the live API's /openapi.json, with every role's credentials: whatever the
generated request, the answer is never a 5xx, and every error is an RFC 9457 problem+json."""
from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from service.identity import ROLES
from tests.conftest import start_api

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(service_env, tmp_path_factory):
    log = tmp_path_factory.mktemp("fuzz") / "api.log"
    api, base = start_api(dict(service_env, FINREVIEW_RATE_LIMIT_PER_SECOND="0"), log, "--no-worker")
    yield schemathesis.openapi.from_url(f"{base}/openapi.json").include(path_regex="^/v1/")
    api.stop()


def _content_type(response) -> str:
    found = {k.lower(): v for k, v in response.headers.items()}.get("content-type", "")
    return (found[0] if isinstance(found, list) and found else found) or ""


def test_no_server_errors_and_every_error_is_a_problem(api_schema, api_keys):
    """Each operation under /v1/ gets generated requests, valid and invalid (Hypothesis, via
    Schemathesis's strategies);
    each request is sent once per role and once without credentials."""
    failures: list[tuple] = []
    sent = [0]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8, "the schema lost its operations"
    for operation, mode in [(op, mode) for op in operations for mode in GenerationMode]:
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise(case):
            for role in [*ROLES, None]:
                headers = {"Authorization": f"Bearer {api_keys[role]}"} if role else {}
                response = case.call(headers=headers, timeout=60)
                sent[0] += 1
                where = (role, case.method, case.formatted_path, response.status_code)
                if response.status_code >= 500:
                    failures.append((*where, response.text[:200]))
                elif response.status_code >= 400 and not _content_type(response).startswith("application/problem+json"):
                    failures.append((*where, _content_type(response)))

        try:
            exercise()
        except Unsatisfiable:
            if mode is GenerationMode.POSITIVE:
                raise
            # An operation without parameters or body has no invalid form to generate.
    assert not failures, failures[:5]
    assert sent[0] >= 7 * len(operations) * 3 // 2
    print(f"{len(operations)} operations, {sent[0]} requests")
