"""Hub time: stored in UTC, shown to people in the hub's one zone (``HUB_TIMEZONE``).

The database keeps aware UTC instants. Everything a person reads — admin and console pages,
phone pages under ``/p``, CSV exports, the slot and booking times of the terminal API — and
everything people mean in wall-clock terms — duty hours ("Fridays 14:00–17:00"), holidays and
leave days, "today", a report's days — is in the zone :attr:`HubSettings.zone
<hub.core.config.HubSettings.zone>` names (default ``Asia/Shanghai``). These functions take that
zone as an argument, so no module fixes one of its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"
SHOWN = "%Y-%m-%d %H:%M"  # how admin pages and CSV files write a local time


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (``Asia/Shanghai``, ``Asia/Urumqi``, ``UTC`` …).

    :raises ValueError: for a name the zone database (system or ``tzdata``) does not know.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"must be a time zone name such as {DEFAULT_TIMEZONE}, not {name!r}"
        ) from exc


def now_utc() -> datetime:
    return datetime.now(UTC)


def local(value: datetime, zone: tzinfo) -> datetime:
    """``value`` (aware; a naive value is taken as UTC, as the database stores it) in ``zone``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def local_iso(value: datetime, zone: tzinfo) -> str:
    """ISO 8601 in ``zone`` with its offset (``+08:00`` in China), seconds precision."""
    return local(value, zone).replace(microsecond=0).isoformat()


def local_text(value: datetime | None, zone: tzinfo, fmt: str = SHOWN) -> str:
    """``value`` in ``zone`` written with ``fmt``; empty for ``None``."""
    return "" if value is None else local(value, zone).strftime(fmt)


def local_day(value: datetime, zone: tzinfo) -> date:
    """The calendar day ``value`` falls on in ``zone``."""
    return local(value, zone).date()


def local_today(zone: tzinfo, now: datetime | None = None) -> date:
    """The current day in ``zone`` (``now`` defaults to the current time)."""
    return local_day(now or now_utc(), zone)


def at_local(day: date, wall: time, zone: tzinfo) -> datetime:
    """The instant the clocks in ``zone`` show ``wall`` on ``day`` (aware)."""
    return datetime.combine(day, wall, zone)


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight at the start of ``day`` in ``zone`` (aware)."""
    return at_local(day, time(0), zone)
