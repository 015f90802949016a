"""Ticket text measured with a real font: line breaking (the rules of :mod:`kiosk.text_wrap`) and
fitting one line."""

from __future__ import annotations

from PIL import ImageFont

from kiosk.text_wrap import wrap_text
from kiosk.tickets.fonts import cjk_font

MIN_FONT_PX = 10


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels (hard line breaks kept)."""
    return wrap_text(text, font.getlength, width)


def fit_one_line(
    text: str, size_px: int, width: int, *, bold: bool = False
) -> ImageFont.FreeTypeFont:
    """The largest font up to ``size_px`` that draws ``text`` on one line within ``width``."""
    size = size_px
    font = cjk_font(size, bold)
    while size > MIN_FONT_PX and font.getlength(text) > width:
        size -= 1
        font = cjk_font(size, bold)
    return font
