"""Everything can go home: a guide and a place are printed as tickets, previewed on screen first
(issue 13). The file printer is a real backend: the PNG it writes is what paper would show."""

from __future__ import annotations

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui


def _preview_and_print(ui):
    preview = ui.app.ticket_preview
    assert preview is not None and preview.picture.texture is not None
    assert preview.picture.texture.height > preview.picture.texture.width  # a paper strip
    ui.tap(preview.print_button)
    ui.settle()
    assert ui.app.message.text == ui.app.tr("printing.done")
    ui.tap(ui.app.message.ids.ok)


def test_a_guide_is_previewed_then_printed_with_its_qr(ui, file_printer):
    store = ui.app.services.store
    category = store.categories_with_counts()[0]
    article = store.articles_in_category(category["id"])[0]
    ui.app.nav.go("article", article_id=article["id"])
    ui.settle()
    screen = ui.screen("article")
    ui.tap(screen.ids.print_guide)
    ui.settle()
    from kivy.core.window import Window

    Window.screenshot(name=str(screenshot_dir() / "ticket-preview-article.png"))
    _preview_and_print(ui)
    printed = Image.open(file_printer.last_path)
    (code,) = decode(printed)
    assert code.data.decode("utf-8") == screen.ids.qr.payload
    assert ui.events("ticket.print")[-1]["props"] == {"kind": "article", "ok": True}


def test_a_place_is_printed_with_its_way_there(ui, file_printer):
    store = ui.app.services.store
    place = store.institutions()[0]
    ui.app.nav.go("institution", place=place)
    ui.settle()
    screen = ui.screen("institution")
    ui.tap(screen.ids.print_place)
    ui.settle()
    _preview_and_print(ui)
    (code,) = decode(Image.open(file_printer.last_path))
    assert code.data.decode("utf-8") == screen.ids.qr.payload


def test_closing_the_preview_prints_nothing(ui, file_printer):
    store = ui.app.services.store
    article = store.articles_in_category(store.categories_with_counts()[0]["id"])[0]
    ui.app.nav.go("article", article_id=article["id"])
    ui.settle()
    ui.tap(ui.screen("article").ids.print_guide)
    ui.settle()
    ui.tap(ui.app.ticket_preview.close_button)
    assert file_printer.last_path is None
