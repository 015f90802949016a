"""Makes the Simplified Chinese face of the CJK font Kivy's default font.

Kivy ships no CJK font and has no fallback, so without this every Chinese character is an empty
box. The font must cover rare characters (U+3447) and surnames (U+66FE, U+5355): Noto Sans CJK does.
Kivy opens face 0 of a collection (Japanese forms in Noto Sans CJK), so it is given a file of the
face fontconfig picks for zh-cn (:func:`kiosk.cjk_face.single_face_file`), as tickets use.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.cjk_face import FontFace, FontMissing, find_cjk_face, single_face_file
from kiosk.font_coverage import font_coverage

logger = logging.getLogger(__name__)

KNOWN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def _face(bold: bool) -> FontFace | None:
    try:
        return find_cjk_face(bold)
    except FontMissing as exc:
        logger.warning("fontconfig found no zh-cn font (%s): trying known paths", exc)
    for candidate in KNOWN_PATHS:
        if Path(candidate).exists():
            return FontFace(path=candidate, index=0)
    return None


def kivy_font_file(face: FontFace, cache_dir: Path) -> Path:
    """A file Kivy can open for ``face``; the whole collection (face 0) if the face cannot be
    extracted — Japanese glyph forms are still better than empty boxes."""
    try:
        return single_face_file(face, cache_dir)
    except Exception as exc:  # a boundary: any failure here must not stop the terminal
        logger.warning("cannot extract face %d of %s: %s", face.index, face.path, exc)
        return Path(face.path)


def register_cjk_default_font(cache_dir: Path) -> Path | None:
    """Register the CJK font under Kivy's default name so every Label uses it.

    :param cache_dir: where the single-face font files are kept (made at the first start).
    :returns: the regular font file registered, or None when no CJK font is installed.
    """
    from kivy.core.text import DEFAULT_FONT, LabelBase

    face = _face(bold=False)
    if face is None:
        logger.error("no CJK font found (install fonts-noto-cjk): Chinese will not render")
        return None
    regular = kivy_font_file(face, cache_dir)
    bold_face = _face(bold=True)
    bold = kivy_font_file(bold_face, cache_dir) if bold_face is not None else regular
    LabelBase.register(DEFAULT_FONT, str(regular), fn_bold=str(bold))
    logger.info("CJK font %s registered as default", regular)
    coverage = font_coverage(face.path, face.index)
    if coverage is not None:
        hide_missing_glyphs(coverage)
    return regular


def hide_missing_glyphs(coverage) -> None:
    """Make every Kivy label leave out the characters the default font cannot draw.

    Kivy has one font per label and no fallback, so an emoji or a bidi mark in content would be
    an empty box. The core label's ``text`` is what both plain and markup rendering read; this
    wraps its getters once, for all labels (markup tags are ASCII and pass unchanged).
    """
    from kivy.core.text import LabelBase

    first = getattr(LabelBase, "_glyph_filter", None) is None
    LabelBase._glyph_filter = coverage
    if not first:
        return
    # ``text`` feeds plain rendering, ``label`` the markup parser: the same value, two names.
    for name in ("text", "label"):
        raw = getattr(LabelBase, name)
        setattr(LabelBase, name, property(_shown(raw.fget), raw.fset, doc=raw.__doc__))


def _shown(getter):
    def shown_text(label):
        text = getter(label)
        active = type(label)._glyph_filter
        return active.visible(text) if active is not None and text else text

    return shown_text
