"""Every booking step against a real hub, saved as PNG for a person to look at: both languages,
both orientations, normal text and 长辈模式 (large text). ``DOC_SCREENSHOTS=DIR`` keeps them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image

from tests.support.booking_steps import PHONE, body_button, reveal_and_tap
from tests.support.hub_process import hub_process
from tests.support.live_booking import live_booking, set_all_on_duty
from tests.support.screenshots import screenshot_dir

pytestmark = [pytest.mark.ui, pytest.mark.slow]

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
RESIZE_WAIT_S = 0.8  # the X server resizes the window asynchronously
STEPS = ("entry", "slots", "details", "details_filled", "consent", "done")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("booking-shots-hub")) as running:
        yield running


def resize(ui, size) -> None:
    from kivy.core.window import Window

    if tuple(Window.size) != size:
        Window.size = size
        until = time.monotonic() + RESIZE_WAIT_S
        while time.monotonic() < until:
            ui.frame()
    ui.settle()


def shot(ui, path: Path) -> Path:
    from kivy.core.window import Window

    ui.settle()
    ui.pump(6)
    saved = Window.screenshot(name=str(path.with_suffix("")) + "%(counter)s.png")
    Path(saved).replace(path)
    return path


def walk_and_shoot(ui, out: Path, prefix: str, adviser: int) -> list[Path]:
    from screens.widgets.common import BigButton, ListItem

    paths = []
    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    paths.append(shot(ui, out / f"{prefix}-entry.png"))  # advisers, and the call-now offer
    advisers = ui.find_all(booking.ids.body, ListItem)
    reveal_and_tap(ui, advisers[adviser % len(advisers)])  # spread the bookings over the slots
    booking.ids.scroll.scroll_y = 1
    paths.append(shot(ui, out / f"{prefix}-slots.png"))
    reveal_and_tap(ui, ui.find_all(booking.ids.body, BigButton, role="chip")[0])
    booking.ids.scroll.scroll_y = 1
    paths.append(shot(ui, out / f"{prefix}-details.png"))
    reveal_and_tap(ui, body_button(ui, "王"))
    reveal_and_tap(ui, body_button(ui, ui.app.tr("booking.form_of_address.auntie")))
    for digit in PHONE:
        reveal_and_tap(ui, booking.details.keypad.keys[digit])
    next_button = body_button(ui, ui.app.tr("booking.next"))
    booking.ids.scroll.scroll_to(next_button, padding=40, animate=False)
    paths.append(shot(ui, out / f"{prefix}-details_filled.png"))
    reveal_and_tap(ui, next_button)
    paths.append(shot(ui, out / f"{prefix}-consent.png"))
    reveal_and_tap(ui, body_button(ui, ui.app.tr("booking.agree_and_book")))
    assert booking.step == "done"
    booking.ids.scroll.scroll_y = 1
    paths.append(shot(ui, out / f"{prefix}-done.png"))
    return paths


def test_every_booking_step_in_both_languages_orientations_and_text_sizes(ui, hub):
    out = screenshot_dir() / "booking"
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    try:
        with live_booking(ui, hub):
            for lang in ("zh_CN", "en"):  # nobody on duty: no call-now offer
                ui.fresh()
                ui.app.lang = lang
                ui.tap(ui.screen("home").ids.tile_booking)
                assert not ui.screen("booking").call_now_available
                saved.append(shot(ui, out / f"landscape-{lang}-normal-entry_nobody_on_duty.png"))
            set_all_on_duty(hub, True)  # from here on the entry shows the call-now offer
            for orientation, size in SIZES.items():
                resize(ui, size)
                for lang in ("zh_CN", "en"):
                    for text in ("normal", "elderly"):
                        ui.fresh()
                        ui.app.lang = lang
                        if text == "elderly":
                            ui.app.toggle_elderly_mode()
                        ui.settle()
                        prefix = f"{orientation}-{lang}-{text}"
                        saved += walk_and_shoot(ui, out, prefix, adviser=len(saved) // len(STEPS))
    finally:
        set_all_on_duty(hub, False)
        ui.fresh()
        ui.app.lang = "zh_CN"
        resize(ui, SIZES["landscape"])
    assert len(saved) == len(SIZES) * 2 * 2 * len(STEPS) + 2
    for path in saved:
        with Image.open(path) as image:
            orientation = path.name.split("-")[0]
            assert image.size == SIZES[orientation]
            low, high = image.convert("L").getextrema()
            assert high - low > 100, f"{path.name} looks blank"
