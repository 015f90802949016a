"""The CJK font for tickets: the Simplified Chinese face :mod:`kiosk.cjk_face` finds (never a
hard-coded path), the same face the screen uses."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from kiosk.cjk_face import FontFace, FontMissing, find_cjk_face
from kiosk.font_coverage import Coverage, font_coverage

__all__ = ["FontFace", "FontMissing", "cjk_coverage", "cjk_font", "drawable", "find_cjk_face"]


@lru_cache(maxsize=64)
def cjk_font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The CJK font at ``size_px`` pixels (cached)."""
    face = find_cjk_face(bold)
    return ImageFont.truetype(face.path, size=size_px, index=face.index)


@lru_cache(maxsize=2)
def cjk_coverage(bold: bool = False) -> Coverage | None:
    """The characters the ticket font can draw (None when fontconfig cannot say)."""
    face = find_cjk_face(bold)
    return font_coverage(face.path, face.index)


def drawable(text: str, bold: bool = False) -> str:
    """``text`` without the characters the ticket font would print as empty boxes (emoji …)."""
    coverage = cjk_coverage(bold)
    return text if coverage is None else coverage.visible(text)
