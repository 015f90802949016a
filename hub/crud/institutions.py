"""Queries of the institution directory pages: filter, page, export."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, RowMapping, Select, func, or_, select

from hub.models.tables import institutions


def institution_query(*, q: str = "", kind: str = "", district: str = "") -> Select:
    """Institutions whose name or address holds ``q`` (or whose id is ``q``), of a type, in a
    district; empty filters match everything."""
    query = select(institutions)
    if q:
        query = query.where(
            or_(
                institutions.c.name.contains(q, autoescape=True),
                institutions.c.address.contains(q, autoescape=True),
                institutions.c.id == q,
            )
        )
    if kind:
        query = query.where(institutions.c.type == kind)
    if district:
        query = query.where(institutions.c.district == district)
    return query


def count_rows(conn: Connection, *, query: Select) -> int:
    return conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def institution_page(
    conn: Connection, *, query: Select, limit: int, offset: int
) -> list[RowMapping]:
    """One page of ``query`` by district and name."""
    ordered = query.order_by(institutions.c.district, institutions.c.name)
    return list(conn.execute(ordered.limit(limit).offset(offset)).mappings().all())


def known_districts(conn: Connection) -> list[str]:
    query = select(institutions.c.district).distinct().order_by(institutions.c.district)
    return [row[0] for row in conn.execute(query) if row[0]]


def institutions_by_id(conn: Connection, *, query: Select) -> Iterator[RowMapping]:
    """``query``'s rows by id, streamed (the CSV export)."""
    yield from conn.execute(query.order_by(institutions.c.id)).mappings()
