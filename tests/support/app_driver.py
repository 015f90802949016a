"""Drives the real kiosk app (own process, private Xvfb) against a real hub, with real taps:
a booking, a callback request, or a content update arriving while a guide list is shown.
Prints one JSON line with what the screen ended on.

    python -m tests.support.app_driver DATA_DIR book|callback NAME PHONE   (NAME e.g. 赵先生:
                                                    a surname key, then a form-of-address key)
    python -m tests.support.app_driver DATA_DIR refresh - -     (HUB_DATA names the hub to edit)

Kivy allows one app per process, so the e2e tests run this as a subprocess.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from tests.support.booking_steps import reveal_and_tap


def button(ui, text: str):
    from screens.widgets.common import BigButton

    return ui.find(ui.screen("booking").ids.body, BigButton, text=text)


def enter_contact(ui, name: str, phone: str) -> None:
    from screens.widgets.keyboard import DigitKeypad
    from screens.widgets.name_picker import NamePicker

    body = ui.screen("booking").ids.body
    picker = ui.find(body, NamePicker)
    reveal_and_tap(ui, picker.surname_keys[name[0]])
    if name[1:]:
        reveal_and_tap(ui, picker.form_keys[name[1:]])
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
    return {
        "step": booking.step,
        "code": (booking.result or {}).get("code"),
        "form_empty": not booking.form.phone,
    }


def callback(ui, name: str, phone: str) -> dict:
    from screens.widgets.common import ListItem

    booking = ui.screen("booking")
    reveal_and_tap(ui, ui.find_all(booking.ids.body, ListItem)[0])  # the hub does not answer
    offline = booking.step
    reveal_and_tap(ui, button(ui, ui.app.tr("sync.callback_button")))
    enter_contact(ui, name, phone)
    reveal_and_tap(ui, button(ui, ui.app.tr("sync.callback_agree")))
    return {"offline_step": offline, "step": booking.step, "form_empty": not booking.form.phone}


def refresh(ui) -> dict:
    """Show a guide list, let an editor change a guide on the hub, press "sync now": the list
    shows the new title without a restart."""
    import subprocess

    from screens import launcher
    from screens.widgets.common import ListItem, Tile
    from tests.support.e2e_steps import EDIT_GUIDE

    launcher.start_hub_link(ui.app)
    ui.tap(ui.screen("home").ids.tile_guides)
    ui.tap(ui.find_all(ui.screen("guides").ids.grid, Tile)[0])
    first = ui.find_all(ui.screen("guide_list").ids.grid, ListItem)[0].payload
    new_title = first["title"] + "（已更新）"
    edit = subprocess.run(
        [sys.executable, "-c", EDIT_GUIDE, json.dumps({"id": first["id"], "title": new_title})],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert edit.returncode == 0, edit.stderr
    ui.app.services.sync.sync_now()
    titles: list[str] = []
    for _ in range(600):  # up to ~30 s of frames
        ui.frame()
        titles = [item.title for item in ui.find_all(ui.screen("guide_list").ids.grid, ListItem)]
        if new_title in titles:
            break
        time.sleep(0.05)
    ui.settle()
    return {
        "screen": ui.current,
        "refreshed": new_title in titles,
        "online": ui.app.online,
        "version": ui.app.services.store.content_version(),
    }


def main(data: Path, mode: str, name: str, phone: str) -> None:
    from kiosk.config import load_config
    from kiosk.device.xvfb import Xvfb

    config = load_config(data / "kiosk.toml", data_dir=data)
    with Xvfb(screen="1920x1080x24") as display:
        os.environ.update(DISPLAY=display, KIVY_NO_ARGS="1", KIVY_HOME=str(data / "kivy"))
        from screens import launcher
        from tests.support.screen_driver import Driver, FakeClock

        launcher.configure_kivy(config, windowed=True, size=(1920, 1080))
        app = launcher.build(config)
        ui = Driver(app, FakeClock(), terminal={})
        ui.start()
        try:
            if mode == "refresh":
                result = refresh(ui)
            else:
                ui.tap(ui.screen("home").ids.tile_booking)
                result = book(ui, name, phone) if mode == "book" else callback(ui, name, phone)
            result["events"] = [e["type"] for e in app.services.events]
        finally:
            ui.stop()
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
