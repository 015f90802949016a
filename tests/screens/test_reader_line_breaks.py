"""The reader and dialogs break Chinese lines by the rules: no line starts with closing punctuation
(issue 13), on the real app under Xvfb, at the landscape and a narrow width."""

from __future__ import annotations

import pytest

from kiosk.text_wrap import NO_LINE_END, NO_LINE_START

pytestmark = pytest.mark.ui


def reader_labels(ui, root):
    from screens.widgets.reader_label import ReaderLabel

    return ui.find_all(root, ReaderLabel)


def assert_lines_by_the_rules(label) -> None:
    lines = label.text.split("\n")
    for line in lines:
        assert not line or line[0] not in NO_LINE_START or len(line) == 1, line
        assert not line or line[-1] not in NO_LINE_END, line
    shown = label.text.replace("\n", "").replace(" ", "")
    assert shown == label.source.replace("\n", "").replace(" ", "")  # spaces at a break go


@pytest.mark.parametrize("width", [None, 640])
def test_every_paragraph_of_every_demo_guide_breaks_by_the_rules(ui, width):
    store = ui.app.services.store
    ids = [
        a["id"] for c in store.categories_with_counts() for a in store.articles_in_category(c["id"])
    ]
    assert len(ids) > 40
    for article_id in ids:
        ui.app.nav.go("article", article_id=article_id)
        ui.settle()
        labels = reader_labels(ui, ui.screen("article").ids.text)
        assert labels, article_id
        for label in labels:
            if width is not None:
                label.width = width
                label._rewrap()
            assert_lines_by_the_rules(label)
        if width is None:
            assert any("\n" in label.text for label in labels), "long paragraphs are wrapped"


def test_a_dialog_breaks_its_lines_too(ui):
    text = "网络暂时连不上，请稍后再试；也可以拨打12348（免费），或者请工作人员帮忙。" * 3
    ui.app.show_message(text)
    ui.settle()
    label = ui.app.message.ids.msg
    assert label.source == text
    assert_lines_by_the_rules(label)
    ui.tap(ui.app.message.ids.ok)


def test_a_dialog_has_room_around_its_text(ui):
    ui.app.show_message(ui.app.tr("error.generic"))
    ui.settle()
    box, label = ui.app.message.ids.box, ui.app.message.ids.msg
    assert label.top <= box.top - 32 and label.y >= ui.app.message.ids.ok.top
    assert ui.app.message.background_color[3] == 0  # no offset frame behind the box
    ui.tap(ui.app.message.ids.ok)
