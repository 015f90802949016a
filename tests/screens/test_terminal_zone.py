"""Every time a resident or a technician reads is in ``terminal.timezone``, whatever zone the
system clock is set to and whatever offset the hub answers in (issue 13).

The system zone is UTC (``TZ`` + ``time.tzset``, restored after), the terminal is in
Asia/Urumqi (UTC+6), and the booking stand-in answers in UTC: each screen must show Urumqi wall
clock, which matches neither the system's nor the hub's numbers.
"""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.booking_steps import StandInBooking, button, fill_details

pytestmark = pytest.mark.ui

ZONE = "Asia/Urumqi"


class UtcBooking(StandInBooking):
    """The stand-in's slots and booking, written in UTC as another hub might answer them."""

    def slots(self, adviser_id: str, days: int = 7) -> list[dict]:
        return [
            {"start": "2026-11-27T06:00:00+00:00", "end": "2026-11-27T06:30:00+00:00"},
            {"start": "2026-11-27T20:30:00Z", "end": "2026-11-27T21:00:00Z"},  # 28th in Urumqi
        ]

    def book(self, **fields) -> dict:
        self.booked = fields
        return {"code": "K7P3QX", "start": fields["start"], "end": "2026-11-27T06:30:00+00:00"}


@pytest.fixture
def utc_system_urumqi_terminal(ui):
    """System clock zone UTC, terminal.timezone Asia/Urumqi; both put back afterwards."""
    services = ui.app.services
    config = services.config
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    services.config = dataclasses.replace(
        config, terminal=dataclasses.replace(config.terminal, timezone=ZONE)
    )
    try:
        assert datetime.now().astimezone().utcoffset() == timedelta(0)
        yield ui
    finally:
        services.config = config
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
        ui.app._tick_clock()


def _clock_text(ui, moment: datetime) -> str:
    return ui.app.tr(
        "home.datetime",
        year=moment.year,
        month=moment.month,
        day=moment.day,
        weekday=ui.app.tr(f"weekday.{moment.weekday()}"),
        hh=f"{moment.hour:02d}",
        mm=f"{moment.minute:02d}",
    )


def test_the_home_clock_is_in_the_terminals_zone(utc_system_urumqi_terminal):
    ui = utc_system_urumqi_terminal
    ui.wait_idle_tick()
    ui.wait_idle_tick()  # the clock ticks every second: let it redraw under the new zones
    ui.settle()
    shown = ui.screen("home").ids.clock.text
    before = datetime.now(ZoneInfo(ZONE))
    # the minute may turn between reading the label and now
    wanted = {_clock_text(ui, before - timedelta(minutes=1)), _clock_text(ui, before)}
    assert shown in wanted
    utc = datetime.now(UTC)
    assert shown not in {_clock_text(ui, utc), _clock_text(ui, utc - timedelta(minutes=1))}


def test_slots_and_the_done_screen_are_in_the_terminals_zone(utc_system_urumqi_terminal):
    from screens.widgets.common import BigButton

    ui = utc_system_urumqi_terminal
    ui.app.services.booking = UtcBooking()
    try:
        ui.tap(ui.screen("home").ids.tile_booking)
        screen = ui.screen("booking")
        from screens.widgets.common import ListItem

        ui.tap(ui.find_all(screen.ids.body, ListItem)[0])
        slots = [b.text for b in ui.find_all(screen.ids.body, BigButton, role="chip")]
        friday, saturday = ui.app.tr("weekday.4"), ui.app.tr("weekday.5")
        assert slots == [
            ui.app.tr("booking.slot", month=11, day=27, weekday=friday, time="12:00"),
            ui.app.tr("booking.slot", month=11, day=28, weekday=saturday, time="02:30"),
        ]
        ui.tap(ui.app.screen("booking").ids.bar.ids.back)  # back to the advisers
        fill_details(ui, screen)
        ui.tap(button(ui, screen.ids.body, "booking.next"))
        ui.tap(button(ui, screen.ids.body, "booking.agree_and_book"))
        assert screen.step == "done"
        assert screen.when_label.text == "时间：2026年11月27日 星期五 12:00–12:30"
    finally:
        ui.app.services.booking = None


def test_maintenance_times_are_words_and_the_terminals_clock(utc_system_urumqi_terminal):
    ui = utc_system_urumqi_terminal
    store = ui.app.services.store
    kept = {key: store.meta(key) for key in ("last_sync_at", "content_updated_at")}
    three_days_ago = datetime.now(UTC) - timedelta(days=3)
    try:
        # As sync writes them (kiosk/hublink/sync.py::_note_in_store): ISO with the system offset.
        store.set_meta("last_sync_at", "2026-11-27T06:05:09+00:00")
        store.set_meta("content_updated_at", three_days_ago.isoformat(timespec="seconds"))
        text = ui.maintenance_status()
        assert ui.app.tr("maintenance.last_sync", at="2026-11-27 12:05") in text
        days = (
            datetime.now(ZoneInfo(ZONE)).date() - three_days_ago.astimezone(ZoneInfo(ZONE)).date()
        ).days
        assert f"，更新于 {ui.app.tr('maintenance.days', days=days)}" in text
        assert "T06:05" not in text and "+00:00" not in text

        store.set_meta("content_updated_at", datetime.now(UTC).isoformat(timespec="seconds"))
        assert "更新于 今天" in ui.maintenance_status()

        store.set_meta("last_sync_at", "last Tuesday")  # unparsable: a dash, never the raw text
        store.set_meta("content_updated_at", "2026-13-45T99:00")
        text = ui.maintenance_status()
        assert "last Tuesday" not in text and "2026-13-45" not in text
        assert ui.app.tr("maintenance.last_sync", at="—") in text
        assert "，更新于 —" in text
    finally:
        for key, value in kept.items():
            store.set_meta(key, value or "")
