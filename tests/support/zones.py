"""Time zones the tests build times in (the hub's default zone and a non-default one)."""

from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
URUMQI = ZoneInfo("Asia/Urumqi")  # UTC+6 all year: a zone whose days start two hours later
