"""The terminal's side against a real hub process: the call client asks for rooms, and the real
Chromium launcher (headless, fake camera device, but NO fake permission UI) opens the resident's
call page; an adviser in a Playwright browser receives its video — so the camera was allowed by
the launcher's profile rule for the hub origin. The test then closes the kiosk window."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import requests
from websockets.sync.client import connect

from hub.core.config import HubSettings
from hub.core.db import make_engine
from kiosk.errors import CallRefused
from kiosk.hublink.client import HubClient
from kiosk.outbox.telemetry import Telemetry
from kiosk.video import ChromiumLauncher, RecordingLauncher
from kiosk.video.calls import VideoService
from tests.support.chromium import CHROMIUM, launch
from tests.support.hub_process import hub_process
from tests.support.video_calls import wait_connected_with_frames
from tests.support.video_rooms import add_booking, now_utc, token_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium"),
]
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
HEADLESS_TEST_ARGS = (
    "--headless",
    "--no-sandbox",
    "--use-fake-device-for-media-stream",
    "--disable-gpu",
)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("kiosk-video-hub")) as running:
        yield running


def terminal_client(hub) -> tuple[HubClient, str]:
    name = hub.terminals[0]
    answer = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": hub.new_code(name)})
    token = answer.json()["token"]
    with sqlite3.connect(hub.data_dir / "hub.db") as db:
        adviser = db.execute("SELECT adviser_id FROM terminals WHERE name = ?", (name,)).fetchone()[
            0
        ]
    return HubClient(hub.base_url, session=requests.Session(), token=token), adviser


def terminal_video(hub) -> tuple[VideoService, str]:
    """The screens' video service over the one hub client (a recording launcher: no window)."""
    client, adviser = terminal_client(hub)
    return VideoService(client=client, launcher=RecordingLauncher()), adviser


def set_on_duty(hub, adviser_id: str, on: bool) -> None:
    with sqlite3.connect(hub.data_dir / "hub.db") as db:
        db.execute("UPDATE advisers SET on_duty_now = ? WHERE id = ?", (1 if on else 0, adviser_id))


def test_call_client_against_the_real_hub(hub):
    video, adviser = terminal_video(hub)
    assert video.can_call_now() == (False, "nobody_on_duty")
    with pytest.raises(CallRefused) as nobody:
        video.start()
    assert nobody.value.reason == "nobody_on_duty"
    settings = HubSettings.from_env({"HUB_DATA": str(hub.data_dir)})
    engine = make_engine(settings)
    later = add_booking(engine, adviser_id=adviser, start=now_utc() + timedelta(days=1))
    now = add_booking(engine, adviser_id=adviser, start=now_utc())
    engine.dispose()
    with pytest.raises(CallRefused) as not_yet:
        video.start(booking_code=later["code"])
    assert not_yet.value.reason == "later" and not_yet.value.opens_at.endswith("+08:00")
    with pytest.raises(CallRefused) as unknown:
        video.start(booking_code="ZZZZ-ZZZZ-ZZ")
    assert unknown.value.reason == "not_found"
    with pytest.raises(CallRefused) as typo:
        video.start(booking_code="?")
    assert typo.value.reason == "bad_code"
    room = video.start(booking_code=now["code"].lower(), lang="zh_CN")
    assert room.kind == "booked" and f"/call/{now['room']}?t=resident." in room.join_url
    assert room.media_origins == (hub.base_url,)


def test_a_resident_who_leaves_before_anyone_answers_frees_the_adviser(hub):
    video, adviser = terminal_video(hub)
    set_on_duty(hub, adviser, True)
    try:
        room = video.start()
        assert video.can_call_now() == (False, "all_busy")  # ringing this adviser
        ws_url = room.join_url.replace("http://", "ws://").replace("?", "/ws?", 1)
        with connect(ws_url) as ws:
            assert json.loads(ws.recv()) == {"type": "welcome", "role": "resident", "peer": False}
        deadline = time.monotonic() + 5  # the hub notes the leave just after the socket closes
        while video.can_call_now() != (True, "") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert video.can_call_now() == (True, "")
        with sqlite3.connect(hub.data_dir / "hub.db") as db:
            ended = db.execute(
                "SELECT ended_at, started_at FROM calls WHERE id = ?", (room.call_id,)
            ).fetchone()
        assert ended[0] is not None and ended[1] is None
    finally:
        set_on_duty(hub, adviser, False)


def test_real_chromium_window_joins_and_is_closed(hub, tmp_path):
    client, adviser = terminal_client(hub)
    set_on_duty(hub, adviser, True)
    try:
        events = []
        launcher = ChromiumLauncher(CHROMIUM, extra_args=HEADLESS_TEST_ARGS, temp_root=tmp_path)
        service = VideoService(client=client, launcher=launcher, telemetry=Telemetry(events))
        assert service.can_call_now() == (True, "")
        room = service.start(lang="zh_CN")
        ended, done = [], threading.Event()
        service.open(room, lambda result: (ended.append(result), done.set()))
        room_name = urlsplit(room.join_url).path.rsplit("/", 1)[1]
        settings = HubSettings.from_env({"HUB_DATA": str(hub.data_dir)})
        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                page = browser.new_page(bypass_csp=True, locale="zh-CN")
                page.goto(
                    f"{hub.base_url}/call/{room_name}?t={token_for(settings, room_name, 'adviser')}"
                )
                assert (
                    wait_connected_with_frames(page) > 0
                )  # the kiosk window's camera reached the adviser
                page.click(
                    "#hangup"
                )  # the adviser ends the call: the kiosk's page closes its window
                assert done.wait(20), "the call window did not close itself"
            finally:
                browser.close()
        assert ended[0].reason == "closed", ended  # the page closed its own app window
        assert [e["type"] for e in events] == ["call_opened", "call_closed"]
        # The kiosk closes a window itself (session reset, shutdown): the test closes one.
        stopped, stop_done = [], threading.Event()
        window = launcher.open(
            room.join_url,
            origins=room.media_origins,
            max_seconds=60,
            on_closed=lambda result: (stopped.append(result), stop_done.set()),
        )
        assert window.running
        window.close()
        assert stop_done.wait(15) and stopped[0].reason == "stopped"
        assert list(tmp_path.iterdir()) == []  # the profile folder is gone
    finally:
        set_on_duty(hub, adviser, False)
