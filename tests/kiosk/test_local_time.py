"""One configured time zone for what people read: tickets, screens and doctor."""

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.local_time import format_offset, now_local, parse_local, to_local
from kiosk.tickets.ticket import Ticket


def test_the_default_zone_is_shanghai_and_a_bad_one_names_the_key(tmp_path):
    assert load_config(data_dir=tmp_path, environ={}).terminal.timezone == "Asia/Shanghai"
    (tmp_path / "kiosk.toml").write_text('[terminal]\ntimezone = "Mars/Olympus"\n', "utf-8")
    with pytest.raises(ConfigError, match="terminal.timezone"):
        load_config(data_dir=tmp_path, environ={})


@pytest.mark.parametrize(
    ("text", "zone", "shown"),
    [
        ("2026-11-27T17:10:00+00:00", "Asia/Shanghai", "2026-11-28 01:10"),
        ("2026-11-28T01:10:00+08:00", "Asia/Shanghai", "2026-11-28 01:10"),
        ("2026-11-28T01:10:00+08:00", "Asia/Urumqi", "2026-11-27 23:10"),
    ],
)
def test_hub_times_are_shown_in_the_configured_zone(text, zone, shown):
    assert parse_local(text, zone).strftime("%Y-%m-%d %H:%M") == shown


def test_now_and_naive_times_are_taken_as_utc():
    fixed = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert now_local(clock=lambda: fixed).hour == 17
    assert to_local(datetime(2026, 11, 20, 9, 30)).hour == 17
    assert format_offset(timedelta(hours=8)) == "+08:00"
    assert format_offset(timedelta(hours=-3, minutes=-30)) == "-03:30"


def test_a_ticket_prints_the_booking_in_the_terminals_zone():
    booking = {"code": "K7Q2", "start": "2026-11-27T06:30:00+00:00", "end": "2026-11-27T07:00:00Z"}
    ticket = Ticket.for_booking(booking, place="工作室", timezone="Asia/Shanghai")
    assert (ticket.start.hour, ticket.start.minute, ticket.end.hour) == (14, 30, 15)
