"""Queries of the admin start page: unpublished changes, recent versions, fleet health, reviews due."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, func, select

from hub.models.tables import (
    advisers,
    announcements,
    articles,
    categories,
    content_published,
    content_versions,
    institutions,
    terminals,
    users,
)
from hub.models.types import utcnow

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


# The column that names a record of each collection on the dashboard.
LABELS = {
    "categories": categories.c.name,
    "institutions": institutions.c.name,
    "advisers": advisers.c.name,
    "articles": articles.c.title,
    "announcements": announcements.c.title,
}


def pending_records(conn: Connection, *, limit: int = 20) -> list[dict]:
    """Which records the next publish would send (the same rule as :func:`pending_changes`):
    ``[{"collection", "id", "label", "change": "edited"|"removed"}]``, edited first, newest first,
    at most ``limit`` of each kind per collection."""
    last = conn.execute(select(func.max(content_versions.c.created_at))).scalar()
    edited_rows: list[tuple] = []
    removed: list[dict] = []
    for collection, (table, condition) in PUBLISHABLE.items():
        live = select(table.c.id)
        edited = select(table.c.id, LABELS[collection].label("label"), table.c.updated_at)
        if condition is not None:
            live, edited = live.where(condition), edited.where(condition)
        if last is not None:
            edited = edited.where(table.c.updated_at > last)
        for row in conn.execute(edited.order_by(table.c.updated_at.desc()).limit(limit)):
            edited_rows.append((row.updated_at, collection, row.id, row.label))
        gone = (
            select(content_published.c.record_id, content_published.c.record)
            .where(
                content_published.c.collection == collection,
                content_published.c.record_id.not_in(live),
            )
            .order_by(content_published.c.record_id)
            .limit(limit)
        )
        for record_id, record in conn.execute(gone):
            # named as terminals last received it (the row may be gone, or now a draft)
            label = (record or {}).get("title") or (record or {}).get("name") or record_id
            removed.append(
                {"collection": collection, "id": record_id, "label": label, "change": "removed"}
            )
    edited_rows.sort(key=lambda r: r[0], reverse=True)
    shown = [
        {"collection": c, "id": i, "label": label or i, "change": "edited"}
        for _at, c, i, label in edited_rows
    ]
    return shown + removed


def recent_versions(conn: Connection, *, limit: int = 8) -> list:
    query = (
        select(content_versions, users.c.username)
        .select_from(content_versions.outerjoin(users, users.c.id == content_versions.c.created_by))
        .order_by(content_versions.c.version.desc())
        .limit(limit)
    )
    return list(conn.execute(query).mappings().all())


def fleet_health(conn: Connection, *, latest: int) -> dict:
    """Active terminals: how many, how many silent for over :data:`SILENT_AFTER`, how many stale
    (holding an older version, or saying no fresh signed statement confirmed their content)."""
    now = utcnow()
    rows = conn.execute(
        select(
            terminals.c.last_seen_at,
            terminals.c.content_version,
            terminals.c.content_stale,
            terminals.c.revoked_at,
        )
    ).all()
    active = [r for r in rows if r.revoked_at is None]
    return {
        "total": len(active),
        "silent": sum(
            1 for r in active if r.last_seen_at is None or now - r.last_seen_at > SILENT_AFTER
        ),
        "stale": sum(1 for r in active if r.content_version < latest or r.content_stale),
    }


REVIEW_LIST_LIMIT = 20


def reviews_due(conn: Connection, *, today: date, limit: int = REVIEW_LIST_LIMIT) -> dict:
    """Guides whose review-by date has passed, and guides with none (drafts included).

    ``{"overdue": [rows], "overdue_count", "undated": [rows], "undated_count"}``; each row has
    id, title, status and review_by; the longest overdue first, at most ``limit`` of each.
    """
    columns = (articles.c.id, articles.c.title, articles.c.status, articles.c.review_by)
    overdue = articles.c.review_by < today
    undated = articles.c.review_by.is_(None)
    count = select(func.count()).select_from(articles)
    return {
        "overdue": list(
            conn.execute(
                select(*columns)
                .where(overdue)
                .order_by(articles.c.review_by, articles.c.id)
                .limit(limit)
            ).mappings()
        ),
        "overdue_count": conn.execute(count.where(overdue)).scalar_one(),
        "undated": list(
            conn.execute(
                select(*columns).where(undated).order_by(articles.c.id).limit(limit)
            ).mappings()
        ),
        "undated_count": conn.execute(count.where(undated)).scalar_one(),
    }
