"""The rating question's band never pushes the screens off the window (found by the hostile
content test of issue 13): on the first question after a start the band is first measured with
its texts not yet wrapped, many lines tall, then shrinks; the screens must follow it down."""

from __future__ import annotations

import pytest

from tests.support.shots import resize

pytestmark = pytest.mark.ui


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_new_question_band_leaves_the_screens_on_the_window(ui, orientation):
    from kivy.core.window import Window

    resize(ui, orientation)
    offer = ui.app.rating
    try:
        offer.dismiss()
        offer.prompt = None  # a band made anew, as on the first question after the app starts
        ui.tap(ui.screen("home").ids.tile_guides)
        offer.offer("guide", article_id="x")
        seen = []
        for _frame in range(6):  # every frame of the band's first layout, not only the last
            ui.pump(1)
            manager, prompt = ui.app.root, offer.prompt
            seen.append((manager.y, manager.height, prompt.top))
            assert manager.height > 0 and manager.top <= Window.height, seen
        assert manager.y == prompt.top + 16 and manager.top == Window.height, seen
        assert prompt.height < 0.5 * Window.height, seen
        bar = ui.screen("guides").ids.bar
        assert bar.to_window(*bar.pos)[1] + bar.height <= Window.height  # the top bar is seen
    finally:
        offer.dismiss()
        resize(ui, "landscape")
