"""Video on the real app under Xvfb: booking screen → video screen; "call now" only while an
adviser is on duty; the booking code keypad; the call opens in the (recording) launcher; when the
window closes the resident rates the call 1–5 and the rating is queued as an event."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from contract.i18n import Translator
from kiosk.video import RecordingLauncher
from kiosk.video.calls import CallRefused, CallRoom, VideoService
from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui
DOCS_IMG = screenshot_dir()
ROOM = CallRoom(
    call_id=42,
    kind="now",
    join_url="http://127.0.0.1:8348/call/room?t=resident.1.x",
    adviser_name="王律师（示例）",
    closes_at="",
    ring_seconds=120,
    media_origins=("http://127.0.0.1:8348",),
)
T = Translator("zh_CN")


class ScriptedClient:
    """Answers like the hub would (the real client is tested against a real hub in tests/e2e)."""

    def __init__(self, available=(True, ""), start_error=None):
        self.available, self.start_error, self.started = available, start_error, []

    def call_availability(self):
        available, reason = self.available
        return {"available": available, "reason": reason}

    def start_call(self, *, booking_code=None, lang=None):
        self.started.append((booking_code, lang))
        if self.start_error:
            raise self.start_error
        return dataclasses.asdict(ROOM)


@pytest.fixture
def video(ui):
    launcher = RecordingLauncher()
    previous = ui.app.services.video

    def install(client):
        ui.app.services.video = VideoService(
            client=client, launcher=launcher, telemetry=ui.app.services.telemetry
        )
        return launcher

    yield install
    ui.app.services.video = previous


def shot(ui, name: str) -> None:
    from kivy.core.window import Window

    ui.pump(5)
    saved = Window.screenshot(name=str(DOCS_IMG / "shot") + "%(counter)s.png")
    Path(saved).replace(DOCS_IMG / name)


def open_video_screen(ui, *, picture: str = ""):
    ui.app.nav.go("booking")
    ui.settle()
    if picture:
        shot(ui, picture)
    ui.tap(ui.screen("booking").ids.code_entry)
    assert ui.current == "call"
    ui.settle()
    return ui.screen("call")


def test_call_now_opens_the_window_then_asks_for_a_rating(ui, video):
    launcher = video(ScriptedClient())
    screen = open_video_screen(ui, picture="video-kiosk-entry.png")
    assert screen.can_call_now and screen.status == T("video.kiosk.call_now_hint")
    shot(ui, "video-kiosk-call.png")
    ui.tap(screen.ids.call_now)
    assert launcher.opened == [(ROOM.join_url, ["http://127.0.0.1:8348"], 3900.0)]
    assert screen.status == T("video.kiosk.in_call")
    ui.clock.advance(3600)  # an hour in Chromium: the kiosk must not reset meanwhile
    ui.pump(10)
    assert ui.current == "call"
    launcher.finish("closed", seconds=300.0)
    ui.settle()
    assert ui.current == "call_rating"
    shot(ui, "video-kiosk-rating.png")
    ui.tap(ui.screen("call_rating").ids.faces.ids.good)
    assert ui.current == "home"
    assert [e["props"] for e in ui.events("call_rated")] == [{"call_id": 42, "rating": 5}]
    assert [e["props"] for e in ui.events("service.rated")] == [{"service": "call", "face": "good"}]
    assert ui.events("call_closed")[0]["props"]["reason"] == "closed"
    for name in ("video-kiosk-entry.png", "video-kiosk-call.png", "video-kiosk-rating.png"):
        assert (DOCS_IMG / name).stat().st_size < 300_000


def test_nobody_on_duty_offers_booking_and_hotline_and_codes_are_checked(ui, video):
    client = ScriptedClient(
        available=(False, "nobody_on_duty"),
        start_error=CallRefused("later", opens_at="2026-11-23T14:20:00+08:00"),
    )
    launcher = video(client)
    screen = open_video_screen(ui)
    assert not screen.can_call_now and screen.ids.call_now.disabled
    assert screen.status == T("video.kiosk.nobody_on_duty")
    from screens.widgets.common import Chip

    keys = {chip.text: chip for chip in ui.find_all(screen.ids.keypad, Chip)}
    for letter in "AB2C":
        ui.tap(keys[letter])
    ui.tap(keys[T("video.kiosk.delete")])
    assert screen.code == "AB2"
    assert screen.ids.start.disabled
    for letter in "D3EF45G":
        ui.tap(keys[letter])
    assert screen.code == "AB2D3EF45G"
    ui.tap(screen.ids.start)
    assert client.started == [("AB2D3EF45G", "zh_CN")]
    assert screen.status == T("video.kiosk.not_open", opens="2026-11-23 14:20")
    assert launcher.opened == []
    ui.tap(screen.ids.book)
    assert ui.current == "booking"
