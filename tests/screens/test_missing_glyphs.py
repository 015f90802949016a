"""Characters the CJK font cannot draw (emoji, bidi marks) leave no empty box on screen (issue 13).

The real app under Xvfb registers the font and the glyph filter at start; a label with an emoji
is drawn exactly as wide as the same label without it, while the widget keeps the text as given.
"""

import pytest

pytestmark = pytest.mark.ui


@pytest.mark.parametrize("markup", [False, True])
def test_emoji_and_marks_are_left_out_of_what_is_drawn(ui, markup):
    from kivy.uix.label import Label

    given = "表情😀调解\u200f委员会👨\u200d👩\u200d👧"
    drawn, plain = Label(text=given, markup=markup), Label(text="表情调解委员会", markup=markup)
    for label in (drawn, plain):
        label.font_size = 40
        label.texture_update()
    assert drawn.text == given  # the content itself is untouched
    assert drawn.texture_size == plain.texture_size
    assert drawn.texture_size[0] > 200
