"""What every admin page shares: templates, language, the login/role guard, CSRF, error pages.

Routers use :class:`AdminRoute` as their ``route_class`` so that a missing login becomes a
``303`` redirect to the login page and a refusal becomes an HTML page with the right status
(instead of FastAPI's JSON), and they take the staff member from :func:`guard`::

    router = APIRouter(prefix="/admin/things", route_class=AdminRoute)

    @router.get("")
    def things(request: Request, staff: StaffUser = Depends(guard(*CONTENT_ROLES))): ...
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from contract.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from hub.api.deps import HubDep, StaffUser, current_staff
from hub.core.clock import SHOWN, local_text
from hub.core.page_headers import ADMIN_HEADERS
from hub.crud.records import delete_row, record_exists

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LANG_COOKIE = "hub_lang"
PAGE_SIZE = 50
CSRF_FIELD = "csrf"
ADMIN_ROLES = ("admin",)
CONTENT_ROLES = ("admin", "editor")
REPORT_ROLES = ("admin", "editor", "viewer")
ALL_ROLES = ("admin", "editor", "adviser", "viewer")
CALLBACK_ROLES = ("admin", "editor", "adviser")  # they call residents back, so they see phones
# (key, url, roles) — the navigation bar shows only what the role may open.
NAV = (
    ("dashboard", "/admin", ALL_ROLES),
    ("articles", "/admin/articles", CONTENT_ROLES),
    ("categories", "/admin/categories", CONTENT_ROLES),
    ("institutions", "/admin/institutions", CONTENT_ROLES),
    ("advisers", "/admin/advisers", CONTENT_ROLES),
    ("holidays", "/admin/holidays", CONTENT_ROLES),
    ("announcements", "/admin/announcements", CONTENT_ROLES),
    ("synonyms", "/admin/synonyms", CONTENT_ROLES),
    ("terminals", "/admin/terminals", ADMIN_ROLES),
    ("users", "/admin/users", ADMIN_ROLES),
    ("reports", "/admin/reports", REPORT_ROLES),
    ("ledger", "/admin/ledger", REPORT_ROLES),
    ("service_ledger", "/admin/ledger/standards", REPORT_ROLES),  # hub/admin/service_ledger.py
    ("standards", "/admin/standards", REPORT_ROLES),  # hub/admin/standards.py
    ("callbacks", "/admin/callbacks", CALLBACK_ROLES),
    ("my", "/admin/my", ("adviser",)),
    ("console", "/admin/console", ("adviser",)),  # hub/admin/console.py
    ("worklog", "/admin/worklog", ALL_ROLES),  # hub/admin/work_log.py
)
SECURITY_HEADERS = ADMIN_HEADERS  # also set by hub.core.page_headers on every /admin answer


class AdminRedirect(Exception):
    """Answer with ``303 See Other`` to ``url``."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class AdminProblem(Exception):
    """Answer with an error page: ``status`` and the catalog text ``key`` (formatted with ``values``)."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The Jinja2 environment (built on first use, autoescaping HTML)."""
    built = Jinja2Templates(directory=str(TEMPLATES_DIR))
    built.env.filters["local"] = local_time
    return built


@pass_context
def local_time(context, value: datetime | None, fmt: str = SHOWN) -> str:
    """Template filter ``{{ row.at | local }}``: a stored time in the hub's zone; empty for None.

    The zone comes from the page's context (:func:`render` puts ``HUB_TIMEZONE``'s zone there).
    """
    return local_text(value, context["zone"], fmt)


def language(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translator(request: Request) -> Translator:
    return Translator(language(request))


def safe_next(value: str | None) -> str:
    """Only local admin paths are followed after login or a language switch (no open redirect)."""
    if value and value.startswith("/admin") and not value.startswith("//") and "\\" not in value:
        return value
    return "/admin"


def guard(*roles: str) -> Callable[..., StaffUser]:
    """Dependency: the logged-in staff member, who must hold one of ``roles``."""

    def check(request: Request, hub: HubDep) -> StaffUser:
        try:
            staff = current_staff(request, hub)
        except HTTPException as exc:
            if exc.status_code == 401:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                raise AdminRedirect("/admin/login?next=" + quote(target, safe="")) from None
            raise AdminProblem(403, "admin.error.terminal_token") from None
        if staff.role not in roles:
            raise AdminProblem(403, "admin.error.role")
        return staff

    return check


async def checked_form(request: Request, staff: StaffUser, *, max_files: int = 4):
    """The submitted form, after its CSRF token is compared with the session's (403 otherwise)."""
    form = await request.form(max_files=max_files)
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not secrets.compare_digest(sent, staff.csrf_token):
        raise AdminProblem(403, "admin.error.csrf")
    return form


@dataclass(frozen=True)
class PageWindow:
    """One page of a long list: ``page`` counts from 1."""

    page: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def page_window(request: Request, total: int, size: int = PAGE_SIZE) -> PageWindow:
    """The page asked for by ``?page=N``, clamped to what exists."""
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 1
    window = PageWindow(page=1, size=size, total=total)
    return PageWindow(page=min(max(1, page), window.pages), size=size, total=total)


def nav_for(staff: StaffUser | None) -> list[tuple[str, str]]:
    if staff is None:
        return []
    return [(key, url) for key, url, roles in NAV if staff.role in roles]


def render(
    request: Request,
    template: str,
    *,
    staff: StaffUser | None = None,
    http_status: int = 200,
    **context: object,
) -> HTMLResponse:
    """Render ``template`` with the translator ``t``, the staff member, nav and CSRF token."""
    t = translator(request)
    done = request.query_params.get("done", "")
    flash = t(f"admin.done.{done}") if done and t.has(f"admin.done.{done}") else ""
    response = templates().TemplateResponse(
        request,
        template,
        {
            "t": t,
            "lang": t.language,
            "languages": LANGUAGES,
            "staff": staff,
            "nav": nav_for(staff),
            "csrf": staff.csrf_token if staff else "",
            "path": request.url.path,
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            "flash": flash,
            # saved content reaches terminals only with the next publish: say so, link to it
            "publish_hint": done == "saved",
            "zone": request.app.state.hub.settings.zone,
            **context,
        },
        status_code=http_status,
    )
    response.headers.update(SECURITY_HEADERS)
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def id_taken(conn, table, row_id: str, *, new: bool) -> bool:
    """True when a new record would reuse an existing id (the form answers 409).

    Editing a record that no longer exists is the admin's 404 page.
    """
    exists = record_exists(conn, table=table, record_id=row_id)
    if not new and not exists:
        raise AdminProblem(404, "admin.error.not_found")
    return new and exists


def delete_by_id(conn, table, row_id: str) -> None:
    """Delete one row of ``table`` by its ``id``; a missing row is the admin's 404 page."""
    if not delete_row(conn, table=table, record_id=row_id):
        raise AdminProblem(404, "admin.error.not_found")


def problem_page(request: Request, exc: AdminProblem) -> Response:
    return render(
        request, "error.html", http_status=exc.status, message_key=exc.key, values=exc.values
    )


class AdminRoute(APIRoute):
    """Turns :class:`AdminRedirect` / :class:`AdminProblem` (and HTTP errors) into HTML answers."""

    def get_route_handler(self) -> Callable:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except AdminRedirect as exc:
                return see_other(exc.url)
            except AdminProblem as exc:
                return problem_page(request, exc)

        return handler


# Route parameters: ``staff: EditorStaff`` lets only admins and editors in, and so on.
AnyStaff = Annotated[StaffUser, Depends(guard(*ALL_ROLES))]
EditorStaff = Annotated[StaffUser, Depends(guard(*CONTENT_ROLES))]
AdminStaff = Annotated[StaffUser, Depends(guard(*ADMIN_ROLES))]
ReportStaff = Annotated[StaffUser, Depends(guard(*REPORT_ROLES))]
AdviserStaff = Annotated[StaffUser, Depends(guard("adviser"))]
