"""The booking screen's steps for UI tests: a stand-in booking client and the taps that fill
the details (shared by the booking screen's tests and the rating prompt's)."""

from __future__ import annotations


class StandInBooking:
    """Answers like the terminal API's slots and bookings calls (shapes from DESIGN.md)."""

    def __init__(self) -> None:
        self.booked: dict | None = None

    def slots(self, adviser_id: str, days: int = 7) -> list[dict]:
        return [
            {
                "start": "2026-11-27T14:00:00+08:00",
                "end": "2026-11-27T14:30:00+08:00",
                "free": True,
            },
            {
                "start": "2026-11-27T14:30:00+08:00",
                "end": "2026-11-27T15:00:00+08:00",
                "free": False,
            },
        ]

    def book(self, **fields) -> dict:
        self.booked = fields
        return {
            "code": "K7P3QX",
            "start": fields["start"],
            "end": "2026-11-27T14:30:00+08:00",
            "join_url": "http://127.0.0.1:9/call/r",
        }


def button(ui, root, key):
    from screens.widgets.common import BigButton

    return next(b for b in ui.find_all(root, BigButton) if b.text == ui.app.tr(key))


def fill_details(ui, screen):
    """Pick the first adviser and slot, then a surname from the grid and a phone on the keypad."""
    from screens.widgets.common import BigButton, ListItem
    from screens.widgets.keyboard import DigitKeypad
    from screens.widgets.name_picker import NamePicker

    ui.tap(ui.find_all(screen.ids.body, ListItem)[0])
    ui.tap(ui.find_all(screen.ids.body, BigButton, role="chip")[0])
    assert screen.step == "details"
    ui.tap(ui.find(screen.ids.body, NamePicker).surname_keys["王"])
    keypad = ui.find(screen.ids.body, DigitKeypad)
    for digit in "13800001111":
        ui.tap(keypad.keys[digit])
    assert (screen.form.name, screen.form.phone) == ("王", "13800001111")


PHONE = "13900004321"


def reveal_and_tap(ui, widget) -> None:
    """Scroll the booking screen so ``widget`` is on screen, then tap it for real."""
    ui.reveal_and_tap(widget)


def body_button(ui, text: str):
    from screens.widgets.common import KioskButton

    return ui.find(ui.screen("booking").ids.body, KioskButton, text=text)
