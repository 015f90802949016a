"""The session's kiosk app (tests/screens) booking against a real hub process on loopback.

``live_booking(ui, hub)`` enrolls the kiosk's demo terminal with a fresh code and installs a
real booking client and a real video client (recording launcher: no browser window) in the
running app; the previous services come back when the block ends.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import httpx
import requests

from kiosk.booking.service import BookingService
from kiosk.hublink.client import HubClient
from kiosk.video import RecordingLauncher
from kiosk.video.calls import VideoService


@contextmanager
def live_booking(ui, hub):
    name = ui.app.services.config.terminal.name
    answer = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": hub.new_code(name)})
    assert answer.status_code == 200, answer.text
    client = HubClient(hub.base_url, session=requests.Session(), token=answer.json()["token"])
    services = ui.app.services
    previous = services.booking, services.video
    services.booking = BookingService(client, outbox=None)
    services.video = VideoService(
        client=client, launcher=RecordingLauncher(), telemetry=services.telemetry
    )
    try:
        yield client
    finally:
        services.booking, services.video = previous
        client.session.close()


def hub_rows(hub, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(hub.data_dir / "hub.db", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def set_all_on_duty(hub, on: bool) -> None:
    """The advisers' "on duty now" switch, as the console's toggle leaves it in the database."""
    with sqlite3.connect(hub.data_dir / "hub.db", timeout=30) as db:
        db.execute("UPDATE advisers SET on_duty_now = ?", (1 if on else 0,))
