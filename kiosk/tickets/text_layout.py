"""Line breaking for mixed Chinese and Latin text measured with a real font.

Chinese breaks between any two characters; Latin words, numbers and links stay whole unless a
single one is wider than the line. Closing punctuation never starts a line: the character before it moves down with it.
"""

from __future__ import annotations

import re

from PIL import ImageFont

from kiosk.tickets.fonts import cjk_font

_TOKEN_RE = re.compile(r"[A-Za-z0-9@._:/+\-#%&=?~]+|\s+|.", re.DOTALL)
_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)–—")
MIN_FONT_PX = 10


def _split_long(token: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    pieces, current = [], ""
    for char in token:
        if current and font.getlength(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + ([current] if current else [])


def _wrap_paragraph(paragraph: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in _TOKEN_RE.findall(paragraph):
        candidate = current + token
        if font.getlength(candidate.rstrip()) <= width:
            current = candidate
            continue
        kept = current.rstrip()
        if token in _NO_LINE_START and len(kept) > 1:
            # take the last character along, so the punctuation does not start the line
            lines.append(kept[:-1].rstrip())
            current = kept[-1] + token
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = "" if token.isspace() else token
        if font.getlength(current) > width:
            *full, current = _split_long(current, font, width)
            lines.extend(full)
    if current.strip():
        lines.append(current.rstrip())
    return lines


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels (hard line breaks kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, width) or [""])
    return lines


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
