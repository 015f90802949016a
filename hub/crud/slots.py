"""Bookable slots of an adviser: duty periods per day, minus holidays, leave and taken slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import Connection, select

from hub.core.clock import at_local, day_start, local_day
from hub.crud.calendar import schedule_weekday
from hub.crud.holidays import staff_days
from hub.models.tables import adviser_leave, advisers, bookings, duty_periods


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware
    end: datetime
    free: bool


def active_adviser_exists(conn: Connection, adviser_id: str) -> bool:
    row = conn.execute(
        select(advisers.c.id).where(advisers.c.id == adviser_id, advisers.c.active.is_(True))
    ).first()
    return row is not None


def _periods(conn: Connection, adviser_id: str) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for row in conn.execute(
        select(duty_periods)
        .where(duty_periods.c.adviser_id == adviser_id)
        .order_by(duty_periods.c.start)
    ):
        found.setdefault(row.weekday, []).append((row.start, row.end))
    return found


def _leave_days(conn: Connection, adviser_id: str, first: date, last: date) -> set[date]:
    days: set[date] = set()
    rows = conn.execute(
        select(adviser_leave).where(
            adviser_leave.c.adviser_id == adviser_id,
            adviser_leave.c.last_day >= first,
            adviser_leave.c.first_day <= last,
        )
    )
    for row in rows:
        day = max(row.first_day, first)
        while day <= min(row.last_day, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def _taken(conn: Connection, adviser_id: str, start: datetime, end: datetime) -> set[datetime]:
    rows = conn.execute(
        select(bookings.c.start).where(
            bookings.c.adviser_id == adviser_id,
            bookings.c.status != "cancelled",
            bookings.c.start >= start,
            bookings.c.start < end,
        )
    )
    return {row.start for row in rows}


def _day_slots(
    day: date, periods: list[tuple[str, str]], minutes: int, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """Duty hours are wall-clock times in ``zone``; slots step through them in real minutes."""
    length = timedelta(minutes=minutes)
    out = []
    for first, last in periods:
        start = _instant(at_local(day, time.fromisoformat(first), zone))
        stop = _instant(at_local(day, time.fromisoformat(last), zone))
        while start + length <= stop:
            out.append((start.astimezone(zone), (start + length).astimezone(zone)))
            start += length
    return out


def _instant(moment: datetime) -> datetime:
    """``moment`` in UTC, so adding minutes adds real time even across a zone's DST change."""
    return moment.astimezone(UTC)


def adviser_slots(
    conn: Connection,
    *,
    adviser_id: str,
    now: datetime,
    days: int,
    slot_minutes: int,
    zone: tzinfo,
) -> list[Slot]:
    """Slots from the next start after ``now`` through ``days`` calendar days in ``zone``.

    Duty hours, holidays and leave days are local to ``zone`` (the hub's ``HUB_TIMEZONE``).
    """
    first = local_day(now, zone)
    last = first + timedelta(days=days - 1)
    periods = _periods(conn, adviser_id)
    staff = staff_days(conn, first, last)
    leave = _leave_days(conn, adviser_id, first, last)
    window_end = day_start(last + timedelta(days=1), zone)
    taken = _taken(conn, adviser_id, now, window_end)
    slots = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        weekday = schedule_weekday(day, staff)
        if weekday is None or day in leave or weekday not in periods:
            continue
        for start, end in _day_slots(day, periods[weekday], slot_minutes, zone):
            if start > now:
                slots.append(Slot(start=start, end=end, free=start not in taken))
    return slots


def is_bookable_start(
    conn: Connection,
    *,
    adviser_id: str,
    start: datetime,
    now: datetime,
    max_days: int,
    slot_minutes: int,
    zone: tzinfo,
) -> datetime | None:
    """The slot's end when ``start`` is an offered slot start (free or not), else None."""
    for slot in adviser_slots(
        conn, adviser_id=adviser_id, now=now, days=max_days, slot_minutes=slot_minutes, zone=zone
    ):
        if slot.start == start:
            return slot.end
    return None
