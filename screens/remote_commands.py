"""What the running app lends to the hub's remote commands (:mod:`kiosk.remote`): a screen grab
and a restart. Both are called on the sync thread and do their Kivy work on the UI thread.

Neither intrudes on a resident: no screenshot is taken while someone is using the terminal (what
they type — a name, a phone number — must never reach the hub), and a restart waits until the
session is over (the idle reset ends it within the idle timeout and countdown)."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path

from kiosk.remote.actions import ScreenBusy
from kiosk.session import ACTIVE, COUNTDOWN

logger = logging.getLogger(__name__)

GRAB_TIMEOUT_S = 15.0
# Frames drawn before the grab: the window reads back what was last drawn, and a grab asked for
# while the app starts would otherwise read a window nothing was drawn in yet.
GRAB_AFTER_FRAMES = 3
GRAB_FOLDER = "remote-screenshots"  # in the data folder; emptied after each grab
IN_USE = (ACTIVE, COUNTDOWN)  # session states in which a resident is at the terminal
RESTART_CHECK_S = 1.0


def grab_screen(app, *, timeout_s: float = GRAB_TIMEOUT_S) -> bytes:
    """The window as PNG bytes, taken on the UI thread; waits at most ``timeout_s`` seconds.

    :raises ScreenBusy: when a resident is using the terminal.
    :raises TimeoutError: when the UI thread did not get to it in time (a frozen UI).
    """
    from kivy.clock import Clock
    from kivy.core.window import Window

    base = Path(app.services.config.data_dir) / GRAB_FOLDER
    base.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=base))
    taken = threading.Event()
    box: dict = {}

    def take(frames_left: int) -> None:
        if frames_left > 0:
            Clock.schedule_once(lambda _dt: take(frames_left - 1), 0)
            return
        if app.services.session.state in IN_USE:
            box["error"] = ScreenBusy("a resident is using the terminal: no screenshot was taken")
            taken.set()
            return
        try:
            saved = Window.screenshot(name=str(folder / "screen%(counter)s.png"))
            box["png"] = Path(saved).read_bytes() if saved else b""
        except OSError as exc:
            box["error"] = exc
        finally:
            taken.set()

    Clock.schedule_once(lambda _dt: take(GRAB_AFTER_FRAMES))
    try:
        if not taken.wait(timeout_s):
            raise TimeoutError(f"the app did not take the screenshot within {timeout_s:.0f} s")
        if "error" in box:
            raise box["error"]
        return box["png"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def request_restart(app) -> None:
    """Stop the app from the UI thread once nobody is using it; its service
    (``Restart=always``) starts it again."""
    from kivy.clock import Clock

    def stop(_dt) -> None:
        if app.services.session.state in IN_USE:
            Clock.schedule_once(stop, RESTART_CHECK_S)  # after the resident's session
            return
        logger.warning("restarting on the hub's remote command")
        app.exit_allowed = True
        app.stop()

    Clock.schedule_once(stop)
