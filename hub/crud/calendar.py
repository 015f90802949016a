"""Which duty periods apply on a date: weekly hours, mainland holidays, make-up working days.

Rules (chinese-calendar knows each year's official arrangement; staff entries win over it):

- a day staff entered (:mod:`hub.crud.holidays`) is a holiday (no duty) or a make-up working day
  (a weekday keeps its own periods, a weekend day gets Monday's);
- a statutory holiday, including a weekday taken off in lieu, has no duty;
- a make-up working day (调休上班, a weekend day that is a working day) is served with the duty
  periods of the weekday it stands in for — paired in date order with the same holiday's in-lieu
  days; when no pair is found, Monday's periods;
- any other day uses the periods of its own weekday (so weekend duty hours work on plain weekends);
- for a year chinese-calendar has no data for, only the fixed-date holidays (1 Jan, 1–2 May,
  1–3 Oct) are known; a warning is logged once per year, and the admin says so in red while
  such a year without staff entries lies in the booking window.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

logger = logging.getLogger(__name__)

FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))
PAIR_WINDOW_DAYS = 45


@lru_cache(maxsize=8)
def _warn_no_data(year: int) -> None:
    logger.warning(
        "chinese-calendar has no holiday data for %s; only fixed-date holidays apply", year
    )


def _detail(day: date) -> tuple[bool, str | None] | None:
    try:
        return chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        _warn_no_data(day.year)
        return None


@lru_cache(maxsize=64)
def package_has_year(year: int) -> bool:
    """Whether chinese-calendar has the official arrangement of ``year``."""
    try:
        chinese_calendar.get_holiday_detail(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def package_holidays(year: int) -> list[tuple[date, str, str]]:
    """chinese-calendar's special days of ``year``: ``(day, "holiday"|"workday", name)``.

    Empty for a year the package has no data for (it is never guessed).
    """
    if not package_has_year(year):
        return []
    found = []
    day = date(year, 1, 1)
    while day.year == year:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name is not None and (is_holiday or day.weekday() >= 5):
            found.append((day, "holiday" if is_holiday else "workday", str(name)))
        day += timedelta(days=1)
    return found


def schedule_weekday(day: date, staff: Mapping[date, tuple[str, str]] | None = None) -> int | None:
    """The weekday (0=Mon) whose duty periods apply on ``day``, or None for no duty.

    :param staff: staff entries ``{day: (kind, name)}`` (kind ``holiday`` or ``workday``).
    """
    entry = (staff or {}).get(day)
    if entry is not None:
        if entry[0] == "holiday":
            return None
        return day.weekday() if day.weekday() < 5 else 0
    detail = _detail(day)
    if detail is None:
        return None if (day.month, day.day) in FIXED_HOLIDAYS else day.weekday()
    is_holiday, name = detail
    if is_holiday and name is not None:
        return None
    if not is_holiday and name is not None and day.weekday() >= 5:
        return _replaced_weekday(day, name)
    return day.weekday()


@lru_cache(maxsize=256)
def _replaced_weekday(day: date, holiday: str) -> int:
    window = [day + timedelta(days=n) for n in range(-PAIR_WINDOW_DAYS, PAIR_WINDOW_DAYS + 1)]
    makeups, in_lieu = [], []
    for other in window:
        detail = _detail(other)
        if detail is None or detail[1] != holiday:
            continue
        if not detail[0] and other.weekday() >= 5:
            makeups.append(other)
        elif chinese_calendar.is_in_lieu(other):
            in_lieu.append(other)
    if day in makeups and makeups.index(day) < len(in_lieu):
        return in_lieu[makeups.index(day)].weekday()
    return 0
