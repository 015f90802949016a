"""The hub's FastAPI application: ``create_app(settings)`` builds it; nothing happens at import.

Routers are imported by name, so a typo fails at start instead of silently dropping endpoints:

- :data:`API_ROUTERS` — the terminal API under ``/api/v1`` (``hub.api.routes``),
- :data:`PAGE_ROUTERS` — public phone pages under ``/p`` (``hub.pages``),
- :data:`ADMIN_ROUTERS` — the staff admin and the adviser console under ``/admin`` (``hub.admin``),
- :data:`VIDEO_ROUTERS` — call pages and their signalling socket (``hub.video``).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from contract.api import API_PREFIX
from contract.terminal_commands import MAX_SCREENSHOT_BYTES
from hub.admin import advisers, announcements, categories, console, dashboard, login, reports
from hub.admin import articles as admin_articles
from hub.admin import callbacks as admin_callbacks
from hub.admin import holidays as admin_holidays
from hub.admin import institutions as admin_institutions
from hub.admin import service_ledger as admin_service_ledger
from hub.admin import standards as admin_standards
from hub.admin import synonyms as admin_synonyms
from hub.admin import terminal_commands as admin_terminal_commands
from hub.admin import terminals as admin_terminals
from hub.admin import users as admin_users
from hub.admin import village_file as admin_village_file
from hub.admin import work_log as admin_work_log
from hub.admin import work_log_photos as admin_work_log_photos
from hub.api.routes import bookings as api_bookings
from hub.api.routes import callbacks as api_callbacks
from hub.api.routes import calls, commands, content, enroll, events, heartbeat, media, slots
from hub.core.config import HubSettings
from hub.core.context import Hub
from hub.core.db import make_engine, writing
from hub.core.limits import BodySizeLimit
from hub.core.page_headers import PageSecurityHeaders
from hub.core.ratelimit import RateLimiter
from hub.crud.bookings import purge_personal_data
from hub.crud.callbacks import purge_callbacks
from hub.models.types import utcnow
from hub.pages import articles as article_pages
from hub.pages import bookings as booking_pages
from hub.pages import institutions as institution_pages
from hub.video import call_page, signaling

logger = logging.getLogger(__name__)

API_ROUTERS = (
    enroll,
    content,
    media,
    slots,
    api_bookings,
    events,
    heartbeat,
    api_callbacks,
    calls,
    commands,
)
PAGE_ROUTERS = (article_pages, institution_pages, booking_pages)
ADMIN_ROUTERS = (
    advisers,
    announcements,
    admin_articles,
    admin_callbacks,
    categories,
    dashboard,
    admin_holidays,
    admin_institutions,
    login,
    reports,
    admin_synonyms,
    admin_terminals,
    admin_terminal_commands,
    admin_users,
    console,
    admin_work_log,
    admin_work_log_photos,
    admin_standards,
    admin_service_ledger,
    admin_village_file,
)
VIDEO_ROUTERS = (call_page, signaling)
PURGE_INTERVAL_S = 3600
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: HubSettings | None = None, *, engine=None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or HubSettings.from_env()
    hub = Hub(
        settings=settings,
        engine=engine if engine is not None else make_engine(settings),
        limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
    )
    app = FastAPI(
        title="Legal-service hub",
        version="1",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.hub = hub
    app.add_middleware(
        BodySizeLimit,
        limit_for=lambda path: _body_limit(settings, path),
    )
    app.add_middleware(PageSecurityHeaders)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.get("/healthz", include_in_schema=False)(_healthz)
    for module in API_ROUTERS:
        app.include_router(module.router, prefix=API_PREFIX)
    for module in (*PAGE_ROUTERS, *ADMIN_ROUTERS, *VIDEO_ROUTERS):
        app.include_router(module.router)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """While serving: forget residents' personal data once it is past retention (hourly)."""
    task = asyncio.create_task(_purge_loop(app.state.hub))
    try:
        yield
    finally:
        task.cancel()


async def _purge_loop(hub: Hub) -> None:
    while True:
        try:
            await run_in_threadpool(_purge_once, hub)
        except SQLAlchemyError:  # boundary: a busy or unreachable database must not stop serving
            logger.exception("purging personal data failed; will retry")
        await asyncio.sleep(PURGE_INTERVAL_S)


def _purge_once(hub: Hub) -> None:
    with writing(hub.engine) as conn:
        purged = purge_personal_data(
            conn, retention_days=hub.settings.personal_data_retention_days, now=utcnow()
        )
        callbacks = purge_callbacks(
            conn, retention_days=hub.settings.personal_data_retention_days, now=utcnow()
        )
    if purged:
        logger.info("personal data of %s past bookings purged", purged)
    if callbacks:
        logger.info("personal data of %s handled callback requests purged", callbacks)


def _body_limit(settings: HubSettings, path: str) -> int:
    """Bytes a request body may hold: the API's limit, more for a terminal's screenshot upload,
    the staff pages' upload limit elsewhere."""
    if path.startswith(API_PREFIX + "/commands/") and path.endswith("/screenshot"):
        return max(settings.max_body_bytes, MAX_SCREENSHOT_BYTES)
    if path.startswith(API_PREFIX):
        return settings.max_body_bytes
    return settings.max_upload_bytes


def _healthz() -> dict:
    return {"ok": True}


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with ``detail`` as one readable sentence (the first problem) plus the full ``errors``."""
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    detail = f"{where}: {first['msg']}" if where else first["msg"]
    safe = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors
    ]
    return JSONResponse({"detail": detail, "errors": safe}, status_code=422)
