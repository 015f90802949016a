"""The shared top bar fits in every orientation, language and text size (issue 13): the 12348
number is never broken over two lines, every button's words fit inside it, and the title is
shown in full (shrunk and on at most two lines) at a size an elderly reader can still read.

Real screens under Xvfb, opened by a real tap where one leads there; the bar is measured from
what Kivy laid out and drew (the core label's lines), not from our own arithmetic.
"""

from __future__ import annotations

import pytest

from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui

MODES = ("normal", "large_text", "elderly")
SCREENS = ("guides", "guide_list", "article", "search", "nearby", "booking", "legal_aid")
SCREENS += ("hotline", "maintenance")
MAX_BAR_PX = 240  # two lines of large title type and the padding: never more of the screen
MIN_TITLE_PX = 30  # the smallest title type the bar may shrink to (1080 px wide, at arm's length)


def drawn_lines(label) -> list[str]:
    """The lines the core label laid out for ``label`` (after any shortening)."""
    label.texture_update()
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


def open_screen(ui, name: str) -> None:
    store = ui.app.services.store
    if name == "guide_list":
        # the category with the longest name: the hardest title of the demo content
        category = max(store.categories_with_counts(), key=lambda c: len(c["name"]))
        ui.app.nav.go("guide_list", category_id=category["id"], title=category["name"])
    elif name == "article":
        category = store.categories_with_counts()[0]
        article = store.articles_in_category(category["id"])[0]
        ui.app.nav.go("article", article_id=article["id"])
    else:
        ui.app.nav.go(name)
    ui.settle()
    ui.pump(3)


def set_mode(ui, mode: str) -> None:
    app = ui.app
    if mode == "large_text":
        app.toggle_large_text()
    elif mode == "elderly":
        app.toggle_elderly_mode()
    ui.settle()


def check_bar(ui, bar, where: str) -> None:
    hotline = bar.ids.hotline
    if bar.show_hotline:
        assert drawn_lines(hotline) == ["12348"], f"{where}: 12348 broken: {drawn_lines(hotline)}"
    # the back arrow is a real arrow character, never ASCII "<" (issue 13, small things)
    assert "<" not in bar.ids.back.text and "‹" in bar.ids.back.text, bar.ids.back.text
    for name in ("back", "speak", "hotline", "home"):
        button = bar.ids[name]
        if button.opacity == 0:
            continue
        width, height = button.texture_size
        assert width <= button.width + 1 and height <= button.height + 1, (
            f"{where}: the words of {name} overflow their button "
            f"({width}x{height} in {button.width}x{button.height})"
        )
        assert bar.y <= button.y and button.top <= bar.top + 1, f"{where}: {name} leaves the bar"
    assert bar.height <= MAX_BAR_PX, (
        f"{where}: the bar is {bar.height}px high {[(c.size, c.texture_size) for c in bar.children]}"
    )
    title = bar.ids.title
    lines = drawn_lines(title)
    shown = "".join(lines).replace(" ", "")
    assert shown == bar.title.replace(" ", ""), (
        f"{where}: title cut: {lines!r} {title.width} {[(c.width, c.texture_size) for c in bar.children]}"
    )
    assert len(lines) <= 2, f"{where}: {len(lines)} title lines"
    assert title.font_size >= MIN_TITLE_PX, f"{where}: title shrunk to {title.font_size}px"
    assert title.texture_size[1] <= title.height + 1, f"{where}: title taller than the bar"
    assert title.texture_size[0] <= title.width + 1, f"{where}: title wider than its room"


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_bar_fits_every_screen_language_and_text_size(ui, orientation, tmp_path):
    folder = shots_folder(tmp_path)
    try:
        resize(ui, orientation)
        for lang in ("zh_CN", "en"):
            for mode in MODES:
                ui.fresh()
                ui.app.lang = lang
                set_mode(ui, mode)
                # a real tap leads inside, so the screens are reached the resident's way
                ui.tap(ui.screen("home").ids.tile_guides)
                for name in SCREENS:
                    open_screen(ui, name)
                    where = f"{orientation}/{lang}/{mode}/{name}"
                    bar = ui.screen(name).ids.bar
                    check_bar(ui, bar, where)
                    if not bar.show_speak:
                        # with 朗读 as well (a terminal with a voice): the least room for a title
                        bar.show_speak = True
                        ui.pump(3)
                        check_bar(ui, bar, where + "/with read-aloud")
                        bar.show_speak = False
                    if name in ("article", "guide_list", "nearby"):
                        save(ui, folder / f"top-bar-{orientation}-{lang}-{mode}-{name}.png")
    finally:
        ui.fresh()
        ui.app.lang = "zh_CN"
        resize(ui, "landscape")
