"""``/admin``: the start page — content version, unpublished changes, the publish button.

Publishing calls the foundation's :func:`hub.crud.publish.publish`, which writes one new content
version that the terminal API serves signed.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from sqlalchemy import Connection, func, select

from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud.publish import PublishError, publish
from hub.models.tables import (
    advisers,
    announcements,
    articles,
    categories,
    content_published,
    content_versions,
    institutions,
    media,
    terminals,
    users,
)
from hub.models.types import utcnow

from .forms import readable
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


# What terminals hold of each collection: (table, condition for "would be published").
PUBLISHABLE = {
    "categories": (categories, None),
    "institutions": (institutions, None),
    "advisers": (advisers, advisers.c.active.is_(True)),
    "articles": (articles, articles.c.status == "published"),
    "announcements": (announcements, announcements.c.status == "published"),
}


def pending_changes(conn: Connection) -> int:
    """About how many records the next publish would add, change or delete.

    Counted from timestamps, not by building every record (which takes seconds for tens of
    thousands of guides and places): publishable rows edited after the last publish, plus
    published records whose row is gone or no longer publishable (draft, inactive). Saving a
    record without changing it counts too; the publish itself then finds nothing to send.
    """
    last = conn.execute(select(func.max(content_versions.c.created_at))).scalar()
    total = 0
    for collection, (table, condition) in PUBLISHABLE.items():
        live = select(table.c.id)
        edited = select(func.count()).select_from(table)
        if condition is not None:
            live, edited = live.where(condition), edited.where(condition)
        if last is not None:
            edited = edited.where(table.c.updated_at > last)
        total += conn.execute(edited).scalar_one()
        total += conn.execute(
            select(func.count())
            .select_from(content_published)
            .where(
                content_published.c.collection == collection,
                content_published.c.record_id.not_in(live),
            )
        ).scalar_one()
    return total


def _versions(conn: Connection, limit: int = 8) -> list:
    query = (
        select(content_versions, users.c.username)
        .select_from(content_versions.outerjoin(users, users.c.id == content_versions.c.created_by))
        .order_by(content_versions.c.version.desc())
        .limit(limit)
    )
    return conn.execute(query).mappings().all()


def _fleet(conn: Connection, latest: int) -> dict:
    now = utcnow()
    rows = conn.execute(
        select(terminals.c.last_seen_at, terminals.c.content_version, terminals.c.revoked_at)
    ).all()
    active = [r for r in rows if r.revoked_at is None]
    return {
        "total": len(active),
        "silent": sum(
            1 for r in active if r.last_seen_at is None or now - r.last_seen_at > SILENT_AFTER
        ),
        "stale": sum(1 for r in active if r.content_version < latest),
    }


@router.get("")
def dashboard(request: Request, hub: HubDep, staff: AnyStaff):
    if staff.role == "adviser":
        return see_other("/admin/my")  # an adviser sees only their own bookings and record
    with reading(hub.engine) as conn:
        versions = _versions(conn)
        latest = versions[0]["version"] if versions else 0
        pending = pending_changes(conn) if staff.role in CONTENT_ROLES else 0
        fleet = _fleet(conn, latest)
    return render(
        request,
        "dashboard.html",
        staff=staff,
        versions=versions,
        latest=latest,
        pending=pending,
        fleet=fleet,
        can_publish=staff.role in CONTENT_ROLES,
    )


@router.post("/publish")
async def publish_now(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    note = str(form.get("note", "")).strip()[:200]
    try:
        with writing(hub.engine) as conn:
            version = publish(conn, user_id=staff.id, note=note)
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
        row = conn.execute(select(media.c.mime).where(media.c.id == sha256)).first()
    path = hub.settings.media_dir / sha256
    if row is None or len(sha256) != 64 or not path.is_file():
        raise AdminProblem(404, "admin.error.not_found")
    return FileResponse(path, media_type=row.mime, headers={"X-Content-Type-Options": "nosniff"})
