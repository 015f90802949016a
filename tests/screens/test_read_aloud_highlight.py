"""Read-aloud shows what it reads (issue 13), with real espeak-ng into ALSA's null device: while
朗读 runs, the paragraph being read is highlighted and scrolled into view, the highlight follows
the speech, and it goes on 停止 and on leaving. Content stays text: no markup is ever added."""

from __future__ import annotations

import time

import pytest

from kiosk.speech.speaker import Pyttsx3Speaker

pytestmark = pytest.mark.ui


@pytest.fixture
def speaker(ui):
    made = Pyttsx3Speaker(voices={"zh_CN": "cmn", "en": "en"}, audio_device="null")
    if not made.probe():
        pytest.fail(f"espeak-ng Mandarin voice missing: {made.reason}")
    kept = ui.app.services.speech
    ui.app.services.speech = made
    yield made
    ui.app.stop_speaking()
    ui.app.services.speech = kept


def open_long_article(ui):
    """The guide with the most paragraphs (so reading moves down the page)."""
    store = ui.app.services.store
    best = None
    for category in store.categories_with_counts():
        for item in store.articles_in_category(category["id"]):
            article = store.article(item["id"])
            if best is None or article["body"].count("\n") > best["body"].count("\n"):
                best = article
    ui.app.nav.go("article", article_id=best["id"])
    ui.settle()
    return ui.screen("article")


def highlighted(screen) -> list[int]:
    return [n for n, (label, _text) in enumerate(screen.parts) if label.reading]


def watch(ui, screen, until, timeout_s=60.0) -> list[int]:
    """The highlighted parts seen, in order, frame by frame until ``until()`` holds."""
    seen: list[int] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        ui.frame()
        now = highlighted(screen)
        assert len(now) <= 1, "more than one part highlighted"
        if now and (not seen or seen[-1] != now[0]):
            seen.append(now[0])
        if until(seen):
            break
        time.sleep(0.01)
    return seen


def test_the_part_being_read_is_highlighted_and_the_highlight_follows(ui, speaker):
    screen = open_long_article(ui)
    assert len(screen.parts) >= 4 and highlighted(screen) == []
    ui.tap(screen.ids.bar.ids.speak)
    assert ui.app.speaking
    seen = watch(ui, screen, lambda s: len(s) >= 3)
    assert seen[:3] == [0, 1, 2], f"highlight did not follow the reading: {seen}"
    label, text = screen.parts[seen[-1]]
    assert label.markup is False and label.source == text  # the content as it is, no markup
    scroll = screen.ids.scroll
    x, y = label.to_window(*label.center)
    sx, sy = scroll.to_window(scroll.x, scroll.y)
    assert sy <= y <= sy + scroll.height, "the part being read is not in view"
    ui.tap(screen.ids.bar.ids.speak)  # 停止
    assert not ui.app.speaking and highlighted(screen) == []
    ui.pump(20)
    assert highlighted(screen) == [], "a late report of the stopped speech lit a part again"


def test_leaving_stops_the_reading_and_its_highlight(ui, speaker):
    screen = open_long_article(ui)
    ui.tap(screen.ids.bar.ids.speak)
    watch(ui, screen, lambda s: len(s) >= 1)
    assert highlighted(screen)
    ui.tap(screen.ids.bar.ids.back)
    ui.pump(3)
    assert not ui.app.speaking and not speaker.speaking
    assert highlighted(screen) == []
    ui.pump(20)
    assert highlighted(screen) == []


def test_reading_down_a_long_guide_scrolls_it_along(ui, speaker):
    screen = open_long_article(ui)
    scroll = screen.ids.scroll
    assert scroll.children[0].height > 1.5 * scroll.height, "the guide fits: nothing to scroll"
    last = len(screen.parts) - 1
    ui.tap(screen.ids.bar.ids.speak)
    positions: dict[int, float] = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and ui.app.speaking:
        ui.frame()
        now = highlighted(screen)
        if now:
            positions.setdefault(now[0], scroll.scroll_y)
        time.sleep(0.01)
    reached = max(positions)
    assert reached >= last - 1, f"reading never reached the end: {sorted(positions)}"
    assert positions[0] == 1 and positions[reached] < 0.2, positions
    ys = [positions[n] for n in sorted(positions)]
    assert ys == sorted(ys, reverse=True), "the page scrolled back up while reading on"


def test_screenshots_of_the_highlight(ui, speaker, tmp_path):
    from tests.support.shots import resize, save, shots_folder

    folder = shots_folder(tmp_path)
    try:
        for orientation, lang in (("landscape", "zh_CN"), ("portrait", "en")):
            resize(ui, orientation)
            ui.app.lang = lang
            screen = open_long_article(ui)
            ui.tap(screen.ids.bar.ids.speak)
            seen = watch(ui, screen, lambda s: len(s) >= 3)
            assert seen[:3] == [0, 1, 2]
            save(ui, folder / f"{orientation}-{lang}-article-reading.png")
            ui.app.stop_speaking()
    finally:
        ui.app.lang = "zh_CN"
        resize(ui, "landscape")
