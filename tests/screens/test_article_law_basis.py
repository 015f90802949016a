"""Under a guide the reader sees which laws it rests on and since when they apply (real app, Xvfb)."""

from __future__ import annotations

import pytest

from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui

GUIDE = "marriage-divorce-lawsuit"  # cites 民法典 (twice) and 诉讼费用交纳办法


@pytest.fixture
def w(ui):
    from screens.widgets import common

    return common


def open_guide(ui, article_id):
    ui.tap(ui.screen("home").ids["tile_guides"])
    ui.app.nav.go("article", article_id=article_id)
    ui.settle()
    assert ui.current == "article"
    return ui.screen("article")


def shown_texts(ui, screen, w):
    return [label.text for label in ui.find_all(screen.ids.text, w.BodyLabel)]


def test_the_law_basis_lines_name_law_article_and_date(ui, w):
    screen = open_guide(ui, GUIDE)
    texts = shown_texts(ui, screen, w)
    assert "法律依据" in texts
    basis = texts[texts.index("法律依据") + 1 :]
    assert basis == [
        "《民法典》第一千零七十九条 · 2021年1月1日起施行",
        "《民法典》第一千零九十一条 · 2021年1月1日起施行",
        "《诉讼费用交纳办法》第十三条 · 2007年4月1日起施行",
    ]
    labels = ui.find_all(screen.ids.text, w.BodyLabel)
    assert not any(label.markup for label in labels)  # content is text, never markup
    screen.ids.scroll.scroll_y = 0  # the basis is at the end of the guide
    ui.settle()
    from kivy.core.window import Window

    saved = Window.screenshot(name=str(screenshot_dir() / "article-law-basis-zh_CN.png"))
    assert saved


def test_an_amended_law_says_the_amended_text_applies_and_english_reads_too(ui, w):
    screen = open_guide(ui, "labour-unpaid-wages")
    texts = shown_texts(ui, screen, w)
    amended = [t for t in texts if t.startswith("《劳动合同法》")]
    assert amended and all(t.endswith("修改后的条文自2013年7月1日起施行") for t in amended)
    ui.app.lang = "en"
    try:
        ui.app.nav.go("article", article_id=GUIDE)
        ui.settle()
        texts = shown_texts(ui, ui.screen("article"), w)
        assert "《民法典》 第一千零七十九条 · in force since 2021-01-01" in texts
    finally:
        ui.app.lang = "zh_CN"
