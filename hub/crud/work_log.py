"""The advisers' work log (工作日志): one row per service an adviser did, "一次一记".

An entry is checked by :func:`check_entry` (every reason a catalog key, by field), written by
:func:`add_entry` / :func:`change_entry`, and locked :data:`HubSettings.work_log_edit_days` after
it was written (:func:`is_locked`). Only its author changes it; an adviser reads only their own.
Text (outcome, note) is stored as typed and always shown as text, never as markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, RowMapping, insert, select, update

from hub.models.tables import SERVICE_TYPES, advisers, terminals, work_log

NOTE_MAX_CHARS = 500
OUTCOME_MAX_CHARS = 200
VILLAGE_MAX_CHARS = 80
PEOPLE_MAX = 10_000
DAY_MINUTES = 24 * 60
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# New lines and tabs are how people write notes; every other control or hidden character is refused.
ALLOWED_CONTROLS = frozenset("\n\t")


class EntryInvalid(ValueError):
    """What is wrong with a submitted entry: ``{field: catalog key}`` (``values`` for the text)."""

    def __init__(self, errors: dict[str, str], values: dict[str, object] | None = None) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors, self.values = errors, values or {}


@dataclass(frozen=True)
class Window:
    """How far back an entry may be dated and how long it stays editable (days)."""

    today: date
    edit_days: int


def bad_text(text: str) -> bool:
    """True when ``text`` holds a control character (other than new line and tab), an unpaired
    surrogate, or an invisible / direction-changing character."""
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cc" and ch not in ALLOWED_CONTROLS:
            return True
        if kind in ("Cs", "Cf", "Co") or ch == "\ufffd":
            return True
    return False


def _text(raw: dict, name: str, limit: int, errors: dict, *, lines: bool) -> str:
    text = str(raw.get(name) or "").replace("\r\n", "\n").strip()
    if not lines:
        text = " ".join(text.split())
    if bad_text(text):
        errors[name] = "worklog.error.bad_text"
    elif len(text) > limit:
        errors[name] = "worklog.error.too_long"
    return text


def _day(raw: dict, window: Window, errors: dict) -> date | None:
    try:
        day = date.fromisoformat(str(raw.get("day") or ""))
    except ValueError:
        errors["day"] = "worklog.error.bad_day"
        return None
    if day > window.today:
        errors["day"] = "worklog.error.future_day"
    elif day < window.today - timedelta(days=window.edit_days):
        errors["day"] = "worklog.error.old_day"
    return day


def _minutes_of(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _times(raw: dict, errors: dict) -> tuple[str | None, str | None, int]:
    """``(start, end, minutes)``: from start and end when both are given, else from hours."""
    start = str(raw.get("start") or "").strip() or None
    end = str(raw.get("end") or "").strip() or None
    hours = str(raw.get("hours") or "").strip()
    for name, value in (("start", start), ("end", end)):
        if value is not None and not HHMM_RE.match(value):
            errors[name] = "worklog.error.bad_time"
    if errors.keys() & {"start", "end"}:
        return start, end, 0
    if start and end:
        minutes = _minutes_of(end) - _minutes_of(start)
        if minutes <= 0:
            errors["end"] = "worklog.error.end_before_start"
        return start, end, max(minutes, 0)
    if start or end:
        errors["end" if start else "start"] = "worklog.error.need_both_times"
        return start, end, 0
    try:
        given = float(hours)
    except ValueError:
        errors["hours"] = "worklog.error.need_hours"
        return None, None, 0
    if not 0 < given <= DAY_MINUTES / 60:  # also refuses nan and inf
        errors["hours"] = "worklog.error.bad_hours"
        return None, None, 0
    return None, None, max(1, round(given * 60))


def _people(raw: dict, errors: dict) -> int:
    text = str(raw.get("people") or "0").strip()
    if not text.isascii() or not text.isdigit() or int(text) > PEOPLE_MAX:
        errors["people"] = "worklog.error.bad_people"
        return 0
    return int(text)


def check_entry(raw: dict, *, villages: list[str], window: Window) -> dict:
    """The columns of an entry from the submitted ``raw`` fields, or :class:`EntryInvalid`.

    ``villages`` are the ones the adviser serves: the entry must name one of them (any village
    name when the adviser has none on record yet).
    """
    errors: dict[str, str] = {}
    service = str(raw.get("service") or "")
    if service not in SERVICE_TYPES:
        errors["service"] = "worklog.error.bad_service"
    village = _text(raw, "village", VILLAGE_MAX_CHARS, errors, lines=False)
    if "village" not in errors and (not village or (villages and village not in villages)):
        errors["village"] = "worklog.error.bad_village"
    day = _day(raw, window, errors)
    start, end, minutes = _times(raw, errors)
    values = {
        "service": service,
        "village": village,
        "day": day,
        "start": start,
        "end": end,
        "minutes": minutes,
        "people": _people(raw, errors),
        "outcome": _text(raw, "outcome", OUTCOME_MAX_CHARS, errors, lines=False),
        "note": _text(raw, "note", NOTE_MAX_CHARS, errors, lines=True),
    }
    if errors:
        raise EntryInvalid(
            errors,
            {"max_note": NOTE_MAX_CHARS, "max_outcome": OUTCOME_MAX_CHARS, **window_values(window)},
        )
    return values


def window_values(window: Window) -> dict[str, object]:
    return {"days": window.edit_days, "today": window.today.isoformat()}


def adviser_villages(conn: Connection, *, adviser_id: str) -> list[str]:
    """The villages an adviser serves (their record), then those of terminals assigned to them."""
    serves = conn.execute(select(advisers.c.serves).where(advisers.c.id == adviser_id)).scalar()
    found = [v for v in (serves or []) if isinstance(v, str) and v.strip()]
    rows = conn.execute(
        select(terminals.c.village)
        .where(terminals.c.adviser_id == adviser_id)
        .order_by(terminals.c.village)
    )
    for (village,) in rows:
        if village and village not in found:
            found.append(village)
    return found


def add_entry(
    conn: Connection, *, adviser_id: str, author_id: int, values: dict, now: datetime
) -> int:
    """Store a checked entry; returns its id."""
    row = {**values, "adviser_id": adviser_id, "author_id": author_id}
    query = insert(work_log).values(**row, created_at=now, updated_at=now).returning(work_log.c.id)
    return conn.execute(query).scalar_one()


def entry(conn: Connection, *, entry_id: int) -> RowMapping | None:
    return conn.execute(select(work_log).where(work_log.c.id == entry_id)).mappings().first()


def locks_at(row: RowMapping, *, edit_days: int) -> datetime:
    """When an entry stops being editable."""
    return row["created_at"] + timedelta(days=edit_days)


def is_locked(row: RowMapping, *, now: datetime, edit_days: int) -> bool:
    return now >= locks_at(row, edit_days=edit_days)


def change_entry(conn: Connection, *, entry_id: int, values: dict, now: datetime) -> None:
    conn.execute(update(work_log).where(work_log.c.id == entry_id).values(**values, updated_at=now))


def entries(conn: Connection, *, first: date, last: date, adviser_id: str = "") -> list[RowMapping]:
    """Entries dated ``first``..``last`` (inclusive), newest first, with the adviser's name."""
    query = (
        select(work_log, advisers.c.name.label("adviser_name"))
        .join(advisers, advisers.c.id == work_log.c.adviser_id)
        .where(work_log.c.day >= first, work_log.c.day <= last)
        .order_by(work_log.c.day.desc(), work_log.c.id.desc())
    )
    if adviser_id:
        query = query.where(work_log.c.adviser_id == adviser_id)
    return list(conn.execute(query).mappings())
