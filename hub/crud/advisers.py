"""Queries about advisers that several admin pages share."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Row, RowMapping, delete, insert, select, update

from hub.models.tables import adviser_leave, advisers, duty_periods, institutions

NOTE_MAX_CHARS = 200


def adviser_choices(conn: Connection, *, active_only: bool = False) -> list[Row]:
    """``(id, name)`` of the advisers for a select box, by name."""
    query = select(advisers.c.id, advisers.c.name).order_by(advisers.c.name)
    if active_only:
        query = query.where(advisers.c.active.is_(True))
    return list(conn.execute(query).all())


def advisers_with_institutions(conn: Connection) -> list[RowMapping]:
    """Every adviser with the name of their institution, active ones first."""
    query = (
        select(advisers, institutions.c.name.label("institution"))
        .select_from(advisers.outerjoin(institutions))
        .order_by(advisers.c.active.desc(), advisers.c.name)
    )
    return list(conn.execute(query).mappings().all())


def duty_of(conn: Connection, *, adviser_id: str | None = None) -> list[RowMapping]:
    """Weekly duty periods (of one adviser, or of all), by weekday and start."""
    query = select(duty_periods).order_by(duty_periods.c.weekday, duty_periods.c.start)
    if adviser_id is not None:
        query = query.where(duty_periods.c.adviser_id == adviser_id)
    return list(conn.execute(query).mappings().all())


def set_adviser_active(conn: Connection, *, adviser_id: str, active: bool) -> None:
    conn.execute(update(advisers).where(advisers.c.id == adviser_id).values(active=active))


def leave_of(conn: Connection, *, adviser_id: str) -> list[RowMapping]:
    query = (
        select(adviser_leave)
        .where(adviser_leave.c.adviser_id == adviser_id)
        .order_by(adviser_leave.c.first_day)
    )
    return list(conn.execute(query).mappings().all())


def add_leave(
    conn: Connection, *, adviser_id: str, first_day: date, last_day: date, note: str
) -> None:
    conn.execute(
        insert(adviser_leave).values(
            adviser_id=adviser_id,
            first_day=first_day,
            last_day=last_day,
            note=note[:NOTE_MAX_CHARS],
        )
    )


def delete_leave(conn: Connection, *, adviser_id: str, leave_id: int) -> bool:
    """Remove one leave period of the adviser; False when there was none."""
    gone = conn.execute(
        delete(adviser_leave).where(
            adviser_leave.c.id == leave_id, adviser_leave.c.adviser_id == adviser_id
        )
    ).rowcount
    return bool(gone)
