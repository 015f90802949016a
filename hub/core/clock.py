"""China time: all slots and times shown to residents are Asia/Shanghai (UTC+8, no DST)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def now_utc() -> datetime:
    return datetime.now(UTC)


def china_iso(value: datetime) -> str:
    """ISO 8601 with ``+08:00``, seconds precision."""
    return value.astimezone(CHINA_TZ).replace(microsecond=0).isoformat()
