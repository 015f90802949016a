"""Screenshots from UI tests for a person to look at: ``KIOSK_SCREENSHOTS`` names the folder
(else the test's tmp folder). Sizes are the screenshot tour's (screens/tour.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def shots_folder(tmp_path: Path) -> Path:
    folder = (
        Path(os.environ["KIOSK_SCREENSHOTS"]) if os.environ.get("KIOSK_SCREENSHOTS") else tmp_path
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def resize(ui, orientation: str) -> None:
    """The window to ``orientation``'s size; the X server resizes it asynchronously."""
    from kivy.core.window import Window

    if tuple(Window.size) != SIZES[orientation]:
        Window.size = SIZES[orientation]
        until = time.monotonic() + 0.8
        while time.monotonic() < until:
            ui.frame()
    ui.settle()


def save(ui, path: Path) -> Path:
    from kivy.core.window import Window

    ui.pump(4)
    saved = Window.screenshot(name=str(path.with_suffix("")) + "%(counter)s.png")
    Path(saved).replace(path)
    return path
