"""Finds a CJK font through fontconfig and makes it Kivy's default font.

Kivy ships no CJK font and has no fallback, so without this every Chinese character is an empty
box. The font must cover rare characters (U+3447) and surnames (U+66FE, U+5355): Noto Sans CJK does.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from kiosk.font_coverage import font_coverage

logger = logging.getLogger(__name__)

FC_PATTERN = "sans-serif:lang=zh-cn"
KNOWN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def find_cjk_font(style: str = "") -> Path | None:
    """Path of the font fontconfig picks for simplified Chinese (``style`` e.g. ``"bold"``)."""
    pattern = FC_PATTERN + (f":{style}" if style else "")
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{lang}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    path, _, langs = found.partition("|")
    # fc-match always answers something; only a font that covers zh-cn will do.
    if path and Path(path).exists() and "zh-cn" in langs.split("|"):
        return Path(path)
    for candidate in KNOWN_PATHS:
        if Path(candidate).exists():
            return Path(candidate)
    return None


def register_cjk_default_font() -> Path | None:
    """Register the CJK font under Kivy's default name so every Label uses it."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    regular = find_cjk_font()
    if regular is None:
        logger.error("no CJK font found (install fonts-noto-cjk): Chinese will not render")
        return None
    bold = find_cjk_font("bold") or regular
    LabelBase.register(DEFAULT_FONT, str(regular), fn_bold=str(bold))
    logger.info("CJK font %s registered as default", regular)
    coverage = font_coverage(regular)
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
