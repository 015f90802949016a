"""Read-aloud that says what it does (issue 13), with real espeak-ng: 朗读 turns into 停止 while
reading, stops on a tap, reads slower when asked, and says so when no sound can come out."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def open_first_article(ui):
    store = ui.app.services.store
    article = store.articles_in_category(store.categories_with_counts()[0]["id"])[0]
    ui.app.nav.go("article", article_id=article["id"])
    ui.settle()
    return ui.screen("article")


def test_read_aloud_turns_into_stop_and_stops(ui, real_speech):
    speaker = real_speech("null")
    screen = open_first_article(ui)
    button = screen.ids.bar.ids.speak
    assert button.text == ui.app.tr("nav.read_aloud")
    ui.tap(button)
    assert ui.app.speaking and speaker.speaking
    assert button.text == ui.app.tr("nav.stop_reading")
    ui.tap(button)
    assert not ui.app.speaking and not speaker.speaking
    assert button.text == ui.app.tr("nav.read_aloud")


@pytest.mark.parametrize("switch", ["switch_slow", "switch_elderly"])
def test_slow_reading_uses_the_slow_rate_and_resets_with_the_session(
    ui, real_speech, tmp_path, switch
):
    """慢速朗读, and 长辈模式 which includes it: the speaker itself reads at the slow rate."""
    speaker = real_speech("null")
    ui.tap(ui.screen("home").ids[switch])
    assert ui.app.slow_speech
    screen = open_first_article(ui)
    ui.tap(screen.ids.bar.ids.speak)
    assert speaker.slow is True
    command = speaker._synth_command("测试", "zh_CN", tmp_path / "t.wav")
    assert str(speaker.slow_rate_wpm) in command
    ui.app.reset_session()
    assert not ui.app.slow_speech and not ui.app.speaking


def test_no_sound_device_is_said_on_screen(ui, real_speech):
    real_speech("no_such_sound_card")
    screen = open_first_article(ui)
    ui.tap(screen.ids.bar.ids.speak)
    assert ui.wait_until(lambda: not ui.app.speaking), "the failure never came back"
    ui.settle()
    assert ui.app.message is not None and ui.app.message.text == ui.app.tr("speech.no_sound")
    assert ui.events("tts.failed")
    ui.tap(ui.app.message.ids.ok)
