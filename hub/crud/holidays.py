"""Staff's holiday calendar: public holidays and make-up working days (调休上班) they enter.

chinese-calendar knows each year the State Council has announced and nothing after; staff
entries fill the years it lacks and correct it where it is wrong (they win day by day, see
:mod:`hub.crud.calendar`). Entries are read on every slot request, so slots follow a change at
once. A yearly CSV (``date,kind,name``; kind ``holiday``/``workday`` or ``休``/``班``) replaces
one year's entries in a single transaction, or changes nothing and reports every bad row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, delete, select

from hub.models.tables import holidays
from hub.models.types import utcnow

from .calendar import package_has_year

KINDS = ("holiday", "workday")
KIND_WORDS = {"holiday": "holiday", "workday": "workday", "休": "holiday", "班": "workday"}
NAME_MAX = 40
MAX_SPAN_DAYS = 31  # one `add --to` covers at most a month (a typo in the year is refused)


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` date; :class:`ValueError` otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def add_days(
    conn: Connection, *, first: date, last: date | None = None, name: str = "", workday=False
) -> list[date]:
    """Enter ``first``..``last`` (inclusive) as holidays, or as make-up working days."""
    last = last or first
    if last < first:
        raise ValueError("the last day is before the first")
    if (last - first).days >= MAX_SPAN_DAYS:
        raise ValueError(f"at most {MAX_SPAN_DAYS} days at once")
    if len(name.strip()) > NAME_MAX:
        raise ValueError(f"the name is longer than {NAME_MAX} characters")
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    kind = "workday" if workday else "holiday"
    for day in days:
        conn.execute(delete(holidays).where(holidays.c.day == day))
        conn.execute(
            holidays.insert().values(day=day, kind=kind, name=name.strip(), updated_at=utcnow())
        )
    return days


def remove_day(conn: Connection, day: date) -> bool:
    """Drop a staff entry; True when there was one."""
    return conn.execute(delete(holidays).where(holidays.c.day == day)).rowcount > 0


def staff_days(
    conn: Connection, first: date | None = None, last: date | None = None
) -> dict[date, tuple[str, str]]:
    """Staff entries ``{day: (kind, name)}``, optionally only ``first``..``last``."""
    query = select(holidays.c.day, holidays.c.kind, holidays.c.name).order_by(holidays.c.day)
    if first is not None:
        query = query.where(holidays.c.day >= first)
    if last is not None:
        query = query.where(holidays.c.day <= last)
    return {row.day: (row.kind, row.name) for row in conn.execute(query)}


def years_with_entries(conn: Connection) -> set[int]:
    return {day.year for day in staff_days(conn)}


def uncovered_years(conn: Connection, first: date, last: date) -> list[int]:
    """Years touched by ``first``..``last`` with neither chinese-calendar data nor staff entries."""
    years = range(first.year, last.year + 1)
    entered = years_with_entries(conn)
    return [y for y in years if not package_has_year(y) and y not in entered]


def parse_csv(text: str) -> tuple[list[tuple[date, str, str]], list[RowError]]:
    """Rows ``(day, kind, name)`` of a holiday CSV and the errors, with 1-based line numbers."""
    rows, errors = [], []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in ("date", "kind") if h not in header]
    if missing:
        return [], [RowError(1, missing[0], "missing column")]
    seen: set[date] = set()
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        try:
            day = parse_day(record.get("date", ""))
        except ValueError as exc:
            errors.append(RowError(line, "date", str(exc)))
            continue
        kind = KIND_WORDS.get(record.get("kind", ""))
        if kind is None:
            errors.append(RowError(line, "kind", "must be holiday or workday (休 or 班)"))
            continue
        name = record.get("name", "")
        if len(name) > NAME_MAX:
            errors.append(RowError(line, "name", f"longer than {NAME_MAX} characters"))
            continue
        if day in seen:
            errors.append(RowError(line, "date", "this day is listed twice"))
            continue
        seen.add(day)
        rows.append((day, kind, name))
    years = sorted({day.year for day, _kind, _name in rows})
    if len(years) > 1:
        errors.append(RowError(1, "date", f"one year per file, found {years}"))
    if not rows and not errors:
        errors.append(RowError(1, "date", "no rows"))
    return rows, errors


def import_csv(conn: Connection, text: str) -> tuple[int | None, int, list[RowError]]:
    """Replace one year's staff entries with the CSV's rows: ``(year, rows, errors)``.

    With any error nothing is changed (``year`` is then None).
    """
    rows, errors = parse_csv(text)
    if errors:
        return None, 0, errors
    year = rows[0][0].year
    conn.execute(
        delete(holidays).where(
            holidays.c.day >= date(year, 1, 1), holidays.c.day <= date(year, 12, 31)
        )
    )
    now = utcnow()
    conn.execute(
        holidays.insert(),
        [{"day": d, "kind": k, "name": n, "updated_at": now} for d, k, n in rows],
    )
    return year, len(rows), []
