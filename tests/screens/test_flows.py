"""Residents' flows on the real app: tap real widgets, assert the screen and state that follow."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.ui


@pytest.fixture
def w(ui):
    """The widget classes, imported only after the app fixture configured Kivy."""
    from screens.widgets import common

    return common


def home_tile(ui, name):
    return ui.screen("home").ids[f"tile_{name}"]


def test_home_guides_category_article_back_and_home(ui, w):
    assert ui.current == "home"
    ui.tap(home_tile(ui, "guides"))
    assert ui.current == "guides"
    store = ui.app.services.store
    categories = [c for c in store.categories_with_counts() if c["count"]]
    tiles = ui.find_all(ui.screen().ids.grid, w.Tile)
    assert [t.payload["id"] for t in tiles] == [c["id"] for c in categories]

    ui.tap(tiles[0])
    assert ui.current == "guide_list"
    expected = [a["title"] for a in store.articles_in_category(categories[0]["id"])]
    items = ui.find_all(ui.screen().ids.grid, w.ListItem)
    assert [i.title for i in items] == expected

    ui.tap(items[0])
    assert ui.current == "article"
    article = ui.screen("article")
    assert article.article["title"] == expected[0]
    texts = [w.text for w in ui.find_all(article.ids.text) if hasattr(w, "text")]
    assert expected[0] in texts
    assert article.ids.qr.payload and article.ids.qr.texture is not None
    assert ui.events("article.view")[-1]["props"]["article_id"] == article.article["id"]

    ui.tap(article.ids.bar.ids.back)
    assert ui.current == "guide_list"
    ui.tap(ui.screen().ids.bar.ids.home)
    assert ui.current == "home"
    assert [e["props"]["screen"] for e in ui.events("screen.view")] == [
        "guides",
        "guide_list",
        "article",
        "guide_list",
        "home",
    ]


def type_on(ui, keyboard, letters):
    for letter in letters:
        ui.tap(keyboard.keys[letter])
    # The candidate bar is filled by a 50 ms Clock trigger after the last key; on an idle machine
    # the app can look settled before it fires, so give it real time, then settle.
    until = time.monotonic() + 0.2
    while time.monotonic() < until:
        ui.frame()
    ui.settle()


def test_search_by_pinyin_on_the_on_screen_keyboard(ui, w):
    ui.tap(home_tile(ui, "search"))
    search = ui.screen("search")
    assert ui.current == "search"
    type_on(ui, search.keyboard, "lihun")
    assert search.letters == "lihun"
    chips = ui.find_all(search.ids.candidates, w.Chip)
    words = [c.text for c in chips]
    assert "离婚" in words
    ui.tap(chips[words.index("离婚")])
    assert search.query == "离婚"
    results = ui.find_all(search.ids.results, w.ListItem)
    assert results, "no results for the picked word"
    good = [r for r in results if r.payload["match"] == "good"]
    assert good and all("离婚" in (r.title + r.detail) for r in good)
    event = ui.events("search")[-1]["props"]
    assert (event["query"], event["results"], event["mode"]) == ("离婚", len(good), "pinyin")
    assert event["related"] == len(results) - len(good)


def test_a_question_typed_on_the_keyboard_reaches_the_guide(ui, w):
    """Words picked one by one, one of them only known through a synonym (工钱 → 工资)."""
    ui.tap(home_tile(ui, "search"))
    search = ui.screen("search")
    for letters, word in (("laoban", "老板"), ("bugei", None), ("gongqian", "工钱")):
        type_on(ui, search.keyboard, letters)
        chips = ui.find_all(search.ids.candidates, w.Chip)
        words = [c.text for c in chips]
        if word is None:  # not a content word: the resident types on
            search.letters = ""
            continue
        assert word in words, (letters, words)
        ui.tap(chips[words.index(word)])
    assert search.query == "老板工钱"
    results = ui.find_all(search.ids.results, w.ListItem)
    assert results[0].payload["match"] == "good"
    assert results[0].payload["id"] == "labour-unpaid-wages"
    ui.tap(results[0])
    assert ui.current == "article"
    assert ui.screen("article").article["id"] == "labour-unpaid-wages"

    ui.tap(results[0])
    assert ui.current == "article"
    assert ui.screen("article").article["id"] == results[0].payload["id"]


def test_letters_mode_searches_initials(ui, w):
    ui.tap(home_tile(ui, "search"))
    search = ui.screen("search")
    ui.tap(search.keyboard.mode_key)
    assert search.keyboard.mode == "letters"
    type_on(ui, search.keyboard, "lh")
    assert ui.find_all(search.ids.candidates, w.Chip) == []
    ui.tap(search.keyboard.submit_key)
    titles = [r.title for r in ui.find_all(search.ids.results, w.ListItem)]
    assert any("离婚" in t for t in titles)


def test_nothing_found_offers_categories_guides_12348_and_the_adviser(ui, w):
    ui.tap(home_tile(ui, "search"))
    search = ui.screen("search")
    ui.tap(search.keyboard.mode_key)
    type_on(ui, search.keyboard, "qxzv")
    ui.tap(search.keyboard.submit_key)
    assert ui.events("search")[-1]["props"]["results"] == 0
    texts = [x.text for x in ui.find_all(search.ids.results) if hasattr(x, "text")]
    assert ui.app.tr("search.no_good", query="qxzv") in texts
    guides = ui.find_all(search.ids.results, w.ListItem)
    assert guides, "the most-read guides are offered"
    buttons = ui.find_all(search.ids.results, w.BigButton)
    assert any("12348" in b.text for b in buttons)
    assert any(b.text == ui.app.tr("search.book_adviser") for b in buttons)
    categories = [c for c in ui.find_all(search.ids.results, w.Chip) if isinstance(c.payload, dict)]
    assert categories
    ui.tap(categories[0])
    assert ui.current == "guide_list"
    ui.tap(ui.screen().ids.bar.ids.back)
    assert ui.current == "search"
    search.search_for("qxzv")
    ui.settle()
    buttons = ui.find_all(search.ids.results, w.BigButton)
    adviser = next(b for b in buttons if b.text == ui.app.tr("search.book_adviser"))
    search.ids.scroll.scroll_to(adviser, animate=False)  # the resident scrolls down to it
    ui.settle()
    ui.tap(adviser)
    assert ui.current == "booking"


def test_a_weak_match_is_shown_as_related_below_a_kind_sentence(ui, w):
    ui.tap(home_tile(ui, "search"))
    search = ui.screen("search")
    search.search_for("家里的猫丢了")
    ui.settle()
    texts = [x.text for x in ui.find_all(search.ids.results) if hasattr(x, "text")]
    assert ui.app.tr("search.no_good", query="家里的猫丢了") in texts
    event = ui.events("search")[-1]["props"]
    assert event["results"] == 0


def test_popular_chip_searches_without_typing(ui, w):
    ui.tap(home_tile(ui, "search"))
    search = ui.screen("search")
    chip = ui.find_all(search.ids.results, w.Chip)[1]
    ui.tap(chip)
    assert search.query == chip.payload
    assert ui.find_all(search.ids.results, w.ListItem)


def test_nearby_lists_by_distance_and_filters_by_type(ui, w):
    ui.tap(home_tile(ui, "nearby"))
    nearby = ui.screen("nearby")
    items = ui.find_all(nearby.ids.listing, w.ListItem)
    distances = [i.payload["distance_m"] for i in items]
    assert items and distances == sorted(distances)
    assert all(d <= 5000 for d in distances)
    first = items[0]
    unit = "米" if first.payload["distance_m"] < 1000 else "公里"
    assert first.side.endswith(unit)
    assert sum(len(m.places) for m in nearby.ids.map.markers) == len(items)

    chip = next(c for c in ui.find_all(nearby.ids.chips, w.Chip) if c.payload == "legal_aid")
    ui.tap(chip)
    filtered = ui.find_all(nearby.ids.listing, w.ListItem)
    assert filtered and {i.payload["type"] for i in filtered} == {"legal_aid"}

    marker = nearby.ids.map.markers[0]
    ui.tap(marker)
    if marker.cluster:  # several places on one spot: the list of them, then one
        ui.tap(ui.find_all(nearby.group_view, w.ListItem)[0])
    assert ui.current == "institution"
    place = ui.screen("institution")
    assert place.ids.name.text == marker.places[0]["name"]
    assert "uri.amap.com" in place.ids.qr.payload
    assert ui.events("institution.view")[-1]["props"]["institution_id"] == marker.places[0]["id"]


def test_nearest_place_details_with_navigation_qr(ui, w):
    ui.tap(home_tile(ui, "nearby"))
    first = ui.find_all(ui.screen("nearby").ids.listing, w.ListItem)[0]
    ui.tap(first)
    assert ui.current == "institution"
    place = ui.screen("institution")
    assert place.ids.name.text == first.payload["name"]
    details = place.ids.details.text
    assert first.payload["address"] in details and first.side in details
    assert (
        place.ids.qr.payload.startswith("https://uri.amap.com/")
        and place.ids.qr.texture is not None
    )


def test_booking_without_hub_says_so_and_offers_12348(ui, w):
    assert ui.app.services.booking is None
    ui.tap(home_tile(ui, "booking"))
    booking = ui.screen("booking")
    assert ui.current == "booking" and booking.step == "offline"
    texts = " ".join(
        w.text for w in ui.find_all(booking.ids.body) if isinstance(getattr(w, "text", None), str)
    )
    assert ui.app.tr("booking.offline") in texts and "12348" in texts
    qr = ui.find(booking.ids.body, w.QRView)
    assert qr.payload == ui.app.services.tickets.hotline_payload() and "12348" in qr.payload


def test_language_and_large_text_switches(ui):
    home = ui.screen("home")
    zh_title = home.ids.tile_guides.text
    size = home.ids.tile_guides.font_size
    ui.tap(home.ids.switch_lang)
    assert ui.app.lang == "en" and home.ids.tile_guides.text != zh_title
    ui.tap(home.ids.switch_large)
    assert home.ids.tile_guides.font_size > size
    ui.app.services.session.reset()
    ui.settle()
    assert ui.app.lang == "zh_CN" and home.ids.tile_guides.font_size == size
