"""The category screen lists its hot questions; tapping one searches for it with no typing."""

from __future__ import annotations

import pytest

from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui

QUESTIONS = ["拖欠工资", "[b]加班费[/b]怎么算", "试用期被辞退了，公司要不要赔钱给我"]


@pytest.fixture
def labour_with_hot_questions(ui):
    """The labour category as the hub publishes it with hot questions (same content version)."""
    store = ui.app.services.store
    before = store.category("labour")
    store.apply(
        {"categories": {"upsert": [{**before, "hot_questions": QUESTIONS}], "delete": []}},
        version=store.content_version(),
    )
    yield store.category("labour")
    store.apply({"categories": {"upsert": [before], "delete": []}}, version=store.content_version())


def open_labour(ui):
    from screens.widgets.common import Tile

    ui.tap(ui.screen("home").ids["tile_guides"])
    tiles = ui.find_all(ui.screen("guides").ids.grid, Tile)
    ui.tap(next(t for t in tiles if t.payload["id"] == "labour"))
    assert ui.current == "guide_list"
    return ui.screen("guide_list")


def hot_buttons(ui, screen):
    from screens.guide_list import HotQuestionButton

    return ui.find_all(screen.ids.hot, HotQuestionButton)


def test_category_screen_shows_hot_questions_as_big_plain_buttons(ui, labour_with_hot_questions):
    from kivy.core.window import Window
    from kivy.metrics import dp

    from screens.widgets.common import BodyLabel

    screen = open_labour(ui)
    ui.pump(5)
    headings = [w.text for w in ui.find_all(screen.ids.hot, BodyLabel)]
    assert headings[0] == "大家常问"
    buttons = hot_buttons(ui, screen)
    assert [b.text for b in buttons] == QUESTIONS
    for button in buttons:
        assert button.markup is False  # "[b]" is shown as typed, never interpreted
        assert button.height >= dp(48) and button.height >= 96
        assert button.texture_size[0] <= button.width  # the long question wraps inside
    assert buttons[1].texture_size[1] > 0
    Window.screenshot(name=str(screenshot_dir() / "guide-list-hot-questions.png"))


def test_tapping_a_hot_question_lands_on_search_with_its_results(ui, labour_with_hot_questions):
    from screens.widgets.common import ListItem

    screen = open_labour(ui)
    ui.tap(hot_buttons(ui, screen)[0])
    assert ui.current == "search"
    search = ui.screen("search")
    assert search.query == "拖欠工资"
    assert search.results, "the hot question found no guide"
    items = ui.find_all(search.ids.results, ListItem)
    assert [i.payload["id"] for i in items] == [r["id"] for r in search.results]
    event = ui.events("search")[-1]["props"]
    good = [r for r in search.results if r["match"] == "good"]
    assert event["query"] == "拖欠工资" and event["results"] == len(good) > 0
    first = ui.app.services.store.article(search.results[0]["id"])
    assert event["category"] == first["category_id"]


def test_a_search_that_finds_nothing_carries_no_category(ui):
    ui.tap(ui.screen("home").ids["tile_guides"])
    ui.app.nav.go("search")
    ui.app.screen("search").search_for("zzqx")
    ui.settle()
    event = ui.events("search")[-1]["props"]
    assert event["results"] == 0 and "category" not in event


def test_category_without_hot_questions_shows_only_its_guides(ui):
    from screens.widgets.common import ListItem

    screen = open_labour(ui)
    assert hot_buttons(ui, screen) == [] and screen.ids.hot.children == []
    assert ui.find_all(screen.ids.grid, ListItem)
