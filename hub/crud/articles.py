"""Queries of the guide pages: category choices, media rows, writing an article, the list."""

from __future__ import annotations

from sqlalchemy import Connection, Select, insert, or_, select, update

from hub.crud.records import parse_day
from hub.models.tables import articles, categories, media
from hub.models.types import utcnow


def category_options(conn: Connection) -> list[tuple[str, str]]:
    """``(id, name)`` of every category, in display order (the form's select box)."""
    rows = conn.execute(
        select(categories.c.id, categories.c.name).order_by(categories.c.sort, categories.c.id)
    )
    return [(r.id, r.name) for r in rows]


def media_rows(conn: Connection, *, ids: list[str]) -> list:
    """The media rows of ``ids``, in that order (missing ones left out)."""
    if not ids:
        return []
    found = {r.id: r for r in conn.execute(select(media).where(media.c.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def write_article(conn: Connection, *, record: dict, status: str, author_id: int, existing) -> None:
    """Insert or update an article; ``published_at`` is set when it first becomes published."""
    now = utcnow()
    row = {
        k: record[k]
        for k in ("category_id", "title", "summary", "body", "tags", "law_refs", "media")
    }
    row.update(status=status, updated_at=now, review_by=parse_day(record.get("review_by")))
    if status == "published" and (existing is None or existing["status"] != "published"):
        row["published_at"] = now
    if existing is None:
        conn.execute(
            insert(articles).values(id=record["id"], author_id=author_id, created_at=now, **row)
        )
    else:
        conn.execute(update(articles).where(articles.c.id == record["id"]).values(**row))


def article_query(*, q: str = "", category: str = "", status: str = "") -> Select:
    """The list's rows: id, title, status, updated_at and category name, filtered."""
    query = select(
        articles.c.id,
        articles.c.title,
        articles.c.status,
        articles.c.updated_at,
        categories.c.name.label("category"),
    ).select_from(articles.join(categories))
    if q:
        query = query.where(or_(articles.c.title.contains(q, autoescape=True), articles.c.id == q))
    if category:
        query = query.where(articles.c.category_id == category)
    if status:
        query = query.where(articles.c.status == status)
    return query


def article_page(conn: Connection, *, query: Select, limit: int, offset: int) -> list:
    """One page of ``query``, the last changed first."""
    ordered = query.order_by(articles.c.updated_at.desc(), articles.c.id)
    return list(conn.execute(ordered.limit(limit).offset(offset)).mappings().all())
