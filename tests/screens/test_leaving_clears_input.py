"""Leaving a flow "any other way" clears what the resident typed (issue 13), with real taps.

Besides 首页 and 返回 (test_booking_screen.py, test_booking_journey.py): the top bar's 12348
button and the booking screen's "call now" offer leave a filled booking form; the booking code on
the video screen and the maintenance PIN go when their screen is left by 首页, 返回 or 12348;
search text goes on 返回 and 12348 as well as on 首页. Each time the resident comes back to the
screen and finds nothing of what was typed.
"""

from __future__ import annotations

import time

import pytest

from tests.support.booking_steps import PHONE, StandInBooking, body_button, fill_details
from tests.support.live_booking import set_all_on_duty

pytestmark = pytest.mark.ui

LEAVE_BY = ["home", "back", "hotline"]


def visible_text(ui, root) -> str:
    return " ".join(w.text for w in ui.find_all(root) if isinstance(getattr(w, "text", None), str))


def leave(ui, screen, way: str, *, back_to: str = "home") -> None:
    """Tap the top bar's 首页, 返回 or 12348 of ``screen``."""
    ui.tap(screen.ids.bar.ids[way])
    assert ui.current == {"home": "home", "back": back_to, "hotline": "hotline"}[way]


@pytest.fixture
def stand_in(ui):
    ui.app.services.booking = StandInBooking()
    yield
    ui.app.services.booking = None


def assert_form_empty(ui, booking) -> None:
    assert (booking.form.name, booking.form.phone, booking.form.adviser) == ("", "", None)
    assert booking.form.slot is None
    assert booking.step == "advisers"  # the flow starts over
    shown = visible_text(ui, booking)
    assert "13800001111" not in shown and "王" not in booking.ids.step_title.text


def test_a_filled_booking_form_is_empty_after_the_12348_button(ui, stand_in):
    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    fill_details(ui, booking)
    ui.tap(booking.ids.bar.ids.hotline)
    assert ui.current == "hotline"
    assert (booking.form.name, booking.form.phone) == ("", "")  # gone at once, not on return
    ui.tap(ui.screen("hotline").ids.bar.ids.back)  # 返回 from the hotline: the booking again
    assert ui.current == "booking"
    assert_form_empty(ui, booking)


def test_a_filled_booking_form_is_empty_after_the_call_now_offer(ui, live, hub):
    from screens.widgets.common import BigButton, ListItem

    set_all_on_duty(hub, True)
    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    ui.reveal_and_tap(ui.find_all(booking.ids.body, ListItem)[0])
    ui.reveal_and_tap(ui.find_all(booking.ids.body, BigButton, role="chip")[0])
    ui.reveal_and_tap(body_button(ui, "李"))
    for digit in PHONE:
        ui.reveal_and_tap(booking.details.keypad.keys[digit])
    assert (booking.form.name, booking.form.phone) == ("李", PHONE)
    offer = booking.ids.call_now_offer
    assert booking.call_now_available and offer.opacity == 1  # an adviser is on duty
    ui.tap(offer)
    assert ui.current == "call"
    assert (booking.form.name, booking.form.phone, booking.form.adviser) == ("", "", None)
    ui.tap(ui.screen("call").ids.bar.ids.back)
    assert ui.current == "booking"
    assert booking.step == "advisers"
    assert PHONE not in visible_text(ui, booking)
    ui.tap(booking.ids.bar.ids.home)
    ui.tap(ui.screen("home").ids.tile_booking)
    assert booking.step == "advisers" and booking.form.phone == ""


def open_code_entry(ui):
    ui.tap(ui.screen("home").ids.tile_booking)
    ui.tap(ui.screen("booking").ids.code_entry)
    assert ui.current == "call"
    return ui.screen("call")


@pytest.mark.parametrize("way", LEAVE_BY)
def test_the_booking_code_is_cleared_on_leaving(ui, way):
    from screens.widgets.common import Chip

    call = open_code_entry(ui)
    keys = {chip.text: chip for chip in ui.find_all(call.ids.keypad, Chip)}
    for letter in "K7P3":
        ui.tap(keys[letter])
    assert call.code == "K7P3"
    assert "K7P3" in visible_text(ui, call)
    leave(ui, call, way, back_to="booking")
    assert call.code == ""
    if way == "hotline":
        ui.tap(ui.screen("hotline").ids.bar.ids.back)
    elif way == "back":
        ui.tap(ui.screen("booking").ids.code_entry)
    else:
        call = open_code_entry(ui)
    assert ui.current == "call"
    assert call.code == "" and "K7P3" not in visible_text(ui, call)
    assert call.ids.start.disabled  # nothing half-typed left to start a call with


def open_maintenance(ui):
    ui.clock.advance(10)  # a gesture of its own, not the end of an earlier one
    corner = ui.screen("home").ids.corner
    for _ in range(5):
        ui.tap(corner)
    assert ui.current == "maintenance"
    return ui.screen("maintenance")


@pytest.mark.parametrize("way", LEAVE_BY)
def test_the_maintenance_pin_is_cleared_on_leaving(ui, way):
    screen = open_maintenance(ui)
    assert screen.ids.panels.current == "lock"
    for digit in "2468":
        ui.tap(screen.keypad.keys[digit])
    assert screen.pin == "2468" and screen.ids.pin_dots.text == "●●●●"
    leave(ui, screen, way)
    assert screen.pin == "" and not screen.unlocked
    if way == "hotline":
        ui.tap(ui.screen("hotline").ids.bar.ids.back)
        assert ui.current == "maintenance"
    else:
        screen = open_maintenance(ui)
    assert screen.pin == "" and screen.ids.pin_dots.text == ""
    assert screen.ids.panels.current == "lock"
    # The next digits start a PIN of their own: nothing of the last one is prepended.
    ui.tap(screen.keypad.keys["1"])
    assert screen.pin == "1"


def type_a_word(ui, search) -> str:
    """Letters on the on-screen keyboard, then the first candidate word tapped."""
    from screens.widgets.common import Chip

    for letter in "lihun":
        ui.tap(search.keyboard.keys[letter])
    # the candidate bar is filled by a 50 ms Clock trigger: real time for it, then settle
    until = time.monotonic() + 0.2
    while time.monotonic() < until:
        ui.frame()
    ui.settle()
    chips = ui.find_all(search.ids.candidates, Chip)
    assert chips, "no candidate for lihun"
    word = chips[0].text
    ui.tap(chips[0])
    assert search.words == word
    for letter in "gz":  # and some letters not yet a word
        ui.tap(search.keyboard.keys[letter])
    assert search.letters == "gz"
    return word


@pytest.mark.parametrize("way", ["back", "hotline"])
def test_search_text_is_cleared_on_back_and_on_12348(ui, way):
    ui.tap(ui.screen("home").ids.tile_search)
    search = ui.screen("search")
    word = type_a_word(ui, search)
    assert word in search.ids.query.text
    leave(ui, search, way)
    assert (search.words, search.letters, search.results) == ("", "", None)
    if way == "hotline":
        ui.tap(ui.screen("hotline").ids.bar.ids.back)
        assert ui.current == "search"
    else:
        ui.tap(ui.screen("home").ids.tile_search)
    assert search.ids.query.text == ""
    assert word not in visible_text(ui, search.ids.candidates)


def test_the_next_resident_finds_the_guides_at_the_top(ui):
    from screens.widgets.common import Tile

    ui.tap(ui.screen("home").ids.tile_guides)
    guides = ui.screen("guides")
    last = ui.find_all(guides.ids.grid, Tile)[-1]
    ui.reveal_and_tap(last)  # scrolled down to the last category and opened it
    assert ui.current == "guide_list"
    ui.tap(ui.screen("guide_list").ids.bar.ids.back)
    assert ui.current == "guides" and guides.ids.scroll.scroll_y < 0.5  # the same resident: kept
    ui.app.services.session.reset()  # the idle reset: the next resident
    ui.settle()
    ui.tap(ui.screen("home").ids.tile_guides)
    assert guides.ids.scroll.scroll_y == 1
