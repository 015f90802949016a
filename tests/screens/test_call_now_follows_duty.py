""" "Call now" on the booking screen follows the advisers' duty while the screen is open (issue 13):
the real kiosk under Xvfb against a real hub process on loopback; the hub is asked again on the
app's clock (moved by hand here), not once per frame and not only when the screen opens."""

from __future__ import annotations

import time

import pytest

from tests.support.live_booking import set_all_on_duty

pytestmark = pytest.mark.ui


def let_time_pass(ui, seconds: float) -> None:
    """The app's clock moves on; real time for the screen's tick to see it and the answer to come."""
    ui.clock.advance(seconds)
    until = time.monotonic() + 1.5
    while time.monotonic() < until:
        ui.frame()
    ui.settle()


def test_the_offer_comes_and_goes_with_duty_while_the_screen_stays_open(ui, live, hub):
    from screens.booking import CALL_NOW_RECHECK_S as recheck_s

    video = ui.app.services.video
    calls: list[float] = []
    real = video.can_call_now

    def counted():
        calls.append(time.monotonic())
        return real()

    video.can_call_now = counted
    try:
        ui.tap(ui.screen("home").ids.tile_booking)
        booking = ui.screen("booking")
        offer = booking.ids.call_now_offer
        assert not booking.call_now_available and offer.opacity == 0
        first = len(calls)
        assert first == 1

        set_all_on_duty(hub, True)  # an adviser comes on duty, the resident still looks
        let_time_pass(ui, 1)  # frames pass, the app clock hardly: nobody asks the hub again
        assert len(calls) == first and not booking.call_now_available
        let_time_pass(ui, recheck_s)
        assert booking.call_now_available and offer.opacity == 1 and not offer.disabled
        assert len(calls) == first + 1

        set_all_on_duty(hub, False)  # duty ends
        let_time_pass(ui, recheck_s)
        assert not booking.call_now_available and offer.opacity == 0 and offer.disabled
        assert offer.width == 0 and booking.ids.code_entry.width > 1000  # the row is the code's
        assert len(calls) == first + 2

        ui.tap(booking.ids.bar.ids.home)  # left: no more questions to the hub
        let_time_pass(ui, recheck_s * 3)
        assert len(calls) == first + 2
    finally:
        video.can_call_now = real
