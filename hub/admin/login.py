"""``/admin/login``, ``/admin/logout`` and the language switch ``/admin/lang/{lang}``.

The login form carries its own CSRF token (double submit: a cookie and a hidden field) because
there is no session yet; after login every form carries the session's token.
"""

from __future__ import annotations

import logging
import math
import secrets
from functools import lru_cache

from fastapi import APIRouter, HTTPException, Request

from hub.api.deps import SESSION_COOKIE, HubDep, current_staff
from hub.core.db import writing
from hub.core.security import hash_password, verify_password
from hub.crud import lockout
from hub.crud.users import USERNAME_MAX, active_login, close_session, note_login, open_session
from hub.models.types import utcnow

from .web import (
    ALL_ROLES,
    LANG_COOKIE,
    AdminProblem,
    AdminRoute,
    checked_form,
    guard,
    render,
    safe_next,
    see_other,
)

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/admin", route_class=AdminRoute, include_in_schema=False)

LOGIN_CSRF_COOKIE = "hub_login_csrf"
LANG_COOKIE_DAYS = 365


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when the user is unknown, so timing does not tell which names exist."""
    return hash_password(secrets.token_urlsafe(16))


def _secure(request: Request, hub) -> bool:
    return hub.settings.secure_cookies or request.url.scheme == "https"


def _login_page(
    request: Request,
    hub,
    *,
    status: int = 200,
    error: str = "",
    username: str = "",
    **values: object,
):
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        http_status=status,
        login_csrf=token,
        error=error,
        username=username,
        next=safe_next(request.query_params.get("next") or ""),
        values=values,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        path="/admin",
        secure=_secure(request, hub),
    )
    return response


@router.get("/login")
def login_form(request: Request, hub: HubDep):
    try:
        current_staff(request, hub)
    except HTTPException:
        return _login_page(request, hub)
    return see_other("/admin")


@router.post("/login")
async def login_submit(request: Request, hub: HubDep):
    form = await request.form()
    cookie, sent = request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf", "")
    if not cookie or not isinstance(sent, str) or not secrets.compare_digest(cookie, sent):
        raise AdminProblem(403, "admin.error.csrf")
    username = str(form.get("username", "")).strip()[:USERNAME_MAX]
    password = str(form.get("password", ""))
    client = (request.client.host if request.client else "")[:64]
    now = utcnow()
    with writing(hub.engine) as conn:
        until = lockout.locked_until(
            conn, username=username, client=client, settings=hub.settings, now=now
        )
        if until is not None:
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
            return _login_page(
                request,
                hub,
                status=429,
                error="admin.login.locked",
                username=username,
                minutes=minutes,
            )
        row = active_login(conn, username=username)
        ok = (
            verify_password(row.password_hash if row else _dummy_hash(), password)
            and row is not None
        )
        if not ok:
            lockout.record_failure(conn, username=username, client=client, now=now)
    if not ok:
        logger.info("failed staff login from %s", client)
        return _login_page(request, hub, status=401, error="admin.login.failed", username=username)
    with writing(hub.engine) as conn:
        lockout.clear_failures(conn, username=username, client=client)
        note_login(conn, user_id=row.id, at=now)
        session, _csrf = open_session(conn, user_id=row.id, settings=hub.settings)
    response = see_other(safe_next(str(form.get("next", ""))))
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=hub.settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(request, hub),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/admin")
    return response


@router.post("/logout")
async def logout(request: Request, hub: HubDep):
    staff = guard(*ALL_ROLES)(request, hub)
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        close_session(conn, session=request.cookies.get(SESSION_COOKIE, ""))
    response = see_other("/admin/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{lang}")
def switch_language(lang: str, request: Request, hub: HubDep):
    response = see_other(safe_next(request.query_params.get("next")))
    if lang in ("zh_CN", "en"):
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=LANG_COOKIE_DAYS * 86400,
            samesite="lax",
            secure=_secure(request, hub),
            path="/",
        )
    return response
