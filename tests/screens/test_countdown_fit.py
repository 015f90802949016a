"""The "are you still there?" card holds its question, the seconds and the button in every
orientation, language and text size (seen in the screenshot tour: with large text the question
stood above the card, and the seconds were a line of their own).

The real app under Xvfb; what Kivy laid out and drew is measured.
"""

from __future__ import annotations

import pytest

from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui


def drawn_lines(label) -> list[str]:
    label.texture_update()
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_the_countdown_card_holds_everything(ui, orientation, tmp_path):
    app = ui.app
    folder = shots_folder(tmp_path)
    resize(ui, orientation)
    try:
        for lang in ("zh_CN", "en"):
            for large in (False, True):
                app.lang = lang
                if large:
                    app.toggle_large_text()
                app.nav.go("search")
                app.services.session.start_countdown()
                app.idle.show_countdown()
                ui.settle()
                view = app.idle.view
                card = view.ids.content
                assert card.top <= view.top + 1 and card.y >= view.y - 1
                for child in card.children:
                    assert child.y >= card.y and child.top <= card.top, (lang, large, child)
                first = drawn_lines(view.ids.seconds)[0]
                assert first.strip() != str(view.seconds), "the seconds stand on a line alone"
                save(
                    ui,
                    folder / f"countdown-{orientation}-{lang}-{'large' if large else 'normal'}.png",
                )
                app.idle.keep_going()
                if large:
                    app.toggle_large_text()
                ui.settle()
    finally:
        app.lang = "zh_CN"
        resize(ui, "landscape")
