"""Drives the real kiosk app (own process, private Xvfb) through a booking or a callback request
against a real hub, with real taps; prints one JSON line with what the screen ended on.

    python -m tests.e2e.booking_ui DATA_DIR book|callback NAME PHONE

Kivy allows one app per process, so the e2e tests run this as a subprocess.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def reveal_and_tap(ui, widget) -> None:
    """Scroll the booking screen so ``widget`` is on screen, then tap it for real."""
    scroll = ui.screen("booking").ids.scroll
    ui.settle()
    scroll.scroll_to(widget, padding=40, animate=False)
    ui.pump(3)
    ui.tap(widget)


def button(ui, text: str):
    from screens.widgets.common import BigButton

    return ui.find(ui.screen("booking").ids.body, BigButton, text=text)


def enter_contact(ui, name: str, phone: str) -> None:
    from screens.widgets.keyboard import DigitKeypad, LetterKeyboard

    body = ui.screen("booking").ids.body
    letters = ui.find(body, LetterKeyboard)
    for letter in name:
        reveal_and_tap(ui, letters.keys[letter])
    keypad = ui.find(body, DigitKeypad)
    for digit in phone:
        reveal_and_tap(ui, keypad.keys[digit])
    reveal_and_tap(ui, button(ui, ui.app.tr("booking.next")))


def book(ui, name: str, phone: str) -> dict:
    from screens.widgets.common import BigButton, ListItem

    booking = ui.screen("booking")
    reveal_and_tap(ui, ui.find_all(booking.ids.body, ListItem)[0])  # this village's adviser first
    slots = ui.find_all(booking.ids.body, BigButton, role="chip")
    if not slots:
        return {"step": booking.step}
    reveal_and_tap(ui, slots[0])
    enter_contact(ui, name, phone)
    reveal_and_tap(ui, button(ui, ui.app.tr("booking.agree_and_book")))
    return {"step": booking.step, "code": (booking.result or {}).get("code"), "form_empty": not booking.form.phone}


def callback(ui, name: str, phone: str) -> dict:
    from screens.widgets.common import ListItem

    booking = ui.screen("booking")
    reveal_and_tap(ui, ui.find_all(booking.ids.body, ListItem)[0])  # the hub does not answer
    offline = booking.step
    reveal_and_tap(ui, button(ui, ui.app.tr("sync.callback_button")))
    enter_contact(ui, name, phone)
    reveal_and_tap(ui, button(ui, ui.app.tr("sync.callback_agree")))
    return {"offline_step": offline, "step": booking.step, "form_empty": not booking.form.phone}


def main(data: Path, mode: str, name: str, phone: str) -> None:
    from kiosk.config import load_config
    from kiosk.xvfb import Xvfb

    config = load_config(data / "kiosk.toml", data_dir=data)
    with Xvfb(screen="1920x1080x24") as display:
        os.environ.update(DISPLAY=display, KIVY_NO_ARGS="1", KIVY_HOME=str(data / "kivy"))
        from screens import launcher
        from tests.screens.driver import Driver, FakeClock

        launcher.configure_kivy(config, windowed=True, size=(1920, 1080))
        app = launcher.build(config)
        ui = Driver(app, FakeClock(), terminal={})
        ui.start()
        try:
            ui.tap(ui.screen("home").ids.tile_booking)
            result = book(ui, name, phone) if mode == "book" else callback(ui, name, phone)
            result["events"] = [e["type"] for e in app.services.events]
        finally:
            ui.stop()
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
