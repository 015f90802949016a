"""The stretches of time a ledger is read for: a month (``2026-11``), a quarter (``2026-Q4``) or
a year (``2026``), each as its whole period and as the months in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, tzinfo

from hub.crud.reports import Period, month_period

KINDS = ("month", "quarter", "year")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII)
QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)
YEAR_RE = re.compile(r"^(\d{4})$", re.ASCII)
EXAMPLES = {"month": "2026-11", "quarter": "2026-Q4", "year": "2026"}


@dataclass(frozen=True)
class View:
    """``kind`` (month, quarter, year), its ``label`` as written, and its months in order."""

    kind: str
    label: str
    months: tuple[Period, ...]

    @property
    def period(self) -> Period:
        return Period(self.months[0].first, self.months[-1].last, self.months[0].zone)


def _months(year: int, first: int, count: int, zone: tzinfo) -> tuple[Period, ...]:
    return tuple(
        month_period(f"{year:04d}-{m:02d}", today=date(year, m, 1), zone=zone)
        for m in range(first, first + count)
    )


def parse_view(kind: str, text: str, *, zone: tzinfo) -> View:
    """The view ``text`` names (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY`` for ``kind``); ValueError
    with a sentence for anything else (years 1900–2999)."""
    text = text.strip()
    patterns = {"month": MONTH_RE, "quarter": QUARTER_RE, "year": YEAR_RE}
    if kind not in patterns:
        raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")
    match = patterns[kind].match(text)
    if not match or not 1900 <= int(match.group(1)) <= 2999:
        raise ValueError(f"{text!r} is not a {kind} written like {EXAMPLES[kind]}")
    year = int(match.group(1))
    if kind == "month":
        months = _months(year, int(match.group(2)), 1, zone)
    elif kind == "quarter":
        months = _months(year, (int(match.group(2)) - 1) * 3 + 1, 3, zone)
    else:
        months = _months(year, 1, 12, zone)
    return View(kind, text, months)


def view_of(kind: str, today: date, *, zone: tzinfo) -> View:
    """The month, quarter or year ``today`` falls in (ValueError for another ``kind``)."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")
    label = {
        "month": f"{today:%Y-%m}",
        "quarter": f"{today.year}-Q{(today.month - 1) // 3 + 1}",
        "year": f"{today.year}",
    }[kind]
    return parse_view(kind, label, zone=zone)
