"""Login, logout and the language switch."""
from __future__ import annotations

import secrets
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from service.deps import PoolDep, SettingsDep
from service.sessions import check_password, close_session, csrf_matches, open_session
from service.ui.i18n import LANGUAGES
from service.ui.web import (LANGUAGE_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SessionForm, current_session,
                            render)

router = APIRouter(prefix="/ui", include_in_schema=False)


def _safe_next(value: str | None) -> str:
    # Only our own pages: an open redirect would let a phishing link borrow our login page.
    return value if value and value.startswith("/ui/") and not value.startswith("//") else "/ui/queue"


@router.get("/login")
def login_page(request: Request, settings: SettingsDep, next: str | None = None) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", csrf_token=token, next=_safe_next(next), error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies,
                        path="/ui/login")
    return response


@router.post("/login")
async def login(request: Request, pool: PoolDep, settings: SettingsDep) -> Response:
    form = await request.form()
    next_path = _safe_next(form.get("next"))
    # Login CSRF: a double-submit token, since there is no session yet to hold one.
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf_token")):
        return render(request, "error.html", status=403, slug="csrf")
    with pool.connection() as conn:
        result = check_password(conn, name=str(form.get("username", "")), password=str(form.get("password", "")),
                                max_failures=settings.login_max_failures, lockout_seconds=settings.lockout_seconds)
        token = (open_session(conn, user_id=result.principal.user_id, lifetime_seconds=int(settings.session_hours * 3600))
                 if result.principal else None)
    if token is None:
        fresh = secrets.token_urlsafe(32)
        response = render(request, "login.html", status=423 if result.locked else 401, csrf_token=fresh,
                          next=next_path, error="locked" if result.locked else "invalid")
        response.set_cookie(LOGIN_CSRF_COOKIE, fresh, httponly=True, samesite="strict",
                            secure=settings.secure_cookies, path="/ui/login")
        return response
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies,
                        path="/", max_age=int(settings.session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
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
