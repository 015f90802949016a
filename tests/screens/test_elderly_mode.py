"""长辈模式 (elderly mode), issue 13: one tap on home for large text, every screen read aloud as it
opens, slower speech, twice the time to act and a simpler home; the idle reset undoes it all."""

from __future__ import annotations

import pytest

from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui


def test_one_tap_turns_on_everything_and_the_reset_turns_it_off(ui):
    from kivy.core.window import Window

    app, home = ui.app, ui.screen("home")
    session = app.services.session
    normal_scale = app.font_scale
    ui.tap(home.ids.switch_elderly)
    assert app.elderly and app.read_aloud and app.slow_speech
    assert app.font_scale > normal_scale
    assert session.time_factor == 2.0
    for name in ("switch_large", "switch_lang", "switch_read", "switch_slow", "switch_contrast"):
        assert home.ids[name].disabled and home.ids[name].opacity == 0  # a simpler home
    assert ui.events("elderly.mode")[-1]["props"] == {"on": True}
    ui.settle()
    button = home.ids.switch_elderly
    assert button.y >= 0 and button.width > 1000  # the one switch left fills the row
    Window.screenshot(name=str(screenshot_dir() / "home-elderly.png"))

    ui.tap(home.ids.tile_guides)
    ui.clock.advance(session.idle_timeout_s + 1)  # past the normal time: still no countdown
    ui.wait_idle_tick()
    assert app.idle.view is None
    ui.clock.advance(session.idle_timeout_s)
    ui.wait_idle_tick()
    view = app.idle.view
    assert view is not None and view.seconds == session.countdown_s * 2

    ui.clock.advance(session.countdown_s * 2 + 1)
    ui.wait_idle_tick()
    assert ui.current == "home"
    assert not app.elderly and not app.slow_speech and app.font_scale == normal_scale
    assert session.time_factor == 1.0
    assert not home.ids.switch_large.disabled


def test_tapping_again_turns_it_off(ui):
    app, home = ui.app, ui.screen("home")
    normal = (app.font_scale, app.read_aloud)
    ui.tap(home.ids.switch_elderly)
    ui.tap(home.ids.switch_elderly)
    assert not app.elderly and (app.font_scale, app.read_aloud) == normal
    assert app.services.session.time_factor == 1.0
