"""Two headless Chromium instances with fake camera and microphone hold a call through a real hub
process on loopback: the adviser goes on duty in the console, a terminal asks to call now, the
resident opens the join link, the console rings, the adviser answers — the peer connection reaches
"connected" and video frames are decoded on both sides. Also: refusals through the real process."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from hub.core.config import HubSettings
from hub.core.db import make_engine
from tests.support.chromium import CHROMIUM, launch
from tests.support.hub_process import hub_process
from tests.support.screenshots import screenshot_dir
from tests.support.video_calls import wait_connected_with_frames
from tests.support.video_rooms import add_booking, now_utc, token_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium"),
]
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

DOCS_IMG = screenshot_dir()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("video-hub")) as running:
        yield running


def enroll(hub) -> str:
    name = hub.terminals[0]
    answer = httpx.post(hub.base_url + "/api/v1/enroll", json={"code": hub.codes[name]})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def login(page, hub) -> None:
    page.goto(hub.base_url + "/admin/login?next=/admin/console")
    page.fill("input[name=username]", "adviser")
    page.fill("input[name=password]", hub.passwords["adviser"])
    page.click("form button")
    page.wait_for_url("**/admin/console")


def test_two_browsers_hold_a_call_through_the_real_hub(hub):
    token = enroll(hub)
    terminal = httpx.Client(base_url=hub.base_url, headers={"Authorization": f"Bearer {token}"})
    assert terminal.post("/api/v1/calls", json={}).json() == {"detail": "no adviser is on duty now"}
    with sqlite3.connect(hub.data_dir / "hub.db") as db:
        adviser_id = db.execute(
            "SELECT adviser_id FROM users WHERE username = 'adviser'"
        ).fetchone()[0]
    engine = make_engine(HubSettings.from_env({"HUB_DATA": str(hub.data_dir)}))
    booked = add_booking(
        engine,
        adviser_id=adviser_id,
        start=now_utc() + timedelta(minutes=5),
        terminal_name=hub.terminals[0],
    )
    engine.dispose()
    with sync_playwright() as pw:
        adviser_browser, resident_browser = launch(pw), launch(pw)
        try:
            console = adviser_browser.new_page(
                bypass_csp=True, locale="zh-CN", viewport={"width": 1200, "height": 760}
            )
            login(console, hub)
            assert booked["code"] in console.inner_text("main")  # today's booking, join open
            console.click("#duty-toggle")
            console.wait_for_selector("#duty-state.ok")
            made = terminal.post("/api/v1/calls", json={})
            assert made.status_code == 201, made.text
            call = made.json()
            resident = resident_browser.new_page(
                bypass_csp=True, locale="zh-CN", viewport={"width": 1024, "height": 640}
            )
            resident.goto(call["join_url"])
            resident.wait_for_function("window.callState.status === 'waiting_adviser'")
            button = console.wait_for_selector(
                f"#ringing button[data-call='{call['call_id']}']", timeout=10_000
            )
            console.screenshot(path=str(DOCS_IMG / "video-console.png"))
            answered = time.monotonic()
            with console.expect_popup() as popup:
                button.click()
            adviser = popup.value
            adviser.set_viewport_size({"width": 1024, "height": 640})
            assert wait_connected_with_frames(resident) > 0
            assert wait_connected_with_frames(adviser) > 0
            print(f"answer to frames on both sides: {time.monotonic() - answered:.1f} s")
            resident.wait_for_timeout(1500)  # a few more frames for the picture in the docs
            resident.screenshot(path=str(DOCS_IMG / "video-call.png"))
            resident.click("#hangup")
            adviser.wait_for_function("window.callState.status === 'ended'", timeout=10_000)
        finally:
            adviser_browser.close()
            resident_browser.close()
    with sqlite3.connect(hub.data_dir / "hub.db") as db:
        row = db.execute(
            "SELECT kind, answered_at, started_at, ended_at FROM calls WHERE id = ?",
            (call["call_id"],),
        ).fetchone()
    assert row[0] == "now" and all(row[1:]), row
    for name in ("video-console.png", "video-call.png"):
        assert (DOCS_IMG / name).stat().st_size < 300_000


def test_refusals_through_the_real_hub(hub):
    settings = HubSettings.from_env({"HUB_DATA": str(hub.data_dir)})
    engine = make_engine(settings)
    now = now_utc()
    room_a = add_booking(engine, adviser_id=_some_adviser(hub), start=now)["room"]
    room_b = add_booking(engine, adviser_id=_some_adviser(hub), start=now + timedelta(minutes=30))[
        "room"
    ]
    later = add_booking(engine, adviser_id=_some_adviser(hub), start=now + timedelta(days=1))[
        "room"
    ]
    over = add_booking(engine, adviser_id=_some_adviser(hub), start=now - timedelta(hours=2))[
        "room"
    ]
    engine.dispose()
    cases = [
        (room_b, token_for(settings, room_a, "resident"), 403, "invalid"),
        (
            room_a,
            token_for(settings, room_a, "resident", expires=now - timedelta(minutes=1)),
            403,
            "expired",
        ),
        (later, token_for(settings, later, "resident"), 409, "later"),
        (over, token_for(settings, over, "resident"), 410, "closed"),
        (room_a, token_for(settings, room_a, "resident"), 200, None),
    ]
    for room, token, status, reason in cases:
        answer = httpx.get(f"{hub.base_url}/call/{room}", params={"t": token})
        assert answer.status_code == status
        assert answer.headers.get("x-refused") == reason
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(
                bypass_csp=True, locale="zh-CN", viewport={"width": 480, "height": 720}
            )
            page.goto(f"{hub.base_url}/call/{room_b}?t={token_for(settings, room_a, 'resident')}")
            assert page.inner_text("#refused") == "无法进入视频咨询"
            page.goto(f"{hub.base_url}/call/{later}?t={token_for(settings, later, 'resident')}")
            assert "还没到视频咨询时间" in page.inner_text("main")
            page.screenshot(path=str(DOCS_IMG / "video-refused.png"))
            # The page's socket is refused too when the token is for another room.
            page.goto(f"{hub.base_url}/call/{room_a}?t={token_for(settings, room_a, 'resident')}")
            reason = page.evaluate(
                """url => new Promise(done => {
                const ws = new WebSocket(url);
                ws.onmessage = e => done(JSON.parse(e.data).reason || JSON.parse(e.data).type);
                ws.onerror = () => done('error');
            })""",
                f"{hub.base_url.replace('http', 'ws')}/call/{room_b}/ws?t={token_for(settings, room_a, 'resident')}",
            )
            assert reason == "invalid"
        finally:
            browser.close()


def _some_adviser(hub) -> str:
    with sqlite3.connect(hub.data_dir / "hub.db") as db:
        return db.execute("SELECT id FROM advisers WHERE active ORDER BY id LIMIT 1").fetchone()[0]
