"""What each remote command does on the terminal (handlers for :class:`CommandRunner`).

- ``sync`` — one content sync round (:meth:`kiosk.hublink.sync.Syncer.sync_once`);
- ``doctor`` — the whole self-test, its report (DESIGN's ``doctor --json`` shape) as result;
- ``screenshot`` — the running app grabs the screen (a callback it registers, see
  :func:`app_handlers`), the PNG is uploaded to the hub (``PUT /commands/{id}/screenshot``),
  scaled down first when it is over the hub's limit; while a resident is using the terminal the
  app refuses (:class:`ScreenBusy`: what they type must not reach the hub);
- ``restart`` — the running app is asked to stop (once nobody is using it); the launcher's
  service (systemd ``Restart=always``, deploy/terminal/legal-kiosk.service) starts it again.

Without a running app (``legal-kiosk sync``) screenshot and restart fail with a clear result.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from contract.terminal_commands import MAX_SCREENSHOT_BYTES, PNG_MAGIC
from kiosk.errors import HubRefused, HubUnavailable
from kiosk.remote.runner import Handler, Outcome

logger = logging.getLogger(__name__)

NO_APP = {"error": "no_app", "reason": "no app is running on this terminal (command line only)"}


class ScreenBusy(Exception):
    """A resident is using the terminal: the app takes no screenshot of what they enter."""


SYNC_OK = ("updated", "unchanged")


def sync_handler(syncer) -> Handler:
    def run(_command_id: str) -> Outcome:
        result = syncer.sync_once()
        shown = {"status": result.status, "version": result.version}
        if result.reason:
            shown["reason"] = str(result.reason)[:300]
        return Outcome(result.status in SYNC_OK, shown)

    return run


def doctor_handler(doctor: Callable[[], dict]) -> Handler:
    def run(_command_id: str) -> Outcome:
        found = doctor()
        return Outcome(bool(found.get("ok")), found)

    return run


def no_app_handler(_command_id: str) -> Outcome:
    return Outcome(False, dict(NO_APP))


def fit_png(png: bytes, *, max_bytes: int = MAX_SCREENSHOT_BYTES) -> tuple[bytes, int, int]:
    """``(png, width, height)``: the image as it is, or halved until it fits ``max_bytes``."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.load()
        width, height = image.size
        while len(png) > max_bytes and width > 64:
            width, height = width // 2, height // 2
            out = io.BytesIO()
            image.resize((width, height)).save(out, format="PNG", optimize=True)
            png = out.getvalue()
    return png, width, height


def screenshot_handler(client, grab: Callable[[], bytes]) -> Handler:
    """``grab`` returns the screen as PNG bytes (the app does it on its UI thread)."""

    def run(command_id: str) -> Outcome:
        try:
            png = grab()
        except ScreenBusy as exc:
            return Outcome(False, {"error": "resident_present", "reason": str(exc)[:300]})
        if not png.startswith(PNG_MAGIC):
            return Outcome(False, {"error": "no_image", "reason": "the app gave no PNG image"})
        png, width, height = fit_png(png)
        try:
            client.upload_screenshot(command_id, png)
        except (HubUnavailable, HubRefused) as exc:
            return Outcome(False, {"error": "upload_failed", "reason": exc.detail[:300]})
        return Outcome(True, {"bytes": len(png), "width": width, "height": height})

    return run


def restart_handler(restart: Callable[[], None]) -> Handler:
    def run(_command_id: str) -> Outcome:
        # Recorded first (the runner calls ``then`` after the result is committed).
        return Outcome(True, {"restarting": True}, then=restart)

    return run


def app_handlers(
    client, *, grab: Callable[[], bytes], restart: Callable[[], None]
) -> dict[str, Handler]:
    """The handlers a running app registers: its screen grabber and its restart."""
    return {"screenshot": screenshot_handler(client, grab), "restart": restart_handler(restart)}
