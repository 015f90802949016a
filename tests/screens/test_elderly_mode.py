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


class SpokenLog:
    """What the real speaker was asked to say (the speaker itself runs: espeak-ng, aplay)."""

    def __init__(self, speaker) -> None:
        self.said: list[list[str]] = []
        real = speaker.speak

        def speak(text, *args, **kwargs):
            self.said.append([text] if isinstance(text, str) else list(text))
            return real(text, *args, **kwargs)

        speaker.speak = speak


@pytest.fixture
def spoken(real_speech):
    """The real speaker on the ``null`` ALSA device, its requests logged."""
    speaker = real_speech("null")
    return SpokenLog(speaker), speaker


@pytest.mark.parametrize(
    ("tile", "route", "main_text"),
    [
        ("tile_hotline", "hotline", "hotline.helps.legal_aid"),
        ("tile_legal_aid", "legal_aid", None),
        ("tile_booking", "booking", None),
        ("tile_guides", "guides", "category"),
    ],
)
def test_each_screen_is_read_aloud_as_it_opens(ui, spoken, tile, route, main_text):
    """Not only the title: the screen's own text is read, by the real speaker."""
    from screens.read_on_open import spoken_parts

    log, speaker = spoken
    home = ui.screen("home")
    ui.tap(home.ids.switch_elderly)
    assert ui.wait_until(lambda: log.said)  # "长辈模式已打开…"
    log.said.clear()
    ui.tap(home.ids[tile])
    assert ui.current == route
    assert ui.wait_until(lambda: log.said), f"{route} was not read as it opened"
    said = log.said[-1]
    assert said[0] == ui.app.tr(f"{route}.title")
    assert len(said) > 1 and sum(map(len, said[1:])) > 20, said  # more than the title
    assert said == spoken_parts(ui.app, route, ui.screen(route))
    if main_text == "category":  # the guide categories, the choices on that screen, are read
        names = [c["name"] for c in ui.app.services.store.categories_with_counts()]
        assert any(any(name in part for part in said) for name in names), said
        assert not any("[/" in part for part in said), "markup tags are not read out"
    elif main_text is not None:
        assert any(ui.app.tr(main_text) in part for part in said)
    assert ui.wait_until(lambda: speaker.speaking or ui.app.speaking)
    assert ui.events("tts.speak")[-1]["props"]["chars"] == sum(map(len, said))
    ui.app.reset_session()


def test_leaving_before_the_reading_stops_it_and_reads_the_next_screen(ui, spoken):
    log, _speaker = spoken
    home = ui.screen("home")
    ui.tap(home.ids.switch_elderly)
    ui.tap(home.ids.tile_hotline)
    ui.tap(ui.screen("hotline").ids.bar.ids.back)
    assert ui.current == "home"
    log.said.clear()
    ui.tap(home.ids.tile_legal_aid)
    assert ui.wait_until(lambda: log.said)
    assert log.said[-1][0] == ui.app.tr("legal_aid.title")
    ui.app.reset_session()


def test_elderly_mode_spaces_lines_at_least_1_3(ui):
    from screens.widgets.common import BodyLabel

    ui.tap(ui.screen("home").ids.switch_elderly)
    try:
        for route in ("home", "hotline", "legal_aid", "booking"):
            ui.app.nav.go(route)
            ui.settle()
            labels = ui.find_all(ui.screen(route), BodyLabel)  # TitleLabel is one too
            assert labels, route
            assert all(label.line_height >= 1.3 for label in labels), route
    finally:
        ui.app.reset_session()


def test_elderly_home_offers_fewer_larger_choices(ui):
    """Search (pinyin typing) and 算一算 (a keypad) leave; what stays is bigger."""
    from screens.home import ELDERLY_TILES, TILES

    home = ui.screen("home")
    grid = home.ids.tiles
    normal = list(reversed(grid.children))
    assert len(normal) == len(TILES) == 7
    normal_size = tuple(home.ids.tile_guides.size)
    ui.tap(home.ids.switch_elderly)
    ui.settle()
    shown = list(reversed(grid.children))
    assert shown == [home.ids[f"tile_{route}"] for route in ELDERLY_TILES]
    assert home.ids.tile_search not in shown and home.ids.tile_calc not in shown
    big = home.ids.tile_guides
    assert big.width * big.height > normal_size[0] * normal_size[1]
    for route in ELDERLY_TILES:  # every choice left still works with one tap
        ui.tap(home.ids[f"tile_{route}"])
        assert ui.current == route
        ui.app.nav.home()
        ui.settle()
    from kivy.core.window import Window

    from tests.support.screenshots import screenshot_dir

    Window.screenshot(name=str(screenshot_dir() / "home-elderly-tiles.png"))
    ui.app.reset_session()
    ui.settle()
    assert list(reversed(grid.children)) == normal
