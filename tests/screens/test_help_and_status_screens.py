"""12348 as a help screen of its own, one tap away from every screen; status screens in words."""

from __future__ import annotations

import pytest

from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui


def test_the_red_tile_opens_the_hotline_screen(ui):
    from kivy.core.window import Window

    ui.tap(ui.screen("home").ids.tile_hotline)
    assert ui.current == "hotline"
    screen = ui.screen("hotline")
    assert screen.ids.number.text == "12348"
    assert screen.ids.number.font_size >= 200
    assert screen.ids.qr.payload == "tel:12348" and screen.ids.qr.texture is not None
    assert ui.app.tr("hotline.helps.legal_aid") in screen.ids.helps.text
    assert screen.ids.bar.show_hotline is False  # no button to where we already are
    assert ui.events("hotline.view")
    ui.settle()
    assert screen.ids.qr.width >= 300
    Window.screenshot(name=str(screenshot_dir() / "hotline-zh_CN.png"))
    ui.tap(screen.ids.bar.ids.back)
    assert ui.current == "home"


@pytest.mark.parametrize("inner", ["guides", "nearby", "legal_aid", "search"])
def test_every_inner_screen_has_12348_in_its_top_bar(ui, inner):
    ui.app.nav.go(inner)
    ui.settle()
    bar = ui.screen(inner).ids.bar
    assert bar.show_hotline and bar.ids.hotline.width >= 96
    ui.tap(bar.ids.hotline)
    assert ui.current == "hotline"
    ui.tap(ui.screen("hotline").ids.bar.ids.back)
    assert ui.current == inner


def test_the_maintenance_status_names_devices_in_words(ui):
    """No raw config values on a status screen (issue 13): every printer backend has words."""
    from kiosk.config import PRINTER_BACKENDS

    for backend in PRINTER_BACKENDS:
        assert ui.app.tr(f"maintenance.printer.{backend}") != f"maintenance.printer.{backend}"
    text = ui.maintenance_status()
    backend = ui.app.services.config.printer.backend
    assert ui.app.tr(f"maintenance.printer.{backend}") in text
    assert "：none" not in text and "yes" not in text and "：no" not in text


def test_typed_pinyin_is_underlined_in_the_theme_colour_and_follows_high_contrast(ui):
    ui.tap(ui.screen("home").ids.tile_search)
    search = ui.screen("search")
    for letter in "lih":
        ui.tap(search.keyboard.keys[letter])
    colour = "".join(f"{int(c * 255):02x}" for c in ui.app.c_primary[:3])
    assert f"[u][color={colour}]lih[/color][/u]" in search.ids.query.text
    ui.app.high_contrast = True
    try:
        search.refresh()
        contrast = "".join(f"{int(c * 255):02x}" for c in ui.app.c_primary[:3])
        assert contrast != colour and f"[color={contrast}]lih" in search.ids.query.text
    finally:
        ui.app.high_contrast = False


def test_the_reader_offers_previous_page_above_next_page(ui):
    store = ui.app.services.store
    article = store.articles_in_category(store.categories_with_counts()[0]["id"])[0]
    ui.app.nav.go("article", article_id=article["id"])
    ui.settle()
    ids = ui.screen("article").ids
    assert ids.prev_page.y > ids.next_page.y
