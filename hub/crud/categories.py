"""Queries of the categories page."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, func, select

from hub.models.tables import articles, categories


def category_list_rows(conn: Connection) -> list[RowMapping]:
    """Every category in display order, with ``articles``: how many guides it holds."""
    counts = (
        select(articles.c.category_id, func.count().label("n"))
        .group_by(articles.c.category_id)
        .subquery()
    )
    query = (
        select(categories, func.coalesce(counts.c.n, 0).label("articles"))
        .select_from(categories.outerjoin(counts, counts.c.category_id == categories.c.id))
        .order_by(categories.c.sort, categories.c.id)
    )
    return list(conn.execute(query).mappings().all())
