"""What the app lends to the hub's remote commands, in the real app under Xvfb: the screen grab
(a PNG of what is shown, refused while a resident uses the terminal) and the restart (deferred
until the resident's session is over)."""

from __future__ import annotations

import io
import threading
import time
from types import SimpleNamespace

import pytest
from PIL import Image

from kiosk.remote.actions import ScreenBusy
from screens.remote_commands import grab_screen, request_restart


def off_the_ui_thread(ui, work, timeout_s: float = 20.0):
    """Run ``work()`` on another thread (as the sync loop does) while the UI thread draws."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = work()
        except Exception as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while thread.is_alive() and time.monotonic() < deadline:
        ui.frame()
        time.sleep(0.01)
    thread.join(1)
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_the_grab_is_the_screen_shown(ui):
    png = off_the_ui_thread(ui, lambda: grab_screen(ui.app))
    picture = Image.open(io.BytesIO(png))
    assert picture.size == (1920, 1080)
    assert len(picture.convert("RGB").getcolors(maxcolors=1 << 24)) > 16
    assert not any((ui.app.services.config.data_dir / "remote-screenshots").iterdir())


def test_no_grab_while_a_resident_uses_the_terminal(ui):
    ui.app.services.session.touch()
    with pytest.raises(ScreenBusy, match="a resident is using the terminal"):
        off_the_ui_thread(ui, lambda: grab_screen(ui.app))


def test_a_restart_waits_for_the_session_to_end(ui):
    session = ui.app.services.session
    stopped: list[bool] = []
    app = SimpleNamespace(services=ui.app.services, exit_allowed=False)
    app.stop = lambda: stopped.append(app.exit_allowed)
    session.touch()
    request_restart(app)
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        ui.frame()
    assert stopped == []
    session.reset()
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline and not stopped:
        ui.frame()
    assert stopped == [True]
