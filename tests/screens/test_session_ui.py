"""Idle reset, maintenance PIN, the global error handler and the CJK font, on the real app."""

from __future__ import annotations

import pytest

from tests.support.screen_driver import TEST_PIN

pytestmark = pytest.mark.ui


@pytest.fixture
def k(ui):
    """Kivy names, imported only after the app fixture configured Kivy."""
    from types import SimpleNamespace

    from kivy.clock import Clock

    from screens.widgets.common import BigButton
    from screens.widgets.keyboard import DigitKeypad

    return SimpleNamespace(Clock=Clock, BigButton=BigButton, DigitKeypad=DigitKeypad)


def test_idle_countdown_then_home_with_everything_cleared(ui, k):
    session = ui.app.services.session
    ui.tap(ui.screen("home").ids.tile_search)
    search = ui.screen("search")
    for letter in "lihun":
        ui.tap(search.keyboard.keys[letter])
    ui.app.nav.go("booking")
    booking = ui.screen("booking")
    booking.show_details()  # the details step; with a hub it follows adviser and slot
    ui.settle()
    keypad = ui.find(booking.ids.body, k.DigitKeypad)
    for digit in "13800001111":
        ui.tap(keypad.keys[digit])
    assert booking.form.phone == "13800001111"

    ui.clock.advance(session.idle_timeout_s - 1)
    ui.wait_idle_tick()
    assert ui.app.idle.view is None
    ui.clock.advance(1)
    ui.wait_idle_tick()
    view = ui.app.idle.view
    assert view is not None and view.seconds == session.countdown_s
    assert str(int(session.countdown_s)) in view.ids.seconds.text

    ui.clock.advance(4)
    ui.wait_idle_tick()
    assert view.seconds == session.countdown_s - 4
    ui.clock.advance(session.countdown_s)
    ui.wait_idle_tick()
    assert ui.app.idle.view is None
    assert ui.current == "home"
    assert search.query == "" and search.ids.query.text == ""
    assert booking.form.phone == "" and booking.form.name == "" and booking.step == "offline"
    assert ui.events("session.end")
    assert not any("13800001111" in str(e) for e in ui.app.services.events)


def test_continue_keeps_the_session(ui, k):
    session = ui.app.services.session
    ui.tap(ui.screen("home").ids.tile_guides)
    ui.clock.advance(session.idle_timeout_s)
    ui.wait_idle_tick()
    view = ui.app.idle.view
    assert view is not None
    ui.tap(view.ids.keep_going)
    assert ui.app.idle.view is None and ui.current == "guides"
    ui.clock.advance(session.countdown_s + 1)
    ui.wait_idle_tick()
    assert ui.current == "guides"


def test_attract_screen_after_idle_and_touch_wakes(ui, k):
    session = ui.app.services.session
    ui.clock.advance(session.attract_after_s)
    ui.wait_idle_tick()
    assert ui.current == "attract"
    attract = ui.screen("attract")
    assert attract.ids.slide_title.text
    ui.tap(attract.ids.slide_title)
    assert ui.current == "home"


def open_maintenance(ui):
    corner = ui.screen("home").ids.corner
    for _ in range(5):
        ui.tap(corner)
    assert ui.current == "maintenance"
    return ui.screen("maintenance")


def enter_pin(ui, screen, pin):
    for digit in pin:
        ui.tap(screen.keypad.keys[digit])
    ui.tap(screen.ids.pin_ok)


def test_corner_gesture_needs_five_quick_taps(ui, k):
    corner = ui.screen("home").ids.corner
    for _ in range(4):
        ui.tap(corner)
    ui.clock.advance(3)
    ui.tap(corner)
    assert ui.current == "home"


def test_maintenance_pin_lockout_grows_and_right_pin_opens(ui, k):
    screen = open_maintenance(ui)
    assert screen.ids.panels.current == "lock"
    for _attempt in range(4):
        enter_pin(ui, screen, "1")
        assert screen.ids.lock_message.text == ui.app.tr("maintenance.wrong_pin")
    enter_pin(ui, screen, "1")
    assert screen.ids.lock_message.text == ui.app.tr("maintenance.locked", seconds=30)
    enter_pin(ui, screen, TEST_PIN)  # the right PIN is refused while locked
    assert screen.ids.panels.current == "lock"
    ui.clock.advance(31)
    enter_pin(ui, screen, "2")
    assert screen.ids.lock_message.text == ui.app.tr("maintenance.locked", seconds=60)
    ui.clock.advance(61)
    enter_pin(ui, screen, TEST_PIN)
    assert screen.ids.panels.current == "status"
    version = ui.app.services.store.content_version()
    assert (
        ui.app.tr("maintenance.content", version=version, age="").split("{")[0][:6]
        in screen.ids.status.text
    )
    assert screen.ids.pin_dots.text == ""
    assert not any(TEST_PIN in str(e) for e in ui.app.services.events)
    ui.app.services.pin_gate.failures = 0


def test_an_unexpected_error_returns_home_with_a_kind_message(ui, k):
    ui.tap(ui.screen("home").ids.tile_guides)
    assert ui.current == "guides"

    def broken(_dt):
        raise RuntimeError("boom in a screen")

    k.Clock.schedule_once(broken, 0)
    ui.settle()
    assert ui.current == "home"
    assert ui.app.message is not None and ui.app.message.text == ui.app.tr("error.generic")
    assert "Traceback" not in ui.app.message.text
    assert ui.events("error.unexpected")[-1]["props"]["kind"] == "RuntimeError"
    ui.tap(ui.app.message.ids.ok)
    ui.tap(ui.screen("home").ids.tile_nearby)
    assert ui.current == "nearby"  # still alive and usable


def test_a_failing_background_call_shows_its_message_and_stays(ui, k):
    from kiosk.errors import StoreError

    ui.tap(ui.screen("home").ids.tile_guides)
    screen = ui.screen()

    def fails():
        raise StoreError("disk gone")

    screen.run(fails)
    ui.settle()
    assert ui.current == "guides"
    assert ui.app.message.text == ui.app.tr("error.store")


@pytest.mark.parametrize("text", ["㑇", "曾", "单", "离婚"])
def test_cjk_glyphs_render_with_the_registered_font(ui, text):
    from kivy.core.text import Label as CoreLabel

    def pixels(value):
        label = CoreLabel(text=value, font_size=64)
        label.refresh()
        return bytes(label.texture.pixels)

    missing = pixels("\U0010fffd")  # a private-use code point no font has: the "tofu" box
    assert pixels(text) != missing
    assert any(pixels(text))


def test_every_button_on_every_screen_is_finger_sized(ui, k):
    for name in ("home", "guides", "search", "nearby", "booking", "legal_aid"):
        ui.app.nav.go(name)
        ui.settle()
        small = [
            b.text
            for b in ui.find_all(ui.screen(), k.BigButton)
            if b.opacity and b.width and b.height < 80
        ]
        assert small == [], name
