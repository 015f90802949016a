"""The screen draws Chinese in Simplified Chinese forms (issue 13): the running app under Xvfb
registers a font file whose only face is the SC face, so 关, 说, 骨 are not drawn in the Japanese
forms of the collection's face 0 (what Kivy opens of a ``.ttc``)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

DIFFERING = "关说骨"


def kivy_pixels(text: str, font_name: str | None = None) -> tuple:
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text=text, font_size=64, **({"font_name": font_name} if font_name else {}))
    label.refresh()
    return tuple(label.texture.size), label.texture.pixels


def test_the_default_font_is_the_sc_face_alone(ui):
    from fontTools.ttLib import TTFont
    from kivy.core.text import DEFAULT_FONT, LabelBase

    from kiosk.cjk_face import find_cjk_face, is_collection

    registered = LabelBase._fonts[DEFAULT_FONT]  # (regular, italic, bold, bolditalic)
    face = find_cjk_face()
    for path in (registered[0], registered[2]):
        assert not is_collection(path)
        assert TTFont(path, lazy=True)["name"].getDebugName(1).endswith(" SC"), path
    assert str(ui.app.services.config.data_dir) in registered[0]  # the cache, not /usr/share
    if is_collection(face.path):
        # drawn by Kivy itself: the default font and the collection's face 0 differ
        assert kivy_pixels(DIFFERING) != kivy_pixels(DIFFERING, face.path)
        assert kivy_pixels(DIFFERING) == kivy_pixels(DIFFERING, registered[0])
