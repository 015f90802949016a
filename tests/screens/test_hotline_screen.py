"""12348 as a help screen of its own, one tap away from home and from every inner screen."""

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
