"""Every screen in both orientations, saved as PNG (the screenshot tour)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

pytestmark = [pytest.mark.ui, pytest.mark.slow]

SHOTS = (
    Path(os.environ.get("KIOSK_SCREENSHOTS", "")) if os.environ.get("KIOSK_SCREENSHOTS") else None
)


def test_tour_saves_every_screen_in_both_orientations(ui, tmp_path):
    """Chinese only here to keep the suite fast; ``legal-kiosk screenshot`` adds English."""
    from screens.tour import ORIENTATIONS, Tour, steps

    out = SHOTS or tmp_path
    done: list = []
    tour = Tour(ui.app, out, languages=("zh_CN",), on_finished=done.append)
    tour.start()
    deadline = time.monotonic() + 200
    while not done and time.monotonic() < deadline:
        ui.frame()
    assert done, "the tour did not finish"
    names = [name for name, _ in steps(ui.app)]
    expected = {
        f"{o}-{lang}-{name}.png" for o in ORIENTATIONS for lang in ("zh_CN",) for name in names
    }
    assert {p.name for p in done[0]} == expected
    for path in done[0]:
        with Image.open(path) as image:
            orientation = path.name.split("-")[0]
            assert image.size == ORIENTATIONS[orientation]
            colours = image.convert("L").getextrema()
            assert colours[1] - colours[0] > 100, f"{path.name} looks blank"
    ui.app.lang = "zh_CN"
