"""Satisfaction after a service (issue 13), under Xvfb with real taps: after a guide was read or a
booking made, three large faces; a tap queues a ``service.rated`` event in the real outbox; the
question never blocks leaving and goes away by itself, on 首页 and at the idle reset."""

from __future__ import annotations

import time

import pytest

from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui


def first_article(ui) -> dict:
    store = ui.app.services.store
    return store.articles_in_category(store.categories_with_counts()[0]["id"])[0]


@pytest.fixture
def read_guide(ui, monkeypatch):
    """Opens a guide from its list, "reads" it (the reading time set to 0) and taps 返回."""
    from screens.article import ArticleScreen

    monkeypatch.setattr(ArticleScreen, "GUIDE_READ_S", 0.0)
    article = first_article(ui)

    def read(leave_by: str = "back") -> dict:
        ui.app.nav.go("guides")
        ui.app.nav.go("article", article_id=article["id"])
        ui.settle()
        bar = ui.screen("article").ids.bar
        ui.tap(bar.ids.back if leave_by == "back" else bar.ids.home)
        ui.pump(3)  # the screen manager finishes the switch (on_leave) on the next frames
        ui.settle()
        return article

    yield read
    ui.app.rating.dismiss()


def outbox_ratings(ui, timeout_s: float = 5.0) -> list[dict]:
    """``service.rated`` events written to the durable outbox (by its writer thread)."""
    outbox = ui.app.services.outbox
    until = time.monotonic() + timeout_s
    while True:
        found = [
            i.payload["props"] for i in outbox.items() if i.payload.get("type") == "service.rated"
        ]
        if found or time.monotonic() > until:
            return found
        time.sleep(0.05)


def test_reading_a_guide_then_a_face_queues_the_rating(ui, read_guide):
    article = read_guide()
    offer = ui.app.rating
    assert offer.showing and offer.prompt.title == ui.app.tr("rating.title.guide")
    faces = offer.prompt.ids.faces.ids
    for face in (faces.good, faces.ok, faces.bad):
        assert face.width >= 200 and face.height >= 200  # large faces
    assert faces.good.text == "满意" and faces.ok.text == "一般" and faces.bad.text == "不满意"
    before = {i.id for i in ui.app.services.outbox.items()}
    ui.tap(faces.good)
    expected = {"service": "guide", "face": "good", "article_id": article["id"]}
    assert [e["props"] for e in ui.events("service.rated")] == [expected]
    queued = [
        i
        for i in ui.app.services.outbox.items()
        if i.id not in before and i.payload.get("type") == "service.rated"
    ]
    assert queued or outbox_ratings(ui) == [expected]
    assert offer.prompt.thanks == ui.app.tr("rating.thanks")
    ui.tap(faces.bad)  # one rating per question: a second tap sends nothing
    assert len(ui.events("service.rated")) == 1


def test_the_question_does_not_block_the_screen_under_it(ui, read_guide, w):
    read_guide()
    assert ui.app.rating.showing and ui.current == "guides"
    tile = ui.find_all(ui.screen("guides"), w.Tile)[0]
    ui.tap(tile)  # the screen under the question still answers taps
    assert ui.current == "guide_list"
    assert not ui.events("service.rated")


def test_home_idle_reset_and_time_take_the_question_away(ui, read_guide):
    read_guide()
    assert ui.app.rating.showing
    ui.tap(ui.screen(ui.current).ids.bar.ids.home)
    assert ui.current == "home" and not ui.app.rating.showing
    read_guide()
    assert ui.app.rating.showing
    ui.app.reset_session()
    ui.settle()
    assert not ui.app.rating.showing
    read_guide()
    ui.tap(ui.app.rating.prompt.ids.close)
    assert not ui.app.rating.showing
    read_guide()
    from screens.widgets import rating

    ui.app.rating._leave_after(0.05)  # what RATING_PROMPT_S does, sooner
    until = time.monotonic() + 1
    while time.monotonic() < until and ui.app.rating.showing:
        ui.frame()
    assert not ui.app.rating.showing and rating.RATING_PROMPT_S <= 30
    assert not ui.events("service.rated")


def test_leaving_a_guide_by_home_asks_nothing(ui, read_guide):
    read_guide(leave_by="home")
    assert ui.current == "home" and not ui.app.rating.showing


def test_screenshots_of_the_question(ui, read_guide, tmp_path):
    folder = shots_folder(tmp_path)
    try:
        for orientation in ("landscape", "portrait"):
            resize(ui, orientation)
            for lang in ("zh_CN", "en"):
                ui.app.lang = lang
                read_guide()
                assert ui.app.rating.showing
                prompt = ui.app.rating.prompt
                assert prompt.x >= 0 and prompt.right <= ui.app.root.width
                covers_nothing(ui)
                save(ui, folder / f"{orientation}-{lang}-rating-prompt.png")
                ui.app.rating.dismiss()
                ui.settle()
                assert ui.app.root.y == 0 and ui.app.root.top == window_height()
        ui.app.lang = "zh_CN"
        for orientation in ("landscape", "portrait"):  # large text: the band grows, still low
            resize(ui, orientation)
            ui.app.toggle_large_text()
            try:
                read_guide()
                covers_nothing(ui)
                save(ui, folder / f"{orientation}-zh_CN-large-rating-prompt.png")
                ui.app.rating.dismiss()
            finally:
                ui.app.toggle_large_text()
    finally:
        ui.app.lang = "zh_CN"
        resize(ui, "landscape")


def window_height() -> float:
    from kivy.core.window import Window

    return Window.height


def covers_nothing(ui) -> None:
    """The screens end above the question: no part of any screen lies under it."""
    prompt, manager = ui.app.rating.prompt, ui.app.root
    assert manager.y >= prompt.top and manager.top == window_height()
    screen = manager.current_screen
    assert screen.y >= prompt.top, (screen.y, prompt.top)
    # the question is a low band: most of a landscape screen stays for what it shows
    assert prompt.height <= 0.4 * window_height(), prompt.height


@pytest.fixture
def w(ui):
    from screens.widgets import common

    return common


def make_booking(ui):
    from screens.widgets.common import BigButton
    from tests.support.booking_steps import StandInBooking, button, fill_details

    ui.app.services.booking = StandInBooking()
    ui.tap(ui.screen("home").ids.tile_booking)
    screen = ui.screen("booking")
    fill_details(ui, screen)
    ui.tap(button(ui, screen.ids.body, "booking.next"))
    ui.tap(button(ui, screen.ids.body, "booking.agree_and_book"))
    assert screen.step == "done"
    return screen, BigButton


def test_a_booking_made_asks_and_the_ticket_stays_reachable(ui, tmp_path):
    try:
        screen, big_button = make_booking(ui)
        offer = ui.app.rating
        assert offer.showing and offer.prompt.title == ui.app.tr("rating.title.booking")
        covers_nothing(ui)  # shown at once, not below the fold of the done page
        save(ui, shots_folder(tmp_path) / "landscape-zh_CN-rating-booking.png")
        print_button = next(
            b
            for b in ui.find_all(screen.ids.body, big_button)
            if b.text == ui.app.tr("booking.print")
        )
        screen.ids.scroll.scroll_to(print_button, padding=0, animate=False)  # a swipe up
        ui.pump(3)
        x, y = print_button.to_window(*print_button.center)
        assert y > offer.prompt.top, "the ticket's print button is not reachable above the question"
        save(ui, shots_folder(tmp_path) / "landscape-zh_CN-rating-booking-scrolled.png")
        ui.tap(offer.prompt.ids.faces.ids.ok)
        assert [e["props"] for e in ui.events("service.rated")] == [
            {"service": "booking", "face": "ok"}
        ]
        assert outbox_ratings(ui)[-1] == {"service": "booking", "face": "ok"}
    finally:
        ui.app.services.booking = None
        ui.app.rating.dismiss()
