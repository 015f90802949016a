"""返回 inside the booking steps goes one step back, never home (issue 13), with real taps:
consent → details (what was picked and typed still there) → slots → advisers → home, and in the
offline way out, the callback's details (or its consent) → the offline step. With a stand-in
client and against a real hub process on loopback.
"""

from __future__ import annotations

import pytest

from kiosk.errors import HubUnavailable
from tests.support.booking_steps import PHONE, StandInBooking, body_button, button, fill_details
from tests.support.hub_process import free_port

pytestmark = pytest.mark.ui


def back(ui, booking) -> None:
    ui.tap(booking.ids.bar.ids.back)


def assert_details_shown(ui, booking, name: str, phone: str) -> None:
    assert (ui.current, booking.step) == ("booking", "details")
    assert (booking.form.name, booking.form.phone) == (name, phone)
    # what the resident picked and typed is on the step again, not only in memory
    assert name in booking.details.name_label.text
    assert phone in booking.details.phone_label.text.replace(" ", "")


class HubDown(StandInBooking):
    """The hub cannot be reached: slots fail like the real client's (callback requests wait)."""

    def slots(self, adviser_id: str, days: int = 7) -> list[dict]:
        raise HubUnavailable("connection refused")


@pytest.fixture
def stand_in(ui):
    def install(client):
        ui.app.services.booking = client
        return client

    yield install
    ui.app.services.booking = None


def test_back_from_consent_goes_to_the_details_with_them_kept(ui, stand_in):
    stand_in(StandInBooking())
    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    fill_details(ui, booking)
    ui.tap(button(ui, booking.ids.body, "booking.next"))
    assert booking.step == "consent"
    back(ui, booking)
    assert_details_shown(ui, booking, "王", "13800001111")
    ui.tap(button(ui, booking.ids.body, "booking.next"))  # and on again from there
    assert booking.step == "consent"
    for step in ("details", "slots", "advisers"):
        back(ui, booking)
        assert (ui.current, booking.step) == ("booking", step)
    back(ui, booking)
    assert ui.current == "home"
    assert (booking.form.name, booking.form.phone) == ("", "")


def open_callback(ui, booking) -> None:
    from screens.widgets.common import ListItem

    assert booking.step == "advisers"
    ui.reveal_and_tap(ui.find_all(booking.ids.body, ListItem)[0])
    assert booking.step == "offline"  # the hub did not answer: the way out is offered
    ui.reveal_and_tap(body_button(ui, ui.app.tr("sync.callback_button")))
    assert booking.mode == "callback"


def test_back_from_the_callback_details_goes_to_the_offline_step(ui, stand_in):
    stand_in(HubDown())
    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    open_callback(ui, booking)
    assert booking.step == "details"
    back(ui, booking)
    assert (ui.current, booking.step) == ("booking", "offline")
    assert body_button(ui, ui.app.tr("sync.callback_button"))  # the offer is there again
    ui.reveal_and_tap(body_button(ui, ui.app.tr("sync.callback_button")))
    assert booking.step == "details"
    for digit in "13800001111":
        ui.reveal_and_tap(booking.details.keypad.keys[digit])
    ui.reveal_and_tap(button(ui, booking.ids.body, "booking.next"))
    assert booking.step == "consent"
    assert button(ui, booking.ids.body, "sync.callback_agree")
    back(ui, booking)
    assert booking.step == "details" and booking.form.phone == "13800001111"
    back(ui, booking)
    assert (ui.current, booking.step) == ("booking", "offline")
    back(ui, booking)
    assert ui.current == "home" and booking.form.phone == ""


def test_back_goes_one_step_at_a_time_on_a_real_hub(ui, live):
    from screens.widgets.common import BigButton, ListItem

    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    ui.reveal_and_tap(ui.find_all(booking.ids.body, ListItem)[0])
    slots = ui.find_all(booking.ids.body, BigButton, role="chip")
    assert slots, "the demo adviser has no free slot in the next days"
    ui.reveal_and_tap(slots[0])
    ui.reveal_and_tap(body_button(ui, "张"))
    for digit in PHONE:
        ui.reveal_and_tap(booking.details.keypad.keys[digit])
    ui.reveal_and_tap(body_button(ui, ui.app.tr("booking.next")))
    assert booking.step == "consent"
    back(ui, booking)
    assert_details_shown(ui, booking, "张", PHONE)
    back(ui, booking)
    assert booking.step == "slots"
    assert ui.find_all(booking.ids.body, BigButton, role="chip"), "the hub's slots again"
    back(ui, booking)
    assert booking.step == "advisers"
    back(ui, booking)
    assert ui.current == "home" and booking.form.phone == ""


def test_back_from_the_callback_on_a_real_hub_that_went_away(ui, live):
    """Slots came from the real hub; when 同意并预约 is tapped the hub is gone: the callback is
    offered, and 返回 from its consent and details leads to the offline step, not home."""
    from screens.widgets.common import BigButton, ListItem

    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    ui.reveal_and_tap(ui.find_all(booking.ids.body, ListItem)[0])
    ui.reveal_and_tap(ui.find_all(booking.ids.body, BigButton, role="chip")[0])
    for digit in PHONE:
        ui.reveal_and_tap(booking.details.keypad.keys[digit])
    ui.reveal_and_tap(body_button(ui, ui.app.tr("booking.next")))
    live.base_url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    ui.reveal_and_tap(body_button(ui, ui.app.tr("booking.agree_and_book")))
    assert booking.step == "offline"
    ui.reveal_and_tap(body_button(ui, ui.app.tr("sync.callback_button")))
    assert (booking.mode, booking.step) == ("callback", "consent")  # the phone was typed
    back(ui, booking)
    assert booking.step == "details" and booking.form.phone == PHONE
    back(ui, booking)
    assert (ui.current, booking.step) == ("booking", "offline")
    back(ui, booking)
    assert ui.current == "home" and booking.form.phone == ""
