"""Line breaking by the rules of Chinese typesetting (:mod:`kiosk.text_wrap`) for Kivy labels.

Kivy breaks a run of Chinese at whatever character reaches the edge, so a line can start with
"，" or end with "（". :func:`broken_for` breaks a label's text itself, measured with the label's
own font and width; Kivy then has nothing left to break. Character widths are cached per font.
"""

from __future__ import annotations

from functools import lru_cache

from kivy.core.text import Label as CoreLabel

from kiosk.text_wrap import wrap_text

FIT = 0.97  # leave Kivy a little room: per-character widths ignore kerning


@lru_cache(maxsize=64)
def _measurer(font_name: str, font_size: float, bold: bool) -> CoreLabel:
    return CoreLabel(font_name=font_name, font_size=font_size, bold=bold)


@lru_cache(maxsize=65_536)
def char_width(char: str, font_name: str, font_size: float, bold: bool) -> float:
    return _measurer(font_name, font_size, bold).get_extents(char)[0]


def text_width(text: str, font_name: str, font_size: float, bold: bool) -> float:
    return sum(char_width(ch, font_name, font_size, bold) for ch in text)


@lru_cache(maxsize=4096)
def broken(text: str, width: float, font_name: str, font_size: float, bold: bool) -> str:
    """``text`` with a line break wherever a line of ``width`` pixels must end."""
    return "\n".join(
        wrap_text(text, lambda part: text_width(part, font_name, font_size, bold), width * FIT)
    )


def broken_for(label, text: str) -> str:
    """``text`` broken for ``label``'s font and wrapping width (its ``text_size`` width less its
    padding); unchanged when the label does not wrap (no width) or interprets markup."""
    box = label.text_size[0] if label.text_size else None
    if not text or box is None or label.markup:
        return text
    width = box - label.padding[0] - label.padding[2]
    if width <= 1:
        return text
    return broken(text, float(width), label.font_name, float(label.font_size), bool(label.bold))
