"""The monthly ledger against the district's standard (台账): for each adviser and each item of
their district's standard, what was required and what was done.

What counts, once each:

- **work-log entries** (:mod:`hub.crud.work_log`) by their date: a ``count`` item counts entries
  of its service, ``hours`` sums their time, ``days`` counts distinct days with one; an ``any``
  item takes every logged service (the on-site work);
- **kiosk consultations** from the work record (:func:`hub.crud.ledger.ledger`): bookings held and
  "call now" calls held count as ``consultation`` services, their call time as its hours. They are
  never logged by hand (the form says so) and never count for ``any`` or ``days`` items, which are
  about work in the village;
- an adviser's **hours** are logged time plus kiosk call time of the month.

Periods: a ``month`` item is due in the month. A ``week`` item is due in every Monday-to-Sunday
week whose Thursday falls in the month (so each week belongs to one month): ``required`` is the
amount times those weeks, ``done`` the work of each week up to its amount. A ``quarter``,
``half_year`` or ``year`` item counts from the start of its period to the end of the month; its
``met`` is ``null`` while it is short and the period runs on (not due yet). ``met`` of an adviser
is false when any item is short and due, ``null`` when their district has no standard.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo

from sqlalchemy import Connection, select

from hub.crud import ledger as work_record
from hub.crud.reports import Period, month_period
from hub.crud.standards import ANY_SERVICE, Item, all_standards, district_of, standard_for
from hub.models.tables import advisers, work_log

KIOSK_SERVICE = "consultation"
PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


def parse_month(text: str, *, zone: tzinfo) -> Period:
    """``YYYY-MM`` as the month's period (days as the clocks in ``zone`` count them);
    ValueError otherwise."""
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        raise ValueError(f"{text!r} is not a month written YYYY-MM")
    first = date.fromisoformat(f"{text}-01")
    return month_period(text, today=first, zone=zone)


def period_of(item: Item, month: Period) -> Period:
    """The stretch of days an item of ``per`` month, quarter, half-year or year counts in."""
    size = PERIOD_MONTHS[item.per]
    first_month = (month.first.month - 1) // size * size + 1
    return Period(month.first.replace(month=first_month), month.last, month.zone)


def due_now(item: Item, month: Period) -> bool:
    """True when the item's period ends with ``month``."""
    if item.per in ("week", "month"):
        return True
    return month.first.month % PERIOD_MONTHS[item.per] == 0


def weeks_of(month: Period) -> list[Period]:
    """Monday-to-Sunday weeks whose Thursday is in ``month``."""
    monday = month.first - timedelta(days=month.first.weekday())
    weeks = []
    while monday <= month.last:
        if month.first <= monday + timedelta(days=3) <= month.last:
            weeks.append(Period(monday, monday + timedelta(days=6), month.zone))
        monday += timedelta(days=7)
    return weeks


@dataclass
class KioskFigures:
    """``(consultations held, call minutes)`` on the kiosk per adviser, computed once per period
    for every adviser (one ledger query per period, not one per adviser and item)."""

    conn: Connection
    _by_period: dict = field(default_factory=dict)

    def of(self, adviser_id: str, period: Period) -> tuple[int, float]:
        key = (period.first, period.last)
        if key not in self._by_period:
            self._by_period[key] = {
                row["adviser_id"]: (row["held"] + row["now_held"], float(row["call_minutes"]))
                for row in work_record.ledger(self.conn, period=period)
            }
        return self._by_period[key].get(adviser_id, (0, 0.0))


@dataclass
class AdviserWork:
    """What one adviser did: their log entries and their kiosk figures by period."""

    figures: KioskFigures
    adviser_id: str
    entries: list[dict]

    def kiosk(self, period: Period) -> tuple[int, float]:
        """``(consultations held, call minutes)`` on the kiosk in ``period``."""
        return self.figures.of(self.adviser_id, period)

    def done(self, item: Item, period: Period) -> float:
        found = [
            e
            for e in self.entries
            if period.first <= e["day"] <= period.last
            and (item.service == ANY_SERVICE or e["service"] == item.service)
        ]
        if item.measure == "days":
            return len({e["day"] for e in found})
        kiosk_count, kiosk_minutes = (0, 0.0)
        if item.service == KIOSK_SERVICE:
            kiosk_count, kiosk_minutes = self.kiosk(period)
        if item.measure == "count":
            return len(found) + kiosk_count
        return (sum(e["minutes"] for e in found) + kiosk_minutes) / 60


def _figure(value: float) -> int | float:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def item_row(work: AdviserWork, item: Item, month: Period) -> dict:
    if item.per == "week":
        weeks = weeks_of(month)
        required = item.amount * len(weeks)
        done = sum(min(work.done(item, week), item.amount) for week in weeks)
    else:
        required, done = item.amount, work.done(item, period_of(item, month))
    met: bool | None = done >= required
    if not met and not due_now(item, month):
        met = None
    return {"item": item.key, "required": required, "done": _figure(done), "met": met}


def _entries_window(month: Period) -> tuple[date, date]:
    """The days whose entries the month's items can count: from 1 January (the half-year and
    year items) and the Monday of the month's first week to the Sunday of its last."""
    first = min(
        [month.first.replace(month=1), *(w.first for w in weeks_of(month))], default=month.first
    )
    return first, max([month.last, *(w.last for w in weeks_of(month))])


def _entries_by_adviser(conn: Connection, first: date, last: date) -> dict[str, list[dict]]:
    """Every adviser's log entries between ``first`` and ``last``, in one query."""
    query = select(
        work_log.c.adviser_id,
        work_log.c.service,
        work_log.c.day,
        work_log.c.minutes,
        work_log.c.people,
    ).where(work_log.c.day >= first, work_log.c.day <= last)
    found: dict[str, list[dict]] = defaultdict(list)
    for row in conn.execute(query).mappings():
        entry = dict(row)
        found[entry.pop("adviser_id")].append(entry)
    return found


def adviser_row(
    conn: Connection,
    adviser,
    month: Period,
    standards,
    *,
    entries: list[dict],
    figures: KioskFigures,
) -> dict:
    """One adviser's ledger row (the JSON shape) plus ``district``, ``standard``, ``people``."""
    district = district_of(conn, adviser_id=adviser.id, institution_id=adviser.institution_id)
    standard = standard_for(standards, district)
    items = list(standard.items) if standard else []
    work = AdviserWork(figures, adviser.id, entries)
    rows = [item_row(work, item, month) for item in items]
    in_month = [e for e in work.entries if month.first <= e["day"] <= month.last]
    _count, kiosk_minutes = work.kiosk(month)
    hours = (sum(e["minutes"] for e in in_month) + kiosk_minutes) / 60
    return {
        "adviser_id": adviser.id,
        "name": adviser.name,
        "items": rows,
        "hours": _figure(hours),
        "met": None if standard is None else all(r["met"] is not False for r in rows),
        "district": district,
        "standard": standard.name if standard else "",
        "people": sum(e["people"] for e in in_month),
    }


PUBLIC_KEYS = ("adviser_id", "name", "items", "hours", "met")


def service_ledger(conn: Connection, *, month: Period, district: str = "") -> list[dict]:
    """Every active adviser's row for ``month`` (by name), only ``district``'s when given (a
    district and the districts within it: 宁波市 takes 宁波市海曙区)."""
    standards = all_standards(conn)
    query = (
        select(advisers.c.id, advisers.c.name, advisers.c.institution_id)
        .where(advisers.c.active.is_(True))
        .order_by(advisers.c.name, advisers.c.id)
    )
    entries = _entries_by_adviser(conn, *_entries_window(month))
    figures = KioskFigures(conn)
    rows = [
        adviser_row(conn, a, month, standards, entries=entries.get(a.id, []), figures=figures)
        for a in conn.execute(query)
    ]
    return [r for r in rows if not district or r["district"].startswith(district)]


def ledger_json(rows: list[dict], month: Period) -> dict:
    """The fixed shape of ``legal-hub ledger --json``."""
    return {
        "month": month.first.strftime("%Y-%m"),
        "advisers": [{k: r[k] for k in PUBLIC_KEYS} for r in rows],
    }
