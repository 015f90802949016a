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


def test_tour_repeats_itself_in_a_mode_without_speaking(ui, tmp_path):
    """``legal-kiosk screenshot --mode elderly``: every screen again in elderly mode, named
    ``…_elderly``, the app back in normal mode after; no read-aloud (a picture has no sound)."""
    from screens.tour import Tour, steps
    from screens.tour_modes import MODES

    out = (SHOTS or tmp_path) / "modes"
    done: list = []
    spoken: list = []
    speak = ui.app.speak
    ui.app.speak = lambda *args, **kwargs: spoken.append(args)
    try:
        tour = Tour(
            ui.app,
            out,
            languages=("zh_CN",),
            orientations=("landscape",),
            modes=("elderly",),
            on_finished=done.append,
        )
        tour.start()
        deadline = time.monotonic() + 200
        while not done and time.monotonic() < deadline:
            ui.frame()
    finally:
        ui.app.speak = speak
    assert done, "the tour did not finish"
    expected = {
        f"landscape-zh_CN-{name}_elderly.png"
        for name, _ in steps(ui.app)
        if not name.endswith(MODES[1:])
    }
    assert {p.name for p in done[0]} == expected
    assert not ui.app.elderly and ui.app.message is None and not ui.app.rating.showing
    with pytest.raises(ValueError, match="unknown tour mode"):
        Tour(ui.app, out, modes=("sepia",))
