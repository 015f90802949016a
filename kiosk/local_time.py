"""The one time zone everything shown to people on the terminal is in (``terminal.timezone``).

Residents, tickets, the maintenance screen and the doctor all show wall-clock time in the
configured zone (default ``Asia/Shanghai``), whatever zone the system clock is set to: a
terminal image left on UTC otherwise prints 17:10 on a ticket for a 01:10 appointment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"


def zone(name: str) -> ZoneInfo:
    """The zone called ``name``; raises :class:`ValueError` for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def to_local(moment: datetime, name: str = DEFAULT_TIMEZONE) -> datetime:
    """``moment`` in the zone ``name``; a naive ``moment`` is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(name))


def now_local(name: str = DEFAULT_TIMEZONE, *, clock=lambda: datetime.now(UTC)) -> datetime:
    """The current time in the zone ``name``."""
    return to_local(clock(), name)


def parse_local(text: str, name: str = DEFAULT_TIMEZONE) -> datetime:
    """An ISO 8601 time (the hub's, with an offset) in the zone ``name``."""
    return to_local(datetime.fromisoformat(text), name)


def parse_local_or_none(text: str | None, name: str = DEFAULT_TIMEZONE) -> datetime | None:
    """Like :func:`parse_local`, but ``None`` for an empty or unparsable value (never raises)."""
    if not text:
        return None
    try:
        return parse_local(str(text).strip(), name)
    except ValueError:
        return None


def system_offset(moment: datetime | None = None) -> timedelta:
    """The UTC offset the operating system's local zone has at ``moment`` (default now)."""
    local = (moment or datetime.now(UTC)).astimezone()
    return local.utcoffset() or timedelta(0)


def format_offset(offset: timedelta) -> str:
    """``+08:00`` style."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
