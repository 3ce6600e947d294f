"""Sessions, CSRF and roles for the desk's pages (the API's API-key checks live in service/deps.py)."""
from __future__ import annotations

from typing import Annotated, Any, Callable
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from service.deps import get_pool
from service.sessions import Session, csrf_matches, find_session
from service.ui.i18n import environment, pick_language

SESSION_COOKIE = "finreview_session"
LOGIN_CSRF_COOKIE = "finreview_login_csrf"
LANGUAGE_COOKIE = "finreview_lang"
OFFICERS = ("reviewer", "senior_reviewer", "admin")


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


class WebError(Exception):
    """An error shown as an HTML page (403 forbidden, 403 CSRF, 404, 409 conflict...)."""

    def __init__(self, status: int, slug: str, message: str):
        super().__init__(message)
        self.status, self.slug, self.message = status, slug, message


def language_of(request: Request) -> str:
    return pick_language(request.cookies.get(LANGUAGE_COOKIE))


def render(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    language = language_of(request)
    html = environment(language).get_template(template).render(request=request, **context)
    response = HTMLResponse(html, status_code=status, headers=headers)
    response.headers.setdefault("Cache-Control", "no-store")  # pages may show personal data
    response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def current_session(request: Request) -> Session:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with get_pool(request).connection() as conn:
            session = find_session(conn, token)
        if session is not None:
            return session
    raise LoginRequired(quote(request.url.path))


def role_required(*roles: str) -> Callable[..., Session]:
    allowed = set(roles) | {"admin"}

    def check(session: Annotated[Session, Depends(current_session)]) -> Session:
        if session.principal.role not in allowed:
            raise WebError(403, "forbidden", "forbidden")
        return session

    return check


OfficerSession = Annotated[Session, Depends(role_required(*OFFICERS))]


async def posted_form(request: Request, session: OfficerSession) -> FormData:
    """The submitted form, after checking its CSRF token against the session's (synchroniser token)."""
    form = await request.form()
    if not csrf_matches(session.csrf_token, form.get("csrf_token")):
        raise WebError(403, "csrf", "csrf")
    return form


async def any_session_form(request: Request, session: Annotated[Session, Depends(current_session)]) -> FormData:
    form = await request.form()
    if not csrf_matches(session.csrf_token, form.get("csrf_token")):
        raise WebError(403, "csrf", "csrf")
    return form


OfficerForm = Annotated[FormData, Depends(posted_form)]
SessionForm = Annotated[FormData, Depends(any_session_form)]
