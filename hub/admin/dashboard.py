"""``/admin``: the start page — content version, unpublished changes, the publish button, and
the guides due for review (review-by date passed, or none set) for those who edit content.

Publishing calls the foundation's :func:`hub.crud.publish.publish`, which writes one new content
version that the terminal API serves signed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from hub.api.deps import HubDep
from hub.core.clock import local_today
from hub.core.db import reading, writing
from hub.crud.dashboard import (
    fleet_health,
    pending_changes,
    pending_records,
    recent_versions,
    reviews_due,
)
from hub.crud.publish import PublishError, publish
from hub.crud.records import media_mime

from .forms import readable
from .holidays import calendar_gaps
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


@router.get("")
def dashboard(request: Request, hub: HubDep, staff: AnyStaff):
    if staff.role == "adviser":
        return see_other("/admin/my")  # an adviser sees only their own bookings and record
    with reading(hub.engine) as conn:
        versions = recent_versions(conn)
        latest = versions[0]["version"] if versions else 0
        pending = pending_changes(conn) if staff.role in CONTENT_ROLES else 0
        changed = pending_records(conn) if pending else []
        fleet = fleet_health(conn, latest=latest)
        today = local_today(hub.settings.zone)
        reviews = reviews_due(conn, today=today) if staff.role in CONTENT_ROLES else None
        gaps = calendar_gaps(conn, today=today, days=hub.settings.slot_days_max)
    return render(
        request,
        "dashboard.html",
        staff=staff,
        versions=versions,
        latest=latest,
        pending=pending,
        changed=changed,
        fleet=fleet,
        reviews=reviews,
        can_publish=staff.role in CONTENT_ROLES,
        gaps=gaps,
        window_days=hub.settings.slot_days_max,
    )


@router.post("/publish")
async def publish_now(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    note = str(form.get("note", "")).strip()[:200]
    try:
        with writing(hub.engine) as conn:
            version = publish(conn, zone=hub.settings.zone, user_id=staff.id, note=note)
    except PublishError as exc:
        where = f"{exc.error.collection} {exc.record_id}"
        reason = f"{where} — {readable(translator(request), exc.error)}"
        raise AdminProblem(422, "admin.publish.failed", reason=reason) from None
    if version:
        hub.content_cache.pop("latest", None)  # this process serves the new version at once
    return see_other("/admin?done=published" if version else "/admin?done=nothing_to_publish")


@router.get("/media/{sha256}")
def media_preview(sha256: str, hub: HubDep, staff: EditorStaff):
    """Staff see uploaded files (thumbnails on the article form)."""
    with reading(hub.engine) as conn:
        mime = media_mime(conn, sha256=sha256)
    path = hub.settings.media_dir / sha256
    if mime is None or len(sha256) != 64 or not path.is_file():
        raise AdminProblem(404, "admin.error.not_found")
    return FileResponse(path, media_type=mime, headers={"X-Content-Type-Options": "nosniff"})
