"""Content is text, never markup: hostile names, titles and announcements through every screen
that shows content, on the real app under Xvfb (issue 13).

The contract refuses control characters and names over each field's limit (tested in
tests/contract); what it lets through — markup tags, right-to-left marks, emoji, names at the
length limit — must show as the characters they are, never crash a screen or flood it.
"""

from __future__ import annotations

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
