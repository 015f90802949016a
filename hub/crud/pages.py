"""Queries of the public phone pages: published records and daily view counts."""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from hub.core.clock import local_today
from hub.models.tables import content_published, page_views


def published(conn: Connection, collection: str, record_id: str) -> dict | None:
    """The last published copy of a record (what terminals hold), or None."""
    row = conn.execute(
        select(content_published.c.record).where(
            content_published.c.collection == collection, content_published.c.record_id == record_id
        )
    ).first()
    return None if row is None else row.record


def count_view(conn: Connection, *, kind: str, item_id: str, zone: tzinfo) -> None:
    """One more view today (in ``zone``) for the page; no visitor data is kept."""
    day = local_today(zone)
    key = (
        (page_views.c.kind == kind) & (page_views.c.item_id == item_id) & (page_views.c.day == day)
    )
    if conn.execute(update(page_views).where(key).values(count=page_views.c.count + 1)).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(page_views.insert().values(kind=kind, item_id=item_id, day=day, count=1))
    except IntegrityError:
        conn.execute(update(page_views).where(key).values(count=page_views.c.count + 1))


def view_count(conn: Connection, *, kind: str, item_id: str) -> int:
    """All views of a page so far."""
    return conn.execute(
        select(func.coalesce(func.sum(page_views.c.count), 0)).where(
            page_views.c.kind == kind, page_views.c.item_id == item_id
        )
    ).scalar_one()
