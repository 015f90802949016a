"""Queries about advisers that several admin pages share."""

from __future__ import annotations

from sqlalchemy import Connection, Row, select

from hub.models.tables import advisers


def adviser_choices(conn: Connection, *, active_only: bool = False) -> list[Row]:
    """``(id, name)`` of the advisers for a select box, by name."""
    query = select(advisers.c.id, advisers.c.name).order_by(advisers.c.name)
    if active_only:
        query = query.where(advisers.c.active.is_(True))
    return list(conn.execute(query).all())
