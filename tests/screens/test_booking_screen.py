"""The booking screen's steps with a stand-in client (a unit test of screens/booking.py).

The booking client itself comes from the sync part and is tested there against a real hub
process; this checks only what the screen does with its answers: steps, typed details sent,
nothing personal left on the screen afterwards.
"""

from __future__ import annotations

import pytest

from tests.support.booking_steps import StandInBooking, button, fill_details

pytestmark = pytest.mark.ui


def test_adviser_slot_details_consent_code(ui):
    from screens.widgets.common import BigButton, ListItem, QRView
    from screens.widgets.keyboard import DigitKeypad
    from screens.widgets.name_picker import NamePicker

    client = StandInBooking()
    ui.app.services.booking = client
    try:
        ui.tap(ui.screen("home").ids.tile_booking)
        screen = ui.screen("booking")
        assert screen.step == "advisers"
        advisers = ui.find_all(screen.ids.body, ListItem)
        # This place's advisers only (never another city's), this village's own first.
        offered = [item.payload["id"] for item in advisers]
        prefix = offered[0].split("-")[0]
        assert len(offered) == 3 and all(a.startswith(prefix + "-") for a in offered)
        assert ui.app.services.config.terminal.village in advisers[0].payload["serves"]
        ui.tap(advisers[0])
        slots = ui.find_all(screen.ids.body, BigButton)
        assert screen.step == "slots" and len(slots) == 1  # the taken slot is not offered
        ui.tap(slots[0])
        assert screen.step == "details"
        picker = ui.find(screen.ids.body, NamePicker)
        ui.tap(picker.surname_keys["王"])
        ui.tap(picker.form_keys["先生"])
        keypad = ui.find(screen.ids.body, DigitKeypad)
        for digit in "1380000":
            ui.tap(keypad.keys[digit])
        ui.tap(button(ui, screen.ids.body, "booking.next"))
        assert screen.step == "details"  # 7 digits are not a phone number
        assert ui.app.message.text == ui.app.tr("booking.check_details")
        ui.tap(ui.app.message.ids.ok)
        for digit in "1111":
            ui.tap(keypad.keys[digit])
        ui.tap(button(ui, screen.ids.body, "booking.next"))
        assert screen.step == "consent"
        ui.tap(button(ui, screen.ids.body, "booking.agree_and_book"))
        assert screen.step == "done"
        assert client.booked["name"] == "王先生" and client.booked["phone"] == "13800001111"
        assert client.booked["adviser_id"] == advisers[0].payload["id"]
        assert screen.form.phone == "" and screen.form.name == ""
        texts = " ".join(
            w.text
            for w in ui.find_all(screen.ids.body)
            if isinstance(getattr(w, "text", None), str)
        )
        assert "K7P3QX" in texts and "13800001111" not in texts
        assert ui.find(screen.ids.body, QRView).texture is not None
        assert not any(
            "13800001111" in str(e) or "王先生" in str(e) for e in ui.app.services.events
        )
    finally:
        ui.app.services.booking = None


def _visible_text(ui, screen) -> str:
    return " ".join(
        w.text for w in ui.find_all(screen) if isinstance(getattr(w, "text", None), str)
    )


@pytest.mark.parametrize("leave", ["home", "back"])
def test_the_next_resident_finds_the_booking_form_empty(ui, leave):
    """Name and phone typed, then 首页 or 返回: coming back, nothing of them is left (issue 13)."""
    ui.app.services.booking = StandInBooking()
    try:
        ui.tap(ui.screen("home").ids.tile_booking)
        screen = ui.screen("booking")
        fill_details(ui, screen)
        if leave == "home":
            ui.tap(screen.ids.bar.ids.home)
        else:
            for _step in ("slots", "advisers", "leave"):  # one step back each time
                ui.tap(screen.ids.bar.ids.back)
        assert ui.current == "home"
        assert (screen.form.name, screen.form.phone, screen.form.adviser) == ("", "", None)
        ui.tap(ui.screen("home").ids.tile_booking)
        assert screen.step == "advisers"
        assert "13800001111" not in _visible_text(ui, screen)
        assert "13800001111" not in _visible_text(ui, screen)
    finally:
        ui.app.services.booking = None


def test_search_text_goes_with_the_resident_but_survives_reading_a_result(ui):
    from screens.widgets.common import ListItem

    ui.tap(ui.screen("home").ids.tile_search)
    search = ui.screen("search")
    search.search_for("离婚")
    ui.settle()
    ui.tap(ui.find_all(search.ids.results, ListItem)[0])
    assert ui.current == "article"
    ui.tap(ui.screen("article").ids.bar.ids.back)
    assert ui.current == "search" and search.query == "离婚"  # the results are still there
    ui.tap(search.ids.bar.ids.home)
    assert search.query == "" and search.results is None
    ui.tap(ui.screen("home").ids.tile_search)
    assert "离婚" not in search.ids.query.text


def test_back_inside_the_booking_steps_goes_one_step_back(ui):
    ui.app.services.booking = StandInBooking()
    try:
        ui.tap(ui.screen("home").ids.tile_booking)
        screen = ui.screen("booking")
        fill_details(ui, screen)
        back = screen.ids.bar.ids.back
        ui.tap(back)
        assert (ui.current, screen.step) == ("booking", "slots")
        assert screen.form.adviser is not None
        ui.tap(back)
        assert (ui.current, screen.step) == ("booking", "advisers")
        ui.tap(back)
        assert ui.current == "home"
        assert screen.form.name == "" and screen.form.phone == ""
    finally:
        ui.app.services.booking = None


def test_the_adviser_the_hub_assigned_is_listed_first(ui):
    """The heartbeat answer's adviser (kept in the store) heads the list; the rest keep their order."""
    from screens.widgets.common import ListItem

    store = ui.app.services.store

    def offered() -> list[str]:
        ui.fresh()
        ui.tap(ui.screen("home").ids.tile_booking)
        screen = ui.screen("booking")
        assert screen.step == "advisers"
        return [item.payload["id"] for item in ui.find_all(screen.ids.body, ListItem)]

    ui.app.services.booking = StandInBooking()
    try:
        unassigned = offered()
        store.set_assigned_adviser(unassigned[-1])
        assert offered() == [unassigned[-1], *unassigned[:-1]]
        store.set_assigned_adviser(None)
        assert offered() == unassigned
    finally:
        store.set_assigned_adviser(None)
        ui.app.services.booking = None
