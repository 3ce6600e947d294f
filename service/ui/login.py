"""Login, logout and the language switch."""
from __future__ import annotations

import hashlib
import logging
import math
import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from service.deps import PoolDep, SettingsDep
from service.sessions import check_password, close_session, csrf_matches, open_session
from service.ui.i18n import LANGUAGES
from service.ui.web import (LANGUAGE_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SessionForm, current_session,
                            render)

router = APIRouter(prefix="/ui", include_in_schema=False)
log = logging.getLogger("finreview.login")


def _safe_next(value: str | None) -> str:
    # Only our own pages: an open redirect would let a phishing link borrow our login page.
    return value if value and value.startswith("/ui/") and not value.startswith("//") else "/ui/queue"


@router.get("/login")
def login_page(request: Request, settings: SettingsDep, next: str | None = None) -> Response:
    return _login_form(request, settings, _safe_next(next), status=200, error=None)


@router.post("/login")
async def login(request: Request, pool: PoolDep, settings: SettingsDep) -> Response:
    form = await request.form()
    next_path = _safe_next(form.get("next"))
    # Login CSRF: a double-submit token, since there is no session yet to hold one.
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf_token")):
        return render(request, "error.html", status=403, slug="csrf")
    throttle = request.app.state.login_throttle
    # Only a digest of the address is held, and none is logged: an address is personal data.
    address = hashlib.sha256((request.client.host if request.client else "").encode()).hexdigest()
    if throttle is not None and (wait := throttle.wait(address)) > 0:
        log.warning("login_throttled", extra={"retry_after": math.ceil(wait)})
        response = _login_form(request, settings, next_path, status=429, error="throttled")
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    with pool.connection() as conn:
        result = check_password(conn, name=str(form.get("username", "")), password=str(form.get("password", "")),
                                max_failures=settings.login_max_failures, lockout_seconds=settings.lockout_seconds)
        token = (open_session(conn, user_id=result.principal.user_id, lifetime_seconds=int(settings.session_hours * 3600))
                 if result.principal else None)
    if token is None:
        if throttle is not None:
            throttle.take(address)
        return _login_form(request, settings, next_path, status=423 if result.locked else 401,
                           error="locked" if result.locked else "invalid")
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies,
                        path="/", max_age=int(settings.session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
    return response


def _login_form(request: Request, settings, next_path: str, *, status: int, error: str | None) -> Response:
    """The login page again, with the error and a fresh login CSRF token."""
    fresh = secrets.token_urlsafe(32)
    response = render(request, "login.html", status=status, csrf_token=fresh, next=next_path, error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, fresh, httponly=True, samesite="strict",
                        secure=settings.secure_cookies, path="/ui/login")
    return response


@router.post("/logout", dependencies=[Depends(current_session)])
def logout(request: Request, form: SessionForm, pool: PoolDep) -> Response:
    with pool.connection() as conn:
        close_session(conn, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/language")
def choose_language(lang: str, next: str | None = None) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, lang, samesite="lax", path="/", max_age=365 * 86400)
    return response
