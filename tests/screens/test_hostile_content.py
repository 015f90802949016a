"""Content is text, never markup: hostile names, titles and announcements through every screen
that shows content, on the real app under Xvfb (issue 13).

The contract refuses control characters and names over each field's limit (tested in
tests/contract); what it lets through — markup tags, right-to-left marks, emoji, names at the
length limit — must show as the characters they are, never crash a screen or flood it.
"""

from __future__ import annotations

import time

import pytest

from contract.records import MAX_SHORT, MAX_TITLE, RecordInvalid, validate_record
from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui

STAMP = "2026-12-01T09:00:00+08:00"
HOSTILE = [
    "法律[font=/nonexistent]婚[/font]",
    "[size=20000]大[/size]字",
    "[b][color=ff0000]红[/b]",
    "[ref=x]链接[/ref][anchor=a]",
    "\u202e反向文字\u202c与\u200f标记",
    "表情😀👨\u200d👩\u200d👧",
    "&bl;&br;&amp;[/i]",
]
TALL = 1080 * 3  # a label taller than three screens was blown up by markup


def _records(terminal: dict) -> dict:
    long_title = ("很长的标题" * 40)[:MAX_TITLE]
    categories, articles, institutions, announcements, advisers = [], [], [], [], []
    for n, name in enumerate(HOSTILE):
        categories.append({"id": f"zz-h{n}", "name": name[:40], "name_en": name[:60], "icon": "",
                           "sort": 900 + n})  # fmt: skip
        articles.append({
            "id": f"zz-a{n}", "category_id": f"zz-h{n}", "title": (name + "指南")[:MAX_TITLE],
            "summary": name, "body": f"正文{name}。" * 3, "tags": ["恶意内容"], "law_refs": [],
            "media": [], "status": "published", "updated_at": STAMP,
        })  # fmt: skip
        institutions.append({
            "id": f"zz-i{n}", "type": "mediation", "name": (name + "调解委员会")[:MAX_SHORT],
            "address": name, "district": "示例区", "lat": terminal["lat"] + 0.0001 * n,
            "lng": terminal["lng"], "datum": "gcj02", "phone": "028-0000-0000",
            "hours": name, "services": [name[:20] or "x"], "updated_at": STAMP,
        })  # fmt: skip
        announcements.append({"id": f"zz-n{n}", "title": name, "body": name, "starts_at": None,
                              "ends_at": None, "updated_at": STAMP})  # fmt: skip
        advisers.append({
            "id": f"zz-v{n}", "name": name[:40], "title": name[:40], "institution_id": None,
            "serves": [terminal["village"]], "duty_hours": [], "phone": "", "updated_at": STAMP,
        })  # fmt: skip
    articles.append({**articles[0], "id": "zz-long", "title": long_title, "summary": long_title})
    return {
        "categories": categories,
        "articles": articles,
        "institutions": institutions,
        "announcements": announcements,
        "advisers": advisers,
    }


@pytest.fixture
def hostile(ui):
    store = ui.app.services.store
    records = _records(ui.terminal)
    version = store.content_version() + 1
    store.apply({c: {"upsert": rows} for c, rows in records.items()}, version=version)
    yield records
    store.apply(
        {c: {"delete": [r["id"] for r in rows]} for c, rows in reversed(records.items())},
        version=version + 1,
    )


def labels_of(ui, root):
    from kivy.uix.label import Label

    return [w for w in ui.find_all(root, Label)]


def assert_plain(ui, root, where: str) -> None:
    """No label blown up by markup; a markup label showing content has it escaped."""
    for label in labels_of(ui, root):
        assert label.texture_size[1] < TALL, (where, label.text[:60])
        if label.markup:
            for name in (h for h in HOSTILE if "[" in h or "&" in h):
                assert name not in label.text, (where, "content shown as markup", label.text[:80])


def shot(name: str) -> None:
    from kivy.core.window import Window

    Window.screenshot(name=str(screenshot_dir() / f"hostile-{name}.png"))


def test_the_contract_refuses_what_no_screen_could_show():
    with pytest.raises(RecordInvalid):
        validate_record("categories", {"id": "c", "name": "名" * 2000, "sort": 0})
    with pytest.raises(RecordInvalid):
        validate_record("categories", {"id": "c", "name": "响铃\x07", "sort": 0})


def test_hostile_content_shows_as_plain_text_on_every_screen(ui, hostile):
    app = ui.app
    app.nav.go("guides")
    ui.settle()
    assert ui.current == "guides"
    assert_plain(ui, ui.screen(), "guides")
    from kivy.utils import escape_markup

    shown = [t.text for t in ui.find_all(ui.screen().ids.grid) if hasattr(t, "text")]
    assert any(escape_markup(HOSTILE[0]) in t for t in shown), "the name shows as typed"
    ui.screen().ids.scroll.scroll_y = 0  # the hostile categories sort last
    ui.settle()
    shot("guides")

    for n, name in enumerate(HOSTILE):
        app.nav.go("guide_list", category_id=f"zz-h{n}", title=name)
        ui.settle()
        assert ui.current == "guide_list", name
        assert_plain(ui, ui.screen(), f"guide_list {name}")
        app.nav.go("article", article_id=f"zz-a{n}")
        ui.settle()
        assert ui.current == "article", name
        assert_plain(ui, ui.screen(), f"article {name}")
    app.nav.go("article", article_id="zz-long")
    ui.settle()
    assert_plain(ui, ui.screen(), "article long title")
    shot("article-long-title")

    search = app.nav.go("search") or ui.screen("search")
    ui.settle()
    ui.screen("search").search_for("恶意内容")
    ui.settle()
    assert_plain(ui, ui.screen(), "search")

    app.nav.go("nearby")
    ui.settle()
    assert ui.current == "nearby"
    assert_plain(ui, ui.screen(), "nearby")
    for n in range(len(HOSTILE)):
        place = app.services.store.institution(f"zz-i{n}")
        app.nav.go("institution", place=place)
        ui.settle()
        assert ui.current == "institution"
        assert_plain(ui, ui.screen(), f"institution {n}")

    app.nav.go("attract")
    ui.settle()
    assert_plain(ui, ui.screen(), "attract")
    shot("attract")
    app.nav.go("booking")
    ui.settle()
    assert ui.current == "booking"
    assert_plain(ui, ui.screen(), "booking")
    del search


HOSTILE_ADVISERS = [f"zz-v{n}" for n in range(len(HOSTILE))]


@pytest.fixture(params=[("landscape", "zh_CN"), ("portrait", "en")], ids=lambda p: "-".join(p))
def view(ui, request):
    """The window's orientation and the language, set by tapping 中文/English on home."""
    from tests.support.shots import resize

    orientation, lang = request.param
    resize(ui, orientation)
    if ui.app.lang != lang:
        ui.tap(ui.screen("home").ids.switch_lang)
    assert ui.app.lang == lang
    yield orientation, lang
    ui.app.rating.dismiss()
    ui.fresh()
    resize(ui, "landscape")


@pytest.fixture
def booking_client(ui, tmp_path):
    from kiosk.tickets.printers import FilePrinter
    from tests.support.booking_steps import StandInBooking

    kept = ui.app.services.booking, ui.app.services.printer
    ui.app.services.booking = StandInBooking()
    ui.app.services.printer = FilePrinter(tmp_path / "printed")
    yield ui.app.services.booking
    ui.app.services.booking, ui.app.services.printer = kept


def texts(ui, root) -> list[str]:
    return [w.text for w in ui.find_all(root) if isinstance(getattr(w, "text", None), str)]


def assert_shown_as_typed(ui, root, text: str, where: str) -> None:
    """``text`` is on a label that draws it as characters (no markup), and the label is sane."""
    from kivy.uix.label import Label

    holders = [w for w in ui.find_all(root, Label) if text in w.text]
    assert holders, (where, text)
    for label in holders:
        assert not label.markup, (where, "shown through markup", text)
        assert label.texture_size[1] < TALL, (where, text)


def test_hostile_adviser_names_are_plain_text_through_a_booking(ui, hostile, view, booking_client):
    """Adviser list → slots → details → consent → done, the rating question and the ticket, with
    every hostile adviser name, by real taps, in landscape Chinese and portrait English."""
    from screens.widgets.common import BigButton, ListItem
    from tests.support.booking_steps import button

    orientation, _lang = view
    names = {a["id"]: a["name"] for a in hostile["advisers"]}
    # every name through the whole flow once; the second view (portrait, English) takes a few
    booked = HOSTILE_ADVISERS if orientation == "landscape" else HOSTILE_ADVISERS[:2] + ["zz-v4"]
    for n, adviser_id in enumerate(booked):
        name = names[adviser_id]
        ui.tap(ui.screen("home").ids.tile_booking)
        booking = ui.screen("booking")
        assert booking.step == "advisers"
        items = {i.payload["id"]: i for i in ui.find_all(booking.ids.body, ListItem)}
        assert set(HOSTILE_ADVISERS) <= set(items)  # every hostile name is listed
        if n == 0:
            assert_plain(ui, booking, "booking advisers")
            for other_id in HOSTILE_ADVISERS:
                assert items[other_id].title == f"{names[other_id]} {names[other_id]}"
                assert_shown_as_typed(ui, items[other_id], names[other_id], "adviser list")
            shot(f"advisers-{orientation}")
        ui.reveal_and_tap(items[adviser_id])
        assert booking.step == "slots", name
        assert booking.ids.step_title.text == ui.app.tr("booking.choose_slot", adviser=name)
        assert_shown_as_typed(ui, booking, name, f"slot title {name!r}")
        assert_plain(ui, booking, f"slots {name!r}")
        ui.reveal_and_tap(ui.find_all(booking.ids.body, BigButton, role="chip")[0])
        for digit in "13800001111":
            ui.reveal_and_tap(booking.details.keypad.keys[digit])
        ui.reveal_and_tap(button(ui, booking.ids.body, "booking.next"))
        ui.reveal_and_tap(button(ui, booking.ids.body, "booking.agree_and_book"))
        assert booking.step == "done", name
        done = ui.app.tr("booking.done_adviser", adviser=name)
        assert_shown_as_typed(ui, booking.ids.body, done, f"done {name!r}")
        assert_plain(ui, booking, f"done {name!r}")
        prompt = ui.app.rating.prompt
        assert ui.app.rating.showing and prompt.title == ui.app.tr("rating.title.booking")
        assert_plain(ui, prompt, f"rating prompt after {name!r}")
        if n in (0, 1):
            shot(f"done-{orientation}-{n}")
            ui.reveal_and_tap(button(ui, booking.ids.body, "booking.print"))
            ui.settle()
            assert ui.app.message.text == ui.app.tr("printing.done"), name
            ui.tap(ui.app.message.ids.ok)
        ui.tap(booking.ids.bar.ids.home)
        assert ui.current == "home" and not ui.app.rating.showing


def test_hostile_titles_are_plain_on_the_ticket_preview_and_the_rating(
    ui, hostile, view, monkeypatch
):
    """A hostile guide opened by taps (guides → its category → the guide), read, previewed as a
    ticket (the ticket's lines hold the title as characters), and the rating question after it."""
    from kiosk.tickets.fonts import drawable
    from kiosk.tickets.ticket import Ticket, ticket_lines
    from screens.article import ArticleScreen
    from screens.widgets.common import ListItem, Tile

    monkeypatch.setattr(ArticleScreen, "GUIDE_READ_S", 0.0)
    orientation, lang = view
    for n in (0, 1, 4):  # a font tag, a huge size, right-to-left marks
        article = next(a for a in hostile["articles"] if a["id"] == f"zz-a{n}")
        ui.tap(ui.screen("home").ids.tile_guides)
        tiles = [t for t in ui.find_all(ui.screen("guides").ids.grid, Tile)]
        ui.reveal_and_tap(next(t for t in tiles if t.payload["id"] == f"zz-h{n}"))
        assert ui.current == "guide_list"
        assert_plain(ui, ui.screen(), f"guide_list {n}")
        items = ui.find_all(ui.screen("guide_list").ids.grid, ListItem)
        ui.reveal_and_tap(next(i for i in items if i.title == article["title"]))
        assert ui.current == "article"
        ui.tap(ui.screen("article").ids.print_guide)
        ui.settle()
        preview = ui.app.ticket_preview
        assert preview is not None and preview.picture.texture is not None
        assert_plain(ui, preview, f"ticket preview {n}")
        if n == 1:
            shot(f"ticket-preview-{orientation}")
        ticket = Ticket.for_article(article, hub_url="", language=lang)
        drawn = "".join(ticket_lines(ticket, paper_mm=ui.app.services.config.printer.paper_mm))
        assert drawable(article["title"], True).replace(" ", "") in drawn.replace(" ", "")
        ui.tap(preview.close_button)
        until = time.monotonic() + 2  # the preview closes with a short fade
        while preview.parent is not None and time.monotonic() < until:
            ui.frame()
        assert preview.parent is None
        ui.tap(ui.screen("article").ids.bar.ids.back)
        ui.pump(3)
        ui.settle()
        assert ui.app.rating.showing, "reading a guide asks how it was"
        assert_plain(ui, ui.app.rating.prompt, f"rating after guide {n}")
        ui.tap(ui.screen().ids.bar.ids.home)
