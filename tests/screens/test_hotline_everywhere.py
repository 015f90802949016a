"""12348 one tap away from every inner screen (issue 13), with real taps: the screens not covered
by test_help_and_status_screens.py — a guide, a guide list, a place, booking, the calculators, the
video screen and the call rating — each reached by tapping, its top bar's 12348 tapped, the
hotline screen shown, and 返回 back where the resident was. And the hotline screen read aloud.
"""

from __future__ import annotations

import time

import pytest

from kiosk.speech.speaker import Pyttsx3Speaker

pytestmark = pytest.mark.ui


def open_guide_list(ui):
    from screens.widgets.common import Tile

    ui.tap(ui.screen("home").ids.tile_guides)
    ui.tap(ui.find_all(ui.screen("guides").ids.grid, Tile)[0])
    assert ui.current == "guide_list"


def open_article(ui):
    from screens.widgets.common import ListItem

    open_guide_list(ui)
    ui.tap(ui.find_all(ui.screen("guide_list").ids.grid, ListItem)[0])
    assert ui.current == "article"


def open_institution(ui):
    from screens.widgets.common import ListItem

    ui.tap(ui.screen("home").ids.tile_nearby)
    ui.reveal_and_tap(ui.find_all(ui.screen("nearby").ids.listing, ListItem)[0])
    assert ui.current == "institution"


def open_call(ui):
    ui.tap(ui.screen("home").ids.tile_booking)
    ui.tap(ui.screen("booking").ids.code_entry)


def open_call_rating(ui):
    # After a call window closes (test_video_screens.py shows the way there); here the screen itself.
    open_call(ui)
    ui.app.nav.go("call_rating", call_id=7)
    ui.settle()


OPEN = {
    "article": open_article,
    "guide_list": open_guide_list,
    "institution": open_institution,
    "booking": lambda ui: ui.tap(ui.screen("home").ids.tile_booking),
    "calc": lambda ui: ui.tap(ui.screen("home").ids.tile_calc),
    "call": open_call,
    "call_rating": open_call_rating,
}


@pytest.mark.parametrize("inner", list(OPEN))
def test_12348_in_the_top_bar_opens_the_hotline_and_back_returns(ui, inner):
    OPEN[inner](ui)
    assert ui.current == inner
    bar = ui.screen(inner).ids.bar
    hotline = bar.ids.hotline
    assert bar.show_hotline and not hotline.disabled and hotline.opacity == 1
    assert hotline.width >= 96 and hotline.height >= 96  # finger-sized
    assert hotline.text == ui.app.tr("nav.hotline")
    ui.tap(hotline)
    assert ui.current == "hotline"
    assert ui.screen("hotline").ids.number.text == "12348"
    ui.tap(ui.screen("hotline").ids.bar.ids.back)
    assert ui.current == inner
    if inner == "call_rating":
        assert ui.screen("call_rating").call_id == 7  # still the same call to rate


class Recording(Pyttsx3Speaker):
    """The real espeak-ng speaker (no sound card: ``null``), keeping what it was asked to say."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.said: list = []

    def speak(self, text, **kwargs):
        self.said.append(text)
        return super().speak(text, **kwargs)


@pytest.fixture
def speaker(ui):
    kept = ui.app.services.speech
    speaker = Recording(voices={"zh_CN": "cmn", "en": "en"}, audio_device="null")
    if not speaker.probe():
        pytest.fail(f"espeak-ng Mandarin voice missing: {speaker.reason}")
    ui.app.services.speech = speaker
    yield speaker
    ui.app.stop_speaking()
    ui.app.services.speech = kept


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_hotline_screen_is_read_aloud_when_asked(ui, speaker, lang):
    if ui.app.lang != lang:
        ui.tap(ui.screen("home").ids.switch_lang)
    assert ui.app.lang == lang
    ui.tap(ui.screen("home").ids.tile_hotline)
    screen = ui.screen("hotline")
    assert screen.ids.hours.text == ui.app.tr("hotline.hours") != "hotline.hours"
    button = screen.ids.bar.ids.speak
    assert screen.ids.bar.show_speak and button.opacity == 1 and not button.disabled
    assert button.text == ui.app.tr("nav.read_aloud")
    ui.tap(button)
    assert ui.app.speaking and speaker.speaking
    assert button.text == ui.app.tr("nav.stop_reading")
    (said,) = speaker.said
    for key in (
        "hotline.spoken_number",
        "hotline.hours",
        "hotline.helps.legal_aid",
        "hotline.qr_hint",
        "hotline.ask_staff",
    ):
        assert ui.app.tr(key).rstrip("。：:.") in said, key
    until = time.monotonic() + 0.3  # espeak-ng has started on its worker
    while time.monotonic() < until:
        ui.frame()
    ui.tap(button)
    assert not ui.app.speaking and not speaker.speaking
    assert button.text == ui.app.tr("nav.read_aloud")
