"""Authorisation on every endpoint and page, for every role and for an anonymous caller, against a
real API process. The table must name every route the app has: a new endpoint without a row fails."""
from __future__ import annotations

import httpx
import pytest

from service.app import create_app
from service.identity import ROLES
from service.settings import Settings
from tests.service.desk import logged_in, make_user

pytestmark = pytest.mark.slow

ANY = "public"
OFFICERS = {"reviewer", "senior_reviewer", "admin"}
UNMASKERS = {"senior_reviewer", "admin"}  # FINREVIEW_UNMASK_ROLES default
AUDITORS = {"auditor", "admin"}
NIL = "00000000-0000-0000-0000-000000000000"

# (method, path) -> roles allowed (admin is always allowed), or ANY for public routes.
MATRIX: dict[tuple[str, str], object] = {
    ("GET", "/openapi.json"): ANY, ("GET", "/docs"): ANY, ("GET", "/docs/oauth2-redirect"): ANY, ("GET", "/redoc"): ANY,
    ("GET", "/healthz"): ANY, ("GET", "/readyz"): ANY, ("GET", "/metrics"): ANY, ("GET", "/"): ANY,
    ("GET", "/ui/login"): ANY, ("POST", "/ui/login"): ANY, ("GET", "/ui/language"): ANY,
    ("POST", "/v1/reviews"): {"submitter", "admin"},
    ("POST", "/v1/reviews/batch"): {"submitter", "admin"},
    ("GET", "/v1/reviews/{submission_id}"): {"submitter", "reviewer", "senior_reviewer", "auditor", "admin"},
    ("GET", "/v1/reviews"): {"submitter", "reviewer", "senior_reviewer", "auditor", "admin"},
    ("POST", "/v1/reviews/{submission_id}/claim"): OFFICERS,
    ("POST", "/v1/reviews/{submission_id}/release"): OFFICERS,
    ("POST", "/v1/reviews/{submission_id}/decision"): OFFICERS,
    ("POST", "/v1/reviews/{submission_id}/versions/{version}/unmask"): UNMASKERS,
    ("POST", "/v1/check"): {"submitter", "reviewer", "senior_reviewer", "admin"},
    ("GET", "/v1/audit/checkpoints"): AUDITORS,
    ("GET", "/v1/audit/checkpoints/latest"): AUDITORS,
    ("POST", "/v1/audit/exports"): AUDITORS,
    ("GET", "/v1/audit/exports/{export_id}"): AUDITORS,
    ("GET", "/ui/queue"): OFFICERS,
    ("GET", "/ui/items/{submission_id}"): OFFICERS,
    ("POST", "/ui/items/{submission_id}/claim"): OFFICERS,
    ("POST", "/ui/items/{submission_id}/release"): OFFICERS,
    ("POST", "/ui/items/{submission_id}/decision"): OFFICERS,
    ("POST", "/ui/items/{submission_id}/unmask"): UNMASKERS,
    ("POST", "/v1/templates"): {"submitter", "admin"},
    ("GET", "/v1/templates/{template_id}"): {"submitter", "reviewer", "senior_reviewer", "auditor", "admin"},
    ("GET", "/ui/clusters"): OFFICERS,
    ("POST", "/ui/clusters"): OFFICERS,
    ("GET", "/ui/clusters/{cluster_id}"): OFFICERS,
    ("POST", "/ui/clusters/{cluster_id}/decision"): OFFICERS,
    ("GET", "/ui/consistency"): OFFICERS,
    ("GET", "/ui/consistency.csv"): OFFICERS,
    ("GET", "/v1/provenance/categories"): {"submitter", "reviewer", "senior_reviewer", "auditor", "admin"},
    ("GET", "/v1/reports/generators"): {"reviewer", "senior_reviewer", "auditor", "admin"},
    ("GET", "/ui/generators"): OFFICERS,
    ("GET", "/ui/generators.csv"): OFFICERS,
    ("GET", "/ui/generators.json"): OFFICERS,
    ("GET", "/ui/governance"): {"reviewer", "senior_reviewer", "auditor", "admin"},
    ("POST", "/ui/governance/proposals"): {"senior_reviewer", "admin"},
    ("POST", "/ui/governance/proposals/{proposal}/decision"): {"senior_reviewer", "admin"},
    ("POST", "/ui/logout"): set(ROLES),  # any logged-in user
}


def app_routes() -> set[tuple[str, str]]:
    app = create_app(Settings(DATABASE_URL="postgresql://unused"))
    found = set()
    for route in app.routes:
        for sub in (route.original_router.routes if hasattr(route, "original_router") else [route]):
            for method in getattr(sub, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, sub.path))
    return found


def test_the_matrix_names_every_route_of_the_app():
    assert app_routes() == set(MATRIX)


def _concrete(path: str) -> str:
    return path.replace("{submission_id}", NIL).replace("{version}", "1").replace("{template_id}", NIL) \
        .replace("{cluster_id}", "0").replace("{proposal}", "0")


def _request(client: httpx.Client, method: str, path: str, *, key: str | None, csrf: str | None) -> httpx.Response:
    url = _concrete(path) + ("?campaign=x" if path == "/v1/reviews" and method == "GET" else "")
    if path.startswith("/v1/"):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        # Valid where the role check is the handler's own (unmask); elsewhere {} (a 422 shows auth passed).
        body = {"finding_id": "f"} if path.endswith("/unmask") else {}
        return client.request(method, url, headers=headers, json=body if method == "POST" else None)
    return client.request(method, url, data={"csrf_token": csrf or ""} if method == "POST" else None)


def _denied(resp: httpx.Response) -> bool:
    to_login = resp.status_code == 303 and resp.headers.get("location", "").startswith("/ui/login?next=")
    return resp.status_code in (401, 403) or to_login


@pytest.fixture(scope="module")
def callers(desk_api, database_url):
    out = {}
    for role in ROLES:
        client, csrf, _ = logged_in(desk_api, database_url, role)
        out[role] = (client, csrf, make_user(database_url, role)[1])
    return out


# Logout last: it ends the session the other rows use.
PROTECTED = sorted((k for k, v in MATRIX.items() if v is not ANY), key=lambda k: k == ("POST", "/ui/logout"))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_the_matrix_allows(desk_api, callers, role):
    client, csrf, key = callers[role]
    wrong = []
    for method, path in PROTECTED:
        resp = _request(client, method, path, key=key, csrf=csrf)
        allowed = role in MATRIX[(method, path)]
        if _denied(resp) == allowed:
            wrong.append((method, path, resp.status_code))
    assert wrong == []


def test_an_anonymous_caller_is_refused_every_protected_route_and_served_the_public_ones(desk_api):
    with httpx.Client(base_url=desk_api, timeout=30, follow_redirects=False) as client:
        refused = [(m, p) for m, p in PROTECTED if _denied(_request(client, m, p, key=None, csrf=None))]
        public = [(m, p) for (m, p), v in MATRIX.items() if v is ANY and (m, p) != ("POST", "/ui/login")]
        served = [(m, p) for m, p in public
                  if not _denied(client.request(m, _concrete(p) + ("?lang=en" if p == "/ui/language" else "")))]
    assert refused == PROTECTED and served == public
