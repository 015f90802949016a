"""``/admin``: the start page — content version, unpublished changes, the publish button.

Publishing calls the foundation's :func:`hub.crud.publish.publish`, which writes one new content
version that the terminal API serves signed.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from sqlalchemy import Connection, select

from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud.publish import PublishError, current_records, digest, publish
from hub.models.tables import content_published, content_versions, media, terminals, users
from hub.models.types import utcnow
from kiosk.content_model import COLLECTIONS

from .forms import record_errors
from .web import (
    CONTENT_ROLES,
    AdminProblem,
    AdminRoute,
    AnyStaff,
    EditorStaff,
    checked_form,
    render,
    see_other,
    translator,
)

router = APIRouter(prefix="/admin", route_class=AdminRoute, include_in_schema=False)
SILENT_AFTER = timedelta(hours=1)


def pending_changes(conn: Connection) -> tuple[int, str]:
    """How many records a publish would add, change or delete; plus the reason it would fail."""
    try:
        wanted = current_records(conn)
    except PublishError as exc:
        return 0, str(exc)
    held = {(r.collection, r.record_id): r.digest for r in conn.execute(
        select(content_published.c.collection, content_published.c.record_id, content_published.c.digest))}
    changed = 0
    for collection in COLLECTIONS:
        for record in wanted[collection]:
            if held.pop((collection, record["id"]), None) != digest(record):
                changed += 1
    return changed + len(held), ""


def _versions(conn: Connection, limit: int = 8) -> list:
    query = (select(content_versions, users.c.username).select_from(
        content_versions.outerjoin(users, users.c.id == content_versions.c.created_by))
        .order_by(content_versions.c.version.desc()).limit(limit))
    return conn.execute(query).mappings().all()


def _fleet(conn: Connection, latest: int) -> dict:
    now = utcnow()
    rows = conn.execute(select(terminals.c.last_seen_at, terminals.c.content_version, terminals.c.revoked_at)).all()
    active = [r for r in rows if r.revoked_at is None]
    return {
        "total": len(active),
        "silent": sum(1 for r in active if r.last_seen_at is None or now - r.last_seen_at > SILENT_AFTER),
        "stale": sum(1 for r in active if r.content_version < latest),
    }


@router.get("")
def dashboard(request: Request, hub: HubDep, staff: AnyStaff):
    if staff.role == "adviser":
        return see_other("/admin/my")  # an adviser sees only their own bookings and record
    with reading(hub.engine) as conn:
        versions = _versions(conn)
        latest = versions[0]["version"] if versions else 0
        pending, problem = pending_changes(conn) if staff.role in CONTENT_ROLES else (0, "")
        fleet = _fleet(conn, latest)
    problem_text = ""
    if problem:
        head, _, rest = problem.partition(": ")
        errors = record_errors(translator(request), rest)
        problem_text = head + " — " + "; ".join(f"{k}: {v}" for k, v in errors.items())
    return render(request, "dashboard.html", staff=staff, versions=versions, latest=latest, pending=pending,
                  problem=problem_text, fleet=fleet, can_publish=staff.role in CONTENT_ROLES)


@router.post("/publish")
async def publish_now(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    note = str(form.get("note", "")).strip()[:200]
    try:
        with writing(hub.engine) as conn:
            version = publish(conn, user_id=staff.id, note=note)
    except PublishError as exc:
        raise AdminProblem(422, "admin.publish.failed", reason=str(exc)) from None
    if version:
        hub.content_cache.pop("latest", None)  # this process serves the new version at once
    return see_other("/admin?done=published" if version else "/admin?done=nothing_to_publish")


@router.get("/media/{sha256}")
def media_preview(sha256: str, hub: HubDep, staff: EditorStaff):
    """Staff see uploaded files (thumbnails on the article form)."""
    with reading(hub.engine) as conn:
        row = conn.execute(select(media.c.mime).where(media.c.id == sha256)).first()
    path = hub.settings.media_dir / sha256
    if row is None or len(sha256) != 64 or not path.is_file():
        raise AdminProblem(404, "admin.error.not_found")
    return FileResponse(path, media_type=row.mime, headers={"X-Content-Type-Options": "nosniff"})
